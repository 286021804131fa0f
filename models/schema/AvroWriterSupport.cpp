#include "schema/AvroWriterSupport_p.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

void writeAvroTypeName(AvroType type, QString &out)
{
    out.append(u'"');
    out.append(avroTypeName(type));
    out.append(u'"');
}

void writeAvroTypeObjectHead(AvroType type, QString &out)
{
    out.append(u"{\"type\":"_s);
    writeAvroTypeName(type, out);
}

bool writeAvroFullNameIfSeen(const AvroNode *n, QSet<QString> &seen, QString &out)
{
    const QString full = n->fullName();
    if (seen.contains(full)) {
        writeJsonString(full, out);
        return true;
    }
    seen.insert(full);
    return false;
}

void writeAvroFullNameAndType(const AvroNode *n, QString &out)
{
    out.append(u"{\"name\":"_s);
    writeJsonString(n->fullName(), out);
    out.append(u",\"type\":"_s);
    writeAvroTypeName(n->type, out);
}

void writeAvroList(QString &out, qsizetype count, const std::function<void(qsizetype)> &writeItem)
{
    out.append(u'[');
    for (qsizetype i = 0; i < count; ++i) {
        if (i)
            out.append(u',');
        writeItem(i);
    }
    out.append(u']');
}

void writeAvroStringArray(const QStringList &list, QString &out)
{
    writeAvroList(out, list.size(), [&](qsizetype i) { writeJsonString(list[i], out); });
}

void writeAvroSymbols(const AvroNode *n, QString &out)
{
    out.append(u",\"symbols\":"_s);
    writeAvroStringArray(n->symbols, out);
}

void writeAvroSize(const AvroNode *n, QString &out)
{
    out.append(u",\"size\":"_s);
    out.append(QString::number(n->size));
}

void writeAvroProperty(const AvroProperty &p, QString &out)
{
    out.append(u',');
    writeJsonString(p.name, out);
    out.append(u':');
    writeJson(p.value, out);
}

bool writeAvroComposite(const AvroNode *n, QString &out, const std::function<void(const AvroNode *)> &write,
                        const std::function<void()> &writeProps)
{
    if (n->type == AvroType::Union) {
        writeAvroList(out, n->branches.size(), [&](qsizetype i) { write(n->branches[i]); });
        return true;
    }
    if (n->type != AvroType::Array && n->type != AvroType::Map)
        return false;
    out.append(n->type == AvroType::Array ? u"{\"type\":\"array\",\"items\":"_s
                                          : u"{\"type\":\"map\",\"values\":"_s);
    write(n->type == AvroType::Array ? n->items : n->values);
    if (writeProps)
        writeProps();
    out.append(u'}');
    return true;
}

void writeAvroFields(const AvroNode *record, QString &out,
                     const std::function<void(const AvroField &)> &writeTypeAndRest)
{
    out.append(u",\"fields\":"_s);
    writeAvroList(out, record->fields.size(), [&](qsizetype i) {
        const AvroField &f = record->fields[i];
        out.append(u"{\"name\":"_s);
        writeJsonString(f.name, out);
        out.append(u",\"type\":"_s);
        writeTypeAndRest(f);
        out.append(u'}');
    });
}

} // namespace sd::schema
