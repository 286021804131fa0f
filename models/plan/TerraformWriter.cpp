#include "plan/TerraformWriter.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace sd::plan::terraform {

QString resourceName(const QString &subject, QSet<QString> *taken)
{
    QString name;
    bool lastWasUnderscore = false;
    for (const QChar c : subject) {
        const bool keep = (c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'_';
        if (keep) {
            name += c;
            lastWasUnderscore = c == u'_';
        } else if (!lastWasUnderscore && !name.isEmpty()) {
            name += u'_'; // ":.ctx:orders.value" -> "ctx_orders_value"
            lastWasUnderscore = true;
        }
    }
    while (name.endsWith(u'_') && name.size() > 1)
        name.chop(1);
    if (name.isEmpty() || name.front().isDigit() || name.front() == u'-')
        name.prepend(u"s_"_s);
    QString unique = name;
    for (int n = 2; taken->contains(unique); ++n)
        unique = u"%1_%2"_s.arg(name).arg(n);
    taken->insert(unique);
    return unique;
}

QString quoted(const QString &text)
{
    QString out = u"\""_s;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (c == u'"' || c == u'\\')
            out += u'\\' + QString(c);
        else if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\r')
            out += u"\\r"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else if ((c == u'$' || c == u'%') && next == u'{')
            out += QString(c) + c; // "${" and "%{" start templates; doubled they are literal
        else if (c.unicode() < 0x20)
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + u'"';
}

namespace {

QString header(const QString &restEndpoint)
{
    QString out = u"# Written by SchemaDesk: each subject's latest schema from the files beside this one.\n"
                  "terraform {\n"
                  "  required_providers {\n"
                  "    confluent = {\n"
                  "      source = \"confluentinc/confluent\"\n"
                  "    }\n"
                  "  }\n"
                  "}\n\n"
                  "provider \"confluent\" {\n"
                  "  schema_registry_id            = var.schema_registry_id\n"
                  "  schema_registry_rest_endpoint = var.schema_registry_rest_endpoint\n"
                  "  schema_registry_api_key       = var.schema_registry_api_key\n"
                  "  schema_registry_api_secret    = var.schema_registry_api_secret\n"
                  "}\n\n"
                  "variable \"schema_registry_id\" {\n"
                  "  type        = string\n"
                  "  description = \"The Schema Registry cluster's ID, e.g. lsrc-abc123\"\n"
                  "}\n\n"
                  "variable \"schema_registry_rest_endpoint\" {\n"
                  "  type        = string\n"
                  "  description = \"The Schema Registry's REST endpoint\"\n"_s;
    if (!restEndpoint.isEmpty())
        out += u"  default     = %1\n"_s.arg(quoted(restEndpoint));
    out += u"}\n\n"
           "variable \"schema_registry_api_key\" {\n"
           "  type        = string\n"
           "  description = \"Schema Registry API key\"\n"
           "}\n\n"
           "variable \"schema_registry_api_secret\" {\n"
           "  type        = string\n"
           "  description = \"Schema Registry API secret\"\n"
           "  sensitive   = true\n"
           "}\n"_s;
    return out;
}

} // namespace

QString render(QList<Subject> subjects, const QString &restEndpoint)
{
    std::sort(subjects.begin(), subjects.end(),
              [](const Subject &a, const Subject &b) { return a.subject < b.subject; });
    QSet<QString> taken;
    QHash<QString, QString> names; // subject -> resource name
    QHash<QString, int> latest;    // subject -> its exported version
    for (const Subject &s : std::as_const(subjects)) {
        names.insert(s.subject, resourceName(s.subject, &taken));
        latest.insert(s.subject, s.version);
    }
    QString out = header(restEndpoint);
    for (const Subject &s : std::as_const(subjects)) {
        const QString name = names.value(s.subject);
        out += u"\nresource \"confluent_schema\" \"%1\" {\n"_s.arg(name);
        out += u"  subject_name = %1\n"_s.arg(quoted(s.subject));
        out += u"  format       = %1\n"_s.arg(quoted(s.schemaType.isEmpty() ? u"AVRO"_s : s.schemaType));
        // Relative to the module, not to where terraform runs.
        out += u"  schema       = file(\"${path.module}/%1)\n"_s.arg(quoted(s.file).mid(1));
        const QString context = registry::QualifiedSubject::parse(s.subject).context;
        for (const registry::SchemaReference &reference : s.references) {
            const QString target =
                registry::QualifiedSubject::parseRelative(reference.subject, context).toString();
            const QString version = names.contains(target) && latest.value(target) == reference.version
                                        ? u"confluent_schema.%1.version"_s.arg(names.value(target))
                                        : QString::number(reference.version);
            out += u"\n  schema_reference {\n    name         = %1\n    subject_name = %2\n"
                   "    version      = %3\n  }\n"_s.arg(quoted(reference.name), quoted(reference.subject),
                                                        version);
        }
        out += u"}\n"_s;
        if (!s.compatibility.isEmpty())
            out += u"\nresource \"confluent_subject_config\" \"%1\" {\n  subject_name        = %2\n"
                   "  compatibility_level = %3\n}\n"_s.arg(name, quoted(s.subject), quoted(s.compatibility));
        if (!s.mode.isEmpty())
            out +=
                u"\nresource \"confluent_subject_mode\" \"%1\" {\n  subject_name = %2\n  mode         = %3\n}\n"_s
                    .arg(name, quoted(s.subject), quoted(s.mode));
    }
    return out;
}

} // namespace sd::plan::terraform
