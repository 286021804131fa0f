#include "sandboxserver/RegistryStoreFile.h"

#include "sandboxserver/ResponseShapes.h"
#include "sandboxserver/SchemaResolver.h"

#include <algorithm>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

QList<SchemaReference> referencesFromJson(const QJsonArray &array)
{
    QList<SchemaReference> references;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        references.append({object.value(u"name"_s).toString(), object.value(u"subject"_s).toString(),
                           object.value(u"version"_s).toInt()});
    }
    return references;
}

} // namespace

QJsonObject RegistryStoreFile::write(const RegistryStore &store)
{
    QJsonArray contexts;
    for (const auto &[name, ctx] : store.m_contexts) {
        QJsonObject c{{u"name"_s, name}, {u"listed"_s, ctx.listed}, {u"maxId"_s, ctx.maxId}};
        if (ctx.config)
            c.insert(u"config"_s, *ctx.config);
        if (ctx.mode)
            c.insert(u"mode"_s, registryModeName(*ctx.mode));
        QList<int> ids = ctx.schemas.keys();
        std::sort(ids.begin(), ids.end());
        QJsonArray schemas;
        for (int id : ids) {
            const StoredSchema &s = *ctx.schemas.value(id);
            QJsonObject o{
                {u"id"_s, id}, {u"schemaType"_s, schema::schemaTypeName(s.type)}, {u"schema"_s, s.text}};
            for (const auto &[key, value] : contractMembers(s))
                o.insert(key, value);
            schemas.append(o);
        }
        c.insert(u"schemas"_s, schemas);
        QJsonArray subjects;
        for (const auto &[subjectName, subject] : ctx.subjects) {
            QJsonObject s{{u"name"_s, subjectName}};
            if (subject.config)
                s.insert(u"config"_s, *subject.config);
            if (subject.mode)
                s.insert(u"mode"_s, registryModeName(*subject.mode));
            QJsonArray versions;
            for (const auto &[number, entry] : subject.versions) {
                QJsonObject v{{u"version"_s, number}, {u"id"_s, entry.id}, {u"ts"_s, entry.ts}};
                if (entry.deleted)
                    v.insert(u"deleted"_s, true);
                versions.append(v);
            }
            s.insert(u"versions"_s, versions);
            subjects.append(s);
        }
        c.insert(u"subjects"_s, subjects);
        contexts.append(c);
    }
    QJsonObject global;
    if (store.m_globalConfig)
        global.insert(u"config"_s, *store.m_globalConfig);
    if (store.m_globalMode)
        global.insert(u"mode"_s, registryModeName(*store.m_globalMode));
    QJsonArray logEntries;
    for (const ChangeLogEntry &e : store.m_log) {
        QJsonObject o{{u"offset"_s, e.offset},
                      {u"ts"_s, e.ts},
                      {u"kind"_s, changeKindName(e.kind)},
                      {u"context"_s, e.context}};
        if (!e.subject.isEmpty())
            o.insert(u"subject"_s, e.subject);
        if (e.version)
            o.insert(u"version"_s, e.version);
        if (e.id)
            o.insert(u"id"_s, e.id);
        if (!e.payload.isEmpty())
            o.insert(u"payload"_s, e.payload);
        logEntries.append(o);
    }
    return QJsonObject{{u"format"_s, u"schemadesk-sandbox"_s},
                       {u"formatVersion"_s, 1},
                       {u"contexts"_s, contexts},
                       {u"global"_s, global},
                       {u"changeLogBase"_s, store.m_logBase},
                       {u"changeLog"_s, logEntries}};
}

bool RegistryStoreFile::read(const QJsonObject &json, RegistryStore *store, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (json.value(u"format"_s).toString() != u"schemadesk-sandbox")
        return fail(u"not a schemadesk-sandbox data file (no \"format\":\"schemadesk-sandbox\")"_s);
    if (json.value(u"formatVersion"_s).toInt() != 1)
        return fail(u"unsupported formatVersion %1"_s.arg(json.value(u"formatVersion"_s).toInt()));
    std::map<QString, ContextEntry> contexts;
    for (const QJsonValue &cv : json.value(u"contexts"_s).toArray()) {
        const QJsonObject c = cv.toObject();
        const QString name = c.value(u"name"_s).toString();
        if (!name.startsWith(u'.'))
            return fail(u"context with invalid name \"%1\""_s.arg(name));
        ContextEntry &ctx = contexts[name];
        ctx.name = name;
        ctx.listed = c.value(u"listed"_s).toBool();
        ctx.maxId = c.value(u"maxId"_s).toInt();
        if (c.contains(u"config"_s))
            ctx.config = c.value(u"config"_s).toObject();
        if (c.contains(u"mode"_s)) {
            ctx.mode = registryModeFromName(c.value(u"mode"_s).toString());
            if (!ctx.mode)
                return fail(u"context %1 has an invalid mode"_s.arg(name));
        }
        for (const QJsonValue &sv : c.value(u"schemas"_s).toArray()) {
            const QJsonObject o = sv.toObject();
            auto stored = std::make_shared<StoredSchema>();
            stored->context = name;
            stored->id = o.value(u"id"_s).toInt();
            const auto type = schema::schemaTypeFromName(o.value(u"schemaType"_s).toString());
            if (!type || stored->id <= 0 || !o.value(u"schema"_s).isString())
                return fail(u"schema entry in context %1 is malformed"_s.arg(name));
            stored->type = *type;
            stored->text = o.value(u"schema"_s).toString();
            stored->references = referencesFromJson(o.value(u"references"_s).toArray());
            stored->metadata = o.value(u"metadata"_s).toObject();
            stored->ruleSet = o.value(u"ruleSet"_s).toObject();
            stored->identity = SchemaResolver::identityOf(stored->type, stored->text, stored->references,
                                                          stored->metadata, stored->ruleSet);
            stored->guid = SchemaResolver::guidFor(stored->identity);
            ctx.schemas.insert(stored->id, stored);
            ctx.idByIdentity.insert(stored->identity, stored->id);
            ctx.maxId = qMax(ctx.maxId, stored->id);
        }
        for (const QJsonValue &sv : c.value(u"subjects"_s).toArray()) {
            const QJsonObject s = sv.toObject();
            SubjectEntry &subject = ctx.subjects[s.value(u"name"_s).toString()];
            if (s.contains(u"config"_s))
                subject.config = s.value(u"config"_s).toObject();
            if (s.contains(u"mode"_s)) {
                subject.mode = registryModeFromName(s.value(u"mode"_s).toString());
                if (!subject.mode)
                    return fail(u"subject %1 has an invalid mode"_s.arg(s.value(u"name"_s).toString()));
            }
            for (const QJsonValue &vv : s.value(u"versions"_s).toArray()) {
                const QJsonObject v = vv.toObject();
                VersionEntry entry;
                entry.version = v.value(u"version"_s).toInt();
                entry.id = v.value(u"id"_s).toInt();
                entry.deleted = v.value(u"deleted"_s).toBool();
                entry.ts = v.value(u"ts"_s).toInteger();
                if (entry.version <= 0 || !ctx.schemas.contains(entry.id))
                    return fail(u"subject %1 has a version pointing at an unknown schema id %2"_s
                                    .arg(s.value(u"name"_s).toString())
                                    .arg(entry.id));
                subject.versions[entry.version] = entry;
            }
        }
    }
    store->m_contexts = std::move(contexts);
    store->ensureContext(QualifiedSubject::defaultContext).listed = true;
    store->m_guidIndex.clear();
    for (const auto &[name, ctx] : store->m_contexts) {
        for (const StoredSchemaPtr &stored : ctx.schemas)
            store->m_guidIndex[stored->guid].append({name, stored->id});
    }
    // Usages and reference edges are derived data: rebuild them.
    for (auto &[name, ctx] : store->m_contexts) {
        for (auto &[subjectName, subject] : ctx.subjects) {
            for (auto &[number, entry] : subject.versions)
                ctx.usages[entry.id].append({subjectName, number});
        }
    }
    for (auto &[name, ctx] : store->m_contexts) {
        for (auto &[subjectName, subject] : ctx.subjects) {
            for (auto &[number, entry] : subject.versions) {
                const StoredSchemaPtr stored = ctx.schemas.value(entry.id);
                for (const VersionKey &target : store->referenceTargets(name, *stored)) {
                    if (VersionEntry *referenced = store->versionAt(target))
                        referenced->referencedBy.append({name, subjectName, number});
                }
            }
        }
    }
    const QJsonObject global = json.value(u"global"_s).toObject();
    store->m_globalConfig =
        global.contains(u"config"_s) ? std::optional(global.value(u"config"_s).toObject()) : std::nullopt;
    store->m_globalMode =
        global.contains(u"mode"_s) ? registryModeFromName(global.value(u"mode"_s).toString()) : std::nullopt;
    store->m_logBase = json.value(u"changeLogBase"_s).toInteger();
    store->m_log.clear();
    for (const QJsonValue &lv : json.value(u"changeLog"_s).toArray()) {
        const QJsonObject o = lv.toObject();
        ChangeLogEntry entry;
        entry.offset = o.value(u"offset"_s).toInteger();
        entry.ts = o.value(u"ts"_s).toInteger();
        entry.kind = changeKindFromName(o.value(u"kind"_s).toString())
                         .value_or(ChangeLogEntry::Kind::SchemaRegistered);
        entry.context = o.value(u"context"_s).toString();
        entry.subject = o.value(u"subject"_s).toString();
        entry.version = o.value(u"version"_s).toInt();
        entry.id = o.value(u"id"_s).toInt();
        entry.payload = o.value(u"payload"_s).toObject();
        store->m_log.append(entry);
    }
    return true;
}

} // namespace sd::sandbox
