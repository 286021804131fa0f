#include "sandboxserver/ResponseShapes.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

QByteArray jsonScalar(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

static QByteArray jsonBytes(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    return jsonScalar(value);
}

OrderedObject &OrderedObject::add(const QString &key, const QJsonValue &value)
{
    m_fields.append({key, value});
    return *this;
}

QByteArray OrderedObject::toJson() const
{
    QByteArray out = "{";
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (i)
            out += ',';
        out += jsonScalar(m_fields[i].first) + ':' + jsonBytes(m_fields[i].second);
    }
    return out + '}';
}

void ResponseShapes::addType(OrderedObject &object, schema::SchemaType type) const
{
    // 7.x serialises schemaType through SchemaTypeConverter, which turns "AVRO" into null.
    if (type != schema::SchemaType::Avro || cp8())
        object.add(u"schemaType"_s, schema::schemaTypeName(type));
}

QList<std::pair<QString, QJsonValue>> contractMembers(const StoredSchema &stored)
{
    QList<std::pair<QString, QJsonValue>> members;
    if (!stored.references.isEmpty())
        members.append({u"references"_s, registry::referencesToJson(stored.references)});
    if (!stored.metadata.isEmpty())
        members.append({u"metadata"_s, stored.metadata});
    if (!stored.ruleSet.isEmpty())
        members.append({u"ruleSet"_s, stored.ruleSet});
    return members;
}

void ResponseShapes::addContract(OrderedObject &object, const StoredSchema &stored) const
{
    for (const auto &[key, value] : contractMembers(stored))
        object.add(key, value);
}

void ResponseShapes::addTrailer(OrderedObject &object, const SchemaVersionView &view) const
{
    // 8.x: SchemaValue.toSchemaEntity() passes isDeleted(), a boolean, so `false` is written too
    // (NON_EMPTY leaves out nulls, not false). Its `ts` is left out here: Schema Linking's copies of a
    // version are byte-identical on both registries (operators check a mirror by comparing md5 sums),
    // which a per-registry registration time would break, and whether the (closed) exporter carries
    // the source's ts over is not public.
    if (cp8())
        object.add(u"deleted"_s, view.deleted);
}

QByteArray ResponseShapes::schema(const SchemaVersionView &view) const
{
    OrderedObject object;
    object.add(u"subject"_s, view.qualifiedSubject())
        .add(u"version"_s, view.version)
        .add(u"id"_s, view.schema->id);
    if (cp8())
        object.add(u"guid"_s, view.schema->guid);
    addType(object, view.schema->type);
    addContract(object, *view.schema);
    object.add(u"schema"_s, view.schema->text);
    addTrailer(object, view);
    return object.toJson();
}

QByteArray ResponseShapes::schemaString(const SchemaVersionView &use, bool subjectGiven,
                                        std::optional<int> maxId) const
{
    OrderedObject object;
    if (cp8()) {
        if (subjectGiven)
            object.add(u"subject"_s, use.qualifiedSubject()).add(u"version"_s, use.version);
        object.add(u"guid"_s, use.schema->guid);
    }
    addType(object, use.schema->type);
    object.add(u"schema"_s, use.schema->text);
    addContract(object, *use.schema);
    if (maxId)
        object.add(u"maxId"_s, *maxId);
    addTrailer(object, use);
    return object.toJson();
}

QByteArray ResponseShapes::schemaTextOnly(const SchemaVersionView &view) const
{
    OrderedObject object;
    addType(object, view.schema->type);
    if (!view.schema->references.isEmpty())
        object.add(u"references"_s, registry::referencesToJson(view.schema->references));
    object.add(u"schema"_s, view.schema->text);
    return object.toJson();
}

QByteArray ResponseShapes::schemaStringByGuid(const SchemaVersionView &use) const
{
    return schemaString(use, false, std::nullopt);
}

QByteArray ResponseShapes::registerResponse(const SchemaVersionView &view) const
{
    if (!cp8())
        return OrderedObject().add(u"id"_s, view.schema->id).toJson();
    OrderedObject object;
    object.add(u"id"_s, view.schema->id).add(u"version"_s, view.version).add(u"guid"_s, view.schema->guid);
    addType(object, view.schema->type);
    addContract(object, *view.schema);
    object.add(u"schema"_s, view.schema->text);
    addTrailer(object, view);
    return object.toJson();
}

} // namespace sd::sandbox
