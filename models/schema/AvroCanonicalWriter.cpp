#include "schema/AvroCanonicalWriter.h"

#include "schema/AvroWriterSupport_p.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

// Names of Avro's Schema.Type values: a name in the current namespace that equals one of these is
// still written fully qualified (Java's Name.shouldWriteFull).
bool isTypeName(QStringView name)
{
    static const QLatin1StringView names[] = {"record"_L1, "enum"_L1,   "array"_L1,   "map"_L1, "union"_L1,
                                              "fixed"_L1,  "string"_L1, "bytes"_L1,   "int"_L1, "long"_L1,
                                              "float"_L1,  "double"_L1, "boolean"_L1, "null"_L1};
    for (QLatin1StringView n : names) {
        if (name == n)
            return true;
    }
    return false;
}

} // namespace

AvroCanonicalWriter::AvroCanonicalWriter(const QSet<QString> &known)
    : m_known(known)
{}

void AvroCanonicalWriter::write(const AvroNode *n, QString &out)
{
    if (writeKnownName(n, out) ||
        writeAvroComposite(
            n, out, [&](const AvroNode *e) { write(e, out); }, [&] { writeProps(n->properties, out); }))
        return;
    if (n->type == AvroType::Record)
        writeRecord(n, out);
    else if (n->type == AvroType::Enum)
        writeEnum(n, out);
    else if (n->type == AvroType::Fixed)
        writeFixed(n, out);
    else
        writePrimitive(n, out);
}

bool AvroCanonicalWriter::writeKnownName(const AvroNode *n, QString &out)
{
    if (!isNamedAvroType(n->type))
        return false;
    const QString full = n->fullName();
    if (!m_known.contains(full)) {
        m_known.insert(full);
        return false;
    }
    // Java's Name.getQualified(names.space)
    const bool shortForm = !n->space.isEmpty() && n->space == m_space && !isTypeName(n->name);
    writeJsonString(shortForm ? n->name : full, out);
    return true;
}

void AvroCanonicalWriter::writeRecord(const AvroNode *n, QString &out)
{
    const QString saved = m_space;
    out.append(u"{\"type\":"_s);
    out.append(n->isError ? u"\"error\""_s : u"\"record\""_s);
    writeName(n, out);
    m_space = n->space;
    writeDoc(n->doc, out);
    writeAvroFields(n, out, [&](const AvroField &f) { writeField(f, out); });
    writeProps(n->properties, out);
    writeAliases(n, out);
    out.append(u'}');
    m_space = saved;
}

void AvroCanonicalWriter::writeField(const AvroField &f, QString &out)
{
    write(f.type, out);
    writeDoc(f.doc, out);
    if (f.defaultValue) {
        out.append(u",\"default\":"_s);
        writeJson(*f.defaultValue, out);
    }
    if (f.order == AvroFieldOrder::Descending)
        out.append(u",\"order\":\"descending\""_s);
    else if (f.order == AvroFieldOrder::Ignore)
        out.append(u",\"order\":\"ignore\""_s);
    if (!f.aliases.isEmpty()) {
        out.append(u",\"aliases\":"_s);
        writeAvroStringArray(f.aliases, out);
    }
    writeProps(f.properties, out);
}

void AvroCanonicalWriter::writeEnum(const AvroNode *n, QString &out) const
{
    out.append(u"{\"type\":\"enum\""_s);
    writeName(n, out);
    writeDoc(n->doc, out);
    writeAvroSymbols(n, out);
    if (n->enumDefault) {
        out.append(u",\"default\":"_s);
        writeJsonString(*n->enumDefault, out);
    }
    writeProps(n->properties, out);
    writeAliases(n, out);
    out.append(u'}');
}

void AvroCanonicalWriter::writeFixed(const AvroNode *n, QString &out) const
{
    out.append(u"{\"type\":\"fixed\""_s);
    writeName(n, out);
    writeDoc(n->doc, out);
    writeAvroSize(n, out);
    writeProps(n->properties, out);
    writeAliases(n, out);
    out.append(u'}');
}

void AvroCanonicalWriter::writePrimitive(const AvroNode *n, QString &out) const
{
    if (n->properties.isEmpty()) {
        writeAvroTypeName(n->type, out);
        return;
    }
    writeAvroTypeObjectHead(n->type, out);
    writeProps(n->properties, out);
    out.append(u'}');
}

void AvroCanonicalWriter::writeName(const AvroNode *n, QString &out) const
{
    out.append(u",\"name\":"_s);
    writeJsonString(n->name, out);
    if (!n->space.isEmpty()) {
        if (n->space != m_space) {
            out.append(u",\"namespace\":"_s);
            writeJsonString(n->space, out);
        }
    } else if (!m_space.isEmpty()) {
        out.append(u",\"namespace\":\"\""_s);
    }
}

void AvroCanonicalWriter::writeDoc(const std::optional<QString> &doc, QString &out)
{
    if (doc) {
        out.append(u",\"doc\":"_s);
        writeJsonString(*doc, out);
    }
}

void AvroCanonicalWriter::writeProps(const QList<AvroProperty> &props, QString &out)
{
    for (const AvroProperty &p : props)
        writeAvroProperty(p, out);
}

void AvroCanonicalWriter::writeAliases(const AvroNode *n, QString &out)
{
    if (n->aliases.isEmpty())
        return;
    out.append(u",\"aliases\":"_s);
    writeAvroList(out, n->aliases.size(), [&](qsizetype i) {
        const QString &alias = n->aliases[i];
        const qsizetype dot = alias.lastIndexOf(u'.');
        const QString aliasSpace = dot >= 0 ? alias.left(dot) : QString();
        const QString aliasName = dot >= 0 ? alias.mid(dot + 1) : alias;
        const bool shortForm = !aliasSpace.isEmpty() && aliasSpace == n->space && !isTypeName(aliasName);
        writeJsonString(shortForm ? aliasName : alias, out);
    });
}

} // namespace sd::schema
