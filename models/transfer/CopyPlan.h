#pragma once

#include "diff/SubjectMapping.h"
#include "registry/RegistrySnapshot.h"
#include "registry/ServerCapabilities.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace sd::transfer {

struct CopyOptions
{
    bool keepIds = true;         // register each version with its id and version (IMPORT mode)
    bool newIdsIfNeeded = false; // where ids cannot be kept, copy with the ids the destination assigns
    bool includeDeleted = false; // soft-deleted versions too: registered, then soft-deleted
    bool copySettings = false;   // subject-level compatibility and mode
    bool verify = true;          // a mirror verification of the result after the copy
};

enum class ActionKind : quint8 {
    EnterImport,      // PUT /mode/{scope} IMPORT (scope: ":.ctx:", "" for the top level, or a subject)
    Register,         // POST /subjects/{target}/versions
    Skip,             // nothing to write: identical at the destination
    Conflict,         // cannot be written: the destination holds something else there
    SoftDelete,       // DELETE /subjects/{target}/versions/{version}
    RestoreMode,      // back to the scope's previous mode (value), or DELETE when none was set
    SetCompatibility, // PUT /config/{target}
    SetMode,          // PUT /mode/{target}
};
QString actionKindName(ActionKind kind); // "register", "skip", ...

struct CopyAction
{
    ActionKind kind = ActionKind::Skip;
    QString subject;       // on the source (qualified); empty for a scope-level mode change
    QString target;        // the destination subject, or the scope of a mode change
    int version = 0;       // the source's version (Register, Skip, Conflict, SoftDelete)
    int id = -1;           // the source's id; sent with Register when ids are kept
    int versionIndex = -1; // into the source snapshot's versions (Register)
    QString value;         // mode or compatibility to set; RestoreMode: previous mode, empty = unset
    bool force = false;    // EnterImport on a scope that still holds live versions
    QString reason;        // why (Skip, Conflict) or what it does (notes)
    QList<int> dependsOn;  // Register actions (indexes) that must have succeeded first

    bool writes() const { return kind != ActionKind::Skip && kind != ActionKind::Conflict; }
    bool changesMode() const { return kind == ActionKind::EnterImport || kind == ActionKind::RestoreMode; }
    // "register orders-value v2 as :.dst:orders-value with id 7", for the plan's table and reports.
    QString describe() const;
};

struct CopyPlan
{
    QList<CopyAction> actions; // in the order they run (mode changes, versions, deletes, restores, settings)
    registry::SnapshotPtr source; // the versions' texts and references are read from it when writing
    diff::SubjectMapping mapping;
    bool idsKept = false;
    QString blocker;   // non-empty: the plan cannot run (and why)
    QStringList notes; // what the caller should know before confirming

    int count(ActionKind kind) const;
    int writes() const;      // requests that change the destination, mode changes included
    int modeChanges() const; // EnterImport and RestoreMode
    bool nothingToDo() const { return writes() == 0; }
    // "12 versions to register, 3 identical (skipped), IMPORT on :.dst: (restored afterwards)".
    QString summary() const;
    QString toMarkdown() const;
};

// The mode of one destination scope as read before planning.
struct ScopeMode
{
    QString set;       // set at this level; empty = not set
    QString effective; // what applies (inherited when not set)
};

// Subject-level settings ("" = not set).
struct SubjectSettings
{
    QString compatibility;
    QString mode;
};

// Everything the planner reads; it sends nothing.
struct PlanInput
{
    registry::SnapshotPtr source;
    registry::SnapshotPtr destination;
    diff::SubjectMapping mapping;
    CopyOptions options;
    QString importUnavailable; // why ids cannot be kept on the destination; empty = they can
    bool destinationHasContexts = true;
    QHash<QString, ScopeMode> contextModes;              // destination context (".", ".dst") → its mode
    QHash<QString, ScopeMode> subjectModes;              // destination subject → its subject-level mode
    QHash<QString, SubjectSettings> sourceSettings;      // source subject → settings (copySettings)
    QHash<QString, SubjectSettings> destinationSettings; // destination subject → settings
};

// References as the destination holds them: a subject named with its context is mapped like the referrer;
// one without resolves in the referrer's (mapped) context, so it stays as it is.
QList<registry::SchemaReference> mapReferences(const QList<registry::SchemaReference> &references,
                                               const diff::SubjectMapping &mapping);

// Why `capabilities` do not allow a copy with the ids kept, or empty.
QString importUnavailableReason(const registry::ServerCapabilities &capabilities);
// The scope string of a context for the mode calls: "" for the default context, ":.ctx:" otherwise.
QString contextScope(const QString &context);

class CopyPlanner
{
public:
    static CopyPlan plan(const PlanInput &input);
    // The destination subjects a plan without subject-level modes would write to while their context
    // holds live subjects: their subject-level modes must be read before the final plan.
    static QStringList subjectsNeedingModes(const PlanInput &input);
    // The destination contexts the selection lands in.
    static QStringList destinationContexts(const PlanInput &input);
    // The selected source subjects (qualified), those references pull in included.
    static QStringList selectedSubjects(const registry::RegistrySnapshot &source,
                                        const diff::SubjectMapping &mapping);
};

} // namespace sd::transfer
