#include "SchemaFolder.h"

#include "registry/RegistrySnapshot.h"
#include "schema/OrderedJson.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace sd::diff::schemafolder {

namespace {

const QString contextsFolder = u"contexts/"_s;

QString extensionFor(const QString &schemaType)
{
    if (schemaType == u"PROTOBUF")
        return u".proto"_s;
    if (schemaType == u"JSON")
        return u".json"_s;
    return u".avsc"_s;
}

// Avro saved as .json is common: a record/enum/fixed declaration, a primitive name or a union says Avro.
QString guessJsonFileType(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (document.isArray())
        return u"AVRO"_s;
    const QString type = document.object().value(u"type"_s).toString();
    if (type == u"record" || type == u"enum" || type == u"fixed")
        return u"AVRO"_s;
    return u"JSON"_s;
}

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = u"%1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

QString relativePathFor(const QString &qualifiedSubject, const QString &schemaType)
{
    const registry::QualifiedSubject subject = registry::QualifiedSubject::parse(qualifiedSubject);
    const QString base = subject.context == u"."
                             ? subject.name
                             : contextsFolder + subject.context.mid(1) + u'/' + subject.name;
    return base + extensionFor(schemaType);
}

QString subjectForPath(const QString &relativePath)
{
    QString path = relativePath;
    const qsizetype dot = path.lastIndexOf(u'.');
    const qsizetype slash = path.lastIndexOf(u'/');
    if (dot > slash)
        path.truncate(dot);
    if (path.startsWith(contextsFolder)) {
        const qsizetype end = path.indexOf(u'/', contextsFolder.size());
        if (end > contextsFolder.size())
            return u":."_s + path.mid(contextsFolder.size(), end - contextsFolder.size()) + u':' +
                   path.mid(end + 1);
    }
    return path;
}

ExportResult exportLatest(const registry::RegistrySnapshot &snapshot, const QString &directory,
                          const SubjectMapping &filter, const QString &registryLabel)
{
    ExportResult result;
    QJsonArray entries;
    for (int s = 0; s < snapshot.subjectCount(); ++s) {
        const QString subject = snapshot.qualifiedName(s);
        if (!filter.selects(subject))
            continue;
        const int latest = snapshot.latestLiveVersion(s);
        if (latest < 0)
            continue;
        const registry::RegistrySnapshot::Version &version = snapshot.version(latest);
        const QString type = snapshot.typeName(version).isEmpty() ? u"AVRO"_s : snapshot.typeName(version);
        QString text = snapshot.schemaText(version);
        if (type != u"PROTOBUF") {
            const schema::JsonParseResult parsed = schema::parseJson(text);
            if (parsed.value)
                text = schema::writeJson(*parsed.value, schema::JsonFormat::Pretty);
        }
        if (!text.endsWith(u'\n'))
            text += u'\n';
        const QString relative = relativePathFor(subject, type);
        QString error;
        if (!writeFile(QDir(directory).filePath(relative), text.toUtf8(), &error)) {
            result.errors << error;
            continue;
        }
        ++result.written;
        QJsonArray references;
        for (const registry::SchemaReference &reference : snapshot.references(version))
            references.append(QJsonObject{{u"name"_s, reference.name},
                                          {u"subject"_s, reference.subject},
                                          {u"version"_s, reference.version}});
        QJsonObject entry{{u"subject"_s, subject},
                          {u"file"_s, relative},
                          {u"version"_s, version.version},
                          {u"id"_s, version.id},
                          {u"schemaType"_s, type}};
        if (!references.isEmpty())
            entry.insert(u"references"_s, references);
        entries.append(entry);
    }
    const QJsonObject manifest{{u"format"_s, u"schemadesk-schemas"_s},
                               {u"formatVersion"_s, 1},
                               {u"registry"_s, registryLabel},
                               {u"exportedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                               {u"subjects"_s, entries}};
    QString error;
    if (!writeFile(QDir(directory).filePath(QString::fromLatin1(manifestName)),
                   QJsonDocument(manifest).toJson(QJsonDocument::Indented), &error))
        result.errors << error;
    return result;
}

LoadResult load(const QString &directory, const QString &label)
{
    LoadResult result;
    result.snapshot.label = label;
    const QDir root(directory);
    if (!root.exists()) {
        result.errors << u"%1 does not exist."_s.arg(directory);
        return result;
    }
    // What the manifest says about each file, where there is one.
    QHash<QString, QJsonObject> described;
    bool onlyListed = false; // a repository with other JSON files lists its schemas and says so
    QFile manifestFile(root.filePath(QString::fromLatin1(manifestName)));
    if (manifestFile.exists()) {
        QJsonParseError parseError;
        const QJsonDocument manifest = manifestFile.open(QIODevice::ReadOnly)
                                           ? QJsonDocument::fromJson(manifestFile.readAll(), &parseError)
                                           : QJsonDocument();
        if (!manifest.isObject())
            result.errors << u"%1 is not readable JSON; the files are read without it."_s.arg(
                manifestFile.fileName());
        onlyListed = manifest.object().value(u"unlisted"_s).toString() == u"ignore";
        for (const QJsonValue &value : manifest.object().value(u"subjects"_s).toArray())
            described.insert(value.toObject().value(u"file"_s).toString(), value.toObject());
    }
    QDirIterator files(directory, {u"*.avsc"_s, u"*.json"_s, u"*.proto"_s}, QDir::Files,
                       QDirIterator::Subdirectories);
    QList<std::pair<QString, QString>> found; // relative path, absolute path
    while (files.hasNext()) {
        const QString path = files.next();
        const QString relative = root.relativeFilePath(path);
        if (relative == QString::fromLatin1(manifestName) || relative.startsWith(u'.') ||
            relative.contains(u"/."_s))
            continue; // the manifest; .git and other hidden folders
        if (onlyListed && !described.contains(relative))
            continue;
        found.append({relative, path});
    }
    std::sort(found.begin(), found.end());
    QHash<QString, int> subjectIndex;
    for (const auto &[relative, path] : std::as_const(found)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.errors << u"%1: %2"_s.arg(path, file.errorString());
            continue;
        }
        const QString text = QString::fromUtf8(file.readAll());
        const QJsonObject entry = described.value(relative);
        SnapshotVersion version;
        version.schema = text;
        version.version = entry.value(u"version"_s).toInt(1);
        version.id = entry.value(u"id"_s).toInt(0);
        version.schemaType = entry.value(u"schemaType"_s).toString();
        if (version.schemaType.isEmpty()) {
            version.schemaType = relative.endsWith(u".proto")  ? u"PROTOBUF"_s
                                 : relative.endsWith(u".avsc") ? u"AVRO"_s
                                                               : guessJsonFileType(text);
        }
        for (const QJsonValue &reference : entry.value(u"references"_s).toArray()) {
            const QJsonObject r = reference.toObject();
            version.references.append({r.value(u"name"_s).toString(), r.value(u"subject"_s).toString(),
                                       r.value(u"version"_s).toInt(-1)});
        }
        const QString subject = entry.value(u"subject"_s).toString(subjectForPath(relative));
        if (subjectIndex.contains(subject)) {
            result.errors << u"%1: a second file for %2 (kept the first)"_s.arg(relative, subject);
            continue;
        }
        subjectIndex.insert(subject, int(result.snapshot.subjects.size()));
        // A hand-written manifest may set the subject's own compatibility (a plan applies it).
        const QString compatibility = entry.value(u"compatibility"_s).toString().toUpper();
        result.snapshot.subjects.append(SnapshotSubject{subject, {version}, compatibility, {}});
        result.filesBySubject.insert(subject, path);
    }
    return result;
}

} // namespace sd::diff::schemafolder
