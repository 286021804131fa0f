#include "schema/ProtobufSchema.h"

#include "schema/ProtobufPrinter.h"
#include "schema/ProtobufValidator.h"
#include "schema/SchemaInternal.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

ParseResult ProtobufSchema::parse(const QString &text, const QList<ResolvedReference> &references)
{
    auto schema = std::make_shared<ProtobufSchema>();
    schema->m_references = references;
    QString error;
    auto file = parseProtoFile(text, &error);
    if (!file)
        return {nullptr, error};
    schema->m_file = std::move(*file);

    ProtobufValidator validator(*schema);
    QHash<QString, const ProtoFile *> byName;
    for (const ResolvedReference &ref : references) {
        if (ref.type != SchemaType::Protobuf) {
            return {
                nullptr,
                u"Reference \"%1\" is a %2 schema; a Protobuf schema can only import Protobuf schemas"_s.arg(
                    ref.name, schemaTypeName(ref.type))};
        }
        QString refError;
        auto refFile = parseProtoFile(ref.schema, &refError);
        if (!refFile)
            return {nullptr, u"In reference \"%1\": %2"_s.arg(ref.name, refError)};
        schema->m_referencedFiles.push_back(std::make_unique<ProtoFile>(std::move(*refFile)));
        byName.insert(ref.name, schema->m_referencedFiles.back().get());
        validator.addExternal(*schema->m_referencedFiles.back());
    }
    for (const auto &refFile : schema->m_referencedFiles) {
        for (const ProtoImport &import : refFile->imports)
            validator.addWellKnown(import.path);
    }
    for (const auto &refFile : schema->m_referencedFiles)
        validator.resolveExternal(*refFile);
    for (const ProtoImport &import : schema->m_file.imports) {
        if (byName.contains(import.path))
            continue;
        if (!validator.addWellKnown(import.path)) {
            return {
                nullptr,
                u"Import \"%1\" was not found: pass the imported schema as a reference named \"%1\""_s.arg(
                    import.path)};
        }
    }
    if (!validator.validate(schema->m_file))
        return {nullptr, validator.error()};
    schema->m_canonical = ProtobufPrinter(false).print(schema->m_file);
    return {schema, QString()};
}

QString ProtobufSchema::normalizedText() const
{
    std::call_once(m_normalizedOnce, [this] { m_normalized = ProtobufPrinter(true).print(m_file); });
    return m_normalized;
}

ParseResult parseProtobufSchema(const QString &text, const QList<ResolvedReference> &references,
                                const ParseOptions &)
{
    return ProtobufSchema::parse(text, references);
}

} // namespace sd::schema
