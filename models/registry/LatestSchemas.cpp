#include "LatestSchemas.h"

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

constexpr qsizetype kBlockBytes = 64 * 1024;
// zlib's fastest level: schema texts are repetitive enough that it loses little to the slower ones and
// keeps the load's worker threads from becoming the bottleneck.
constexpr int kCompressionLevel = 1;

// One shared QString per type name instead of one per entry.
QString internType(const QString &type)
{
    static const QString avro = u"AVRO"_s;
    static const QString json = u"JSON"_s;
    static const QString protobuf = u"PROTOBUF"_s;
    if (type.isEmpty() || type == avro)
        return avro;
    if (type == json)
        return json;
    if (type == protobuf)
        return protobuf;
    return type;
}

} // namespace

void LatestSchemas::Chunk::add(const QString &subject, int version, int id, const QString &schemaType,
                               bool deleted, const QString &text)
{
    offer(m_texts.size(), subject, version, id, schemaType, deleted);
    m_texts.append(text);
}

void LatestSchemas::Chunk::offer(qsizetype row, const QString &subject, int version, int id,
                                 const QString &schemaType, bool deleted)
{
    Entry candidate;
    candidate.subject = subject;
    candidate.version = version;
    candidate.id = id;
    candidate.schemaType = internType(schemaType);
    candidate.deleted = deleted;
    const auto found = m_index.constFind(subject);
    if (found == m_index.constEnd()) {
        m_index.insert(subject, int(m_entries.size()));
        m_entries.append(candidate);
        m_rows.append(row);
    } else if (better(candidate, m_entries.at(found.value()))) {
        m_entries[found.value()] = candidate;
        m_rows[found.value()] = row;
    }
}

void LatestSchemas::Chunk::finish(const std::function<QString(qsizetype row)> &textOf)
{
    QByteArray block;
    const auto seal = [this, &block] {
        if (block.isEmpty())
            return;
        QByteArray compressed = qCompress(block, kCompressionLevel);
        compressed.squeeze(); // qCompress leaves the capacity of its worst case: the whole input
        m_blocks.append(compressed);
        block.clear();
    };
    for (int i = 0; i < m_entries.size(); ++i) {
        const qsizetype row = m_rows.at(i);
        const QByteArray text = (textOf ? textOf(row) : m_texts.at(row)).toUtf8();
        if (!block.isEmpty() && block.size() + text.size() > kBlockBytes)
            seal();
        if (block.isEmpty())
            block.reserve(qMax(kBlockBytes, text.size()));
        Entry &entry = m_entries[i];
        entry.block = int(m_blocks.size());
        entry.offset = int(block.size());
        entry.size = int(text.size());
        block.append(text);
        m_rawBytes += text.size();
    }
    seal();
    m_texts.clear();
    m_rows.clear();
    m_index.clear();
}

int LatestSchemas::adoptBlocks(const Chunk &chunk)
{
    const int firstBlock = int(m_blocks.size());
    for (const QByteArray &block : std::as_const(chunk.m_blocks)) {
        m_compressedBytes += block.size();
        m_blocks.append(block);
    }
    m_rawBytes += chunk.m_rawBytes;
    return firstBlock;
}

void LatestSchemas::append(Chunk &&chunk)
{
    const int firstBlock = adoptBlocks(chunk);
    m_entries.reserve(m_entries.size() + chunk.m_entries.size());
    for (Entry &entry : chunk.m_entries) {
        entry.block += firstBlock;
        const auto found = m_index.constFind(entry.subject);
        if (found == m_index.constEnd()) {
            m_index.insert(entry.subject, int(m_entries.size()));
            m_entries.append(std::move(entry));
        } else if (better(entry, m_entries.at(found.value()))) {
            m_entries[found.value()] = std::move(entry);
        }
    }
    chunk = Chunk();
}

std::shared_ptr<const LatestSchemas> LatestSchemas::withSubject(const QString &subject,
                                                                const QList<Version> &versions) const
{
    auto copy = std::make_shared<LatestSchemas>(*this);
    Chunk chunk;
    for (const Version &v : versions)
        chunk.add(subject, v.version, v.id, v.schemaType, v.deleted, v.text);
    chunk.finish();
    const int at = copy->find(subject);
    if (chunk.isEmpty()) {
        if (at >= 0) {
            copy->m_entries[at].removed = true;
            copy->m_index.remove(subject);
        }
        return copy;
    }
    if (at < 0) {
        copy->append(std::move(chunk));
        return copy;
    }
    // The registry's answer replaces what the load saw, whichever version it is; the subject keeps its
    // place in the listing order.
    Entry entry = chunk.m_entries.constFirst();
    entry.block += copy->adoptBlocks(chunk);
    copy->m_entries[at] = entry;
    return copy;
}

QString LatestSchemas::text(int index) const
{
    Reader reader(*this);
    return reader.text(index);
}

QString LatestSchemas::Reader::text(int index)
{
    return QString::fromUtf8(utf8(index));
}

QByteArrayView LatestSchemas::Reader::utf8(int index)
{
    const Entry &entry = m_store.m_entries.at(index);
    if (entry.block < 0)
        return {};
    if (entry.block != m_block) {
        m_inflated = qUncompress(m_store.m_blocks.at(entry.block));
        m_block = entry.block;
    }
    if (entry.offset + entry.size > m_inflated.size())
        return {}; // cannot happen unless memory is corrupt; an empty text is safer than a crash
    return QByteArrayView(m_inflated).sliced(entry.offset, entry.size);
}

qsizetype LatestSchemas::approximateBytes() const
{
    qsizetype bytes = m_blocks.size() * 24;
    for (const QByteArray &block : m_blocks)
        bytes += block.capacity();
    for (const Entry &entry : m_entries)
        bytes += qsizetype(sizeof(Entry)) + entry.subject.size() * 2 + 24;
    return bytes + m_index.size() * 48;
}

} // namespace sd::registry
