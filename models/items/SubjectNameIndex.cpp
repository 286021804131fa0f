#include "SubjectNameIndex.h"

#include <algorithm>

namespace sd::items {

namespace {
constexpr size_t kAnswersKept = 8; // Backspace over a typed word finds each earlier answer
} // namespace

void SubjectNameIndex::reserve(qsizetype names, qsizetype characters)
{
    m_text.reserve(characters + names);
    m_begin.reserve(size_t(names));
    m_removed.reserve(size_t(names));
}

int SubjectNameIndex::add(QStringView lowerName)
{
    m_begin.push_back(m_text.size());
    m_removed.push_back(false);
    m_text.append(lowerName);
    m_text.append(u'\n');
    forgetAnswers();
    return slotCount() - 1;
}

void SubjectNameIndex::remove(int slot)
{
    if (slot < 0 || slot >= slotCount() || m_removed[size_t(slot)])
        return;
    m_removed[size_t(slot)] = true;
    forgetAnswers();
}

QStringView SubjectNameIndex::name(int slot) const
{
    const qsizetype begin = m_begin[size_t(slot)];
    const qsizetype end = slot + 1 < slotCount() ? m_begin[size_t(slot) + 1] - 1 : m_text.size() - 1;
    return QStringView(m_text).sliced(begin, end - begin);
}

// One pass over every name: the buffer is searched for the query's first character (vectorised), a
// hit is checked in place, and after a match the search goes on at the next name.
void SubjectNameIndex::scan(Answer &answer) const
{
    const QStringView text(m_text);
    const QStringView needle(answer.needle);
    const QChar first = needle.front();
    const int count = slotCount();
    int slot = 0;
    qsizetype from = 0;
    while (slot < count) {
        const qsizetype at = text.indexOf(first, from);
        if (at < 0)
            break;
        while (slot + 1 < count && m_begin[size_t(slot) + 1] <= at)
            ++slot;
        const qsizetype end = slot + 1 < count ? m_begin[size_t(slot) + 1] - 1 : text.size() - 1;
        if (at + needle.size() > end) { // no room left in this name
            if (slot + 1 >= count)
                break;
            from = m_begin[size_t(slot) + 1];
            continue;
        }
        if (text.sliced(at, needle.size()) != needle) {
            from = at + 1;
            continue;
        }
        if (!m_removed[size_t(slot)]) {
            answer.found.push_back(slot);
            answer.positions.push_back(int(at - m_begin[size_t(slot)]));
        }
        if (slot + 1 >= count)
            break;
        from = m_begin[size_t(slot) + 1];
    }
}

// `answer.needle` starts with `from.needle`: a name matches only if it matched before, and no earlier
// than it did, so each is checked where it matched (and searched further only if that place fails).
void SubjectNameIndex::extend(const Answer &from, Answer &answer) const
{
    const QStringView needle(answer.needle);
    const qsizetype known = from.needle.size();
    const QStringView tail = needle.sliced(known);
    answer.found.reserve(from.found.size());
    answer.positions.reserve(from.found.size());
    for (size_t k = 0; k < from.found.size(); ++k) {
        const int slot = from.found[k];
        if (m_removed[size_t(slot)])
            continue;
        const QStringView text = name(slot);
        const int position = from.positions[k];
        qsizetype at = position;
        if (position + needle.size() > text.size() || text.sliced(position + known, tail.size()) != tail)
            at = text.indexOf(needle, position + 1);
        if (at < 0)
            continue;
        answer.found.push_back(slot);
        answer.positions.push_back(int(at));
    }
}

const std::vector<int> &SubjectNameIndex::match(const QString &needle)
{
    Q_ASSERT(!needle.isEmpty());
    const Answer *base = nullptr;
    for (auto it = m_answers.begin(); it != m_answers.end(); ++it) {
        if (it->needle == needle) { // asked again (Backspace): the most recent now
            std::rotate(it, it + 1, m_answers.end());
            return m_answers.back().found;
        }
        if (needle.startsWith(it->needle) && (!base || it->needle.size() > base->needle.size()))
            base = &*it;
    }
    Answer answer;
    answer.needle = needle;
    if (base)
        extend(*base, answer);
    else
        scan(answer);
    if (m_answers.size() >= kAnswersKept)
        m_answers.erase(m_answers.begin());
    m_answers.push_back(std::move(answer));
    return m_answers.back().found;
}

} // namespace sd::items
