#include "sandboxserver/ExporterManager.h"

#include "registry/ConnectionProfile.h"
#include "registry/EnumNames.h"
#include "sandboxserver/SandboxLogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

RegistryError notFound(const QString &noun, const QString &name)
{
    return {404, 40450, u"%1 %2 not found."_s.arg(noun, name)};
}

bool validName(const QString &name)
{
    if (name.isEmpty() || name.size() > 255)
        return false;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u'.'))
            return false;
    }
    return true;
}

// Credentials in a config (basic.auth.user.info, passwords, secrets, tokens) are never answered in
// full: a user-info keeps its user ("key:********") so one can tell which key is configured.
QString maskedConfigValue(const QString &key, const QString &value)
{
    if (!registry::looksSecretKey(key) || value.isEmpty())
        return value;
    const qsizetype colon = key.contains(u"user.info"_s) ? value.indexOf(u':') : -1;
    return colon > 0 ? value.left(colon + 1) + u"********"_s : u"********"_s;
}

// Applies the optional fields of a create/update body onto a definition; false on a bad field.
bool applyFields(const QJsonObject &request, ExporterDefinition *definition, RegistryError *error)
{
    if (request.contains(u"subjects"_s)) {
        const QJsonValue value = request.value(u"subjects"_s);
        QStringList subjects;
        bool ok = value.isArray() && !value.toArray().isEmpty();
        for (const QJsonValue &subject : value.toArray()) {
            if (!subject.isString() || subject.toString().isEmpty())
                ok = false;
            subjects.append(subject.toString());
        }
        if (!ok) {
            *error = {
                409, 40952,
                u"Invalid exporter subjects: a non-empty list of subject names or patterns is expected"_s};
            return false;
        }
        definition->subjects = subjects;
    }
    if (request.contains(u"subjectRenameFormat"_s)) {
        const QJsonValue value = request.value(u"subjectRenameFormat"_s);
        if (!value.isString() && !value.isNull()) {
            *error = {409, 40951, u"Invalid exporter subjectRenameFormat"_s};
            return false;
        }
        definition->subjectRenameFormat = value.toString();
    }
    if (request.contains(u"contextType"_s)) {
        const QString type = request.value(u"contextType"_s).toString().toUpper();
        if (type != u"AUTO" && type != u"CUSTOM" && type != u"NONE") {
            *error = {409, 40951,
                      u"Invalid exporter contextType '%1'; valid values are AUTO, CUSTOM and NONE"_s.arg(
                          request.value(u"contextType"_s).toString())};
            return false;
        }
        definition->contextType = type;
    }
    if (request.contains(u"context"_s))
        definition->context = request.value(u"context"_s).toString();
    if (request.contains(u"config"_s)) {
        const QJsonValue value = request.value(u"config"_s);
        if (!value.isObject()) {
            *error = {409, 40951, u"Missing or invalid exporter config"_s};
            return false;
        }
        const QJsonObject config = value.toObject();
        for (auto it = config.begin(); it != config.end(); ++it) {
            // A masked value sent back as read (an edit that left the secret alone) keeps the secret.
            const QString stored = definition->config.value(it.key());
            if (!stored.isEmpty() && it.value() == QJsonValue(maskedConfigValue(it.key(), stored)))
                continue;
            if (it.value().isNull())
                definition->config.remove(it.key());
            else
                definition->config.insert(it.key(), it.value().isString()
                                                        ? it.value().toString()
                                                        : it.value().toVariant().toString());
        }
    }
    return true;
}

} // namespace

ExporterManager::ExporterManager(RegistryStore *store, Direction direction, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_direction(direction)
    , m_noun(direction == Direction::Export ? u"Exporter"_s : u"Importer"_s)
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    m_network->setParent(this); // follows moveToThread(); the unique_ptr still deletes it first
    if (direction == Direction::Import)
        return; // importers poll on a timer instead
    connect(store, &RegistryStore::changed, this, [this] {
        for (const auto &[name, exporter] : m_exporters) {
            if (exporter.state.state == ExporterState::State::Running)
                schedule(name);
        }
    });
}

ExporterManager::~ExporterManager()
{
    for (auto &[name, exporter] : m_exporters) {
        if (exporter.inFlight)
            exporter.inFlight->abort();
    }
}

QString ExporterManager::stateName(ExporterState::State state)
{
    static constexpr registry::EnumNames<ExporterState::State::Paused> names(
        {u"STARTING", u"RUNNING", u"PAUSED"});
    return names.name(state);
}

QStringList ExporterManager::names() const
{
    QStringList result;
    for (const auto &[name, exporter] : m_exporters)
        result.append(name);
    return result;
}

ExporterManager::Exporter *ExporterManager::find(const QString &name, RegistryError *error)
{
    const auto it = m_exporters.find(name);
    if (it == m_exporters.end()) {
        if (error)
            *error = notFound(m_noun, name);
        return nullptr;
    }
    return &it->second;
}

const ExporterManager::Exporter *ExporterManager::find(const QString &name, RegistryError *error) const
{
    const auto it = m_exporters.find(name);
    if (it == m_exporters.end()) {
        if (error)
            *error = notFound(m_noun, name);
        return nullptr;
    }
    return &it->second;
}

const ExporterDefinition *ExporterManager::definition(const QString &name) const
{
    const Exporter *exporter = find(name, nullptr);
    return exporter ? &exporter->definition : nullptr;
}

const ExporterState *ExporterManager::state(const QString &name) const
{
    const Exporter *exporter = find(name, nullptr);
    return exporter ? &exporter->state : nullptr;
}

qint64 ExporterManager::statusOffset(const QString &name) const
{
    const Exporter *exporter = find(name, nullptr);
    if (!exporter)
        return -1;
    return exporter->state.failed ? exporter->state.nextOffset : exporter->state.nextOffset - 1;
}

bool ExporterManager::validate(const ExporterDefinition &definition, RegistryError *error) const
{
    const QUrl url(definition.config.value(u"schema.registry.url"_s).split(u',').first().trimmed());
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()) {
        *error = {409, 40951,
                  u"Missing or invalid exporter config: schema.registry.url must be an http(s) URL"_s};
        return false;
    }
    if (definition.contextType == u"CUSTOM" && definition.context.isEmpty()) {
        *error = {409, 40951, u"Missing or invalid exporter config: contextType CUSTOM needs a context"_s};
        return false;
    }
    return true;
}

bool ExporterManager::create(const QJsonObject &request, RegistryError *error)
{
    *error = {};
    const QString name = request.value(u"name"_s).toString();
    if (!request.value(u"name"_s).isString() || !validName(name)) {
        *error = {409, 40950, u"Missing or invalid exporter name"_s};
        return false;
    }
    if (m_exporters.count(name)) {
        *error = {409, 40960, u"%1 %2 already exists."_s.arg(m_noun, name)};
        return false;
    }
    if (int(m_exporters.size()) >= m_maxExporters) {
        *error = {409, 40964, u"Too many %1s (at most %2)."_s.arg(m_noun.toLower()).arg(m_maxExporters)};
        return false;
    }
    if (!request.value(u"config"_s).isObject()) {
        *error = {409, 40951, u"Missing or invalid exporter config"_s};
        return false;
    }
    ExporterDefinition definition;
    definition.name = name;
    if (!applyFields(request, &definition, error) || !validate(definition, error))
        return false;
    Exporter &exporter = m_exporters[name];
    exporter.definition = definition;
    exporter.state = {};
    Q_EMIT exporterChanged(name);
    // STARTING for a moment, then RUNNING.
    QTimer::singleShot(0, this, [this, name] {
        Exporter *e = find(name, nullptr);
        if (!e || e->state.state != ExporterState::State::Starting)
            return;
        e->state.state = ExporterState::State::Running;
        Q_EMIT exporterChanged(name);
        pump(name);
    });
    return true;
}

bool ExporterManager::update(const QString &name, const QJsonObject &request, RegistryError *error)
{
    *error = {};
    Exporter *exporter = find(name, error);
    if (!exporter)
        return false;
    if (exporter->state.state != ExporterState::State::Paused) {
        *error = {409, 40963, u"%1 %2 is not paused."_s.arg(m_noun, name)};
        return false;
    }
    ExporterDefinition definition = exporter->definition;
    if (!applyFields(request, &definition, error) || !validate(definition, error))
        return false;
    exporter->definition = definition;
    Q_EMIT exporterChanged(name);
    return true;
}

bool ExporterManager::updateConfig(const QString &name, const QJsonObject &config, RegistryError *error)
{
    return update(name, QJsonObject{{u"config"_s, config}}, error);
}

bool ExporterManager::remove(const QString &name, RegistryError *error)
{
    *error = {};
    Exporter *exporter = find(name, error);
    if (!exporter)
        return false;
    if (exporter->inFlight)
        exporter->inFlight->abort();
    m_exporters.erase(name);
    Q_EMIT exporterChanged(name);
    return true;
}

QJsonObject ExporterManager::info(const QString &name, RegistryError *error, Secrets secrets) const
{
    const Exporter *exporter = find(name, error);
    if (!exporter)
        return {};
    const ExporterDefinition &d = exporter->definition;
    QJsonObject config;
    for (auto it = d.config.begin(); it != d.config.end(); ++it)
        config.insert(it.key(),
                      secrets == Secrets::Reveal ? it.value() : maskedConfigValue(it.key(), it.value()));
    QJsonObject object{{u"name"_s, d.name},
                       {u"subjects"_s, QJsonArray::fromStringList(d.subjects)},
                       {u"contextType"_s, d.contextType},
                       {u"config"_s, config}};
    if (!d.subjectRenameFormat.isEmpty())
        object.insert(u"subjectRenameFormat"_s, d.subjectRenameFormat);
    if (!d.context.isEmpty())
        object.insert(u"context"_s, d.context);
    return object;
}

bool ExporterManager::pause(const QString &name, RegistryError *error)
{
    *error = {};
    Exporter *exporter = find(name, error);
    if (!exporter)
        return false;
    if (exporter->state.state == ExporterState::State::Paused) {
        // Confluent's code for this case is not documented (a gap at 40962); this is our choice.
        *error = {409, 40962, u"%1 %2 is already paused."_s.arg(m_noun, name)};
        return false;
    }
    if (exporter->inFlight)
        exporter->inFlight->abort();
    exporter->state.state = ExporterState::State::Paused;
    exporter->state.ts = nowMs();
    Q_EMIT exporterChanged(name);
    return true;
}

ExporterManager::Exporter *ExporterManager::findPaused(const QString &name, int code,
                                                       const QString &notPaused, RegistryError *error)
{
    *error = {};
    Exporter *exporter = find(name, error);
    if (exporter && exporter->state.state != ExporterState::State::Paused) {
        *error = {409, code, notPaused.arg(m_noun, name)};
        return nullptr;
    }
    return exporter;
}

bool ExporterManager::resume(const QString &name, RegistryError *error)
{
    Exporter *exporter = findPaused(name, 40961, u"%1 %2 is already running."_s, error);
    if (!exporter)
        return false;
    exporter->state.state = ExporterState::State::Running;
    exporter->state.trace.clear();
    exporter->state.ts = nowMs();
    Q_EMIT exporterChanged(name);
    schedule(name);
    return true;
}

bool ExporterManager::reset(const QString &name, RegistryError *error)
{
    Exporter *exporter = findPaused(name, 40963, u"%1 %2 is not paused."_s, error);
    if (!exporter)
        return false;
    exporter->state.nextOffset = 0;
    exporter->state.failed = false;
    exporter->state.trace.clear();
    exporter->state.ts = nowMs();
    Q_EMIT exporterChanged(name);
    return true;
}

bool ExporterManager::matchesSubjects(const QStringList &filters, const QString &context,
                                      const QString &subject)
{
    for (const QString &filter : filters) {
        if (filter == u"*" || filter == u":*:")
            return true;
        const QualifiedSubject pattern = QualifiedSubject::parse(filter);
        if (!pattern.wildcard && pattern.context != context)
            continue;
        const QString &name = pattern.name;
        if (name.isEmpty() || name == u"*")
            return true; // ":.ctx:" or ":.ctx:*"
        if (name.endsWith(u'*') ? subject.startsWith(name.chopped(1)) : subject == name)
            return true;
    }
    return false;
}

QString ExporterManager::destinationSubject(const ExporterDefinition &exporter, const QString &context,
                                            const QString &subject) const
{
    return mapSubject(exporter, m_clusterId, context, subject);
}

QString ExporterManager::mapSubject(const ExporterDefinition &exporter, const QString &clusterId,
                                    const QString &context, const QString &subject) const
{
    QString renamed = exporter.subjectRenameFormat.isEmpty() ? subject : exporter.subjectRenameFormat;
    renamed.replace(u"${subject}"_s, subject);
    if (exporter.contextType == u"NONE")
        return QualifiedSubject::qualify(context, renamed);
    QString base = exporter.contextType == u"CUSTOM" ? exporter.context : clusterId;
    if (!base.startsWith(u'.'))
        base.prepend(u'.');
    const QString destinationContext = context == QualifiedSubject::defaultContext ? base : base + context;
    return QualifiedSubject::qualify(destinationContext, renamed);
}

void ExporterManager::schedule(const QString &name)
{
    QTimer::singleShot(0, this, [this, name] { pump(name); });
}

void ExporterManager::pauseWithTrace(Exporter &exporter, const QString &trace)
{
    exporter.state.state = ExporterState::State::Paused;
    exporter.state.failed = true;
    exporter.state.trace = trace;
    exporter.state.ts = nowMs();
    qCInfo(lcSandbox) << "exporter" << exporter.definition.name << "paused:" << trace.section(u'\n', 0, 0);
    Q_EMIT exporterChanged(exporter.definition.name);
}

void ExporterManager::pump(const QString &name)
{
    if (m_direction == Direction::Import) {
        pumpImport(name);
        return;
    }
    Exporter *exporter = find(name, nullptr);
    if (!exporter || exporter->state.state != ExporterState::State::Running || exporter->inFlight)
        return;
    int budget = 2000; // then yield to the event loop
    while (exporter->state.nextOffset < m_store->changeLogEnd()) {
        if (--budget == 0) {
            schedule(name);
            return;
        }
        const QList<ChangeLogEntry> entries = m_store->changesSince(exporter->state.nextOffset, 1);
        if (entries.isEmpty()) {
            exporter->state.nextOffset = m_store->changeLogEnd();
            break;
        }
        const ChangeLogEntry &entry = entries.first();
        if (entry.offset != exporter->state.nextOffset) {
            exporter->state.nextOffset = entry.offset; // the log was compacted before this point
            continue;
        }
        const ExporterDefinition &d = exporter->definition;
        if (entry.kind != ChangeLogEntry::Kind::SchemaRegistered ||
            !matchesSubjects(d.subjects, entry.context, entry.subject)) {
            ++exporter->state.nextOffset;
            continue;
        }
        RegistryError error;
        const SchemaVersionView source =
            m_store->getVersion(QualifiedSubject::qualify(entry.context, entry.subject),
                                QString::number(entry.version), true, &error);
        if (error.isError() || !source.schema) {
            ++exporter->state.nextOffset; // hard-deleted since: nothing to export
            continue;
        }
        const QString destination = destinationSubject(d, entry.context, entry.subject);
        QJsonArray references;
        for (const SchemaReference &reference : source.schema->references) {
            const QualifiedSubject target = QualifiedSubject::parseRelative(reference.subject, entry.context);
            references.append(QJsonObject{{u"name"_s, reference.name},
                                          {u"subject"_s, destinationSubject(d, target.context, target.name)},
                                          {u"version"_s, reference.version}});
        }
        QJsonObject body{{u"schema"_s, source.schema->text},
                         {u"schemaType"_s, schema::schemaTypeName(source.schema->type)},
                         {u"id"_s, source.schema->id},
                         {u"version"_s, source.version}};
        if (!references.isEmpty())
            body.insert(u"references"_s, references);
        if (!source.schema->metadata.isEmpty())
            body.insert(u"metadata"_s, source.schema->metadata);
        if (!source.schema->ruleSet.isEmpty())
            body.insert(u"ruleSet"_s, source.schema->ruleSet);

        QNetworkRequest request =
            registryRequest(d, "/subjects/" + QUrl::toPercentEncoding(destination) + "/versions");
        const QUrl url = request.url();
        request.setRawHeader("Content-Type", "application/vnd.schemaregistry.v1+json");
        QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        exporter->inFlight = reply;
        connect(reply, &QNetworkReply::finished, this, [this, name, reply, url, destination] {
            reply->deleteLater();
            Exporter *e = find(name, nullptr);
            if (!e || e->inFlight != reply)
                return;
            e->inFlight = nullptr;
            if (reply->error() == QNetworkReply::OperationCanceledError)
                return; // paused or removed meanwhile
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray answer = reply->readAll();
            if (status == 200) {
                e->state.failed = false;
                ++e->state.nextOffset;
                e->state.ts = nowMs();
                Q_EMIT exporterChanged(name);
                schedule(name);
                return;
            }
            QString trace;
            const QString where =
                u"\n\tat schemadesk-sandbox exporter %1: POST %2 (subject %3, HTTP %4)\n"_s.arg(
                    name, url.toString(), destination, QString::number(status));
            if (status > 0) {
                const QJsonObject object = QJsonDocument::fromJson(answer).object();
                const int code =
                    object.contains(u"error_code"_s) ? object.value(u"error_code"_s).toInt() : status;
                const QString message = object.contains(u"message"_s) ? object.value(u"message"_s).toString()
                                                                      : QString::fromUtf8(answer.left(500));
                trace =
                    u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: %1; error code: %2"_s
                        .arg(message, QString::number(code)) +
                    where;
            } else {
                trace = u"java.io.IOException: cannot reach the destination registry: %1"_s.arg(
                            reply->errorString()) +
                        where;
            }
            pauseWithTrace(*e, trace);
        });
        return;
    }
}

// A request to the registry the definition names (the first of its URLs), with its credentials.
QNetworkRequest ExporterManager::registryRequest(const ExporterDefinition &definition,
                                                 const QByteArray &pathAndQuery)
{
    QByteArray base =
        definition.config.value(u"schema.registry.url"_s).split(u',').first().trimmed().toUtf8();
    while (base.endsWith('/'))
        base.chop(1);
    QNetworkRequest request(QUrl::fromEncoded(base + pathAndQuery));
    request.setRawHeader("Accept", "application/vnd.schemaregistry.v1+json");
    request.setTransferTimeout(15000);
    QString userInfo = definition.config.value(u"basic.auth.user.info"_s);
    if (userInfo.isEmpty())
        userInfo = definition.config.value(u"schema.registry.basic.auth.user.info"_s);
    if (!userInfo.isEmpty())
        request.setRawHeader("Authorization", "Basic " + userInfo.toUtf8().toBase64());
    return request;
}

QNetworkReply *ExporterManager::sourceGet(const ExporterDefinition &definition,
                                          const QByteArray &pathAndQuery)
{
    return m_network->get(registryRequest(definition, pathAndQuery));
}

static QString replyTrace(QNetworkReply *reply, const QString &name)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString where = u"\n\tat schemadesk-sandbox importer %1: GET %2 (HTTP %3)\n"_s.arg(
        name, reply->url().toString(), QString::number(status));
    if (status <= 0)
        return u"java.io.IOException: cannot reach the source registry: %1"_s.arg(reply->errorString()) +
               where;
    const QByteArray answer = reply->readAll();
    const QJsonObject object = QJsonDocument::fromJson(answer).object();
    const int code = object.contains(u"error_code"_s) ? object.value(u"error_code"_s).toInt() : status;
    const QString message = object.contains(u"message"_s) ? object.value(u"message"_s).toString()
                                                          : QString::fromUtf8(answer.left(500));
    return u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: %1; error code: %2"_s
               .arg(message, QString::number(code)) +
           where;
}

void ExporterManager::pumpImport(const QString &name)
{
    Exporter *importer = find(name, nullptr);
    if (!importer || importer->state.state != ExporterState::State::Running || importer->passActive)
        return;
    importer->passActive = true;
    importer->pageOffset = 0;
    importer->pending.clear();
    if (importer->definition.contextType != u"AUTO" || !importer->sourceClusterId.isEmpty()) {
        fetchImportPage(name);
        return;
    }
    // AUTO names the context after the source's cluster id.
    QNetworkReply *reply = sourceGet(importer->definition, "/v1/metadata/id");
    importer->inFlight = reply;
    connect(reply, &QNetworkReply::finished, this, [this, name, reply] {
        Exporter *e = takeImportReply(name, reply);
        if (!e)
            return;
        const QString id = QJsonDocument::fromJson(reply->readAll()).object().value(u"id"_s).toString();
        if (reply->error() != QNetworkReply::NoError || id.isEmpty()) {
            pauseWithTrace(*e, replyTrace(reply, name));
            e->passActive = false;
            return;
        }
        e->sourceClusterId = id;
        fetchImportPage(name);
    });
}

ExporterManager::Exporter *ExporterManager::takeImportReply(const QString &name, QNetworkReply *reply)
{
    reply->deleteLater();
    Exporter *e = find(name, nullptr);
    if (!e || e->inFlight != reply)
        return nullptr; // removed, or a reply to a request since replaced
    e->inFlight = nullptr;
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        e->passActive = false; // paused or removed meanwhile
        return nullptr;
    }
    return e;
}

void ExporterManager::fetchImportPage(const QString &name)
{
    Exporter *importer = find(name, nullptr);
    if (!importer)
        return;
    QNetworkReply *reply =
        sourceGet(importer->definition, "/schemas?subjectPrefix=%3A*%3A&limit=1000&offset=" +
                                            QByteArray::number(importer->pageOffset));
    importer->inFlight = reply;
    connect(reply, &QNetworkReply::finished, this, [this, name, reply] {
        Exporter *e = takeImportReply(name, reply);
        if (!e)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            pauseWithTrace(*e, replyTrace(reply, name));
            e->passActive = false;
            return;
        }
        const QJsonArray page = QJsonDocument::fromJson(reply->readAll()).array();
        for (const QJsonValue &value : page) {
            const QJsonObject item = value.toObject();
            const QualifiedSubject subject = QualifiedSubject::parse(item.value(u"subject"_s).toString());
            if (matchesSubjects(e->definition.subjects, subject.context, subject.name))
                e->pending.append(item);
        }
        if (page.size() >= 1000) {
            e->pageOffset += int(page.size());
            fetchImportPage(name);
        } else {
            applyImport(name);
        }
    });
}

void ExporterManager::applyImport(const QString &name)
{
    Exporter *importer = find(name, nullptr);
    if (!importer)
        return;
    // Lower ids first: referenced schemas are normally registered before their referrers.
    std::stable_sort(importer->pending.begin(), importer->pending.end(),
                     [](const QJsonObject &a, const QJsonObject &b) {
                         return a.value(u"id"_s).toInt() < b.value(u"id"_s).toInt();
                     });
    const QString clusterId = importer->sourceClusterId;
    for (const QJsonObject &item : std::as_const(importer->pending)) {
        const QualifiedSubject source = QualifiedSubject::parse(item.value(u"subject"_s).toString());
        const QString destination = mapSubject(importer->definition, clusterId, source.context, source.name);
        const int id = item.value(u"id"_s).toInt();
        const int version = item.value(u"version"_s).toInt();
        RegistryError error;
        const SchemaVersionView existing =
            m_store->getVersion(destination, QString::number(version), true, &error);
        if (!error.isError() && existing.schema && existing.schema->id == id)
            continue; // imported earlier
        RegisterRequest request;
        request.schema = item.value(u"schema"_s).toString();
        request.schemaType = item.value(u"schemaType"_s).toString(u"AVRO"_s);
        request.id = id;
        request.version = version;
        request.metadata = item.value(u"metadata"_s).toObject();
        request.ruleSet = item.value(u"ruleSet"_s).toObject();
        for (const QJsonValue &value : item.value(u"references"_s).toArray()) {
            const QJsonObject reference = value.toObject();
            const QualifiedSubject target =
                QualifiedSubject::parseRelative(reference.value(u"subject"_s).toString(), source.context);
            request.references.append(
                {reference.value(u"name"_s).toString(),
                 mapSubject(importer->definition, clusterId, target.context, target.name),
                 reference.value(u"version"_s).toInt()});
        }
        m_store->registerSchema(destination, request, {}, &error);
        if (error.isError()) {
            pauseWithTrace(
                *importer,
                u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: %1; error "
                u"code: %2\n\tat schemadesk-sandbox importer %3: register %4 version %5 (id %6)\n"_s
                    .arg(error.message)
                    .arg(error.code)
                    .arg(name, destination)
                    .arg(version)
                    .arg(id));
            importer->passActive = false;
            importer->pending.clear();
            return;
        }
        ++importer->state.nextOffset;
        importer->state.ts = nowMs();
    }
    importer->pending.clear();
    finishImportPass(name, true);
}

void ExporterManager::finishImportPass(const QString &name, bool again)
{
    Exporter *importer = find(name, nullptr);
    if (!importer)
        return;
    importer->passActive = false;
    Q_EMIT exporterChanged(name);
    if (!again)
        return;
    bool ok = false;
    int interval = importer->definition.config.value(u"poll.interval.ms"_s).toInt(&ok);
    if (!ok || interval < 10)
        interval = 2000;
    QTimer::singleShot(interval, this, [this, name] { pumpImport(name); });
}

QJsonArray ExporterManager::toJson() const
{
    QJsonArray array;
    for (const auto &[name, exporter] : m_exporters) {
        QJsonObject object = info(name, nullptr, Secrets::Reveal);
        object.insert(u"state"_s, stateName(exporter.state.state));
        object.insert(u"nextOffset"_s, exporter.state.nextOffset);
        object.insert(u"failed"_s, exporter.state.failed);
        object.insert(u"ts"_s, exporter.state.ts);
        if (!exporter.state.trace.isEmpty())
            object.insert(u"trace"_s, exporter.state.trace);
        array.append(object);
    }
    return array;
}

bool ExporterManager::fromJson(const QJsonArray &json, QString *error)
{
    std::map<QString, Exporter> loaded;
    for (const QJsonValue &value : json) {
        const QJsonObject object = value.toObject();
        ExporterDefinition definition;
        definition.name = object.value(u"name"_s).toString();
        RegistryError problem;
        if (!validName(definition.name) || !applyFields(object, &definition, &problem) ||
            !validate(definition, &problem)) {
            if (error)
                *error = u"exporter \"%1\" is invalid: %2"_s.arg(definition.name, problem.message);
            return false;
        }
        Exporter &exporter = loaded[definition.name];
        exporter.definition = definition;
        const QString state = object.value(u"state"_s).toString();
        exporter.state.state =
            state == u"PAUSED" ? ExporterState::State::Paused : ExporterState::State::Running;
        exporter.state.nextOffset = object.value(u"nextOffset"_s).toInteger();
        exporter.state.failed = object.value(u"failed"_s).toBool();
        exporter.state.ts = object.value(u"ts"_s).toInteger();
        exporter.state.trace = object.value(u"trace"_s).toString();
    }
    m_exporters = std::move(loaded);
    for (const auto &[name, exporter] : m_exporters)
        schedule(name);
    return true;
}

} // namespace sd::sandbox
