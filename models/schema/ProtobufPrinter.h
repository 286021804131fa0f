#pragma once

#include "schema/ProtobufSchema.h"

namespace sd::schema {

// Re-prints a .proto AST in one fixed layout: canonical, or normalised (sorted, fully qualified).
class ProtobufPrinter
{
public:
    explicit ProtobufPrinter(bool normalized);
    QString print(const ProtoFile &file);

private:
    bool m_normalized;
    QString m_out;
    int m_indent = 0;

    void line(const QString &text);
    void blank();
    QList<ProtoOption> sortedOptions(const QList<ProtoOption> &options) const;
    QString optionList(const QList<ProtoOption> &options) const;
    QString typeText(const QString &written, const QString &resolved) const;
    void printField(const ProtoField &f, const std::vector<ProtoMessage> *siblings);
    QString fieldText(const ProtoField &f) const;
    static QString rangesText(const QList<ProtoRange> &ranges);
    QList<ProtoField> sortedFields(const QList<ProtoField> &fields) const;
    void printReserved(const QList<ProtoRange> &ranges, const QStringList &names);
    void printMessage(const ProtoMessage &m);
    void printMessageBody(const ProtoMessage &m);
    // The nested messages and enums in declaration order, then the extend blocks, of a file or message.
    template<typename Scope> void printTypes(const Scope &scope);
    void printEnum(const ProtoEnum &e);
    void printExtend(const ProtoExtend &e, const std::vector<ProtoMessage> *siblings);
    void printService(const ProtoService &s);
};

} // namespace sd::schema
