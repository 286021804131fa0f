#include "MappingPreview.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sd::exporters {

namespace {

struct Filter
{
    bool anyContext = false;
    QString context = u"."_s;
    QString name; // empty or "*" = all names
};

Filter parseFilter(const QString &filter)
{
    Filter f;
    if (filter.startsWith(u':')) {
        const qsizetype end = filter.indexOf(u':', 1);
        if (end > 0) {
            const QString ctx = filter.mid(1, end - 1);
            if (ctx == u"*")
                f.anyContext = true;
            else
                f.context = ctx.isEmpty() ? u"."_s : ctx;
            f.name = filter.mid(end + 1);
            return f;
        }
    }
    f.name = filter;
    return f;
}

bool nameMatches(const QString &pattern, const QString &name)
{
    if (pattern.isEmpty() || pattern == u"*")
        return true;
    return pattern.endsWith(u'*') ? name.startsWith(pattern.chopped(1)) : name == pattern;
}

} // namespace

QString contextPrefix(const QString &context)
{
    if (context.isEmpty() || context == u".")
        return {};
    return u":"_s + context + u":"_s;
}

ExporterMapping ExporterMapping::fromInfo(const registry::ExporterInfo &info, const QString &sourceClusterId)
{
    ExporterMapping m;
    if (!info.subjects.isEmpty())
        m.subjects = info.subjects;
    if (!info.contextType.isEmpty())
        m.contextType = info.contextType.toUpper();
    m.context = info.context;
    m.subjectRenameFormat = info.subjectRenameFormat;
    m.sourceClusterId = sourceClusterId;
    return m;
}

bool ExporterMapping::selects(const QString &qualifiedSubject) const
{
    const registry::QualifiedSubject subject = registry::QualifiedSubject::parse(qualifiedSubject);
    for (const QString &filter : subjects) {
        if (filter == u"*" || filter == u":*:")
            return true;
        const Filter f = parseFilter(filter);
        if (!f.anyContext && f.context != subject.context)
            continue;
        if (nameMatches(f.name, subject.name))
            return true;
    }
    return false;
}

bool ExporterMapping::touchesContext(const QString &sourceContext) const
{
    for (const QString &filter : subjects) {
        if (filter == u"*" || filter == u":*:")
            return true;
        const Filter f = parseFilter(filter);
        if (f.anyContext || f.context == sourceContext)
            return true;
    }
    return false;
}

QString ExporterMapping::destinationContext(const QString &sourceContext) const
{
    const QString source = sourceContext.isEmpty() ? u"."_s : sourceContext;
    if (contextType == u"NONE")
        return source;
    QString base = contextType == u"CUSTOM" ? context : sourceClusterId;
    if (!base.startsWith(u'.'))
        base.prepend(u'.');
    return source == u"." ? base : base + source;
}

QString ExporterMapping::destinationSubject(const QString &qualifiedSubject) const
{
    const registry::QualifiedSubject subject = registry::QualifiedSubject::parse(qualifiedSubject);
    QString renamed = subjectRenameFormat.isEmpty() ? subject.name : subjectRenameFormat;
    renamed.replace(u"${subject}"_s, subject.name);
    return contextPrefix(destinationContext(subject.context)) + renamed;
}

QList<MappingRow> previewMapping(const ExporterMapping &mapping, const QStringList &sourceSubjects)
{
    QList<MappingRow> rows;
    for (const QString &subject : sourceSubjects) {
        if (!mapping.selects(subject))
            continue;
        const registry::QualifiedSubject q = registry::QualifiedSubject::parse(subject);
        rows.append({subject, mapping.destinationSubject(subject), mapping.destinationContext(q.context)});
    }
    return rows;
}

QString explainContextType(const QString &contextType)
{
    if (contextType == u"NONE")
        return QCoreApplication::translate(
            "sd::exporters",
            "NONE: subjects keep their names and contexts. pageviews-value on the source is pageviews-value "
            "on "
            "the destination; use it for a passive copy whose default context only this exporter writes.");
    if (contextType == u"CUSTOM")
        return QCoreApplication::translate(
            "sd::exporters",
            "CUSTOM: everything goes into the context you name on the destination, so the copies never mix "
            "with the destination's own subjects. With context \"source\", pageviews-value lands as "
            ":.source:pageviews-value; a subject already in a context nests (.source.target).");
    return QCoreApplication::translate(
        "sd::exporters",
        "AUTO: like CUSTOM, but the destination context is named after the source registry's cluster id "
        "(Confluent Cloud shows .lsrc-xxxxxx), so exports from several registries never collide.");
}

} // namespace sd::exporters
