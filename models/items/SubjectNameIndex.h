#pragma once

#include <QString>
#include <QStringView>
#include <vector>

namespace sd::items {

// The tree filter's index over subject names: which names contain what was typed, fast enough for a
// million subjects on every keystroke. Names (lower case) are packed into one buffer, searched in one
// pass for the first character of the query; the answer to a query is kept with where each name
// matched, so the next keystroke (the query extended) only checks those names at those places, and a
// few earlier answers are kept for Backspace. Each name has a slot, its caller's number (the tree
// numbers its subjects in its own order); answers list found in ascending order. Built on any thread,
// then used by one thread at a time; adding and removing names keeps it current.
class SubjectNameIndex
{
public:
    void reserve(qsizetype names, qsizetype characters);
    // Adds a name (lower case) as the next slot; returns its slot.
    int add(QStringView lowerName);
    // The slot's name no longer matches anything (its subject is gone).
    void remove(int slot);
    int slotCount() const { return int(m_begin.size()); }

    // Slots whose name contains `needle` (lower case, not empty), ascending.
    const std::vector<int> &match(const QString &needle);

private:
    struct Answer
    {
        QString needle;
        std::vector<int> found;
        std::vector<int> positions; // where in its name each slot's first match starts
    };
    QStringView name(int slot) const;
    void scan(Answer &answer) const;
    void extend(const Answer &from, Answer &answer) const;
    void forgetAnswers() { m_answers.clear(); }

    QString m_text;                 // the names, each followed by '\n'
    std::vector<qsizetype> m_begin; // per slot, where its name starts in m_text
    std::vector<bool> m_removed;    // per slot
    std::vector<Answer> m_answers;  // the most recent last
};

} // namespace sd::items
