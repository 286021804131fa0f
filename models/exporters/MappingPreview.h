#pragma once

#include "registry/RegistryTypes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sd::exporters {

// Where an exporter writes what it takes, given its subjects filter, contextType, context and
// subjectRenameFormat. The rules are the ones Confluent documents and the sandbox implements:
//  - subjects: "*" or ":*:" = every subject in every context; ":.ctx:*" (or ":.ctx:") = one context,
//    ":.:*" = the default context only; "name*" = a prefix; anything else = one subject
//    (unqualified = default context); ":*:name" = that name in any context.
//  - NONE keeps the subject where it is (":.x:orders" stays ":.x:orders");
//  - CUSTOM puts it under "." + context, nesting the source context (".source" + ".target" =
//    ".source.target");
//  - AUTO does the same under "." + the source registry's cluster id (Confluent Cloud shows
//    ".lsrc-xxxxxx"), which the caller supplies.
//  - subjectRenameFormat replaces ${subject} with the unqualified name ("dc_${subject}").
struct ExporterMapping
{
    QStringList subjects{QStringLiteral("*")};
    QString contextType = QStringLiteral("AUTO"); // AUTO, CUSTOM, NONE
    QString context;                              // CUSTOM: "source" or ".source"
    QString subjectRenameFormat;                  // empty = "${subject}"
    QString sourceClusterId;                      // AUTO: names the destination context

    static ExporterMapping fromInfo(const registry::ExporterInfo &info, const QString &sourceClusterId = {});

    bool selects(const QString &qualifiedSubject) const;
    // The qualified subject on the destination (what GET /subjects lists there).
    QString destinationSubject(const QString &qualifiedSubject) const;
    // The destination context a source context lands in (".target" → ".source.target").
    QString destinationContext(const QString &sourceContext) const;
    // True when the filter takes subjects of that source context (some or all).
    bool touchesContext(const QString &sourceContext) const;
};

struct MappingRow
{
    QString source;
    QString destination;
    QString destinationContext;
};

// The rows for every source subject the exporter takes, in the given order.
QList<MappingRow> previewMapping(const ExporterMapping &mapping, const QStringList &sourceSubjects);

// Plain-words explanation of a context type, for the wizard.
QString explainContextType(const QString &contextType);

// ":.ctx:" for ".ctx", "" for the default context.
QString contextPrefix(const QString &context);

} // namespace sd::exporters
