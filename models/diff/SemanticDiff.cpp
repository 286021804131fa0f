#include "diff/SemanticDiff.h"

#include "registry/EnumNames.h"
#include "schema/AvroSchema.h"
#include "schema/OrderedJson.h"

#include <QSet>
#include <utility>

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

using schema::AvroNode;
using schema::AvroType;
using schema::CompatibilityLevel;
using schema::JsonValue;

QString joinPath(const QString &path, const QString &name)
{
    return path.isEmpty() ? name : path + u'.' + name;
}

bool judge(CompatibilityLevel level, bool backward, bool forward)
{
    switch (level) {
    case CompatibilityLevel::None:
        return true;
    case CompatibilityLevel::Backward:
    case CompatibilityLevel::BackwardTransitive:
        return backward;
    case CompatibilityLevel::Forward:
    case CompatibilityLevel::ForwardTransitive:
        return forward;
    case CompatibilityLevel::Full:
    case CompatibilityLevel::FullTransitive:
        return backward && forward;
    }
    return backward && forward;
}

class Collector
{
public:
    explicit Collector(SemanticSummary &summary)
        : m_summary(summary)
    {}

    void add(SemanticChangeKind kind, const QString &path, const QString &before, const QString &after,
             bool backward, bool forward, const QString &explanation)
    {
        m_summary.changes.append(SemanticChange{.kind = kind,
                                                .path = path,
                                                .before = before,
                                                .after = after,
                                                .backwardCompatible = backward,
                                                .forwardCompatible = forward,
                                                .compatible = judge(m_summary.level, backward, forward),
                                                .explanation = explanation});
    }

private:
    SemanticSummary &m_summary;
};

QString defaultText(const std::optional<JsonValue> &value)
{
    return value ? schema::writeJson(*value) : u"(none)"_s;
}

// ---- Avro ------------------------------------------------------------------------------------

QString describe(const AvroNode *node)
{
    switch (node->type) {
    case AvroType::Record:
    case AvroType::Enum:
    case AvroType::Fixed:
        return node->fullName();
    case AvroType::Array:
        return u"array<"_s + describe(node->items) + u'>';
    case AvroType::Map:
        return u"map<"_s + describe(node->values) + u'>';
    case AvroType::Union: {
        QStringList branches;
        for (const AvroNode *branch : node->branches)
            branches << describe(branch);
        return u'[' + branches.join(u", "_s) + u']';
    }
    default:
        break;
    }
    const QString name = schema::avroTypeName(node->type);
    return node->logicalType.isEmpty() ? name : name + u" ("_s + node->logicalType + u')';
}

// Key that identifies a union branch (unions hold at most one branch per type or per name).
QString branchKey(const AvroNode *node)
{
    return schema::isNamedAvroType(node->type) ? node->fullName() : schema::avroTypeName(node->type);
}

bool promotes(AvroType writer, AvroType reader)
{
    switch (writer) {
    case AvroType::Int:
        return reader == AvroType::Long || reader == AvroType::Float || reader == AvroType::Double;
    case AvroType::Long:
        return reader == AvroType::Float || reader == AvroType::Double;
    case AvroType::Float:
        return reader == AvroType::Double;
    case AvroType::String:
        return reader == AvroType::Bytes;
    case AvroType::Bytes:
        return reader == AvroType::String;
    default:
        return false;
    }
}

bool namesMatch(const AvroNode *reader, const AvroNode *writer)
{
    return reader->fullName() == writer->fullName() || reader->aliases.contains(writer->fullName());
}

const schema::AvroField *readerFieldFor(const AvroNode *reader, const schema::AvroField &writerField)
{
    if (const schema::AvroField *field = reader->field(writerField.name))
        return field;
    for (const schema::AvroField &field : reader->fields) {
        if (field.aliases.contains(writerField.name))
            return &field;
    }
    return nullptr;
}

// Avro schema resolution: can data written with `writer` be read with `reader`?
class AvroResolution
{
public:
    bool canRead(const AvroNode *reader, const AvroNode *writer)
    {
        if (writer->type == AvroType::Union) {
            for (const AvroNode *branch : writer->branches) {
                if (!canRead(reader, branch))
                    return false;
            }
            return true;
        }
        if (reader->type == AvroType::Union) {
            for (const AvroNode *branch : reader->branches) {
                if (canRead(branch, writer))
                    return true;
            }
            return false;
        }
        if (promotes(writer->type, reader->type))
            return true;
        if (reader->type != writer->type)
            return false;
        switch (reader->type) {
        case AvroType::Record: {
            if (!namesMatch(reader, writer))
                return false;
            if (m_assumed.contains(std::pair(reader, writer)))
                return true; // recursive type already under check
            m_assumed.insert(std::pair(reader, writer));
            for (const schema::AvroField &readerField : reader->fields) {
                const schema::AvroField *writerField = writer->field(readerField.name);
                for (qsizetype a = 0; !writerField && a < readerField.aliases.size(); ++a)
                    writerField = writer->field(readerField.aliases[a]);
                if (writerField ? !canRead(readerField.type, writerField->type) : !readerField.defaultValue)
                    return false;
            }
            return true;
        }
        case AvroType::Enum:
            if (!namesMatch(reader, writer))
                return false;
            if (reader->enumDefault)
                return true;
            for (const QString &symbol : writer->symbols) {
                if (!reader->symbols.contains(symbol))
                    return false;
            }
            return true;
        case AvroType::Fixed:
            return namesMatch(reader, writer) && reader->size == writer->size;
        case AvroType::Array:
            return canRead(reader->items, writer->items);
        case AvroType::Map:
            return canRead(reader->values, writer->values);
        default:
            return true;
        }
    }

private:
    QSet<std::pair<const AvroNode *, const AvroNode *>> m_assumed;
};

class AvroWalker
{
public:
    explicit AvroWalker(Collector &out)
        : m_out(out)
    {}

    void walk(const AvroNode *before, const AvroNode *after, const QString &path)
    {
        if (m_visited.contains(std::pair(before, after)))
            return;
        m_visited.insert(std::pair(before, after));

        if (before->type == after->type && before->type == AvroType::Union && sameBranches(before, after)) {
            for (const AvroNode *branch : before->branches) {
                for (const AvroNode *other : after->branches) {
                    if (branchKey(branch) == branchKey(other))
                        walk(branch, other, path);
                }
            }
            if (!sameBranchOrder(before, after))
                typeChanged(before, after, path,
                            u"union branches reordered; resolution is unaffected, "
                            u"but a field default must match the first branch"_s);
            return;
        }
        if (before->type != after->type || before->type == AvroType::Union) {
            typeChanged(before, after, path, {});
            return;
        }

        switch (before->type) {
        case AvroType::Record:
            checkName(before, after, path);
            walkFields(before, after, path);
            return;
        case AvroType::Enum:
            checkName(before, after, path);
            walkSymbols(before, after, path);
            return;
        case AvroType::Fixed:
            checkName(before, after, path);
            if (before->size != after->size)
                m_out.add(SemanticChangeKind::SizeChanged, path, QString::number(before->size),
                          QString::number(after->size), false, false,
                          u"fixed values of another size cannot be read"_s);
            return;
        case AvroType::Array:
            walk(before->items, after->items, path + u"[]"_s);
            return;
        case AvroType::Map:
            walk(before->values, after->values, path + u"{}"_s);
            return;
        default:
            if (before->logicalType != after->logicalType || before->precision != after->precision ||
                before->scale != after->scale)
                m_out.add(SemanticChangeKind::TypeChanged, path, describe(before), describe(after), true,
                          true,
                          u"only the logical type changed; the encoding is the same, the meaning is not"_s);
            return;
        }
    }

private:
    static bool sameBranches(const AvroNode *a, const AvroNode *b)
    {
        if (a->branches.size() != b->branches.size())
            return false;
        QSet<QString> keys;
        for (const AvroNode *branch : a->branches)
            keys.insert(branchKey(branch));
        for (const AvroNode *branch : b->branches) {
            if (!keys.contains(branchKey(branch)))
                return false;
        }
        return true;
    }

    static bool sameBranchOrder(const AvroNode *a, const AvroNode *b)
    {
        for (qsizetype i = 0; i < a->branches.size(); ++i) {
            if (branchKey(a->branches[i]) != branchKey(b->branches[i]))
                return false;
        }
        return true;
    }

    void typeChanged(const AvroNode *before, const AvroNode *after, const QString &path, const QString &note)
    {
        const bool backward = m_resolution.canRead(after, before);
        const bool forward = m_resolution.canRead(before, after);
        QString explanation = note;
        if (explanation.isEmpty()) {
            if (backward && forward)
                explanation = u"each schema can read what the other writes"_s;
            else if (backward)
                explanation =
                    u"the new type can read the old values (promotion or wider union), not the reverse"_s;
            else if (forward)
                explanation = u"the old type can read the new values, not the reverse"_s;
            else
                explanation = u"neither type can read the other's values"_s;
        }
        m_out.add(SemanticChangeKind::TypeChanged, path, describe(before), describe(after), backward, forward,
                  explanation);
    }

    void checkName(const AvroNode *before, const AvroNode *after, const QString &path)
    {
        if (before->fullName() == after->fullName())
            return;
        m_out.add(SemanticChangeKind::NameChanged, path, before->fullName(), after->fullName(),
                  namesMatch(after, before), namesMatch(before, after),
                  u"named types resolve by full name or alias"_s);
    }

    void walkFields(const AvroNode *before, const AvroNode *after, const QString &path)
    {
        QSet<const schema::AvroField *> matched;
        for (const schema::AvroField &oldField : before->fields) {
            const QString fieldPath = joinPath(path, oldField.name);
            const schema::AvroField *newField = readerFieldFor(after, oldField);
            if (!newField) {
                m_out.add(
                    SemanticChangeKind::FieldRemoved, fieldPath, describe(oldField.type), {}, true,
                    oldField.defaultValue.has_value(),
                    oldField.defaultValue
                        ? u"the new schema ignores it; the old schema fills in its default"_s
                        : u"the new schema ignores it; the old schema has no default to read new data with"_s);
                continue;
            }
            matched.insert(newField);
            if (newField->name != oldField.name) {
                m_out.add(SemanticChangeKind::NameChanged, fieldPath, oldField.name, newField->name, true,
                          oldField.defaultValue.has_value(),
                          u"renamed with an alias: the new schema finds the old name, the old schema needs "
                          u"a default for the new name"_s);
            }
            walk(oldField.type, newField->type, joinPath(path, newField->name));
            if (!(oldField.defaultValue == newField->defaultValue)) {
                m_out.add(
                    SemanticChangeKind::DefaultChanged, joinPath(path, newField->name),
                    defaultText(oldField.defaultValue), defaultText(newField->defaultValue), true, true,
                    u"defaults only fill fields the writer lacks; readers of missing fields get another value"_s);
            }
        }
        for (const schema::AvroField &newField : after->fields) {
            if (matched.contains(&newField))
                continue;
            m_out.add(SemanticChangeKind::FieldAdded, joinPath(path, newField.name), {},
                      describe(newField.type), newField.defaultValue.has_value(), true,
                      newField.defaultValue
                          ? u"old data lacks it and gets the default; the old schema ignores it"_s
                          : u"old data lacks it and there is no default to read it with"_s);
        }
    }

    void walkSymbols(const AvroNode *before, const AvroNode *after, const QString &path)
    {
        for (const QString &symbol : after->symbols) {
            if (!before->symbols.contains(symbol)) {
                m_out.add(
                    SemanticChangeKind::SymbolAdded, path, {}, symbol, true, before->enumDefault.has_value(),
                    before->enumDefault ? u"the old schema reads the new symbol as its enum default"_s
                                        : u"the old schema cannot read the new symbol (no enum default)"_s);
            }
        }
        for (const QString &symbol : before->symbols) {
            if (!after->symbols.contains(symbol)) {
                m_out.add(
                    SemanticChangeKind::SymbolRemoved, path, symbol, {}, after->enumDefault.has_value(), true,
                    after->enumDefault ? u"old data with the symbol reads as the new enum default"_s
                                       : u"old data with the symbol cannot be read (no enum default)"_s);
            }
        }
    }

    Collector &m_out;
    AvroResolution m_resolution;
    QSet<std::pair<const AvroNode *, const AvroNode *>> m_visited;
};

// ---- JSON Schema -------------------------------------------------------------------------------

QSet<QString> typesOf(const JsonValue &node)
{
    QSet<QString> types;
    const JsonValue *type = node.find(u"type");
    if (type && type->isString()) {
        types.insert(type->toString());
    } else if (type && type->isArray()) {
        for (const JsonValue &item : type->items()) {
            if (item.isString())
                types.insert(item.toString());
        }
    } else if (node.find(u"properties")) {
        types.insert(u"object"_s);
    }
    return types; // empty = any type
}

QString typesText(const QSet<QString> &types)
{
    if (types.isEmpty())
        return u"any"_s;
    QStringList list = types.values();
    list.sort();
    return list.join(u" | "_s);
}

// Does `reader` accept every value `writer` allows, as far as "type" tells?
bool typesAccept(const QSet<QString> &reader, const QSet<QString> &writer)
{
    if (reader.isEmpty())
        return true;
    if (writer.isEmpty())
        return false;
    for (const QString &type : writer) {
        if (!reader.contains(type) && !(type == u"integer" && reader.contains(u"number"_s)))
            return false;
    }
    return true;
}

bool isClosed(const JsonValue &node)
{
    const JsonValue *additional = node.find(u"additionalProperties");
    return additional && ((additional->isBool() && !additional->toBool()) || additional->isObject());
}

bool acceptsAnything(const JsonValue &node)
{
    return (node.isBool() && node.toBool()) || (node.isObject() && node.size() == 0);
}

QSet<QString> requiredOf(const JsonValue &node)
{
    QSet<QString> names;
    if (const JsonValue *required = node.find(u"required"); required && required->isArray()) {
        for (const JsonValue &item : required->items())
            names.insert(item.toString());
    }
    return names;
}

const JsonValue *propertyOf(const JsonValue &node, const QString &name)
{
    const JsonValue *properties = node.find(u"properties");
    return properties ? properties->find(name) : nullptr;
}

class JsonWalker
{
public:
    explicit JsonWalker(Collector &out)
        : m_out(out)
    {}

    void walk(const JsonValue &before, const JsonValue &after, const QString &path)
    {
        if (!before.isObject() || !after.isObject())
            return;
        const JsonValue *refBefore = before.find(u"$ref");
        const JsonValue *refAfter = after.find(u"$ref");
        if ((refBefore || refAfter) && !(refBefore && refAfter && *refBefore == *refAfter)) {
            m_out.add(
                SemanticChangeKind::TypeChanged, path,
                refBefore ? u"$ref "_s + refBefore->toString() : typesText(typesOf(before)),
                refAfter ? u"$ref "_s + refAfter->toString() : typesText(typesOf(after)), false, false,
                u"$ref targets are not resolved in this summary; check compatibility with the registry"_s);
            return;
        }

        const QSet<QString> typesBefore = typesOf(before);
        const QSet<QString> typesAfter = typesOf(after);
        if (typesBefore != typesAfter) {
            const bool backward = typesAccept(typesAfter, typesBefore);
            const bool forward = typesAccept(typesBefore, typesAfter);
            m_out.add(SemanticChangeKind::TypeChanged, path, typesText(typesBefore), typesText(typesAfter),
                      backward, forward,
                      backward ? u"the new type accepts every old value"_s
                               : u"old values of the dropped type are rejected by the new schema"_s);
        }

        walkEnum(before, after, path);
        const JsonValue *defaultBefore = before.find(u"default");
        const JsonValue *defaultAfter = after.find(u"default");
        if ((defaultBefore == nullptr) != (defaultAfter == nullptr) ||
            (defaultBefore && defaultAfter && !(*defaultBefore == *defaultAfter))) {
            m_out.add(SemanticChangeKind::DefaultChanged, path,
                      defaultBefore ? schema::writeJson(*defaultBefore) : u"(none)"_s,
                      defaultAfter ? schema::writeJson(*defaultAfter) : u"(none)"_s, true, true,
                      u"defaults are annotations; validation is unaffected"_s);
        }
        walkProperties(before, after, path);

        const JsonValue *itemsBefore = before.find(u"items");
        const JsonValue *itemsAfter = after.find(u"items");
        if (itemsBefore && itemsAfter)
            walk(*itemsBefore, *itemsAfter, path + u"[]"_s);
    }

private:
    void walkEnum(const JsonValue &before, const JsonValue &after, const QString &path)
    {
        const JsonValue *enumBefore = before.find(u"enum");
        const JsonValue *enumAfter = after.find(u"enum");
        if (!enumBefore || !enumAfter || !enumBefore->isArray() || !enumAfter->isArray())
            return;
        auto contains = [](const JsonValue &list, const JsonValue &value) {
            for (const JsonValue &item : list.items()) {
                if (item == value)
                    return true;
            }
            return false;
        };
        for (const JsonValue &value : enumAfter->items()) {
            if (!contains(*enumBefore, value))
                m_out.add(SemanticChangeKind::SymbolAdded, path, {}, schema::writeJson(value), true, false,
                          u"the old schema rejects the new value"_s);
        }
        for (const JsonValue &value : enumBefore->items()) {
            if (!contains(*enumAfter, value))
                m_out.add(SemanticChangeKind::SymbolRemoved, path, schema::writeJson(value), {}, false, true,
                          u"old data with the value is rejected by the new schema"_s);
        }
    }

    // A property the reader declares but the writer does not: writer data has it only when the
    // writer's content model is open (then with any value).
    static bool readerOnlyPropertyOk(const JsonValue &reader, const JsonValue &writer, const QString &name)
    {
        const JsonValue *property = propertyOf(reader, name);
        const bool required = requiredOf(reader).contains(name) && !(property && property->find(u"default"));
        if (required)
            return false;
        return isClosed(writer) || (property && acceptsAnything(*property));
    }

    // A property the writer declares but the reader does not: the reader must allow extra properties.
    static bool writerOnlyPropertyOk(const JsonValue &reader)
    {
        const JsonValue *additional = reader.find(u"additionalProperties");
        return !additional || acceptsAnything(*additional);
    }

    void walkProperties(const JsonValue &before, const JsonValue &after, const QString &path)
    {
        const bool closedBefore = isClosed(before);
        const bool closedAfter = isClosed(after);
        if (closedBefore != closedAfter) {
            m_out.add(
                SemanticChangeKind::ContentModelChanged, path, closedBefore ? u"closed"_s : u"open"_s,
                closedAfter ? u"closed"_s : u"open"_s, !closedAfter, !closedBefore,
                u"a closed content model (additionalProperties) rejects properties it does not declare"_s);
        }
        const JsonValue *propsBefore = before.find(u"properties");
        const JsonValue *propsAfter = after.find(u"properties");
        const QSet<QString> requiredBefore = requiredOf(before);
        const QSet<QString> requiredAfter = requiredOf(after);
        if (propsBefore && propsBefore->isObject()) {
            for (const schema::JsonMember &member : propsBefore->members()) {
                const QString propertyPath = joinPath(path, member.key);
                const JsonValue *counterpart = propsAfter ? propsAfter->find(member.key) : nullptr;
                if (!counterpart) {
                    m_out.add(
                        SemanticChangeKind::FieldRemoved, propertyPath, typesText(typesOf(member.value)), {},
                        writerOnlyPropertyOk(after), readerOnlyPropertyOk(before, after, member.key),
                        u"old data may carry it: the new schema must allow extra properties; the old schema "
                        u"must not require it"_s);
                    continue;
                }
                walk(member.value, *counterpart, propertyPath);
                const bool wasRequired = requiredBefore.contains(member.key);
                const bool isRequired = requiredAfter.contains(member.key);
                if (wasRequired != isRequired) {
                    const bool hasDefault = counterpart->find(u"default") != nullptr;
                    m_out.add(SemanticChangeKind::RequiredChanged, propertyPath,
                              wasRequired ? u"required"_s : u"optional"_s,
                              isRequired ? u"required"_s : u"optional"_s, !isRequired || hasDefault,
                              !wasRequired,
                              isRequired ? u"old data may lack it"_s
                                         : u"new data may lack it; the old schema requires it"_s);
                }
            }
        }
        if (propsAfter && propsAfter->isObject()) {
            for (const schema::JsonMember &member : propsAfter->members()) {
                if (propsBefore && propsBefore->find(member.key))
                    continue;
                m_out.add(SemanticChangeKind::FieldAdded, joinPath(path, member.key), {},
                          typesText(typesOf(member.value)), readerOnlyPropertyOk(after, before, member.key),
                          writerOnlyPropertyOk(before),
                          closedBefore
                              ? u"old data never has it (closed content model)"_s
                              : u"old data may already carry it with any value (open content model)"_s);
            }
        }
    }

    Collector &m_out;
};

} // namespace

QString semanticChangeKindName(SemanticChangeKind kind)
{
    static constexpr registry::EnumNames<SemanticChangeKind::ContentModelChanged> names(
        {u"field added", u"field removed", u"type changed", u"default changed", u"symbol added",
         u"symbol removed", u"name changed", u"size changed", u"required changed", u"content model changed"});
    return names.name(kind);
}

int SemanticSummary::breakingCount() const
{
    int count = 0;
    for (const SemanticChange &change : changes)
        count += change.compatible ? 0 : 1;
    return count;
}

SemanticSummary SemanticDiff::compare(schema::SchemaType type, const QString &oldText, const QString &newText,
                                      schema::CompatibilityLevel level,
                                      const QList<schema::ResolvedReference> &oldReferences,
                                      const QList<schema::ResolvedReference> &newReferences)
{
    SemanticSummary summary;
    summary.level = level;
    Collector collector(summary);
    switch (type) {
    case schema::SchemaType::Avro: {
        schema::ParseOptions lenient;
        lenient.validateDefaults = false;
        const schema::ParseResult before = schema::parseSchema(type, oldText, oldReferences, lenient);
        const schema::ParseResult after = schema::parseSchema(type, newText, newReferences, lenient);
        if (!before.ok() || !after.ok()) {
            summary.error = !before.ok() ? u"old schema: "_s + before.error : u"new schema: "_s + after.error;
            return summary;
        }
        const auto *oldAvro = static_cast<const schema::AvroSchema *>(before.schema.get());
        const auto *newAvro = static_cast<const schema::AvroSchema *>(after.schema.get());
        AvroWalker(collector).walk(oldAvro->root(), newAvro->root(), {});
        return summary;
    }
    case schema::SchemaType::Json: {
        // JSON level on purpose: the summary must work for drafts that do not load as a full schema yet.
        const schema::JsonParseResult before = schema::parseJson(oldText);
        const schema::JsonParseResult after = schema::parseJson(newText);
        if (!before.value || !after.value) {
            summary.error =
                !before.value ? u"old schema: "_s + before.error : u"new schema: "_s + after.error;
            return summary;
        }
        JsonWalker(collector).walk(*before.value, *after.value, {});
        return summary;
    }
    case schema::SchemaType::Protobuf:
        summary.error = u"semantic summaries cover AVRO and JSON schemas; use the text diff for PROTOBUF"_s;
        return summary;
    }
    return summary;
}

} // namespace sd::diff
