#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace sd::registry {

// Many texts kept as UTF-8 in zlib blocks of ~64 KiB: schema texts are the biggest thing a console
// holds (100k subjects × 3 versions ≈ 560 MiB of UTF-8, twice that as QString) and repetitive enough
// that the fastest zlib level stores them in a tenth. A text is added to the open block, which is
// compressed once full; a text is read by inflating its block (a fraction of a millisecond). Build on
// one thread, then share read-only: reading is safe from any number of threads.
class TextBlocks
{
public:
    // Where one text lives: its block, and its UTF-8 bytes inside the inflated block.
    struct Span
    {
        int block = -1; // -1: no text
        int offset = 0;
        int size = 0;
    };

    TextBlocks();
    // A copy may grow apart from its original: it gets its own identity in the per-thread cache.
    TextBlocks(const TextBlocks &other);
    TextBlocks &operator=(const TextBlocks &other);
    TextBlocks(TextBlocks &&other) noexcept = default;
    TextBlocks &operator=(TextBlocks &&other) noexcept = default;
    ~TextBlocks() = default;

    // Appends a text to the open block (sealing it first when the text would overflow it).
    Span add(QByteArrayView utf8);
    Span add(const QString &text) { return add(QByteArrayView(text.toUtf8())); }
    // Compresses the open block; add() may start a new one afterwards.
    void seal();
    // Takes over another store's sealed blocks; returns the index its block 0 now has (add it to the
    // block of every span that came from `other`).
    int adopt(const TextBlocks &other);

    QString text(const Span &span) const { return QString::fromUtf8(utf8(span)); }
    // The text as stored; valid until this thread reads another block of any store.
    QByteArrayView utf8(const Span &span) const;

    int blockCount() const { return int(m_blocks.size()); }
    qint64 rawBytes() const { return m_rawBytes; }               // the texts as UTF-8
    qint64 compressedBytes() const { return m_compressedBytes; } // what is held for them
    qsizetype approximateBytes() const;

    // Reads many texts in order, inflating each block once; independent of the per-thread cache.
    class Reader
    {
    public:
        explicit Reader(const TextBlocks &store)
            : m_store(store)
        {}
        QByteArrayView utf8(const Span &span);
        QString text(const Span &span) { return QString::fromUtf8(utf8(span)); }

    private:
        const TextBlocks &m_store;
        int m_block = -1;
        QByteArray m_inflated;
    };

private:
    quint64 m_uid; // tells this store's blocks apart in the per-thread cache of the last block read
    QList<QByteArray> m_blocks;
    QByteArray m_open;
    qint64 m_rawBytes = 0;
    qint64 m_compressedBytes = 0;
};

} // namespace sd::registry
