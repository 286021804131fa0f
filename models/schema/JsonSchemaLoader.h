#pragma once

#include "schema/JsonSchema.h"

#include <initializer_list>
#include <optional>
#include <QHash>
#include <QSet>

namespace sd::schema {

// Loads and validates the schema documents of a JsonSchema into its node graph, following $refs.
class JsonSchemaLoader
{
public:
    JsonSchemaLoader(JsonSchema &schema, QStringList documentNames);
    const JsonSchemaNode *loadRoot();
    QString error() const { return m_error; }

private:
    JsonSchema &m_schema;
    QStringList m_names; // document names: [0] empty (this schema), then the references' names
    QString m_error;
    QHash<const JsonValue *, JsonSchemaNode *> m_loaded;
    QSet<const JsonValue *> m_resolving; // $ref objects being followed (detects $ref cycles)

    void fail(const QString &message, const QString &where);
    QString where(int doc, const QString &pointer) const;
    JsonSchemaNode *newNode(JsonSchemaNode::Kind kind, const JsonValue *json, const QString &location);
    static QString escapeToken(QString token)
    {
        return token.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
    }

    // ---- $ref resolution
    static const JsonValue *followPointer(const JsonValue *root, const QString &fragment);
    static const JsonValue *findAnchor(const JsonValue &value, const QString &anchor);
    static QString lastSegment(const QString &uri);
    static QString documentId(const JsonValue &doc);
    int findDocument(const QString &base, int currentDoc) const;
    const JsonSchemaNode *resolve(const JsonValue &refObject, const QString &ref, int doc,
                                  const QString &pointer);

    // ---- keyword checks
    // Fails with "\"key\" must be <what>" at the keyword; returns false.
    bool keywordError(QAnyStringView key, const QString &what, int doc, const QString &pointer);
    // A keyword that must be of `kind` when present (`what` names it in the error); `read` gives
    // the value stored in `out`.
    template<typename T, typename Read>
    bool checkKeyword(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                      JsonValue::Kind kind, const QString &what, Read read, std::optional<T> *out);
    bool checkNonNegativeInteger(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                                 std::optional<qint64> *out = nullptr);
    bool checkNumber(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                     std::optional<double> *out, bool allowBool = false);
    bool checkString(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                     std::optional<QString> *out = nullptr);
    bool checkRegex(const QString &pattern, int doc, const QString &at);
    const JsonSchemaNode *subschema(const JsonValue &object, QAnyStringView key, int doc,
                                    const QString &pointer);
    bool schemaMap(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                   QList<std::pair<QString, const JsonSchemaNode *>> *out, bool keysAreRegex = false);
    bool schemaArray(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                     QList<const JsonSchemaNode *> *out, bool nonEmpty);
    bool stringArray(const JsonValue &v, const QString &what, int doc, const QString &at, QStringList *out);

    // ---- loading
    static bool hasAny(const JsonValue &object, std::initializer_list<QLatin1StringView> keys);
    // The values of a min/max keyword pair (checked before by validateKeywords).
    static void readRange(const JsonValue &o, QAnyStringView minKey, QAnyStringView maxKey,
                          std::optional<qint64> &min, std::optional<qint64> &max);
    bool fillString(JsonSchemaNode *n, const JsonValue &o);
    void fillNumber(JsonSchemaNode *n, const JsonValue &o, bool integer);
    // additionalProperties, additionalItems: a boolean (are more permitted?) or the schema of the rest.
    bool permitsOrSchema(const JsonValue &o, QAnyStringView key, int doc, const QString &pointer,
                         bool &permits, const JsonSchemaNode *&schema);
    bool fillObject(JsonSchemaNode *n, const JsonValue &o, int doc, const QString &pointer);
    bool fillArray(JsonSchemaNode *n, const JsonValue &o, int doc, const QString &pointer);

    // Validates the keywords of one schema object that are not tied to a type family.
    bool validateKeywords(const JsonValue &o, int doc, const QString &pointer);
    const JsonSchemaNode *load(const JsonValue &v, int doc, const QString &pointer);
    const JsonSchemaNode *loadRef(const JsonValue &v, const JsonValue &ref, int doc, const QString &pointer);
    void readAnnotations(JsonSchemaNode *node, const JsonValue &v, int doc, const QString &pointer);
    // The type families `v` applies to: its "type", or the ones its keywords imply.
    bool schemaTypes(const JsonValue &v, int doc, const QString &pointer, QStringList &types);
    bool fillTyped(JsonSchemaNode *part, const QString &type, const JsonValue &v, int doc,
                   const QString &pointer);
    // Makes `node` the allOf of its typed part, enum, const, combiners and not (or the one of them).
    bool combineParts(JsonSchemaNode *node, const QList<JsonSchemaNode *> &typed, const JsonValue &v, int doc,
                      const QString &pointer);
    JsonSchemaNode *detachTyped(const JsonSchemaNode *typed, const JsonValue &v);
    static void makeAllOf(JsonSchemaNode *node, const QList<JsonSchemaNode *> &parts);
};

} // namespace sd::schema
