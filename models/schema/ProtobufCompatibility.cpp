// Confluent's Protobuf compatibility rules (protobuf/diff/SchemaDiff and friends), over our AST.

#include "schema/ProtobufSchema.h"
#include "schema/SchemaDiffMemo_p.h"
#include "schema/SchemaPathScope_p.h"

#include <algorithm>
#include <functional>
#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

const QSet<QString> &compatibleChanges()
{
    static const QSet<QString> set{u"MESSAGE_ADDED"_s,
                                   u"MESSAGE_MOVED"_s,
                                   u"ENUM_ADDED"_s,
                                   u"ENUM_REMOVED"_s,
                                   u"ENUM_CONST_ADDED"_s,
                                   u"ENUM_CONST_CHANGED"_s,
                                   u"ENUM_CONST_REMOVED"_s,
                                   u"FIELD_ADDED"_s,
                                   u"FIELD_REMOVED"_s,
                                   u"FIELD_NAME_CHANGED"_s,
                                   u"FIELD_STRING_OR_BYTES_LABEL_CHANGED"_s,
                                   u"ONEOF_ADDED"_s,
                                   u"ONEOF_REMOVED"_s,
                                   u"ONEOF_FIELD_ADDED"_s};
    return set;
}

enum class Kind { Scalar, Map, Message };

using MessagePair = std::pair<const ProtoMessage *, const ProtoMessage *>;

struct DiffState
{
    QSet<MessagePair> inProgress;
    // Differences of comparing two message types by content; their paths name the messages,
    // so they can be reused wherever the same pair of types is met again.
    QHash<MessagePair, QList<ProtobufDifference>> memo;
};

class Differ
{
public:
    Differ(const ProtobufSchema &original, const ProtobufSchema &update, DiffState *state)
        : m_original(original)
        , m_update(update)
        , m_state(state)
    {}

    QList<ProtobufDifference> differences;

    Differ sub() const
    {
        Differ d(m_original, m_update, m_state);
        d.m_name = m_name;
        d.m_path = m_path;
        return d;
    }

    bool isCompatible() const
    {
        return std::all_of(differences.begin(), differences.end(),
                           [](const ProtobufDifference &d) { return d.compatible; });
    }

    void compareFiles(const ProtoFile &o, const ProtoFile &u)
    {
        if (o.package != u.package)
            add(u"PACKAGE_CHANGED"_s);
        compareTypes(o.messages, o.enums, u.messages, u.enums);
    }

private:
    const ProtobufSchema &m_original;
    const ProtobufSchema &m_update;
    DiffState *m_state;
    QSet<QString> m_seen;
    QString m_name;     // dotted local name of the current message or enum
    QStringList m_path; // oneof name and/or field number inside it

    void add(const QString &type)
    {
        QString path = u"#/"_s + m_name;
        for (const QString &p : std::as_const(m_path))
            path += u'/' + p;
        append(ProtobufDifference{type, path, compatibleChanges().contains(type)});
    }

    // The same difference reached through several fields is reported once (paths name the
    // message, so repeats are identical and would otherwise multiply along type chains).
    void append(const ProtobufDifference &d)
    {
        const QString key = d.type + u'|' + d.path;
        if (m_seen.contains(key))
            return;
        m_seen.insert(key);
        differences.append(d);
    }

    using Scope = SchemaPathScope;

    struct NameScope
    {
        NameScope(Differ &d, const QString &name)
            : m_d(d)
            , m_saved(d.m_name)
            , m_savedPath(d.m_path)
        {
            d.m_name = d.m_name.isEmpty() ? name : d.m_name + u'.' + name;
            d.m_path.clear();
        }
        ~NameScope()
        {
            m_d.m_name = m_saved;
            m_d.m_path = m_savedPath;
        }
        Differ &m_d;
        QString m_saved;
        QStringList m_savedPath;
    };

    void compareTypes(const std::vector<ProtoMessage> &om, const QList<ProtoEnum> &oe,
                      const std::vector<ProtoMessage> &um, const QList<ProtoEnum> &ue)
    {
        QStringList names;
        QHash<QString, int> oIndex, uIndex;
        for (size_t i = 0; i < om.size(); ++i) {
            oIndex.insert(om[i].name, int(i));
            names << om[i].name;
        }
        for (size_t i = 0; i < um.size(); ++i) {
            uIndex.insert(um[i].name, int(i));
            if (!names.contains(um[i].name))
                names << um[i].name;
        }
        for (const QString &name : std::as_const(names)) {
            NameScope scope(*this, name);
            const auto o = oIndex.constFind(name);
            const auto u = uIndex.constFind(name);
            if (u == uIndex.constEnd()) {
                add(u"MESSAGE_REMOVED"_s);
            } else if (o == oIndex.constEnd()) {
                add(u"MESSAGE_ADDED"_s);
            } else {
                compareMessages(om[size_t(*o)], um[size_t(*u)]);
                if (*o != *u)
                    add(u"MESSAGE_MOVED"_s); // message indexes are per schema id, so moving is fine
            }
        }
        forEachByName(oe, ue, [&](const QString &name, const ProtoEnum *o, const ProtoEnum *u) {
            NameScope scope(*this, name);
            if (!u)
                add(u"ENUM_REMOVED"_s);
            else if (!o)
                add(u"ENUM_ADDED"_s);
            else
                compareEnums(*o, *u);
        });
    }

    // Calls `compare` for each name declared on either side (the original's first), with the
    // element of each side that has it, or nullptr.
    template<typename T, typename Compare>
    static void forEachByName(const QList<T> &original, const QList<T> &update, Compare compare)
    {
        QStringList names;
        for (const T &e : original)
            names << e.name;
        for (const T &e : update) {
            if (!names.contains(e.name))
                names << e.name;
        }
        const auto find = [](const QList<T> &list, const QString &name) -> const T * {
            for (const T &e : list) {
                if (e.name == name)
                    return &e;
            }
            return nullptr;
        };
        for (const QString &name : std::as_const(names))
            compare(name, find(original, name), find(update, name));
    }

    void compareEnums(const ProtoEnum &o, const ProtoEnum &u)
    {
        QMap<qint64, QString> on, un;
        for (const ProtoEnumValue &v : o.values)
            on.insert(v.number, v.name);
        for (const ProtoEnumValue &v : u.values)
            un.insert(v.number, v.name);
        for (qint64 tag : allTags(on, un)) {
            Scope scope(m_path, QString::number(tag));
            if (!un.contains(tag))
                add(u"ENUM_CONST_REMOVED"_s);
            else if (!on.contains(tag))
                add(u"ENUM_CONST_ADDED"_s);
            else if (on.value(tag) != un.value(tag))
                add(u"ENUM_CONST_CHANGED"_s);
        }
    }

    void compareMessages(const ProtoMessage &o, const ProtoMessage &u)
    {
        const MessagePair key{&o, &u};
        if (!m_state->inProgress.contains(key)) {
            m_state->inProgress.insert(key);
            compareMessageFields(o, u);
            m_state->inProgress.remove(key);
        }
        compareTypes(o.messages, o.enums, u.messages, u.enums);
    }

    void compareMessageFields(const ProtoMessage &o, const ProtoMessage &u)
    {
        FieldsByTag originalByTag = byTag(o.fields);
        const FieldsByTag updateByTag = byTag(u.fields);
        QMap<qint64, const ProtoField *> originalAll = originalByTag, updateAll = updateByTag;
        QHash<qint64, QString> originalOneofOf, updateOneofOf;
        QMap<qint64, const ProtoField *> originalOneofByTag;
        for (const ProtoOneof &oneof : o.oneofs) {
            for (const ProtoField &f : oneof.fields) {
                originalOneofByTag.insert(f.number, &f);
                originalAll.insert(f.number, &f);
                originalOneofOf.insert(f.number, oneof.name);
            }
        }
        for (const ProtoOneof &oneof : u.oneofs) {
            Scope scope(m_path, oneof.name);
            int moved = 0;
            int existing = 0;
            for (const ProtoField &f : oneof.fields) {
                updateAll.insert(f.number, &f);
                updateOneofOf.insert(f.number, oneof.name);
                if (originalByTag.remove(f.number))
                    ++moved;
                else if (originalOneofByTag.contains(f.number))
                    ++existing;
            }
            if (moved > 1)
                add(u"MULTIPLE_FIELDS_MOVED_TO_ONEOF"_s);
            else if (moved == 1 && existing > 0)
                add(u"FIELD_MOVED_TO_EXISTING_ONEOF"_s);
        }
        QSet<qint64> updateTags;
        for (auto it = updateAll.cbegin(); it != updateAll.cend(); ++it)
            updateTags.insert(it.key());
        forEachByName(o.oneofs, u.oneofs,
                      [&](const QString &name, const ProtoOneof *oo, const ProtoOneof *uo) {
                          Scope scope(m_path, name);
                          if (!uo)
                              add(u"ONEOF_REMOVED"_s);
                          else if (!oo)
                              add(u"ONEOF_ADDED"_s);
                          else
                              compareOneofs(*oo, *uo, updateTags);
                      });
        forEachTag(originalByTag, updateByTag, [&](const ProtoField *of, const ProtoField *uf) {
            if (!uf)
                add(of->label == u"required" ? u"REQUIRED_FIELD_REMOVED"_s : u"FIELD_REMOVED"_s);
            else if (!of)
                add(uf->label == u"required" ? u"REQUIRED_FIELD_ADDED"_s : u"FIELD_ADDED"_s);
            else
                compareFields(*of, *uf);
        });
        // Fields whose oneof membership changed are compared by tag across the message.
        for (auto it = originalAll.cbegin(); it != originalAll.cend(); ++it) {
            const qint64 tag = it.key();
            if (!updateAll.contains(tag))
                continue;
            const bool topLevelInBoth = !originalOneofOf.contains(tag) && !updateOneofOf.contains(tag);
            const bool sameOneof =
                originalOneofOf.contains(tag) && originalOneofOf.value(tag) == updateOneofOf.value(tag);
            if (topLevelInBoth || sameOneof)
                continue;
            Scope scope(m_path, QString::number(tag));
            compareFields(*it.value(), *updateAll.value(tag));
        }
    }

    void compareOneofs(const ProtoOneof &o, const ProtoOneof &u, const QSet<qint64> &updateTags)
    {
        forEachTag(byTag(o.fields), byTag(u.fields), [&](const ProtoField *of, const ProtoField *uf) {
            if (!uf) {
                if (!updateTags.contains(of->number))
                    add(u"ONEOF_FIELD_REMOVED"_s);
            } else if (!of) {
                add(u"ONEOF_FIELD_ADDED"_s);
            } else {
                compareFields(*of, *uf);
            }
        });
    }

    using FieldsByTag = QMap<qint64, const ProtoField *>;

    // The tags of either side, ascending.
    template<typename T>
    static QList<qint64> allTags(const QMap<qint64, T> &original, const QMap<qint64, T> &update)
    {
        QList<qint64> tags = original.keys();
        for (qint64 t : update.keys()) {
            if (!original.contains(t))
                tags << t;
        }
        std::sort(tags.begin(), tags.end());
        return tags;
    }

    static FieldsByTag byTag(const QList<ProtoField> &fields)
    {
        FieldsByTag map;
        for (const ProtoField &f : fields)
            map.insert(f.number, &f);
        return map;
    }

    // Calls `compare` for each tag of either side in ascending order, with the path scoped to the
    // tag; a side without the tag passes nullptr.
    void forEachTag(const FieldsByTag &original, const FieldsByTag &update,
                    const std::function<void(const ProtoField *, const ProtoField *)> &compare)
    {
        for (qint64 tag : allTags(original, update)) {
            Scope scope(m_path, QString::number(tag));
            compare(original.value(tag), update.value(tag));
        }
    }

    static Kind kindOf(const QString &resolvedType, bool isEnum, bool isMap)
    {
        if (isMap)
            return Kind::Map;
        if (isEnum || !resolvedType.startsWith(u'.'))
            return Kind::Scalar;
        return Kind::Message;
    }

    static QString scalarKind(const QString &type, bool isEnum)
    {
        if (isEnum)
            return u"GENERAL_NUMBER"_s;
        if (type == u"int32" || type == u"int64" || type == u"uint32" || type == u"uint64" || type == u"bool")
            return u"GENERAL_NUMBER"_s;
        if (type == u"sint32" || type == u"sint64")
            return u"SIGNED_NUMBER"_s;
        if (type == u"string" || type == u"bytes")
            return u"STRING_OR_BYTES"_s;
        if (type == u"fixed32" || type == u"sfixed32")
            return u"FIXED32"_s;
        if (type == u"fixed64" || type == u"sfixed64")
            return u"FIXED64"_s;
        return type.toUpper(); // FLOAT, DOUBLE
    }

    void compareFields(const ProtoField &o, const ProtoField &u)
    {
        if (o.name != u.name)
            add(u"FIELD_NAME_CHANGED"_s);
        const Kind ok = kindOf(o.resolvedType, o.resolvedIsEnum, o.isMap);
        const Kind uk = kindOf(u.resolvedType, u.resolvedIsEnum, u.isMap);
        if (ok != uk) {
            add(u"FIELD_KIND_CHANGED"_s);
            return;
        }
        switch (ok) {
        case Kind::Scalar:
            if (scalarKind(o.resolvedType, o.resolvedIsEnum) != scalarKind(u.resolvedType, u.resolvedIsEnum))
                add(u"FIELD_SCALAR_KIND_CHANGED"_s);
            break;
        case Kind::Map:
            if (scalarKind(o.keyType, false) != scalarKind(u.keyType, false))
                add(u"FIELD_SCALAR_KIND_CHANGED"_s);
            compareValueTypes(o, u);
            break;
        case Kind::Message:
            compareMessageTypes(o.resolvedType, u.resolvedType);
            break;
        }
    }

    void compareValueTypes(const ProtoField &o, const ProtoField &u)
    {
        const Kind ok = kindOf(o.resolvedType, o.resolvedIsEnum, false);
        const Kind uk = kindOf(u.resolvedType, u.resolvedIsEnum, false);
        if (ok != uk)
            add(u"FIELD_KIND_CHANGED"_s);
        else if (ok == Kind::Scalar &&
                 scalarKind(o.resolvedType, o.resolvedIsEnum) != scalarKind(u.resolvedType, u.resolvedIsEnum))
            add(u"FIELD_SCALAR_KIND_CHANGED"_s);
        else if (ok == Kind::Message)
            compareMessageTypes(o.resolvedType, u.resolvedType);
    }

    static QString localName(const QString &full, const QString &package)
    {
        return !package.isEmpty() && full.startsWith(package + u'.') ? full.mid(package.size() + 1) : full;
    }

    QString packageOf(const ProtobufSchema &schema, const QString &full) const
    {
        // The package is the longest prefix of the name that is not a message.
        QString prefix = full;
        while (true) {
            const qsizetype dot = prefix.lastIndexOf(u'.');
            if (dot < 0)
                return QString();
            prefix = prefix.left(dot);
            if (!schema.findMessage(prefix))
                return prefix;
        }
    }

    void compareMessageTypes(const QString &originalType, const QString &updateType)
    {
        const QString of = originalType.mid(1);
        const QString uf = updateType.mid(1);
        const ProtoMessage *om = m_original.findMessage(of);
        const ProtoMessage *um = m_update.findMessage(uf);
        const QString ol = localName(of, packageOf(m_original, of));
        const QString ul = localName(uf, packageOf(m_update, uf));
        if (!om || !um) {
            if (originalType != updateType)
                add(u"FIELD_NAMED_TYPE_CHANGED"_s); // well-known types: compare by name
            return;
        }
        if (ol != ul) {
            add(u"FIELD_NAMED_TYPE_CHANGED"_s);
            return;
        }
        const QList<ProtobufDifference> *cached =
            memoizedDifferences(m_state->memo, m_state->inProgress, MessagePair{om, um}, [&] {
                Differ s = sub();
                s.m_name = ol;
                s.m_path.clear();
                s.compareMessages(*om, *um);
                return s.differences;
            });
        if (!cached)
            return; // recursive type: compatible unless proven otherwise
        for (const ProtobufDifference &d : std::as_const(*cached))
            append(d);
        if (!std::all_of(cached->begin(), cached->end(),
                         [](const ProtobufDifference &d) { return d.compatible; }))
            add(u"FIELD_NAMED_TYPE_CHANGED"_s);
    }
};

} // namespace

QList<ProtobufDifference> protobufDifferences(const ProtobufSchema &original, const ProtobufSchema &update)
{
    DiffState state;
    Differ differ(original, update, &state);
    differ.compareFiles(original.file(), update.file());
    return differ.differences;
}

QString confluentProtobufMessage(const ProtobufDifference &d, const QString &updateLabel,
                                 const QString &originalLabel)
{
    // Which of the update's label, the path and the original's label fill %1, %2 and %3.
    enum class Args { UpdateOriginal, UpdatePathOriginal, PathUpdateOriginal, OriginalPathUpdate };
    struct Message
    {
        QLatin1StringView type;
        QLatin1StringView text;
        Args args;
    };
    static constexpr Message messages[] = {
        {"PACKAGE_CHANGED"_L1, "The package of the %1 schema does not match the package of the %2 schema"_L1,
         Args::UpdateOriginal},
        {"MESSAGE_REMOVED"_L1, "The %1 schema is missing a message at path '%2' in the %3 schema"_L1,
         Args::UpdatePathOriginal},
        {"FIELD_KIND_CHANGED"_L1,
         "The kind of a field at path '%1' in the %2 schema does not match its kind in the %3 schema"_L1,
         Args::PathUpdateOriginal},
        {"FIELD_SCALAR_KIND_CHANGED"_L1,
         "The scalar kind of a field at path '%1' in the %2 schema does not match its kind in the %3 schema"_L1,
         Args::PathUpdateOriginal},
        {"FIELD_NAMED_TYPE_CHANGED"_L1,
         "The type of a field at path '%1' in the %2 schema does not match its type in the %3 schema"_L1,
         Args::PathUpdateOriginal},
        {"REQUIRED_FIELD_ADDED"_L1,
         "The %1 schema has a new required field at path '%2' that is missing in the %3 schema"_L1,
         Args::UpdatePathOriginal},
        {"REQUIRED_FIELD_REMOVED"_L1,
         "The %1 schema is missing a required field at path '%2' in the %3 schema"_L1,
         Args::UpdatePathOriginal},
        {"ONEOF_FIELD_REMOVED"_L1, "The %1 schema is missing a oneof field at path '%2' in the %3 schema"_L1,
         Args::UpdatePathOriginal},
        {"MULTIPLE_FIELDS_MOVED_TO_ONEOF"_L1,
         "Multiple fields in the %1 schema moved into the oneof at path '%2' in the %3 schema"_L1,
         Args::OriginalPathUpdate},
        {"FIELD_MOVED_TO_EXISTING_ONEOF"_L1,
         "A field in the %1 schema moved into the existing oneof at path '%2' in the %3 schema"_L1,
         Args::OriginalPathUpdate}};
    const QString &p = d.path;
    QString text = u"%1 at path '%2'"_s.arg(d.type, p);
    for (const Message &m : messages) {
        if (d.type != m.type)
            continue;
        const QString format(m.text);
        switch (m.args) {
        case Args::UpdateOriginal:
            text = format.arg(updateLabel, originalLabel);
            break;
        case Args::UpdatePathOriginal:
            text = format.arg(updateLabel, p, originalLabel);
            break;
        case Args::PathUpdateOriginal:
            text = format.arg(p, updateLabel, originalLabel);
            break;
        case Args::OriginalPathUpdate:
            text = format.arg(originalLabel, p, updateLabel);
            break;
        }
    }
    return u"{errorType:'%1', description:'%2'}"_s.arg(d.type, text);
}

} // namespace sd::schema
