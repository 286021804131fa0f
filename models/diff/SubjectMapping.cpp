#include "diff/SubjectMapping.h"

#include "registry/EnumNames.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

// The exporter API's names; read case-insensitively.
constexpr registry::EnumNames<ContextType::Auto> kContextTypeNames({u"NONE", u"CUSTOM", u"AUTO"});

constexpr QStringView kSubjectPlaceholder = u"${subject}";

QString dotted(const QString &context)
{
    if (context.isEmpty())
        return u"."_s;
    return context.startsWith(u'.') ? context : u'.' + context;
}

// B's context for A's: `base` (".source") plus A's own non-default context (".x" -> ".source.x").
QString nest(const QString &base, const QString &contextOnA)
{
    const QString root = dotted(base);
    if (contextOnA == u"." || contextOnA.isEmpty())
        return root;
    if (root == u".")
        return contextOnA;
    return root + contextOnA;
}

std::optional<QString> unnest(const QString &base, const QString &contextOnB)
{
    const QString root = dotted(base);
    if (root == u".")
        return contextOnB;
    if (contextOnB == root)
        return u"."_s;
    if (contextOnB.startsWith(root) && contextOnB.size() > root.size() && contextOnB[root.size()] == u'.')
        return contextOnB.mid(root.size());
    return std::nullopt;
}

bool patternMatches(QStringView pattern, const registry::QualifiedSubject &subject)
{
    if (pattern == u"*" || pattern == u":*:" || pattern == u":*:*")
        return true;
    const registry::QualifiedSubject wanted = registry::QualifiedSubject::parse(pattern.toString());
    // ":*:orders" names orders in every context; any other prefix names one context.
    if (!wanted.wildcard && wanted.context != subject.context)
        return false;
    if (wanted.name.endsWith(u'*'))
        return subject.name.startsWith(QStringView(wanted.name).chopped(1));
    return wanted.name == subject.name;
}

} // namespace

QString contextTypeName(ContextType type)
{
    return kContextTypeNames.name(type);
}

std::optional<ContextType> contextTypeFromName(QStringView name)
{
    return kContextTypeNames.find(name, Qt::CaseInsensitive);
}

SubjectMapping SubjectMapping::fromExporter(const QJsonObject &exporterInfo)
{
    SubjectMapping mapping;
    const QJsonArray subjects = exporterInfo.value(u"subjects").toArray();
    if (!subjects.isEmpty()) {
        mapping.subjects.clear();
        for (const QJsonValue &subject : subjects)
            mapping.subjects << subject.toString();
    }
    // The exporter's default contextType is AUTO.
    mapping.contextType = contextTypeFromName(exporterInfo.value(u"contextType").toString(u"AUTO"_s))
                              .value_or(ContextType::Auto);
    mapping.context = exporterInfo.value(u"context").toString();
    const QString format = exporterInfo.value(u"subjectRenameFormat").toString();
    if (!format.isEmpty())
        mapping.subjectRenameFormat = format;
    return mapping;
}

QJsonObject SubjectMapping::toJson() const
{
    QJsonObject json{{u"subjects"_s, QJsonArray::fromStringList(subjects)},
                     {u"contextType"_s, contextTypeName(contextType)},
                     {u"subjectRenameFormat"_s, subjectRenameFormat}};
    if (contextType == ContextType::Custom)
        json.insert(u"context"_s, context);
    if (contextType == ContextType::Auto)
        json.insert(u"autoContext"_s, autoContext);
    return json;
}

bool SubjectMapping::selects(QStringView subjectOnA) const
{
    for (const QString &pattern : subjects) {
        if (pattern == u"*" || pattern == u":*:" || pattern == u":*:*")
            return true; // the common case, without parsing the name
    }
    const registry::QualifiedSubject subject = registry::QualifiedSubject::parse(subjectOnA.toString());
    for (const QString &pattern : subjects) {
        if (patternMatches(pattern, subject))
            return true;
    }
    return false;
}

QString SubjectMapping::targetContext(const QString &contextOnA) const
{
    switch (contextType) {
    case ContextType::None:
        return contextOnA;
    case ContextType::Custom:
        return nest(context, contextOnA);
    case ContextType::Auto:
        return nest(autoContext, contextOnA);
    }
    return contextOnA;
}

QString SubjectMapping::mapToB(QStringView subjectOnA) const
{
    // Fast path for the usual rename format (mirror comparison maps every subject once).
    if (subjectRenameFormat == kSubjectPlaceholder) {
        const QString root = contextType == ContextType::None
                                 ? u"."_s
                                 : dotted(contextType == ContextType::Custom ? context : autoContext);
        if (root == u".")
            return (subjectOnA.startsWith(u":.:") ? subjectOnA.mid(3) : subjectOnA).toString();
        auto join = [&root](QStringView separator, QStringView rest) {
            QString out;
            out.reserve(root.size() + rest.size() + 2);
            out.append(u':');
            out.append(root);
            out.append(separator);
            out.append(rest);
            return out;
        };
        if (!subjectOnA.startsWith(u':'))
            return join(u":", subjectOnA);
        if (subjectOnA.startsWith(u":.:"))
            return join(u":", subjectOnA.mid(3));
        if (subjectOnA.startsWith(u":.") && subjectOnA.indexOf(u':', 1) > 1)
            return join(u"", subjectOnA.mid(1));
    }
    const registry::QualifiedSubject a = registry::QualifiedSubject::parse(subjectOnA.toString());
    registry::QualifiedSubject b;
    b.context = targetContext(a.context);
    b.name = subjectRenameFormat;
    b.name.replace(kSubjectPlaceholder.toString(), a.name);
    return b.toString();
}

std::optional<QString> SubjectMapping::mapToA(QStringView subjectOnB) const
{
    const registry::QualifiedSubject b = registry::QualifiedSubject::parse(subjectOnB.toString());
    registry::QualifiedSubject a;
    switch (contextType) {
    case ContextType::None:
        a.context = b.context;
        break;
    case ContextType::Custom:
    case ContextType::Auto: {
        const std::optional<QString> contextOnA =
            unnest(contextType == ContextType::Custom ? context : autoContext, b.context);
        if (!contextOnA)
            return std::nullopt;
        a.context = *contextOnA;
        break;
    }
    }
    const qsizetype placeholder = subjectRenameFormat.indexOf(kSubjectPlaceholder);
    if (placeholder < 0)
        return std::nullopt; // every subject maps to one fixed name: not invertible
    const QStringView prefix = QStringView(subjectRenameFormat).left(placeholder);
    const QStringView suffix = QStringView(subjectRenameFormat).mid(placeholder + kSubjectPlaceholder.size());
    if (b.name.size() < prefix.size() + suffix.size() || !b.name.startsWith(prefix) ||
        !b.name.endsWith(suffix))
        return std::nullopt;
    a.name = b.name.mid(prefix.size(), b.name.size() - prefix.size() - suffix.size());
    const QString name = a.toString();
    if (!selects(name) || mapToB(name) != subjectOnB)
        return std::nullopt;
    return name;
}

} // namespace sd::diff
