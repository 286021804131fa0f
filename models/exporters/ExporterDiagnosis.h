#pragma once

#include "MappingPreview.h"
#include "registry/ApiError.h"
#include "registry/RegistryTypes.h"
#include "TraceParser.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace sd::exporters {

// A registry the console knows (an open or saved connection) with the exporters it holds, so a
// diagnosis can name "target" instead of a URL and see the exporters coming back (loops).
struct KnownRegistry
{
    QString connectionId; // empty for a saved connection that is not open
    QString name;
    QList<QUrl> urls;
    QList<registry::ExporterInfo> exporters;
};

enum class Cause {
    None,             // not paused: nothing to diagnose
    NotImportMode,    // 42205 "… is not in import mode" / "… is in read-only mode"
    AuthFailed,       // 401 / 403 at the destination
    Unreachable,      // connection refused, unknown host, timeout
    TlsFailure,       // handshake failed
    SchemaConflict,   // 409/40901 incompatible, 42207 id mismatch, 42205 overwrite of id/version
    TooManyExporters, // 40964
    Unknown,          // raw trace and the HTTP log
};

QString causeName(Cause cause);

// What the console can do for the user in one confirmed step.
enum class FixAction {
    None,
    SetImportMode,     // PUT /mode/<modeScope> {"mode":"IMPORT"} on the destination, then resume
    UpdateCredentials, // PUT /exporters/<name>/config with the destination connection's credentials
    Resume,            // fix outside the console, then resume
    DeleteExporters,   // free a slot on the source
};

struct Diagnosis
{
    Cause cause = Cause::None;
    ParsedTrace trace;
    QString title;       // "Destination context not in IMPORT mode"
    QString explanation; // the cause in plain words (markdown-ish: `code` spans)
    QString subject;     // the destination subject the trace names, if any

    // Where the fix has to happen.
    QString fixRegistryUrl;        // the destination's URL (from schema.registry.url)
    QString fixRegistryName;       // a known registry's name, or the URL
    QString fixConnectionId;       // the open connection to apply it through; empty = none open
    bool fixRegistryKnown = false; // a known registry matches fixRegistryUrl
    bool fixOnSource = false;      // the fix is on the exporter's own registry
    FixAction action = FixAction::None;
    QString modeScope; // SetImportMode: ":.source.target:" (a context) or a subject
    QString fixText;   // the one step in words: "set `:.source.target:` on target to IMPORT, then resume"

    // A loop: the exporter re-exports what another exporter brought from its destination, and the copies
    // land nested (".source.target") in a context nobody put into IMPORT mode.
    bool loop = false;
    QString loopExplanation;
    QString loopFix;                 // the lasting fix in words
    QStringList narrowedSubjects;    // the subjects filter that breaks the loop
    QString loopingExporter;         // the other exporter's name
    QString loopingExporterRegistry; // where it lives
    QStringList loopContexts;        // source contexts the other exporter fills (".target")

    bool isProblem() const { return cause != Cause::None; }
};

struct DiagnosisInput
{
    registry::ExporterInfo exporter; // GET /exporters/{name} (config included)
    registry::ExporterStatus status;
    QString sourceConnectionId;
    QString sourceName;
    QList<QUrl> sourceUrls;
    QList<KnownRegistry> registries; // the others (the source may be listed too; it is skipped)
};

// Names the cause of a PAUSED exporter, the registry where it must be fixed and the one-step fix;
// also looks for a loop between two exporters (which it reports for running exporters too).
Diagnosis diagnose(const DiagnosisInput &input);

// For a refused create/update (e.g. 40964 too many exporters).
Diagnosis diagnoseError(const registry::ApiError &error, const QString &sourceName);

// The destination URL from an exporter config (first of a comma-separated list), or empty.
QString destinationUrl(const registry::ExporterInfo &exporter);
// Same registry? Scheme, host (localhost = 127.0.0.1) and port compared; trailing slashes ignored.
bool sameRegistry(const QUrl &a, const QUrl &b);
// The known registry one of whose URLs matches, or nullptr.
const KnownRegistry *findRegistry(const QList<KnownRegistry> &registries, const QString &url);

} // namespace sd::exporters
