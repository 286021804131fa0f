#pragma once

#include "registry/RegistryTypes.h"

#include <QList>
#include <QSet>
#include <QString>

namespace sd::plan::terraform {

// One subject as Confluent's Terraform provider describes it: a confluent_schema for its latest
// version (the schema read with file() from the folder export beside it), and a confluent_subject_config /
// confluent_subject_mode where the subject sets its own compatibility / mode.
struct Subject
{
    QString subject;    // qualified: ":.ctx:orders-value" in a context, as the provider accepts it
    QString file;       // relative to the .tf file
    QString schemaType; // AVRO, PROTOBUF, JSON
    int version = 0;
    QList<registry::SchemaReference> references;
    QString compatibility; // subject level; empty = inherited
    QString mode;          // subject level; empty = inherited
};

// A Terraform identifier for `subject` (letters, digits, '_' and '-', not starting with a digit or
// '-'), unique among `taken`, which it joins.
QString resourceName(const QString &subject, QSet<QString> *taken);
// A double-quoted HCL string: quotes, backslashes, control characters and template openers escaped.
QString quoted(const QString &text);

// The whole configuration: the required provider, the provider block reading the Schema Registry
// cluster from variables, the variables (`restEndpoint` as the endpoint's default), and the resources,
// sorted by subject. A reference to the latest version of a subject in the set names that resource's
// version, so Terraform creates references first.
QString render(QList<Subject> subjects, const QString &restEndpoint);

} // namespace sd::plan::terraform
