#include "schema/AvroNormalizedWriter.h"

#include "schema/AvroWriterSupport_p.h"

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

// Java Avro's JacksonUtils.toObject followed by Jackson printing: how Confluent's normalisation
// re-prints a field default, converted through the field's schema. nullopt where Java gets null.
std::optional<JsonValue> javaDefault(const JsonValue &value, const AvroNode *schema)
{
    if (schema && schema->type == AvroType::Union)
        return javaDefault(value, schema->branches.isEmpty() ? nullptr : schema->branches.first());
    const AvroType t = schema ? schema->type : AvroType::Null;
    switch (value.kind()) {
    case JsonValue::Kind::Null:
    case JsonValue::Kind::Bool:
        return value;
    case JsonValue::Kind::Number: {
        if (value.isIntegral()) {
            const auto v = value.toInt64();
            if (!v)
                return value; // beyond long: Jackson keeps a BigInteger
            const bool fitsInt = *v >= INT_MIN && *v <= INT_MAX;
            if (!schema || t == AvroType::Int || t == AvroType::Long)
                return JsonValue::number(*v);
            if (t == AvroType::Float)
                return JsonValue::number(javaFloatToString(float(double(*v))));
            if (t == AvroType::Double)
                return JsonValue::number(javaDoubleToString(double(*v)));
            Q_UNUSED(fitsInt);
            return std::nullopt;
        }
        const double d = value.toDouble();
        if (!schema || t == AvroType::Double)
            return JsonValue::number(javaDoubleToString(d));
        if (t == AvroType::Float)
            return JsonValue::number(javaFloatToString(float(d)));
        return std::nullopt;
    }
    case JsonValue::Kind::String: {
        if (!schema || t == AvroType::String || t == AvroType::Enum)
            return value;
        if (t == AvroType::Bytes || t == AvroType::Fixed) {
            QString latin1 = value.toString();
            for (QChar &c : latin1) {
                if (c.unicode() > 0xFF)
                    c = u'?';
            }
            return JsonValue::string(latin1);
        }
        return std::nullopt;
    }
    case JsonValue::Kind::Array: {
        std::vector<JsonValue> items;
        const AvroNode *element = schema && t == AvroType::Array ? schema->items : nullptr;
        for (const JsonValue &item : value.items()) {
            auto converted = javaDefault(item, element);
            items.push_back(converted ? *converted : JsonValue());
        }
        return JsonValue::array(std::move(items));
    }
    case JsonValue::Kind::Object: {
        std::vector<JsonMember> members;
        for (const JsonMember &member : value.members()) {
            const AvroNode *s = nullptr;
            if (schema && t == AvroType::Map)
                s = schema->values;
            else if (schema && t == AvroType::Record) {
                const AvroField *f = schema->field(member.key);
                s = f ? f->type : nullptr;
            }
            auto converted = javaDefault(member.value, s);
            members.push_back(JsonMember{member.key, converted ? *converted : JsonValue()});
        }
        return JsonValue::object(std::move(members));
    }
    }
    return std::nullopt;
}

} // namespace

AvroNormalizedWriter::AvroNormalizedWriter(const QSet<QString> &known)
    : m_env(known)
{}

void AvroNormalizedWriter::write(const AvroNode *n, QString &out)
{
    if (writeAvroComposite(
            n, out, [&](const AvroNode *e) { write(e, out); },
            [&] { writeSimpleProps(n->properties, out, {}); }))
        return;
    if (isNamedAvroType(n->type))
        writeNamed(n, out);
    else
        writePrimitive(n, out);
}

void AvroNormalizedWriter::writeNamed(const AvroNode *n, QString &out)
{
    if (writeAvroFullNameIfSeen(n, m_env, out))
        return;
    writeAvroFullNameAndType(n, out);
    QStringList written;
    if (n->type == AvroType::Enum) {
        writeAvroSymbols(n, out);
    } else if (n->type == AvroType::Fixed) {
        writeAvroSize(n, out);
        written = writeLogicalProps(n, out);
    } else {
        writeAvroFields(n, out, [&](const AvroField &f) {
            write(f.type, out);
            writeFieldProps(f, out);
        });
    }
    if (n->doc && !n->doc->isEmpty()) {
        out.append(u",\"doc\":"_s);
        writeJsonString(*n->doc, out);
    }
    writeSortedAliases(n->aliases, out);
    if (n->type == AvroType::Enum && n->enumDefault) {
        out.append(u",\"default\":"_s);
        writeJsonString(*n->enumDefault, out);
    }
    writeSimpleProps(n->properties, out, written);
    out.append(u'}');
}

void AvroNormalizedWriter::writePrimitive(const AvroNode *n, QString &out)
{
    if (n->logicalType.isEmpty() && n->properties.isEmpty()) {
        writeAvroTypeName(n->type, out);
        return;
    }
    writeAvroTypeObjectHead(n->type, out);
    const QStringList written = writeLogicalProps(n, out);
    writeSimpleProps(n->properties, out, written);
    out.append(u'}');
}

QStringList AvroNormalizedWriter::writeLogicalProps(const AvroNode *n, QString &out)
{
    if (n->logicalType.isEmpty())
        return {};
    QStringList written{u"logicalType"_s};
    out.append(u",\"logicalType\":"_s);
    writeJsonString(n->logicalType, out);
    if (n->logicalType == u"decimal") {
        out.append(u",\"precision\":"_s);
        out.append(QString::number(n->precision));
        written << u"precision"_s;
        if (n->scale != 0) {
            out.append(u",\"scale\":"_s);
            out.append(QString::number(n->scale));
            written << u"scale"_s;
        }
    }
    return written;
}

void AvroNormalizedWriter::writeSimpleProps(const QList<AvroProperty> &props, QString &out,
                                            const QStringList &skip)
{
    QList<const AvroProperty *> sorted;
    for (const AvroProperty &p : props) {
        if (!skip.contains(p.name))
            sorted.append(&p);
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const AvroProperty *a, const AvroProperty *b) { return a->name < b->name; });
    for (const AvroProperty *p : sorted)
        writeAvroProperty(*p, out);
}

void AvroNormalizedWriter::writeSortedAliases(const QStringList &aliases, QString &out)
{
    if (aliases.isEmpty())
        return;
    QStringList sorted = aliases;
    sorted.sort();
    out.append(u",\"aliases\":"_s);
    writeAvroStringArray(sorted, out);
}

void AvroNormalizedWriter::writeFieldProps(const AvroField &f, QString &out)
{
    // Java's Field.Order.toString() is the enum constant's name.
    out.append(u",\"order\":\""_s);
    out.append(f.order == AvroFieldOrder::Ascending    ? u"ASCENDING"_s
               : f.order == AvroFieldOrder::Descending ? u"DESCENDING"_s
                                                       : u"IGNORE"_s);
    out.append(u'"');
    if (f.doc) {
        out.append(u",\"doc\":"_s);
        writeJsonString(*f.doc, out);
    }
    writeSortedAliases(f.aliases, out);
    if (f.defaultValue) {
        if (const auto converted = javaDefault(*f.defaultValue, f.type)) {
            out.append(u",\"default\":"_s);
            writeJson(*converted, out);
        }
    }
    writeSimpleProps(f.properties, out, {});
}

} // namespace sd::schema
