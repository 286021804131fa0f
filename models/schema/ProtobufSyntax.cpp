#include "schema/ProtobufSyntax_p.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

QString quoteProtoString(const QString &value)
{
    QString out = u"\""_s;
    for (QChar c : value) {
        switch (c.unicode()) {
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        default:
            if (c.unicode() < 0x20)
                out += u"\\%1"_s.arg(int(c.unicode()), 3, 8, QChar(u'0'));
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

const QStringList &protoScalarTypes()
{
    static const QStringList scalars{u"double"_s,   u"float"_s,    u"int32"_s,  u"int64"_s,   u"uint32"_s,
                                     u"uint64"_s,   u"sint32"_s,   u"sint64"_s, u"fixed32"_s, u"fixed64"_s,
                                     u"sfixed32"_s, u"sfixed64"_s, u"bool"_s,   u"string"_s,  u"bytes"_s};
    return scalars;
}

} // namespace sd::schema
