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

void writeAvroContainerHead(const AvroNode *n, QString &out)
{
    out.append(n->type == AvroType::Array ? u"{\"type\":\"array\",\"items\":"_s
                                          : u"{\"type\":\"map\",\"values\":"_s);
}

void writeAvroFullNameAndType(const AvroNode *n, QString &out)
{
    out.append(u"{\"name\":"_s);
    writeJsonString(n->fullName(), out);
    out.append(u",\"type\":"_s);
    writeAvroTypeName(n->type, out);
}

void writeAvroStringArray(const QStringList &list, QString &out)
{
    out.append(u'[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            out.append(u',');
        writeJsonString(list[i], out);
    }
    out.append(u']');
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

void writeAvroUnion(const AvroNode *n, QString &out, const std::function<void(const AvroNode *)> &writeBranch)
{
    out.append(u'[');
    bool first = true;
    for (const AvroNode *b : n->branches) {
        if (!first)
            out.append(u',');
        first = false;
        writeBranch(b);
    }
    out.append(u']');
}

void writeAvroFields(const AvroNode *record, QString &out,
                     const std::function<void(const AvroField &)> &writeTypeAndRest)
{
    out.append(u",\"fields\":["_s);
    bool first = true;
    for (const AvroField &f : record->fields) {
        if (!first)
            out.append(u',');
        first = false;
        out.append(u"{\"name\":"_s);
        writeJsonString(f.name, out);
        out.append(u",\"type\":"_s);
        writeTypeAndRest(f);
        out.append(u'}');
    }
    out.append(u']');
}

} // namespace sd::schema
