// Avro schema resolution, ported from Java Avro's SchemaCompatibility (the checker Confluent uses):
// the same traversal, memoisation and locations, so messages match the real registry's.

#include "schema/AvroSchema.h"

#include <algorithm>
#include <QHash>
#include <utility>

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

QString javaTypeName(AvroType type)
{
    return avroTypeName(type).toUpper();
}

class ReaderWriterChecker
{
public:
    QList<AvroIncompatibility> check(const AvroNode *reader, const AvroNode *writer)
    {
        return compatibility(reader, writer);
    }

private:
    struct Entry
    {
        bool inProgress = true;
        QList<AvroIncompatibility> result;
    };
    QHash<std::pair<const AvroNode *, const AvroNode *>, Entry> m_memo;

    // A fresh location stack, as Java's two-argument getCompatibility does.
    QList<AvroIncompatibility> compatibility(const AvroNode *reader, const AvroNode *writer)
    {
        QStringList location;
        return compatibility(QString(), reader, writer, location);
    }

    QList<AvroIncompatibility> compatibility(const QString &token, const AvroNode *reader,
                                             const AvroNode *writer, QStringList &location)
    {
        location.append(token);
        const auto key = std::make_pair(reader, writer);
        QList<AvroIncompatibility> result;
        const auto it = m_memo.constFind(key);
        if (it != m_memo.constEnd()) {
            // A pair being checked further up is compatible unless proven otherwise (recursion).
            if (!it->inProgress)
                result = it->result;
        } else {
            m_memo.insert(key, Entry{});
            result = calculate(reader, writer, location);
            m_memo.insert(key, Entry{false, result});
        }
        location.removeLast();
        return result;
    }

    // Memoised results are reused wherever the same pair of types appears again, so identical
    // entries would double at every level of a chain of records; each is kept once. (Java Avro
    // repeats them; the report says the same thing either way.)
    static void merge(QList<AvroIncompatibility> &into, const QList<AvroIncompatibility> &from)
    {
        for (const AvroIncompatibility &i : from) {
            const bool known = std::any_of(into.cbegin(), into.cend(), [&i](const AvroIncompatibility &o) {
                return o.type == i.type && o.location == i.location && o.message == i.message;
            });
            if (!known)
                into.append(i);
        }
    }

    static AvroIncompatibility incompatible(const QString &type, const QString &message,
                                            const QStringList &location)
    {
        QString pointer = u"/"_s;
        for (qsizetype i = 1; i < location.size(); ++i) {
            if (i > 1)
                pointer.append(u'/');
            QString token = location[i];
            token.replace(u'~', u"~0"_s).replace(u'/', u"~1"_s);
            pointer.append(token);
        }
        return AvroIncompatibility{type, pointer, message};
    }

    static QList<AvroIncompatibility> typeMismatch(const AvroNode *reader, const AvroNode *writer,
                                                   const QStringList &location)
    {
        return {incompatible(u"TYPE_MISMATCH"_s,
                             u"reader type: %1 not compatible with writer type: %2"_s.arg(
                                 javaTypeName(reader->type), javaTypeName(writer->type)),
                             location)};
    }

    QList<AvroIncompatibility> calculate(const AvroNode *reader, const AvroNode *writer,
                                         QStringList &location)
    {
        QList<AvroIncompatibility> result;
        if (reader->type == writer->type) {
            switch (reader->type) {
            case AvroType::Array:
                return compatibility(u"items"_s, reader->items, writer->items, location);
            case AvroType::Map:
                return compatibility(u"values"_s, reader->values, writer->values, location);
            case AvroType::Fixed:
                result << checkNames(reader, writer, location);
                result << checkFixedSize(reader, writer, location);
                return result;
            case AvroType::Enum:
                result << checkNames(reader, writer, location);
                result << checkEnumSymbols(reader, writer, location);
                return result;
            case AvroType::Record:
                result << checkNames(reader, writer, location);
                result << checkRecordFields(reader, writer, location);
                return result;
            case AvroType::Union: {
                int i = 0;
                for (const AvroNode *writerBranch : writer->branches) {
                    location.append(QString::number(i));
                    if (!compatibility(reader, writerBranch).isEmpty()) {
                        result << incompatible(
                            u"MISSING_UNION_BRANCH"_s,
                            u"reader union lacking writer type: %1"_s.arg(javaTypeName(writerBranch->type)),
                            location);
                    }
                    location.removeLast();
                    ++i;
                }
                return result;
            }
            default:
                return result; // identical primitives
            }
        }

        // A reader compatible with every branch of a writer union is compatible.
        if (writer->type == AvroType::Union) {
            for (const AvroNode *branch : writer->branches)
                merge(result, compatibility(reader, branch));
            return result;
        }

        const AvroType w = writer->type;
        switch (reader->type) {
        case AvroType::Long:
            return w == AvroType::Int ? result : typeMismatch(reader, writer, location);
        case AvroType::Float:
            return (w == AvroType::Int || w == AvroType::Long) ? result
                                                               : typeMismatch(reader, writer, location);
        case AvroType::Double:
            return (w == AvroType::Int || w == AvroType::Long || w == AvroType::Float)
                       ? result
                       : typeMismatch(reader, writer, location);
        case AvroType::Bytes:
            return w == AvroType::String ? result : typeMismatch(reader, writer, location);
        case AvroType::String:
            return w == AvroType::Bytes ? result : typeMismatch(reader, writer, location);
        case AvroType::Union: {
            for (const AvroNode *readerBranch : reader->branches) {
                if (compatibility(readerBranch, writer).isEmpty())
                    return result;
            }
            return {incompatible(u"MISSING_UNION_BRANCH"_s,
                                 u"reader union lacking writer type: %1"_s.arg(javaTypeName(writer->type)),
                                 location)};
        }
        default:
            return typeMismatch(reader, writer, location);
        }
    }

    QList<AvroIncompatibility> checkRecordFields(const AvroNode *reader, const AvroNode *writer,
                                                 QStringList &location)
    {
        QList<AvroIncompatibility> result;
        location.append(u"fields"_s);
        for (const AvroField &readerField : reader->fields) {
            location.append(QString::number(readerField.position));
            // Writer field by name, then by the reader field's aliases.
            QList<const AvroField *> matches;
            if (const AvroField *direct = writer->field(readerField.name))
                matches << direct;
            for (const QString &alias : readerField.aliases) {
                if (const AvroField *viaAlias = writer->field(alias))
                    matches << viaAlias;
            }
            if (matches.size() > 1) {
                // Java throws here; Confluent reports the exception text.
                result << AvroIncompatibility{
                    u"UNEXPECTED_EXCEPTION"_s, QString(),
                    u"Reader record field %1 matches multiple fields in writer record schema %2"_s.arg(
                        readerField.name, writer->fullName())};
            } else if (matches.isEmpty()) {
                if (!readerField.defaultValue) {
                    if (readerField.type->type == AvroType::Enum && readerField.type->enumDefault) {
                        merge(result, compatibility(u"type"_s, readerField.type, writer, location));
                    } else {
                        result << incompatible(u"READER_FIELD_MISSING_DEFAULT_VALUE"_s, readerField.name,
                                               location);
                    }
                }
            } else {
                merge(result, compatibility(u"type"_s, readerField.type, matches.first()->type, location));
            }
            location.removeLast();
        }
        location.removeLast();
        return result;
    }

    static QList<AvroIncompatibility> checkEnumSymbols(const AvroNode *reader, const AvroNode *writer,
                                                       QStringList &location)
    {
        location.append(u"symbols"_s);
        QStringList missing;
        for (const QString &symbol : writer->symbols) {
            if (!reader->symbols.contains(symbol))
                missing << symbol;
        }
        QList<AvroIncompatibility> result;
        if (!missing.isEmpty() && !(reader->enumDefault && reader->symbols.contains(*reader->enumDefault))) {
            std::sort(missing.begin(), missing.end()); // Java's TreeSet
            result << incompatible(u"MISSING_ENUM_SYMBOLS"_s, u"[%1]"_s.arg(missing.join(u", "_s)), location);
        }
        location.removeLast();
        return result;
    }

    static QList<AvroIncompatibility> checkFixedSize(const AvroNode *reader, const AvroNode *writer,
                                                     QStringList &location)
    {
        return mismatchAt(location, u"size"_s, reader->size != writer->size, u"FIXED_SIZE_MISMATCH"_s,
                          u"expected: %1, found: %2"_s.arg(writer->size).arg(reader->size));
    }

    static QList<AvroIncompatibility> checkNames(const AvroNode *reader, const AvroNode *writer,
                                                 QStringList &location)
    {
        // Java compares the simple names, then the reader's aliases against the writer's full name.
        return mismatchAt(location, u"name"_s,
                          reader->name != writer->name && !reader->aliases.contains(writer->fullName()),
                          u"NAME_MISMATCH"_s, u"expected: %1"_s.arg(writer->fullName()));
    }

    // One incompatibility at `location` + `token` if `mismatch`, else none.
    static QList<AvroIncompatibility> mismatchAt(QStringList &location, const QString &token, bool mismatch,
                                                 const QString &type, const QString &message)
    {
        if (!mismatch)
            return {};
        location.append(token);
        QList<AvroIncompatibility> result{incompatible(type, message, location)};
        location.removeLast();
        return result;
    }
};

} // namespace

QList<AvroIncompatibility> avroReaderWriterIncompatibilities(const AvroNode *reader, const AvroNode *writer)
{
    return ReaderWriterChecker().check(reader, writer);
}

QString confluentAvroMessage(const AvroIncompatibility &incompatibility, const QString &readerLabel,
                             const QString &writerLabel)
{
    const QString &type = incompatibility.type;
    const QString &path = incompatibility.location;
    if (type == u"UNEXPECTED_EXCEPTION")
        return u"Unexpected exception during compatibility check: "_s + incompatibility.message;
    QString description;
    if (type == u"FIXED_SIZE_MISMATCH") {
        description =
            u"The size of FIXED type field at path '%1' in the %2 schema does not match with the %3 schema"_s
                .arg(path, readerLabel, writerLabel);
    } else if (type == u"TYPE_MISMATCH") {
        description =
            u"The type (path '%1') of a field in the %2 schema does not match with the %3 schema"_s.arg(
                path, readerLabel, writerLabel);
    } else if (type == u"NAME_MISMATCH") {
        description = u"The name of the schema has changed (path '%1')"_s.arg(path);
    } else if (type == u"MISSING_ENUM_SYMBOLS") {
        description = u"The %1 schema is missing enum symbols '%2' at path '%3' in the %4 schema"_s.arg(
            readerLabel, incompatibility.message, path, writerLabel);
    } else if (type == u"MISSING_UNION_BRANCH") {
        description =
            u"The %1 schema is missing a type inside a union field at path '%2' in the %3 schema"_s.arg(
                readerLabel, path, writerLabel);
    } else if (type == u"READER_FIELD_MISSING_DEFAULT_VALUE") {
        description =
            u"The field '%1' at path '%2' in the %3 schema has no default value and is missing in the %4 schema"_s
                .arg(incompatibility.message, path, readerLabel, writerLabel);
    }
    return u"{errorType:'%1', description:'%2', additionalInfo:'%3'}"_s.arg(type, description,
                                                                            incompatibility.message);
}

} // namespace sd::schema
