// Confluent's JSON Schema compatibility rules (json/diff/SchemaDiff and friends), over our node graph.

#include "schema/JsonSchema.h"
#include "schema/SchemaDiffMemo_p.h"
#include "schema/SchemaPathScope_p.h"

#include <functional>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

const QSet<QString> &compatibleChanges()
{
    static const QSet<QString> set{
        u"ID_CHANGED"_s,
        u"DESCRIPTION_CHANGED"_s,
        u"TITLE_CHANGED"_s,
        u"DEFAULT_CHANGED"_s,
        u"SCHEMA_REMOVED"_s,
        u"TYPE_EXTENDED"_s,
        u"MAX_LENGTH_INCREASED"_s,
        u"MAX_LENGTH_REMOVED"_s,
        u"MIN_LENGTH_DECREASED"_s,
        u"MIN_LENGTH_REMOVED"_s,
        u"PATTERN_REMOVED"_s,
        u"MAXIMUM_INCREASED"_s,
        u"MAXIMUM_REMOVED"_s,
        u"MINIMUM_DECREASED"_s,
        u"MINIMUM_REMOVED"_s,
        u"EXCLUSIVE_MAXIMUM_INCREASED"_s,
        u"EXCLUSIVE_MAXIMUM_REMOVED"_s,
        u"EXCLUSIVE_MINIMUM_DECREASED"_s,
        u"EXCLUSIVE_MINIMUM_REMOVED"_s,
        u"MULTIPLE_OF_REDUCED"_s,
        u"MULTIPLE_OF_REMOVED"_s,
        u"REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"_s,
        u"REQUIRED_ATTRIBUTE_REMOVED"_s,
        u"DEPENDENCY_ARRAY_NARROWED"_s,
        u"DEPENDENCY_ARRAY_REMOVED"_s,
        u"DEPENDENCY_SCHEMA_REMOVED"_s,
        u"MAX_PROPERTIES_INCREASED"_s,
        u"MAX_PROPERTIES_REMOVED"_s,
        u"MIN_PROPERTIES_DECREASED"_s,
        u"MIN_PROPERTIES_REMOVED"_s,
        u"ADDITIONAL_PROPERTIES_ADDED"_s,
        u"ADDITIONAL_PROPERTIES_EXTENDED"_s,
        u"PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s,
        u"REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"_s,
        u"OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"_s,
        u"PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s,
        u"PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"_s,
        u"PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"MAX_ITEMS_INCREASED"_s,
        u"MAX_ITEMS_REMOVED"_s,
        u"MIN_ITEMS_DECREASED"_s,
        u"MIN_ITEMS_REMOVED"_s,
        u"UNIQUE_ITEMS_REMOVED"_s,
        u"ADDITIONAL_ITEMS_ADDED"_s,
        u"ADDITIONAL_ITEMS_EXTENDED"_s,
        u"ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s,
        u"ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"_s,
        u"ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s,
        u"ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"_s,
        u"ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"ENUM_ARRAY_EXTENDED"_s,
        u"COMBINED_TYPE_EXTENDED"_s,
        u"PRODUCT_TYPE_NARROWED"_s,
        u"SUM_TYPE_EXTENDED"_s,
        u"NOT_TYPE_NARROWED"_s,
    };
    return set;
}

using Kind = JsonSchemaNode::Kind;

using NodePair = std::pair<const JsonSchemaNode *, const JsonSchemaNode *>;

// State shared by a comparison and all its sub-comparisons.
struct DiffState
{
    QSet<NodePair> inProgress; // pairs on the stack: a pair met again is a recursive cycle
    // Results per pair with paths relative to the pair, so cross-product comparisons of combined
    // schemas in recursive definitions are computed once (Confluent memoises the same way).
    QHash<NodePair, QList<JsonSchemaDifference>> memo;
};

// One comparison of a pair of schema nodes; sub-comparisons share the DiffState.
class JsonSchemaDiffer
{
public:
    explicit JsonSchemaDiffer(DiffState *state);
    QList<JsonSchemaDifference> differences;
    JsonSchemaDiffer sub() const;
    bool isCompatible() const;
    void add(const QString &type);

    // A schema whose definitions refer to each other through several paths reports the same
    // finding once per path, which grows exponentially with depth; past this many entries only a
    // first incompatible finding is still recorded (the verdict stays right, the report bounded).
    static constexpr qsizetype maxDifferences = 1000;
    void push(const JsonSchemaDifference &d);
    void pushAll(const QList<JsonSchemaDifference> &list);
    void add(const QString &attribute, const QString &type);
    void compare(const JsonSchemaNode *original, const JsonSchemaNode *update);

private:
    void compareUncached(const JsonSchemaNode *original, const JsonSchemaNode *update);
    DiffState *m_state;
    QStringList m_path;

    using Scope = SchemaPathScope;

    template<typename T>
    void limit(const QString &attribute, const std::optional<T> &o, const std::optional<T> &u,
               const QString &prefix)
    {
        if (o == u)
            return;
        if (!o)
            add(attribute, prefix + u"_ADDED"_s);
        else if (!u)
            add(attribute, prefix + u"_REMOVED"_s);
        else if (*o < *u)
            add(attribute, prefix + u"_INCREASED"_s);
        else if (*o > *u)
            add(attribute, prefix + u"_DECREASED"_s);
    }
    void compareString(const JsonSchemaNode *o, const JsonSchemaNode *u);
    void compareNumber(const JsonSchemaNode *o, const JsonSchemaNode *u);
    static bool containsAll(const std::vector<JsonValue> &haystack, const std::vector<JsonValue> &needles);
    void compareEnum(const JsonSchemaNode *o, const JsonSchemaNode *u);
    void compareConst(const JsonSchemaNode *o, const JsonSchemaNode *u);
    void compareNot(const JsonSchemaNode *o, const JsonSchemaNode *u);
    static bool singleton(const JsonSchemaNode *n) { return n->subschemas.size() == 1; }
    void compareCombined(const JsonSchemaNode *o, const JsonSchemaNode *u);
    static bool isOpenObject(const JsonSchemaNode *n);
    static const JsonSchemaNode *partiallyOpenObject(const JsonSchemaNode *n, const QString &key);
    void compareObject(const JsonSchemaNode *o, const JsonSchemaNode *u);
    // additionalProperties / additionalItems: whether more are permitted, and the schema they must match.
    void compareAdditional(const QString &attribute, const QString &prefix, bool originalPermits,
                           bool updatePermits, const JsonSchemaNode *o, const JsonSchemaNode *u);
    void compareRequired(const JsonSchemaNode *o, const JsonSchemaNode *u);
    void compareProperties(const JsonSchemaNode *o, const JsonSchemaNode *u);
    void comparePropertyRemoved(const JsonSchemaNode *removed, const JsonSchemaNode *u, const QString &key);
    void comparePropertyAdded(const JsonSchemaNode *o, const JsonSchemaNode *u, const JsonSchemaNode *added,
                              const QString &key);
    void compareDependencies(const JsonSchemaNode *o, const JsonSchemaNode *u);
    // A property or item present on one side only, compared with the schema that covers it on the
    // other side (additionalProperties/patternProperties/additionalItems): covered or not.
    void addCoverage(const JsonSchemaNode *original, const JsonSchemaNode *update, const QString &covered,
                     const QString &notCovered);
    static bool isOpenArray(const JsonSchemaNode *n);
    void compareArray(const JsonSchemaNode *o, const JsonSchemaNode *u);
};

JsonSchemaDiffer::JsonSchemaDiffer(DiffState *state)
    : m_state(state)
{}

JsonSchemaDiffer JsonSchemaDiffer::sub() const
{
    JsonSchemaDiffer d(m_state);
    d.m_path = m_path;
    return d;
}

bool JsonSchemaDiffer::isCompatible() const
{
    for (const JsonSchemaDifference &d : differences) {
        if (!d.compatible)
            return false;
    }
    return true;
}

void JsonSchemaDiffer::add(const QString &type)
{
    push({type, u"#/"_s + m_path.join(u'/'), compatibleChanges().contains(type)});
}

void JsonSchemaDiffer::push(const JsonSchemaDifference &d)
{
    if (differences.size() >= maxDifferences && (d.compatible || !isCompatible()))
        return;
    differences.append(d);
}

void JsonSchemaDiffer::pushAll(const QList<JsonSchemaDifference> &list)
{
    for (const JsonSchemaDifference &d : list)
        push(d);
}

void JsonSchemaDiffer::add(const QString &attribute, const QString &type)
{
    m_path.append(attribute);
    add(type);
    m_path.removeLast();
}

void JsonSchemaDiffer::compare(const JsonSchemaNode *original, const JsonSchemaNode *update)
{
    if (!original && !update)
        return;
    if (!original) {
        add(u"SCHEMA_ADDED"_s);
        return;
    }
    if (!update) {
        add(u"SCHEMA_REMOVED"_s);
        return;
    }
    const NodePair key{original, update};
    const QList<JsonSchemaDifference> *cached =
        memoizedDifferences(m_state->memo, m_state->inProgress, key, [&] {
            m_state->inProgress.insert(key);
            JsonSchemaDiffer fresh(m_state);
            fresh.compareUncached(original, update);
            m_state->inProgress.remove(key);
            return fresh.differences;
        });
    if (!cached)
        return;
    const QString prefix = u"#/"_s + m_path.join(u'/');
    for (JsonSchemaDifference d : *cached) {
        if (!m_path.isEmpty())
            d.path = d.path.size() <= 2 ? prefix : prefix + u'/' + d.path.mid(2);
        push(d);
    }
}

void JsonSchemaDiffer::compareUncached(const JsonSchemaNode *original, const JsonSchemaNode *update)
{
    if (original->kind != Kind::Combined && update->kind == Kind::Combined) {
        if (update->subschemas.size() == 1) {
            JsonSchemaDiffer s = sub();
            s.compare(original, update->subschemas.first());
            if (s.isCompatible()) {
                pushAll(s.differences);
                return;
            }
        } else if (update->criterion == u"anyOf" || update->criterion == u"oneOf") {
            for (const JsonSchemaNode *subschema : update->subschemas) {
                JsonSchemaDiffer s = sub();
                s.compare(original, subschema);
                if (s.isCompatible()) {
                    pushAll(s.differences);
                    add(u"SUM_TYPE_EXTENDED"_s);
                    return;
                }
            }
        }
    } else if (original->kind == Kind::Combined && update->kind != Kind::Combined) {
        if (original->subschemas.size() == 1) {
            JsonSchemaDiffer s = sub();
            s.compare(original->subschemas.first(), update);
            if (s.isCompatible()) {
                pushAll(s.differences);
                return;
            }
        }
    }
    if (original->kind != update->kind) {
        if (original->kind == Kind::False || update->kind == Kind::Empty)
            return;
        add(u"TYPE_CHANGED"_s);
        return;
    }
    if (original->id != update->id)
        add(u"ID_CHANGED"_s);
    if (original->title != update->title)
        add(u"TITLE_CHANGED"_s);
    if (original->description != update->description)
        add(u"DESCRIPTION_CHANGED"_s);
    if (original->defaultValue != update->defaultValue)
        add(u"DEFAULT_CHANGED"_s);
    using Compare = void (JsonSchemaDiffer::*)(const JsonSchemaNode *, const JsonSchemaNode *);
    static constexpr std::pair<Kind, Compare> byKind[] = {
        {Kind::String, &JsonSchemaDiffer::compareString},
        {Kind::Number, &JsonSchemaDiffer::compareNumber},
        {Kind::Enum, &JsonSchemaDiffer::compareEnum},
        {Kind::Const, &JsonSchemaDiffer::compareConst},
        {Kind::Combined, &JsonSchemaDiffer::compareCombined},
        {Kind::Not, &JsonSchemaDiffer::compareNot},
        {Kind::Object, &JsonSchemaDiffer::compareObject},
        {Kind::Array, &JsonSchemaDiffer::compareArray}};
    for (const auto &[kind, compareKind] : byKind) {
        if (kind == original->kind)
            (this->*compareKind)(original, update);
    }
}

void JsonSchemaDiffer::compareConst(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    if (!(*o->constValue == *u->constValue))
        add(u"const"_s, u"ENUM_ARRAY_CHANGED"_s);
}

void JsonSchemaDiffer::compareString(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    limit(u"maxLength"_s, o->maxLength, u->maxLength, u"MAX_LENGTH"_s);
    limit(u"minLength"_s, o->minLength, u->minLength, u"MIN_LENGTH"_s);
    if (o->pattern != u->pattern) {
        if (!o->pattern)
            add(u"pattern"_s, u"PATTERN_ADDED"_s);
        else if (!u->pattern)
            add(u"pattern"_s, u"PATTERN_REMOVED"_s);
        else
            add(u"pattern"_s, u"PATTERN_CHANGED"_s);
    }
}

void JsonSchemaDiffer::compareNumber(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    limit(u"maximum"_s, o->maximum, u->maximum, u"MAXIMUM"_s);
    limit(u"minimum"_s, o->minimum, u->minimum, u"MINIMUM"_s);
    limit(u"exclusiveMaximum"_s, o->exclusiveMaximum, u->exclusiveMaximum, u"EXCLUSIVE_MAXIMUM"_s);
    limit(u"exclusiveMinimum"_s, o->exclusiveMinimum, u->exclusiveMinimum, u"EXCLUSIVE_MINIMUM"_s);
    if (o->multipleOf != u->multipleOf) {
        if (!o->multipleOf) {
            add(u"multipleOf"_s, u"MULTIPLE_OF_ADDED"_s);
        } else if (!u->multipleOf) {
            add(u"multipleOf"_s, u"MULTIPLE_OF_REMOVED"_s);
        } else {
            auto isMultiple = [](double a, double b) {
                const double q = a / b;
                return std::fabs(q - std::round(q)) < 1e-9;
            };
            if (isMultiple(*o->multipleOf, *u->multipleOf))
                add(u"multipleOf"_s, u"MULTIPLE_OF_REDUCED"_s);
            else if (isMultiple(*u->multipleOf, *o->multipleOf))
                add(u"multipleOf"_s, u"MULTIPLE_OF_EXPANDED"_s);
            else
                add(u"multipleOf"_s, u"MULTIPLE_OF_CHANGED"_s);
        }
    }
    if (o->requiresInteger != u->requiresInteger)
        add(u"type"_s, o->requiresInteger ? u"TYPE_EXTENDED"_s : u"TYPE_NARROWED"_s);
}

bool JsonSchemaDiffer::containsAll(const std::vector<JsonValue> &haystack,
                                   const std::vector<JsonValue> &needles)
{
    for (const JsonValue &n : needles) {
        if (std::find(haystack.begin(), haystack.end(), n) == haystack.end())
            return false;
    }
    return true;
}

void JsonSchemaDiffer::compareEnum(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    const bool extended = containsAll(u->enumValues, o->enumValues);
    const bool narrowed = containsAll(o->enumValues, u->enumValues);
    if (extended && narrowed)
        return;
    if (extended)
        add(u"enum"_s, u"ENUM_ARRAY_EXTENDED"_s);
    else if (narrowed)
        add(u"enum"_s, u"ENUM_ARRAY_NARROWED"_s);
    else
        add(u"enum"_s, u"ENUM_ARRAY_CHANGED"_s);
}

void JsonSchemaDiffer::compareNot(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    Scope scope(m_path, u"not"_s);
    JsonSchemaDiffer s = sub();
    s.compare(u->notSchema, o->notSchema);
    if (s.isCompatible()) {
        if (!s.differences.isEmpty())
            add(u"NOT_TYPE_NARROWED"_s);
    } else {
        add(u"NOT_TYPE_EXTENDED"_s);
    }
}

void JsonSchemaDiffer::compareCombined(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    if (o->criterion != u->criterion) {
        QString type;
        if (u->criterion == u"anyOf")
            type = u"COMBINED_TYPE_EXTENDED"_s;
        else if (u->criterion == u"oneOf")
            type = singleton(o) ? u"COMBINED_TYPE_EXTENDED"_s : u"COMBINED_TYPE_CHANGED"_s;
        else
            type = singleton(o) && singleton(u) ? u"COMBINED_TYPE_EXTENDED"_s : u"COMBINED_TYPE_CHANGED"_s;
        add(type);
        if (type == u"COMBINED_TYPE_CHANGED")
            return;
    }
    QList<const JsonSchemaNode *> os;
    QList<const JsonSchemaNode *> us;
    for (const JsonSchemaNode *n : o->subschemas) {
        if (!os.contains(n))
            os << n;
    }
    for (const JsonSchemaNode *n : u->subschemas) {
        if (!us.contains(n))
            us << n;
    }
    const bool all = u->criterion == u"allOf";
    if (os.size() < us.size())
        add(all ? u"PRODUCT_TYPE_EXTENDED"_s : u"SUM_TYPE_EXTENDED"_s);
    else if (os.size() > us.size())
        add(all ? u"PRODUCT_TYPE_NARROWED"_s : u"SUM_TYPE_NARROWED"_s);

    // Compatible pairs, then a maximum matching (Kuhn's augmenting paths).
    QList<QList<int>> edges(os.size());
    QHash<std::pair<int, int>, QList<JsonSchemaDifference>> edgeDiffs;
    for (qsizetype i = 0; i < os.size(); ++i) {
        Scope scope(m_path, o->criterion + u'/' + QString::number(i));
        for (qsizetype j = 0; j < us.size(); ++j) {
            JsonSchemaDiffer s = sub();
            s.compare(os[i], us[j]);
            if (s.isCompatible()) {
                edges[i] << int(j);
                edgeDiffs.insert({int(i), int(j)}, s.differences);
            }
        }
    }
    QList<int> matchOfUpdate(us.size(), -1);
    std::function<bool(int, QList<bool> &)> augment = [&](int i, QList<bool> &seen) {
        for (int j : edges[i]) {
            if (seen[j])
                continue;
            seen[j] = true;
            if (matchOfUpdate[j] < 0 || augment(matchOfUpdate[j], seen)) {
                matchOfUpdate[j] = i;
                return true;
            }
        }
        return false;
    };
    int matched = 0;
    for (int i = 0; i < int(os.size()); ++i) {
        QList<bool> seen(us.size(), false);
        if (augment(i, seen))
            ++matched;
    }
    for (int j = 0; j < int(us.size()); ++j) {
        if (matchOfUpdate[j] >= 0)
            pushAll(edgeDiffs.value({matchOfUpdate[j], j}));
    }
    if (matched < std::min(os.size(), us.size()))
        add(u"COMBINED_TYPE_SUBSCHEMAS_CHANGED"_s);
}

bool JsonSchemaDiffer::isOpenObject(const JsonSchemaNode *n)
{
    return n->patternProperties.isEmpty() && !n->additionalProperties && n->permitsAdditionalProperties;
}

const JsonSchemaNode *JsonSchemaDiffer::partiallyOpenObject(const JsonSchemaNode *n, const QString &key)
{
    for (const auto &[pattern, schema] : n->patternProperties) {
        if (QRegularExpression(pattern).match(key).hasMatch())
            return schema;
    }
    return n->additionalProperties;
}

void JsonSchemaDiffer::compareObject(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    compareRequired(o, u);
    compareProperties(o, u);
    compareDependencies(o, u);
    compareAdditional(u"additionalProperties"_s, u"ADDITIONAL_PROPERTIES"_s, o->permitsAdditionalProperties,
                      u->permitsAdditionalProperties, o->additionalProperties, u->additionalProperties);
    limit(u"maxProperties"_s, o->maxProperties, u->maxProperties, u"MAX_PROPERTIES"_s);
    limit(u"minProperties"_s, o->minProperties, u->minProperties, u"MIN_PROPERTIES"_s);
}

void JsonSchemaDiffer::compareAdditional(const QString &attribute, const QString &prefix,
                                         bool originalPermits, bool updatePermits, const JsonSchemaNode *o,
                                         const JsonSchemaNode *u)
{
    Scope scope(m_path, attribute);
    if (originalPermits != updatePermits)
        add(updatePermits ? prefix + u"_ADDED"_s : prefix + u"_REMOVED"_s);
    else if (!o && u)
        add(prefix + u"_NARROWED"_s);
    else if (!u && o)
        add(prefix + u"_EXTENDED"_s);
    else
        compare(o, u);
}

void JsonSchemaDiffer::compareRequired(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    Scope scope(m_path, u"required"_s);
    for (const auto &[key, schema] : o->properties) {
        Q_UNUSED(schema);
        const JsonSchemaNode *updateSchema = u->property(key);
        if (!updateSchema)
            continue;
        Scope inner(m_path, key);
        const bool wasRequired = o->isRequired(key);
        const bool isRequired = u->isRequired(key);
        if (wasRequired && !isRequired)
            add(u"REQUIRED_ATTRIBUTE_REMOVED"_s);
        else if (!wasRequired && isRequired)
            add(updateSchema->defaultValue ? u"REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"_s
                                           : u"REQUIRED_ATTRIBUTE_ADDED"_s);
    }
}

void JsonSchemaDiffer::compareProperties(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    Scope scope(m_path, u"properties"_s);
    QStringList keys;
    for (const auto &p : o->properties)
        keys << p.first;
    for (const auto &p : u->properties) {
        if (!o->property(p.first))
            keys << p.first;
    }
    for (const QString &key : std::as_const(keys)) {
        Scope inner(m_path, key);
        const JsonSchemaNode *os = o->property(key);
        const JsonSchemaNode *us = u->property(key);
        if (!us)
            comparePropertyRemoved(os, u, key);
        else if (!os)
            comparePropertyAdded(o, u, us, key);
        else
            compare(os, us);
    }
}

void JsonSchemaDiffer::comparePropertyRemoved(const JsonSchemaNode *removed, const JsonSchemaNode *u,
                                              const QString &key)
{
    if (isOpenObject(u)) {
        add(u"PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"_s);
    } else if (const JsonSchemaNode *partial = partiallyOpenObject(u, key)) {
        addCoverage(removed, partial, u"PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
                    u"PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
    } else {
        add(removed->kind == Kind::False ? u"PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s
                                         : u"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s);
    }
}

void JsonSchemaDiffer::comparePropertyAdded(const JsonSchemaNode *o, const JsonSchemaNode *u,
                                            const JsonSchemaNode *added, const QString &key)
{
    if (isOpenObject(o)) {
        add(added->kind == Kind::Empty ? u"PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s
                                       : u"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"_s);
        return;
    }
    if (const JsonSchemaNode *partial = partiallyOpenObject(o, key))
        addCoverage(partial, added, u"PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
                    u"PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
    if (u->isRequired(key)) {
        add(added->defaultValue ? u"REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"_s
                                : u"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"_s);
    } else {
        add(u"OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"_s);
    }
}

void JsonSchemaDiffer::addCoverage(const JsonSchemaNode *original, const JsonSchemaNode *update,
                                   const QString &covered, const QString &notCovered)
{
    JsonSchemaDiffer s = sub();
    s.compare(original, update);
    pushAll(s.differences);
    add(s.isCompatible() ? covered : notCovered);
}

void JsonSchemaDiffer::compareDependencies(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    Scope scope(m_path, u"dependencies"_s);
    QStringList keys = o->propertyDependencies.keys();
    for (const QString &k : u->propertyDependencies.keys()) {
        if (!keys.contains(k))
            keys << k;
    }
    for (const QString &key : std::as_const(keys)) {
        Scope inner(m_path, key);
        const auto od = o->propertyDependencies.constFind(key);
        const auto ud = u->propertyDependencies.constFind(key);
        if (ud == u->propertyDependencies.constEnd()) {
            add(u"DEPENDENCY_ARRAY_REMOVED"_s);
        } else if (od == o->propertyDependencies.constEnd()) {
            add(u"DEPENDENCY_ARRAY_ADDED"_s);
        } else {
            const QSet<QString> a(od->begin(), od->end());
            const QSet<QString> b(ud->begin(), ud->end());
            if (a != b) {
                if (b.contains(a))
                    add(u"DEPENDENCY_ARRAY_EXTENDED"_s);
                else if (a.contains(b))
                    add(u"DEPENDENCY_ARRAY_NARROWED"_s);
                else
                    add(u"DEPENDENCY_ARRAY_CHANGED"_s);
            }
        }
    }
    keys = o->schemaDependencies.keys();
    for (const QString &k : u->schemaDependencies.keys()) {
        if (!keys.contains(k))
            keys << k;
    }
    for (const QString &key : std::as_const(keys)) {
        Scope inner(m_path, key);
        const JsonSchemaNode *os = o->schemaDependencies.value(key);
        const JsonSchemaNode *us = u->schemaDependencies.value(key);
        if (!us)
            add(u"DEPENDENCY_SCHEMA_REMOVED"_s);
        else if (!os)
            add(u"DEPENDENCY_SCHEMA_ADDED"_s);
        else
            compare(os, us);
    }
}

bool JsonSchemaDiffer::isOpenArray(const JsonSchemaNode *n)
{
    return n->permitsAdditionalItems && !n->additionalItems;
}

void JsonSchemaDiffer::compareArray(const JsonSchemaNode *o, const JsonSchemaNode *u)
{
    {
        Scope scope(m_path, u"items"_s);
        compare(o->allItems, u->allItems);
    }
    const qsizetype common = std::min(o->itemSchemas.size(), u->itemSchemas.size());
    for (qsizetype i = 0; i < common; ++i) {
        Scope scope(m_path, u"items/"_s + QString::number(i));
        compare(o->itemSchemas[i], u->itemSchemas[i]);
    }
    for (qsizetype i = common; i < o->itemSchemas.size(); ++i) {
        Scope scope(m_path, u"items/"_s + QString::number(i));
        if (isOpenArray(u)) {
            add(u"ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"_s);
        } else if (u->additionalItems) {
            addCoverage(o->itemSchemas[i], u->additionalItems,
                        u"ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
                        u"ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
        } else {
            add(o->itemSchemas[i]->kind == Kind::False
                    ? u"ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s
                    : u"ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s);
        }
    }
    for (qsizetype i = common; i < u->itemSchemas.size(); ++i) {
        Scope scope(m_path, u"items/"_s + QString::number(i));
        if (isOpenArray(o)) {
            add(u->itemSchemas[i]->kind == Kind::Empty
                    ? u"ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s
                    : u"ITEM_ADDED_TO_OPEN_CONTENT_MODEL"_s);
        } else if (o->additionalItems) {
            addCoverage(o->additionalItems, u->itemSchemas[i],
                        u"ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
                        u"ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
        } else {
            add(u"ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"_s);
        }
    }
    compareAdditional(u"additionalItems"_s, u"ADDITIONAL_ITEMS"_s, o->permitsAdditionalItems,
                      u->permitsAdditionalItems, o->additionalItems, u->additionalItems);
    limit(u"maxItems"_s, o->maxItems, u->maxItems, u"MAX_ITEMS"_s);
    limit(u"minItems"_s, o->minItems, u->minItems, u"MIN_ITEMS"_s);
    if (o->uniqueItems != u->uniqueItems)
        add(u"uniqueItems"_s, o->uniqueItems ? u"UNIQUE_ITEMS_REMOVED"_s : u"UNIQUE_ITEMS_ADDED"_s);
}

} // namespace

QList<JsonSchemaDifference> jsonSchemaDifferences(const JsonSchema &original, const JsonSchema &update)
{
    DiffState state;
    JsonSchemaDiffer differ(&state);
    differ.compare(original.root(), update.root());
    return differ.differences;
}

QString confluentJsonSchemaMessage(const JsonSchemaDifference &difference, const QString &updateLabel,
                                   const QString &originalLabel)
{
    // Confluent's description per difference type. The path is the quoted placeholder ('%1' or
    // '%2'); the update's label comes before the original's.
    struct Description
    {
        QStringList types;
        QString text;
    };
    static const Description descriptions[] = {
        {{u"MAXIMUM_ADDED"_s, u"MINIMUM_ADDED"_s, u"EXCLUSIVE_MAXIMUM_ADDED"_s, u"EXCLUSIVE_MINIMUM_ADDED"_s,
          u"MULTIPLE_OF_ADDED"_s, u"MAX_LENGTH_ADDED"_s, u"MIN_LENGTH_ADDED"_s, u"PATTERN_ADDED"_s,
          u"REQUIRED_ATTRIBUTE_ADDED"_s, u"MAX_PROPERTIES_ADDED"_s, u"MIN_PROPERTIES_ADDED"_s,
          u"DEPENDENCY_ARRAY_ADDED"_s, u"DEPENDENCY_SCHEMA_ADDED"_s, u"MAX_ITEMS_ADDED"_s,
          u"MIN_ITEMS_ADDED"_s, u"UNIQUE_ITEMS_ADDED"_s, u"ADDITIONAL_ITEMS_REMOVED"_s,
          u"ADDITIONAL_PROPERTIES_REMOVED"_s},
         u"The keyword at path '%1' in the %2 schema is not present in the %3 schema"_s},
        {{u"MIN_LENGTH_INCREASED"_s, u"MINIMUM_INCREASED"_s, u"EXCLUSIVE_MINIMUM_INCREASED"_s,
          u"MIN_PROPERTIES_INCREASED"_s, u"MULTIPLE_OF_EXPANDED"_s, u"MIN_ITEMS_INCREASED"_s},
         u"The value at path '%1' in the %2 schema is more than its value in the %3 schema"_s},
        {{u"MAX_LENGTH_DECREASED"_s, u"MAXIMUM_DECREASED"_s, u"MAX_ITEMS_DECREASED"_s,
          u"EXCLUSIVE_MAXIMUM_DECREASED"_s, u"MAX_PROPERTIES_DECREASED"_s},
         u"The value at path '%1' in the %2 schema is less than its value in the %3 schema"_s},
        {{u"PATTERN_CHANGED"_s, u"MULTIPLE_OF_CHANGED"_s, u"DEPENDENCY_ARRAY_CHANGED"_s},
         u"The value at path '%1' is different between the %2 and %3 schema"_s},
        {{u"ADDITIONAL_ITEMS_NARROWED"_s, u"ENUM_ARRAY_NARROWED"_s, u"SUM_TYPE_NARROWED"_s,
          u"ADDITIONAL_PROPERTIES_NARROWED"_s},
         u"An array or combined type at path '%1' has fewer elements in the %2 schema than the %3 schema"_s},
        {{u"DEPENDENCY_ARRAY_EXTENDED"_s, u"PRODUCT_TYPE_EXTENDED"_s, u"SUM_TYPE_EXTENDED"_s,
          u"NOT_TYPE_EXTENDED"_s},
         u"An array or combined type at path '%1' has more elements in the %2 schema than the %3 schema"_s},
        {{u"TYPE_CHANGED"_s, u"TYPE_NARROWED"_s, u"COMBINED_TYPE_CHANGED"_s,
          u"COMBINED_TYPE_SUBSCHEMAS_CHANGED"_s, u"ENUM_ARRAY_CHANGED"_s},
         u"A type at path '%1' is different between the %2 schema and the %3 schema"_s},
        {{u"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"_s, u"ITEM_ADDED_TO_OPEN_CONTENT_MODEL"_s},
         u"The %1 schema has an open content model and has a property or item at path '%2' which is missing in the %3 schema"_s},
        {{u"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"_s},
         u"The %1 schema has an unopen content model and has a required property at path '%2' which is missing in the %3 schema"_s},
        {{u"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s, u"ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s},
         u"The %1 schema has a closed content model and is missing a property or item present at path '%2' in the %3 schema"_s},
        {{u"PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
          u"ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s},
         u"A property or item is missing in the %1 schema but present at path '%2' in the %3 schema and is not covered by its partially open content model"_s},
        {{u"PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
          u"ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s},
         u"The %1 schema has a property or item at path '%2' which is missing in the %3 schema and is not covered by its partially open content model"_s},
        {{u"SCHEMA_ADDED"_s},
         u"A schema at path '%1' is present in the %2 schema but not in the %3 schema"_s}};
    const QString &t = difference.type;
    const QString &p = difference.path;
    QString d;
    for (const Description &description : descriptions) {
        if (!description.types.contains(t))
            continue;
        d = description.text.contains(u"'%1'"_s) ? description.text.arg(p, updateLabel, originalLabel)
                                                 : description.text.arg(updateLabel, p, originalLabel);
        break;
    }
    return u"{errorType:\"%1\", description:\"%2\"}"_s.arg(t, d);
}

} // namespace sd::schema
