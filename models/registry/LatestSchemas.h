#pragma once

#include "TextBlocks.h"

#include <functional>
#include <memory>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace sd::registry {

// The newest schema text of each subject of a registry, kept compressed. The tree's load reads every
// version's text anyway (GET /schemas pages carry them), so keeping the newest costs no request; as
// QString they would be the biggest thing in memory (100k subjects × ~1.9k characters ≈ 370 MiB), so
// they are stored as UTF-8 in zlib blocks of ~64 KiB (TextBlocks) and a text is inflated when asked
// for (one block, a fraction of a millisecond). "Newest" is the newest live version; a subject whose
// versions are all soft-deleted keeps its newest deleted one, marked. Immutable once published: share it as
// std::shared_ptr<const LatestSchemas>; updates make a new one (copy-on-write of the index only).
class LatestSchemas
{
public:
    struct Entry
    {
        QString subject; // qualified
        int version = 0;
        int id = -1;
        QString schemaType;
        bool deleted = false;
        bool removed = false; // the subject is gone (hard-deleted since the load)
        int block = -1;
        int offset = 0; // UTF-8 bytes into the inflated block
        int size = 0;
    };

    // One page's candidates, gathered and compressed on a worker thread.
    class Chunk
    {
    public:
        // Rows in any order; per subject the newest live version wins (the newest deleted one if none).
        void add(const QString &subject, int version, int id, const QString &schemaType, bool deleted,
                 const QString &text);
        // The same with the text left where it is: finish() asks for the winners' texts by `row`, so
        // the others are never converted. A chunk uses either add() or offer().
        void offer(qsizetype row, const QString &subject, int version, int id, const QString &schemaType,
                   bool deleted);
        // Compresses the winners' texts (offered ones from `textOf`); entries' blocks are relative to
        // this chunk until appended.
        void finish(const std::function<QString(qsizetype row)> &textOf = {});
        bool isEmpty() const { return m_entries.isEmpty(); }

    private:
        friend class LatestSchemas;
        QList<Entry> m_entries;
        QList<qsizetype> m_rows;   // per entry, the row it came from
        QList<QString> m_rowTexts; // by row, for add()
        QHash<QString, int> m_index;
        TextBlocks m_blocks;
    };

    // Adds a chunk; a subject already present (it straddled two pages) keeps the better version.
    void append(Chunk &&chunk);
    // A copy with one subject's versions replaced (after a register or a delete): `versions` is every
    // version the registry now has for it; none removes the subject.
    struct Version
    {
        int version = 0;
        int id = -1;
        QString schemaType;
        bool deleted = false;
        QString text;
    };
    std::shared_ptr<const LatestSchemas> withSubject(const QString &subject,
                                                     const QList<Version> &versions) const;

    int size() const { return int(m_entries.size()); }
    const Entry &entry(int index) const { return m_entries.at(index); }
    int find(const QString &qualifiedSubject) const { return m_index.value(qualifiedSubject, -1); }
    QString text(int index) const; // inflates the entry's block

    qint64 rawBytes() const { return m_texts.rawBytes(); }               // the texts as UTF-8
    qint64 compressedBytes() const { return m_texts.compressedBytes(); } // what is held for them
    qsizetype approximateBytes() const;                                  // blocks + entries + index

    // Reads many texts in order, inflating each block once.
    class Reader
    {
    public:
        explicit Reader(const LatestSchemas &store)
            : m_store(store)
            , m_reader(store.m_texts)
        {}
        QString text(int index);
        // The text as stored (UTF-8), valid until the next call.
        QByteArrayView utf8(int index);

    private:
        const LatestSchemas &m_store;
        TextBlocks::Reader m_reader;
    };

    // Which of two versions of a subject is kept: a live one over a soft-deleted one, then the newer.
    static bool isPreferred(int version, bool deleted, int otherVersion, bool otherDeleted)
    {
        if (deleted != otherDeleted)
            return !deleted;
        return version > otherVersion;
    }

private:
    // Takes over a finished chunk's blocks; returns the index its block 0 now has.
    int adoptBlocks(const Chunk &chunk);
    static bool better(const Entry &candidate, const Entry &current)
    {
        return isPreferred(candidate.version, candidate.deleted, current.version, current.deleted);
    }
    static TextBlocks::Span spanOf(const Entry &entry) { return {entry.block, entry.offset, entry.size}; }
    QList<Entry> m_entries;
    QHash<QString, int> m_index;
    TextBlocks m_texts;
};

using LatestSchemasPtr = std::shared_ptr<const LatestSchemas>;

} // namespace sd::registry
