#include "schema/ProtobufPrinter.h"

#include "schema/ProtobufSyntax_p.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sd::schema {

ProtobufPrinter::ProtobufPrinter(bool normalized)
    : m_normalized(normalized)
{}

QString ProtobufPrinter::print(const ProtoFile &file)
{
    if (file.syntax == u"editions")
        line(u"edition = %1;"_s.arg(quoteProtoString(file.edition)));
    else if (file.syntaxDeclared || m_normalized)
        line(u"syntax = %1;"_s.arg(quoteProtoString(file.syntax)));
    if (!file.package.isEmpty())
        line(u"package %1;"_s.arg(file.package));
    QList<ProtoImport> imports = file.imports;
    if (m_normalized)
        std::sort(imports.begin(), imports.end(),
                  [](const ProtoImport &a, const ProtoImport &b) { return a.path < b.path; });
    if (!imports.isEmpty()) {
        blank();
        for (const ProtoImport &i : std::as_const(imports))
            line(u"import %1%2;"_s.arg(i.modifier.isEmpty() ? QString() : i.modifier + u' ',
                                       quoteProtoString(i.path)));
    }
    if (!file.options.isEmpty()) {
        blank();
        for (const ProtoOption &o : sortedOptions(file.options))
            line(u"option %1 = %2;"_s.arg(o.name, o.value));
    }
    printTypes(file);
    for (const ProtoService &s : file.services) {
        blank();
        printService(s);
    }
    return m_out;
}

void ProtobufPrinter::line(const QString &text)
{
    m_out += QString(m_indent * 2, u' ');
    m_out += text;
    m_out += u'\n';
}

void ProtobufPrinter::blank()
{
    if (!m_out.isEmpty() && !m_out.endsWith(u"{\n"_s) && !m_out.endsWith(u"\n\n"_s))
        m_out += u'\n';
}

namespace {

// `list` in the normalised order (stable), or as declared.
template<typename T, typename Less> QList<T> normalizedOrder(QList<T> list, bool normalized, Less less)
{
    if (normalized)
        std::stable_sort(list.begin(), list.end(), less);
    return list;
}

} // namespace

QList<ProtoOption> ProtobufPrinter::sortedOptions(const QList<ProtoOption> &options) const
{
    return normalizedOrder(options, m_normalized,
                           [](const ProtoOption &a, const ProtoOption &b) { return a.name < b.name; });
}

QString ProtobufPrinter::optionList(const QList<ProtoOption> &options) const
{
    if (options.isEmpty())
        return {};
    QStringList parts;
    for (const ProtoOption &o : sortedOptions(options))
        parts << o.name + u" = "_s + o.value;
    return u" ["_s + parts.join(u", "_s) + u']';
}

QString ProtobufPrinter::typeText(const QString &written, const QString &resolved) const
{
    return m_normalized && !resolved.isEmpty() ? resolved : written;
}

void ProtobufPrinter::printField(const ProtoField &f, const std::vector<ProtoMessage> *siblings)
{
    if (f.isGroup && siblings) {
        for (const ProtoMessage &m : *siblings) {
            if (m.isGroup && m.name == f.type) {
                line(u"%1group %2 = %3%4 {"_s.arg(f.label.isEmpty() ? QString() : f.label + u' ', f.type)
                         .arg(f.number)
                         .arg(optionList(f.options)));
                ++m_indent;
                printMessageBody(m);
                --m_indent;
                line(u"}"_s);
                return;
            }
        }
    }
    line(fieldText(f));
}

QString ProtobufPrinter::fieldText(const ProtoField &f) const
{
    QString type;
    if (f.isMap)
        type = u"map<%1, %2>"_s.arg(f.keyType, typeText(f.type, f.resolvedType));
    else
        type = typeText(f.type, f.resolvedType);
    return u"%1%2 %3 = %4%5;"_s.arg(f.label.isEmpty() ? QString() : f.label + u' ', type, f.name)
        .arg(f.number)
        .arg(optionList(f.options));
}

QString ProtobufPrinter::rangesText(const QList<ProtoRange> &ranges)
{
    QStringList parts;
    for (const ProtoRange &r : ranges) {
        if (r.endIsMax)
            parts << u"%1 to max"_s.arg(r.start);
        else if (r.start == r.end)
            parts << QString::number(r.start);
        else
            parts << u"%1 to %2"_s.arg(r.start).arg(r.end);
    }
    return parts.join(u", "_s);
}

QList<ProtoField> ProtobufPrinter::sortedFields(const QList<ProtoField> &fields) const
{
    return normalizedOrder(fields, m_normalized,
                           [](const ProtoField &a, const ProtoField &b) { return a.number < b.number; });
}

void ProtobufPrinter::printReserved(const QList<ProtoRange> &ranges, const QStringList &names)
{
    if (!ranges.isEmpty())
        line(u"reserved %1;"_s.arg(rangesText(ranges)));
    if (!names.isEmpty()) {
        QStringList quoted;
        for (const QString &n : names)
            quoted << quoteProtoString(n);
        line(u"reserved %1;"_s.arg(quoted.join(u", "_s)));
    }
}

void ProtobufPrinter::printMessage(const ProtoMessage &m)
{
    line(u"message %1 {"_s.arg(m.name));
    ++m_indent;
    printMessageBody(m);
    --m_indent;
    line(u"}"_s);
}

void ProtobufPrinter::printMessageBody(const ProtoMessage &m)
{
    if (!m.reservedRanges.isEmpty() || !m.reservedNames.isEmpty()) {
        printReserved(m.reservedRanges, m.reservedNames);
    }
    if (!m.options.isEmpty()) {
        blank();
        for (const ProtoOption &o : sortedOptions(m.options))
            line(u"option %1 = %2;"_s.arg(o.name, o.value));
    }
    if (!m.fields.isEmpty()) {
        blank();
        for (const ProtoField &f : sortedFields(m.fields))
            printField(f, &m.messages);
    }
    for (const ProtoOneof &o : m.oneofs) {
        blank();
        line(u"oneof %1 {"_s.arg(o.name));
        ++m_indent;
        for (const ProtoOption &opt : sortedOptions(o.options))
            line(u"option %1 = %2;"_s.arg(opt.name, opt.value));
        for (const ProtoField &f : sortedFields(o.fields))
            printField(f, &m.messages);
        --m_indent;
        line(u"}"_s);
    }
    if (!m.extensionRanges.isEmpty()) {
        blank();
        line(u"extensions %1;"_s.arg(rangesText(m.extensionRanges)));
    }
    printTypes(m);
}

template<typename Scope> void ProtobufPrinter::printTypes(const Scope &scope)
{
    for (const auto &[isEnum, index] : scope.typeOrder) {
        if (!isEnum && scope.messages[size_t(index)].isGroup)
            continue; // printed with its field
        blank();
        if (isEnum)
            printEnum(scope.enums[index]);
        else
            printMessage(scope.messages[size_t(index)]);
    }
    for (const ProtoExtend &e : scope.extends) {
        blank();
        printExtend(e, &scope.messages);
    }
}

void ProtobufPrinter::printEnum(const ProtoEnum &e)
{
    line(u"enum %1 {"_s.arg(e.name));
    ++m_indent;
    printReserved(e.reservedRanges, e.reservedNames);
    for (const ProtoOption &o : sortedOptions(e.options))
        line(u"option %1 = %2;"_s.arg(o.name, o.value));
    for (const ProtoEnumValue &v : e.values)
        line(u"%1 = %2%3;"_s.arg(v.name).arg(v.number).arg(optionList(v.options)));
    --m_indent;
    line(u"}"_s);
}

void ProtobufPrinter::printExtend(const ProtoExtend &e, const std::vector<ProtoMessage> *siblings)
{
    line(u"extend %1 {"_s.arg(typeText(e.type, e.resolvedType)));
    ++m_indent;
    for (const ProtoField &f : sortedFields(e.fields))
        printField(f, siblings);
    --m_indent;
    line(u"}"_s);
}

void ProtobufPrinter::printService(const ProtoService &s)
{
    line(u"service %1 {"_s.arg(s.name));
    ++m_indent;
    for (const ProtoOption &o : sortedOptions(s.options))
        line(u"option %1 = %2;"_s.arg(o.name, o.value));
    for (const ProtoRpc &r : s.rpcs) {
        const QString head = u"rpc %1(%2%3) returns (%4%5)"_s.arg(
            r.name, r.requestStream ? u"stream "_s : QString(),
            typeText(r.requestType, r.resolvedRequestType), r.responseStream ? u"stream "_s : QString(),
            typeText(r.responseType, r.resolvedResponseType));
        if (r.options.isEmpty()) {
            line(head + u';');
        } else {
            line(head + u" {"_s);
            ++m_indent;
            for (const ProtoOption &o : sortedOptions(r.options))
                line(u"option %1 = %2;"_s.arg(o.name, o.value));
            --m_indent;
            line(u"}"_s);
        }
    }
    --m_indent;
    line(u"}"_s);
}

} // namespace sd::schema
