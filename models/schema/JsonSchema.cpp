#include "schema/JsonSchema.h"

#include "schema/JsonSchemaLoader.h"
#include "schema/SchemaInternal.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

const JsonSchemaNode *JsonSchemaNode::property(QStringView name) const
{
    if (!propertyIndex.isEmpty()) {
        const auto it = propertyIndex.constFind(name.toString());
        return it == propertyIndex.constEnd() ? nullptr : properties[*it].second;
    }
    for (const auto &p : properties) {
        if (p.first == name)
            return p.second;
    }
    return nullptr;
}

bool JsonSchemaNode::isRequired(const QString &name) const
{
    return requiredSet.isEmpty() ? required.contains(name) : requiredSet.contains(name);
}

ParseResult JsonSchema::parse(const QString &text, const QList<ResolvedReference> &references)
{
    auto schema = std::make_shared<JsonSchema>();
    schema->m_references = references;
    const JsonParseResult json = parseJson(text);
    if (!json.value)
        return {nullptr, json.error};
    schema->m_documents.push_back(std::make_unique<JsonValue>(*json.value));
    QStringList names{QString()};
    for (const ResolvedReference &ref : references) {
        if (ref.type != SchemaType::Json) {
            return {nullptr,
                    u"Reference \"%1\" is a %2 schema; a JSON schema can only reference JSON schemas"_s.arg(
                        ref.name, schemaTypeName(ref.type))};
        }
        const JsonParseResult refJson = parseJson(ref.schema);
        if (!refJson.value)
            return {nullptr, u"In reference \"%1\": %2"_s.arg(ref.name, refJson.error)};
        schema->m_documents.push_back(std::make_unique<JsonValue>(*refJson.value));
        names << ref.name;
    }
    JsonSchemaLoader loader(*schema, names);
    schema->m_root = loader.loadRoot();
    if (!schema->m_root)
        return {nullptr, loader.error()};
    schema->m_canonical = writeJson(schema->document());
    return {schema, QString()};
}

QString JsonSchema::normalizedText() const
{
    return writeJson(sortedJson(document()));
}

QString JsonSchema::prettyText() const
{
    return writeJson(document(), JsonFormat::Pretty);
}

ParseResult parseJsonSchema(const QString &text, const QList<ResolvedReference> &references,
                            const ParseOptions &)
{
    return JsonSchema::parse(text, references);
}

} // namespace sd::schema
