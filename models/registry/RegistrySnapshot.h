#pragma once

#include "RegistryTypes.h"
#include "TextBlocks.h"

#include <memory>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace sd::registry {

// A whole registry in memory, compact enough for 100k subjects × 3 versions: flat arrays indexed by
// int, no per-node QObject, schema texts indexed once per (context, id) and shared by every version
// that uses them, type names interned. The texts are kept compressed (TextBlocks), each with a hash
// of its text taken while it was at hand, so comparisons need not inflate them; a loader packs each
// page as it arrives, so a registry's texts are never all in memory as QString at once. Immutable
// once built; share it as std::shared_ptr<const …>.
class RegistrySnapshot
{
public:
    struct Version
    {
        int version = 0;
        int id = -1;
        int schemaIndex = -1; // into schemaText()
        int referencesBegin = 0;
        quint16 referencesCount = 0;
        quint8 typeIndex = 0; // into typeName()
        bool deleted = false;
    };
    struct Subject
    {
        QString name; // unqualified
        int context = 0;
        int versionsBegin = 0;
        int versionsCount = 0;
        bool deleted = false; // soft-deleted: every version is soft-deleted
    };
    struct Context
    {
        QString name; // "." = default
        int subjectsBegin = 0;
        int subjectsCount = 0;
    };

    // One version as the loader read it (qualified subject).
    struct Record
    {
        QString subject;
        int version = 0;
        int id = -1;
        QString schemaType;
        QString schema; // emptied by pack(): the text is then in its page's blocks
        QList<SchemaReference> references;
        bool deleted = false;
        TextBlocks::Span text = {}; // set by pack()
        quint64 textHash = 0;       // textHash(schema), set by pack()
    };
    // Records whose texts are compressed, e.g. one page of a bulk load (packed on a worker thread).
    struct Page
    {
        QList<Record> records;
        TextBlocks texts;
    };
    static Page pack(QList<Record> records);

    // Sorts and packs; `subjects` (qualified) adds subjects that have no version in the records.
    static std::shared_ptr<const RegistrySnapshot> build(const QStringList &subjects, QList<Record> records);
    static std::shared_ptr<const RegistrySnapshot> build(const QStringList &subjects, QList<Page> pages);

    // The hash a schema text is compared by (process-local: do not persist). Equal texts hash equal.
    static quint64 textHash(QStringView text) { return qHash(text, size_t(0x5d1ff5eedULL)); }

    int contextCount() const { return int(m_contexts.size()); }
    const Context &context(int index) const { return m_contexts.at(index); }
    int subjectCount() const { return int(m_subjects.size()); }
    const Subject &subject(int index) const { return m_subjects.at(index); }
    int versionCount() const { return int(m_versions.size()); }
    const Version &version(int index) const { return m_versions.at(index); }
    int schemaCount() const { return int(m_schemas.size()); }

    // Inflates the text's block (a thread reading texts in order inflates each block once).
    QString schemaText(const Version &v) const { return schemaText(v.schemaIndex); }
    QString schemaText(int schemaIndex) const;
    quint64 schemaHash(const Version &v) const;
    qint64 rawTextBytes() const { return m_texts.rawBytes(); }
    const QString &typeName(const Version &v) const { return m_typeNames.at(v.typeIndex); }
    QList<SchemaReference> references(const Version &v) const;
    QString qualifiedName(int subjectIndex) const;
    // -1 when unknown. Accepts qualified names (":.ctx:name") and plain names for the default context.
    int findSubject(const QString &qualifiedName) const;
    int findContext(const QString &contextName) const;
    // The newest version that is not soft-deleted, or -1.
    int latestLiveVersion(int subjectIndex) const;

    qsizetype approximateBytes() const;

private:
    QList<Context> m_contexts;
    QList<Subject> m_subjects;
    QList<Version> m_versions;
    struct Schema
    {
        TextBlocks::Span span;
        quint64 hash = 0;
    };
    QList<Schema> m_schemas;
    TextBlocks m_texts;
    QStringList m_typeNames;
    QList<SchemaReference> m_references;
    QHash<QString, int> m_subjectIndex; // qualified name → index
};

using SnapshotPtr = std::shared_ptr<const RegistrySnapshot>;

} // namespace sd::registry
