#pragma once

#include "registry/RegistryTypes.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace sd::plan {

// One change a plan proposes. Its order in FolderPlan::actions is the order apply runs it in.
struct PlanAction
{
    enum class Kind { SetCompatibility, Register, Delete };
    // The registry's answer to POST /compatibility/subjects/{s}/versions/latest before anything is written.
    enum class Verdict {
        NotApplicable,   // not a registration
        NewSubject,      // nothing to check against
        Compatible,      // the registry accepts it
        Incompatible,    // the registry would refuse it (messages say why)
        AfterReferences, // refers to a schema this plan registers first: judged when applied
        CheckFailed,     // the check itself failed (message says why)
    };
    enum class State { Pending, Ok, Refused, Skipped, Cancelled };

    Kind kind = Kind::Register;
    QString subject; // qualified, as the registry lists it
    QString file;    // the folder's file, relative to the folder (Register)
    QString reason;  // why the plan proposes it, in words

    // Register: what is sent. A reference whose version is 0 points at the version this plan
    // registers for its subject (filled in when applied).
    QString schemaType;
    QString schema;
    QList<registry::SchemaReference> references;

    // SetCompatibility
    QString compatibility;        // wanted
    QString currentCompatibility; // set at subject level now; empty = inherited

    bool permanent = false; // Delete: soft, then hard

    Verdict verdict = Verdict::NotApplicable;
    QStringList messages; // the registry's words for the verdict

    QList<int> dependsOn; // indices of actions that must succeed first
    bool selected = true; // confirmed by the user (a refused pre-check starts unselected)

    State state = State::Pending;
    QString result; // the server's message, or what was written
    int registeredVersion = 0;
    int registeredId = -1;

    QJsonObject toJson() const;
};

QString kindName(PlanAction::Kind kind);          // "register", "setCompatibility", "delete"
QString verdictName(PlanAction::Verdict verdict); // "compatible", "incompatible", …
QString stateName(PlanAction::State state);       // "pending", "ok", "refused", "skipped", "cancelled"

// The registry-versus-folder comparison as a reviewable list of actions, in the order apply runs them:
// compatibility first (new versions are judged under the level the folder asks for), registrations with
// references before referrers, deletes with referrers before what they refer to.
struct FolderPlan
{
    QString folder;
    QString registry; // label of the registry planned against
    QList<PlanAction> actions;
    int unchanged = 0;    // subjects the folder and the registry agree on
    QStringList warnings; // unreadable files, a damaged manifest, checks that failed

    bool isEmpty() const { return actions.isEmpty(); }
    int selectedCount() const;
    QJsonObject toJson() const;
    QString toMarkdown() const;
};

} // namespace sd::plan
