#pragma once

#include <QString>
#include <QStringView>
#include <vector>

namespace sd::schema {

struct ProtobufToken
{
    enum Kind { Ident, Int, Float, String, Symbol, End };
    Kind kind = End;
    QString text; // identifier, number literal, decoded string, or the symbol
    int line = 1;
    int column = 1;
};

// Splits .proto text into tokens; comments and whitespace are dropped, string literals decoded.
class ProtobufTokenizer
{
public:
    explicit ProtobufTokenizer(QStringView text);
    bool run(std::vector<ProtobufToken> &out, QString *error);

private:
    QStringView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    QString m_error;

    void newline();
    void skipSpaceAndComments();
    void readNumber(ProtobufToken &t);
    bool readString(ProtobufToken &t);
    static bool isHex(QChar c) { return c.isDigit() || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'); }
    static int hexValue(QChar c);
};

} // namespace sd::schema
