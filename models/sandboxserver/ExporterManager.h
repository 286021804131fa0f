#pragma once

#include "sandboxserver/RegistryStore.h"

#include <map>
#include <memory>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace sd::sandbox {

// Schema Linking exporters: read the source registry's change log and register every matching
// schema on a destination registry over HTTP (in IMPORT mode there, keeping ids and versions).
//
// Rules (reference section 8; the unverified ones are decided here and tested):
//  - states STARTING → RUNNING ⇄ PAUSED; a destination refusal pauses with a trace carrying the
//    destination's message and error code; resume retries the same entry.
//  - status offset: the change-log offset the exporter is at (-1 before the first entry); while
//    paused by an error it is the offset of the entry that failed.
//  - subjects: "*" and ":*:" match every subject in every context; ":.ctx:*" every subject of a
//    context; "name*" a prefix; anything else one subject (unqualified = default context).
//  - contextType NONE keeps the source's (qualified) subject; CUSTOM puts it under context
//    "." + context, nesting the source context (".source" + ".target" → ".source.target");
//    AUTO (unverified in Confluent's docs) uses "." + the source's cluster id, the way Confluent
//    Cloud shows ".lsrc-xxxxx".
//  - subjectRenameFormat replaces ${subject} with the unqualified subject name.
//  - Only schema registrations are exported (not deletes, configs or modes).
struct ExporterDefinition
{
    QString name;
    QStringList subjects = {QStringLiteral("*")};
    QString subjectRenameFormat; // empty = "${subject}"
    QString contextType = QStringLiteral("AUTO");
    QString context;
    QMap<QString, QString> config; // schema.registry.url, basic.auth.user.info, ...
};

struct ExporterState
{
    enum class State {
        Starting,
        Running,
        Paused,
    };
    State state = State::Starting;
    qint64 nextOffset = 0; // next change-log entry to look at
    bool failed = false;   // paused because the entry at nextOffset failed
    qint64 ts = 0;         // ms of the last export or state change; 0 before any
    QString trace;
};

class ExporterManager : public QObject
{
    Q_OBJECT
public:
    // Export pushes this registry's changes to a destination. Import (the importer of a Platform/Cloud
    // mirror, for which Confluent documents no API: shaped like exporters here) polls a source registry's
    // GET /schemas?subjectPrefix=:*: every poll.interval.ms (config, default 2000) and registers
    // what is missing into this registry with the source's ids and versions; offset counts imports.
    enum class Direction {
        Export,
        Import,
    };
    explicit ExporterManager(RegistryStore *store, Direction direction = Direction::Export,
                             QObject *parent = nullptr);
    ~ExporterManager() override;

    void setSourceClusterId(const QString &clusterId) { m_clusterId = clusterId; }
    void setMaxExporters(int max) { m_maxExporters = max; }

    // REST operations; errors carry the exporter codes (40450, 40950–40964).
    QStringList names() const;
    bool create(const QJsonObject &request, RegistryError *error);
    bool update(const QString &name, const QJsonObject &request, RegistryError *error);
    bool remove(const QString &name, RegistryError *error);
    enum class Secrets {
        Mask,   // answers: credentials in the config masked (a masked value sent back keeps the secret)
        Reveal, // the data file
    };
    // Ordered fields are the API's job.
    QJsonObject info(const QString &name, RegistryError *error, Secrets secrets = Secrets::Mask) const;
    const ExporterDefinition *definition(const QString &name) const;
    const ExporterState *state(const QString &name) const;
    bool updateConfig(const QString &name, const QJsonObject &config, RegistryError *error);
    bool pause(const QString &name, RegistryError *error);
    bool resume(const QString &name, RegistryError *error);
    bool reset(const QString &name, RegistryError *error);

    static QString stateName(ExporterState::State state);
    qint64 statusOffset(const QString &name) const;
    // Where a source subject lands on the destination, or empty if the exporter does not take it.
    QString destinationSubject(const ExporterDefinition &exporter, const QString &context,
                               const QString &subject) const;
    static bool matchesSubjects(const QStringList &filters, const QString &context, const QString &subject);

    QJsonArray toJson() const;
    bool fromJson(const QJsonArray &json, QString *error);

Q_SIGNALS:
    void exporterChanged(const QString &name);

private:
    struct Exporter
    {
        ExporterDefinition definition;
        ExporterState state;
        QPointer<QNetworkReply> inFlight;
        // Import passes
        bool passActive = false;
        int pageOffset = 0;
        QString sourceClusterId;
        QList<QJsonObject> pending;
    };

    Exporter *find(const QString &name, RegistryError *error);
    const Exporter *find(const QString &name, RegistryError *error) const;
    // The exporter when it is paused; else nullptr with 404, or 409/`code` and `notPaused` ("%1 %2 …":
    // the noun and the name).
    // The importer a finished reply belongs to, that reply no longer in flight; nullptr when the reply
    // is stale or was cancelled (which ends the pass).
    Exporter *takeImportReply(const QString &name, QNetworkReply *reply);
    Exporter *findPaused(const QString &name, int code, const QString &notPaused, RegistryError *error);
    bool validate(const ExporterDefinition &definition, RegistryError *error) const;
    void schedule(const QString &name);
    void pump(const QString &name);
    void pauseWithTrace(Exporter &exporter, const QString &trace);
    void pumpImport(const QString &name);
    QNetworkReply *sourceGet(const ExporterDefinition &definition, const QByteArray &pathAndQuery);
    static QNetworkRequest registryRequest(const ExporterDefinition &definition,
                                           const QByteArray &pathAndQuery);
    void fetchImportPage(const QString &name);
    void applyImport(const QString &name);
    void finishImportPass(const QString &name, bool again);
    QString mapSubject(const ExporterDefinition &definition, const QString &clusterId, const QString &context,
                       const QString &subject) const;

    RegistryStore *m_store;
    Direction m_direction = Direction::Export;
    QString m_noun; // "Exporter" or "Importer" in messages
    QString m_clusterId = QStringLiteral("schemadesk-sandbox");
    int m_maxExporters = 64;
    std::map<QString, Exporter> m_exporters;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace sd::sandbox
