#pragma once

#include "diff/SemanticDiff.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sd::diff {

// What a registry's verbose compatibility messages say, readably ("{errorType:'X', description:'…'}",
// "{oldSchemaVersion: 1}", "{validateFields: 'false', compatibility: 'BACKWARD'}", …). Unknown shapes
// are kept as they are; the old schema's whole text is left out (the explanation uses it instead).
struct ServerVerdict
{
    int againstVersion = 0; // the version the draft was judged against; 0 when not said
    QString level;          // the level it was judged under; empty when not said
    QStringList lines;      // the messages as readable lines
};
ServerVerdict parseCompatibilityMessages(const QStringList &messages);

// One reason a draft is incompatible, in the words a schema author needs: the field, its old and new
// type (or default, symbol…), why readers break, the draft's line to jump to and the obvious fix.
struct Incompatibility
{
    SemanticChange change;
    QString field;      // the path, "" for the record itself
    int line = 0;       // 1-based line of the field in `draftText`; 0 when not found
    QString suggestion; // empty when there is no obvious fix
};

// The breaking changes from `oldText` (a registered version) to `newText` (the draft) under `level`,
// each with the line of its field in `draftText` (the draft as the editor shows it). An empty list with
// `error` set when the schemas could not be compared (Protobuf, parse errors).
QList<Incompatibility> explainIncompatibilities(schema::SchemaType type, const QString &oldText,
                                                const QString &newText, schema::CompatibilityLevel level,
                                                const QList<schema::ResolvedReference> &oldReferences,
                                                const QList<schema::ResolvedReference> &newReferences,
                                                const QString &draftText, QString *error = nullptr);

} // namespace sd::diff
