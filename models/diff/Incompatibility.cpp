#include "diff/Incompatibility.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("sd::diff", text);
}

// The field's own name: the last part of its path without array/map markers.
QString leafName(const QString &path)
{
    QString leaf = path.section(u'.', -1);
    leaf.remove(u"[]"_s);
    leaf.remove(u"{}"_s);
    return leaf;
}

// The line of `"name": "leaf"` (Avro) or `"leaf":` (JSON Schema properties), 1-based; 0 when absent.
int lineOf(const QString &text, const QString &leaf)
{
    if (leaf.isEmpty())
        return 0;
    const QRegularExpression avro(u"\"name\"\\s*:\\s*\""_s + QRegularExpression::escape(leaf) + u'"');
    const QRegularExpression json(u"\""_s + QRegularExpression::escape(leaf) + u"\"\\s*:"_s);
    const QStringList lines = text.split(u'\n');
    for (const QRegularExpression *pattern : {&avro, &json}) {
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (pattern->match(lines.at(i)).hasMatch())
                return int(i + 1);
        }
    }
    return 0;
}

QString suggestionFor(const SemanticChange &c)
{
    const QString field = c.path.isEmpty() ? tr("the record") : c.path;
    switch (c.kind) {
    case SemanticChangeKind::FieldAdded:
        return tr("Give %1 a default (for example make it optional: [\"null\", %2] with \"default\": "
                  "null), so data written without it can still be read.")
            .arg(field, c.after.isEmpty() ? u"…"_s : c.after);
    case SemanticChangeKind::FieldRemoved:
        return tr("Keep %1, or give it a default in the registered versions first, so readers that "
                  "expect it still find a value.")
            .arg(field);
    case SemanticChangeKind::TypeChanged:
        return tr("Keep %1 as %2; to carry %3 values, add a new field of that type with a default "
                  "instead.")
            .arg(field, c.before, c.after);
    case SemanticChangeKind::DefaultChanged:
        return tr("Put the default of %1 back (%2).").arg(field, c.before.isEmpty() ? u"…"_s : c.before);
    case SemanticChangeKind::SymbolRemoved:
        return tr("Keep the symbol %1 in %2, or give the enum a default symbol.").arg(c.before, field);
    case SemanticChangeKind::SymbolAdded:
        return tr("Give the enum %1 a default symbol, so readers that do not know %2 can map it.")
            .arg(field, c.after);
    case SemanticChangeKind::NameChanged:
        return tr("Keep the name %1, or add it to the new type's aliases.").arg(c.before);
    case SemanticChangeKind::SizeChanged:
        return tr("Keep the fixed size %1.").arg(c.before);
    case SemanticChangeKind::RequiredChanged:
        return tr("Make %1 optional again (leave it out of \"required\").").arg(field);
    case SemanticChangeKind::ContentModelChanged:
        return tr("Keep additionalProperties as it was (%1).").arg(c.before);
    }
    return {};
}

} // namespace

ServerVerdict parseCompatibilityMessages(const QStringList &messages)
{
    static const QRegularExpression error(
        uR"(^\{errorType:'([^']*)', description:'(.*?)'(?:, additionalInfo:'(.*)')?\}$)"_s,
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression oldVersion(uR"(^\{oldSchemaVersion: ?(\d+)\}$)"_s);
    static const QRegularExpression level(uR"(compatibility: ?'([A-Z_]+)')"_s);
    ServerVerdict verdict;
    for (const QString &message : messages) {
        if (const auto m = error.match(message); m.hasMatch()) {
            verdict.lines << u"%1 — %2"_s.arg(m.captured(1), m.captured(2));
        } else if (const auto v = oldVersion.match(message); v.hasMatch()) {
            verdict.againstVersion = v.captured(1).toInt();
            verdict.lines << tr("(against version %1)").arg(v.captured(1));
        } else if (message.startsWith(u"{oldSchema:")) {
            continue; // the whole old schema: the explanation and the diff view are the place for it
        } else if (const auto l = level.match(message);
                   l.hasMatch() && message.startsWith(u"{validateFields")) {
            verdict.level = l.captured(1);
            verdict.lines << tr("(checked under %1)").arg(l.captured(1));
        } else {
            verdict.lines << message;
        }
    }
    return verdict;
}

QList<Incompatibility> explainIncompatibilities(schema::SchemaType type, const QString &oldText,
                                                const QString &newText, schema::CompatibilityLevel level,
                                                const QList<schema::ResolvedReference> &oldReferences,
                                                const QList<schema::ResolvedReference> &newReferences,
                                                const QString &draftText, QString *error)
{
    QList<Incompatibility> found;
    if (type == schema::SchemaType::Protobuf) {
        if (error)
            *error = tr("Protobuf schemas are explained by the server's messages only.");
        return found;
    }
    const SemanticSummary summary =
        SemanticDiff::compare(type, oldText, newText, level, oldReferences, newReferences);
    if (!summary.ok()) {
        if (error)
            *error = summary.error;
        return found;
    }
    for (const SemanticChange &change : summary.changes) {
        if (change.compatible)
            continue;
        Incompatibility item;
        item.change = change;
        item.field = change.path;
        item.line = lineOf(draftText, leafName(change.path));
        item.suggestion = suggestionFor(change);
        found.append(item);
    }
    return found;
}

} // namespace sd::diff
