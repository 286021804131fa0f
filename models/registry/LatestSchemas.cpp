#include "LatestSchemas.h"

#include "RegistryTypes.h"

using namespace Qt::StringLiterals;

namespace sd::registry {

void LatestSchemas::Chunk::add(const QString &subject, int version, int id, const QString &schemaType,
                               bool deleted, const QString &text)
{
    offer(m_rowTexts.size(), subject, version, id, schemaType, deleted);
    m_rowTexts.append(text);
}

void LatestSchemas::Chunk::offer(qsizetype row, const QString &subject, int version, int id,
                                 const QString &schemaType, bool deleted)
{
    Entry candidate;
    candidate.subject = subject;
    candidate.version = version;
    candidate.id = id;
    candidate.schemaType = internedSchemaType(schemaType);
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
    for (int i = 0; i < m_entries.size(); ++i) {
        const qsizetype row = m_rows.at(i);
        const TextBlocks::Span span = m_blocks.add(textOf ? textOf(row) : m_rowTexts.at(row));
        Entry &entry = m_entries[i];
        entry.block = span.block;
        entry.offset = span.offset;
        entry.size = span.size;
    }
    m_blocks.seal();
    m_rowTexts.clear();
    m_rows.clear();
    m_index.clear();
}

int LatestSchemas::adoptBlocks(const Chunk &chunk)
{
    return m_texts.adopt(chunk.m_blocks);
}

void LatestSchemas::append(Chunk &&chunk)
{
    const int firstBlock = adoptBlocks(chunk);
    // No reserve(): it allocates exactly, so every page would copy all entries so far (at a million
    // subjects, tens of ms per page on the GUI thread); append grows geometrically.
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
    return m_texts.text(spanOf(m_entries.at(index)));
}

QString LatestSchemas::Reader::text(int index)
{
    return QString::fromUtf8(utf8(index));
}

QByteArrayView LatestSchemas::Reader::utf8(int index)
{
    return m_reader.utf8(spanOf(m_store.m_entries.at(index)));
}

qsizetype LatestSchemas::approximateBytes() const
{
    qsizetype bytes = m_texts.approximateBytes();
    for (const Entry &entry : m_entries)
        bytes += qsizetype(sizeof(Entry)) + entry.subject.size() * 2 + 24;
    return bytes + m_index.size() * 48;
}

} // namespace sd::registry
