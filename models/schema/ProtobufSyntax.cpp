#include "schema/ProtobufSyntax_p.h"

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace sd::schema {

QString quoteProtoString(const QString &value)
{
    // Named escapes for these; octal for the other control characters.
    static constexpr struct
    {
        char16_t raw;
        char16_t escape;
    } named[] = {{u'"', u'"'}, {u'\\', u'\\'}, {u'\n', u'n'}, {u'\r', u'r'}, {u'\t', u't'}};
    QString out = u"\""_s;
    for (QChar c : value) {
        const auto it = std::find_if(std::begin(named), std::end(named),
                                     [c](const auto &n) { return n.raw == c.unicode(); });
        if (it != std::end(named)) {
            out += u'\\';
            out += QChar(it->escape);
        } else if (c.unicode() < 0x20) {
            out += u"\\%1"_s.arg(int(c.unicode()), 3, 8, QChar(u'0'));
        } else {
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
