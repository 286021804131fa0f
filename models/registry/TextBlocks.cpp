#include "TextBlocks.h"

#include <atomic>

namespace sd::registry {

namespace {

constexpr qsizetype kBlockBytes = 64 * 1024;
// zlib's fastest level: schema texts are repetitive enough that it loses little to the slower ones and
// keeps the load's worker threads from becoming the bottleneck.
constexpr int kCompressionLevel = 1;

quint64 nextUid()
{
    static std::atomic<quint64> counter{0};
    return ++counter;
}

QByteArrayView slice(const QByteArray &inflated, const TextBlocks::Span &span)
{
    if (span.offset + span.size > inflated.size())
        return {}; // cannot happen unless memory is corrupt; an empty text is safer than a crash
    return QByteArrayView(inflated).sliced(span.offset, span.size);
}

} // namespace

TextBlocks::TextBlocks()
    : m_uid(nextUid())
{}

TextBlocks::TextBlocks(const TextBlocks &other)
    : m_uid(nextUid())
    , m_blocks(other.m_blocks)
    , m_open(other.m_open)
    , m_rawBytes(other.m_rawBytes)
    , m_compressedBytes(other.m_compressedBytes)
{}

TextBlocks &TextBlocks::operator=(const TextBlocks &other)
{
    if (this != &other) {
        m_uid = nextUid();
        m_blocks = other.m_blocks;
        m_open = other.m_open;
        m_rawBytes = other.m_rawBytes;
        m_compressedBytes = other.m_compressedBytes;
    }
    return *this;
}

TextBlocks::Span TextBlocks::add(QByteArrayView utf8)
{
    if (!m_open.isEmpty() && m_open.size() + utf8.size() > kBlockBytes)
        seal();
    if (m_open.isEmpty())
        m_open.reserve(qMax(kBlockBytes, utf8.size()));
    Span span{int(m_blocks.size()), int(m_open.size()), int(utf8.size())};
    m_open.append(utf8);
    m_rawBytes += utf8.size();
    return span;
}

void TextBlocks::seal()
{
    if (m_open.isEmpty())
        return;
    QByteArray compressed = qCompress(m_open, kCompressionLevel);
    compressed.squeeze(); // qCompress leaves the capacity of its worst case: the whole input
    m_compressedBytes += compressed.size();
    m_blocks.append(compressed);
    m_open.clear();
    m_open.squeeze();
}

int TextBlocks::adopt(const TextBlocks &other)
{
    Q_ASSERT(other.m_open.isEmpty());
    const int first = int(m_blocks.size());
    m_blocks.append(other.m_blocks);
    m_rawBytes += other.m_rawBytes;
    m_compressedBytes += other.m_compressedBytes;
    return first;
}

QByteArrayView TextBlocks::utf8(const Span &span) const
{
    if (span.block < 0 || span.block >= m_blocks.size())
        return {};
    // Readers mostly go through texts in order (a comparison, a search, an export): one block a thread.
    thread_local quint64 cachedStore = 0;
    thread_local int cachedBlock = -1;
    thread_local QByteArray inflated;
    if (cachedStore != m_uid || cachedBlock != span.block) {
        inflated = qUncompress(m_blocks.at(span.block));
        cachedStore = m_uid;
        cachedBlock = span.block;
    }
    return slice(inflated, span);
}

QByteArrayView TextBlocks::Reader::utf8(const Span &span)
{
    if (span.block < 0 || span.block >= m_store.m_blocks.size())
        return {};
    if (span.block != m_block) {
        m_inflated = qUncompress(m_store.m_blocks.at(span.block));
        m_block = span.block;
    }
    return slice(m_inflated, span);
}

qsizetype TextBlocks::approximateBytes() const
{
    qsizetype bytes = m_blocks.size() * 24 + m_open.capacity();
    for (const QByteArray &block : m_blocks)
        bytes += block.capacity();
    return bytes;
}

} // namespace sd::registry
