#include "ExporterSummary.h"

#include "ExporterDiagnosis.h"
#include "MappingPreview.h"
#include "registry/ConnectionProfile.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sd::exporters {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("sd::exporters::ExporterSummary", text, nullptr, n);
}

const QString kMask = u"********"_s;

QString describeFilter(const QString &filter)
{
    if (filter == u"*" || filter == u":*:")
        return tr("every subject in every context");
    if (filter == u":.:*" || filter == u":.:")
        return tr("every subject of the default context");
    if (filter.startsWith(u":*:"))
        return tr("%1 in any context").arg(filter.mid(3));
    if (filter.startsWith(u":.") && (filter.endsWith(u":*") || filter.endsWith(u':'))) {
        const QString context = filter.mid(1, filter.indexOf(u':', 1) - 1);
        return tr("every subject of context %1").arg(context);
    }
    if (filter.endsWith(u'*'))
        return tr("subjects whose names start with %1").arg(filter.chopped(1));
    return filter;
}

} // namespace

QString describeSubjects(const QStringList &filters)
{
    QStringList parts;
    for (const QString &filter : filters)
        parts << describeFilter(filter);
    if (parts.isEmpty())
        parts << describeFilter(u"*"_s);
    return parts.join(u"; "_s);
}

QString maskedConfigValue(const QString &key, const QString &value)
{
    if (key.contains(u"user.info"_s) && value.contains(u':'))
        return value.section(u':', 0, 0) + u':' + kMask;
    if (key == u"basic.auth.credentials.source" || key == u"bearer.auth.credentials.source")
        return value; // names where the credential comes from, not the credential
    return registry::looksSecretKey(key) && !value.isEmpty() ? kMask : value;
}

QStringList summarizeExporter(const ExporterSummaryInput &input)
{
    const registry::ExporterInfo &info = input.exporter;
    QStringList lines;
    lines << (input.edit ? tr("Save the changes to exporter %1 on %2.").arg(info.name, input.sourceName)
                         : tr("Create exporter %1 on %2, the registry that runs it and sends the copies.")
                               .arg(info.name, input.sourceName));

    const ExporterMapping mapping = ExporterMapping::fromInfo(info, input.sourceClusterId);
    const QList<MappingRow> rows = previewMapping(mapping, input.sourceSubjects);
    QString subjects =
        tr("Subjects: %1 (%2)").arg(describeSubjects(info.subjects), info.subjects.join(u", "_s));
    if (!input.sourceSubjects.isEmpty())
        subjects += u" — "_s + tr("%n subject(s) on %1 match now.", int(rows.size())).arg(input.sourceName);
    lines << subjects;

    // The example: a subject of the default context where there is one (the usual case to picture).
    QString example = rows.isEmpty() ? u"pageviews-value"_s : rows.constFirst().source;
    for (const MappingRow &row : rows) {
        if (!row.source.startsWith(u":.")) {
            example = row.source;
            break;
        }
    }
    const QString landed = mapping.destinationSubject(example);
    if (info.contextType == u"NONE") {
        lines << tr("Context type NONE: the copies keep their names and contexts (%1 → %2).")
                     .arg(example, landed);
    } else if (info.contextType == u"CUSTOM") {
        lines << tr("Context type CUSTOM: the copies land in the context .%1 on the destination (%2 → %3).")
                     .arg(info.context.startsWith(u'.') ? info.context.mid(1) : info.context, example,
                          landed);
    } else {
        lines << (input.sourceClusterId.isEmpty()
                      ? tr("Context type AUTO: the copies land in a context named after %1's cluster id.")
                            .arg(input.sourceName)
                      : tr("Context type AUTO: the copies land in the context .%1, after %2's cluster id "
                           "(%3 → %4).")
                            .arg(input.sourceClusterId, input.sourceName, example, landed));
    }
    if (!info.subjectRenameFormat.isEmpty() && info.subjectRenameFormat != u"${subject}")
        lines << tr("Names are rewritten with %1.").arg(info.subjectRenameFormat);

    const QString url = destinationUrl(info);
    lines << (input.destinationName.isEmpty() ? tr("Destination: %1.").arg(url)
                                              : tr("Destination: %1 at %2.").arg(input.destinationName, url));

    const QString userInfo = info.config.value(u"basic.auth.user.info"_s);
    const QString bearer = info.config.value(u"bearer.auth.token"_s);
    if (!userInfo.isEmpty())
        lines << tr("Authentication: Basic, user %1, secret %2 (sent to %3 inside the exporter's config).")
                     .arg(userInfo.section(u':', 0, 0), kMask, input.sourceName);
    else if (!bearer.isEmpty())
        lines << tr("Authentication: bearer token %1.").arg(kMask);
    else
        lines << tr("Authentication: none.");

    QStringList config;
    for (auto it = info.config.cbegin(); it != info.config.cend(); ++it) {
        if (it.key() == u"schema.registry.url" || it.key() == u"basic.auth.user.info" ||
            it.key() == u"basic.auth.credentials.source" || it.key() == u"bearer.auth.token")
            continue;
        config << u"%1 = %2"_s.arg(it.key(), maskedConfigValue(it.key(), it.value()));
    }
    lines << (config.isEmpty() ? tr("Other config: none (the exporter's defaults).")
                               : tr("Other config: %1.").arg(config.join(u", "_s)));
    return lines;
}

} // namespace sd::exporters
