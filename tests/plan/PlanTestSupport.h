#pragma once

// Helpers of the plan tests: a sandbox registry seeded over its REST API, a client to it, and folders of
// schema files written as a team would keep them.

#include "common/RestClient.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace sd::plan::test {

inline QString record(const QString &name, const QString &fields)
{
    return QStringLiteral("{\"type\":\"record\",\"name\":\"%1\",\"namespace\":\"com.acme\",\"fields\":[%2]}")
        .arg(name, fields);
}

inline QString field(const QString &name, const QString &type)
{
    return QStringLiteral("{\"name\":\"%1\",\"type\":%2}").arg(name, type);
}

inline registry::ConnectionProfile profileOf(const QString &name, const sandbox::SandboxServer &server)
{
    registry::ConnectionProfile p;
    p.name = name;
    p.urls = {server.url()};
    p.maxRetries = 0;
    return p;
}

// POST /subjects/{subject}/versions; the registry's answer.
inline testing::RestReply registerSchema(const sandbox::SandboxServer &server, const QString &subject,
                                         const QString &schema, const QString &type = QStringLiteral("AVRO"),
                                         const QJsonArray &references = {})
{
    testing::RestClient rest(server.url());
    QJsonObject body{{QStringLiteral("schema"), schema}, {QStringLiteral("schemaType"), type}};
    if (!references.isEmpty())
        body.insert(QStringLiteral("references"), references);
    return rest.post(QStringLiteral("/subjects/%1/versions").arg(subject), body);
}

inline QJsonObject reference(const QString &name, const QString &subject, int version = -1)
{
    QJsonObject r{{QStringLiteral("name"), name}, {QStringLiteral("subject"), subject}};
    if (version >= 0)
        r.insert(QStringLiteral("version"), version);
    return r;
}

inline bool writeFile(const QString &directory, const QString &relative, const QByteArray &data)
{
    const QString path = QDir(directory).filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// The manifest a team writes by hand: file → subject, compatibility, references without versions.
inline bool writeManifest(const QString &directory, const QJsonArray &subjects)
{
    const QJsonObject manifest{{QStringLiteral("format"), QStringLiteral("schemadesk-schemas")},
                               {QStringLiteral("formatVersion"), 1},
                               {QStringLiteral("subjects"), subjects}};
    return writeFile(directory, QStringLiteral("schemadesk-schemas.json"), QJsonDocument(manifest).toJson());
}

inline QStringList subjects(const sandbox::SandboxServer &server, bool deleted = false)
{
    testing::RestClient rest(server.url());
    return rest.get(deleted ? QStringLiteral("/subjects?deleted=true") : QStringLiteral("/subjects"))
        .strings();
}

} // namespace sd::plan::test
