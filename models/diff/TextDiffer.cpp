#include "diff/TextDiffer.h"

#include "diff/MyersDiff.h"

#include <climits>
#include <deque>
#include <QHash>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>
#include <vector>

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

inline bool isSpace(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 128)
        return u == u' ' || u == u'\t' || u == u'\r' || u == u'\f' || u == u'\v' || u == u'\n';
    return c.isSpace();
}

inline bool isWordChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 128)
        return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_';
    return c.isLetterOrNumber();
}

void splitLines(const QString &text, QList<qsizetype> &starts, QList<int> &lengths)
{
    const QStringView view(text);
    const qsizetype size = view.size();
    qsizetype pos = 0;
    while (pos < size) {
        qsizetype newline = view.indexOf(u'\n', pos);
        if (newline < 0)
            newline = size;
        starts.append(pos);
        lengths.append(int(newline - pos));
        pos = newline + 1;
    }
}

// Writes the line as it compares under `mode` into `out`.
void normalizeInto(QStringView line, WhitespaceMode mode, QString &out)
{
    out.resize(0);
    if (mode == WhitespaceMode::IgnoreAll) {
        for (QChar c : line) {
            if (!isSpace(c))
                out.append(c);
        }
        return;
    }
    bool pendingSpace = false;
    for (QChar c : line) {
        if (isSpace(c)) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace)
            out.append(u' ');
        out.append(c);
        pendingSpace = false;
    }
}

// Hash table from text to dense ids. Keys are views that must outlive the interner, or are copied
// into its own arena when `copyKey` is set.
class Interner
{
public:
    explicit Interner(qsizetype expected)
    {
        size_t capacity = 16;
        while (capacity < size_t(expected) * 2)
            capacity <<= 1;
        m_slots.assign(capacity, Slot{});
        m_keys.reserve(size_t(expected));
    }

    int intern(QStringView key, bool copyKey = false)
    {
        const size_t hash = qHash(key);
        size_t index = hash & (m_slots.size() - 1);
        while (true) {
            Slot &slot = m_slots[index];
            if (slot.id < 0)
                break;
            if (slot.hash == hash && m_keys[size_t(slot.id)] == key)
                return slot.id;
            index = (index + 1) & (m_slots.size() - 1);
        }
        const int id = int(m_keys.size());
        if (copyKey) {
            m_arena.push_back(key.toString());
            key = m_arena.back();
        }
        m_keys.push_back(key);
        m_slots[index] = Slot{hash, id};
        if (m_keys.size() * 2 > m_slots.size())
            grow();
        return id;
    }

    int count() const { return int(m_keys.size()); }

private:
    struct Slot
    {
        size_t hash = 0;
        int id = -1;
    };

    void grow()
    {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(old.size() * 2, Slot{});
        for (const Slot &slot : old) {
            if (slot.id < 0)
                continue;
            size_t index = slot.hash & (m_slots.size() - 1);
            while (m_slots[index].id >= 0)
                index = (index + 1) & (m_slots.size() - 1);
            m_slots[index] = slot;
        }
    }

    std::vector<Slot> m_slots;
    std::vector<QStringView> m_keys;
    std::deque<QString> m_arena;
};

struct Token
{
    int start;
    int length;
    bool space;
};

void tokenize(QStringView line, std::vector<Token> &tokens)
{
    tokens.clear();
    const int size = int(line.size());
    int pos = 0;
    while (pos < size) {
        const QChar c = line[pos];
        int end = pos + 1;
        if (isWordChar(c)) {
            while (end < size && isWordChar(line[end]))
                ++end;
            tokens.push_back({pos, end - pos, false});
        } else if (isSpace(c)) {
            while (end < size && isSpace(line[end]))
                ++end;
            tokens.push_back({pos, end - pos, true});
        } else {
            tokens.push_back({pos, 1, false});
        }
        pos = end;
    }
}

class IntralineRefiner
{
public:
    explicit IntralineRefiner(const DiffOptions &options)
        : m_options(options)
    {}

    // Appends the changed ranges of both lines; returns false when the lines are too different to
    // refine (the caller then marks them as changed as a whole).
    bool refine(QStringView left, QStringView right, QList<TextRange> &leftOut, QList<TextRange> &rightOut)
    {
        if (left.size() > m_options.maxIntralineLength || right.size() > m_options.maxIntralineLength)
            return false;
        m_leftLine = left;
        m_rightLine = right;
        prepare(left, m_leftTokens, m_leftIds, m_leftKept);
        prepare(right, m_rightTokens, m_rightIds, m_rightKept);
        diffTokens();
        const MarksView marks{m_changedLeft, m_changedRight};

        int common = 0;
        int total = 0;
        for (size_t i = 0; i < m_leftKept.size(); ++i) {
            const Token &token = m_leftTokens[size_t(m_leftKept[i])];
            if (token.space)
                continue;
            total += token.length;
            if (!marks.changedA[i])
                common += token.length;
        }
        for (size_t i = 0; i < m_rightKept.size(); ++i) {
            const Token &token = m_rightTokens[size_t(m_rightKept[i])];
            if (!token.space)
                total += token.length;
        }
        // Under a third of the text in common: highlighting fragments would only be noise.
        if (total > 0 && common * 2 * 3 < total)
            return false;

        appendRanges(m_leftTokens, m_leftKept, marks.changedA, leftOut);
        appendRanges(m_rightTokens, m_rightKept, marks.changedB, rightOut);
        return true;
    }

private:
    struct MarksView
    {
        const std::vector<std::uint8_t> &changedA;
        const std::vector<std::uint8_t> &changedB;
    };

    // Token sequences of a line pair are short: an LCS table in reused buffers beats Myers'
    // bookkeeping there; long ones go through Myers.
    void diffTokens()
    {
        const std::vector<quint64> &a = m_leftIds;
        const std::vector<quint64> &b = m_rightIds;
        auto eq = [&](size_t i, size_t j) {
            return a[i] == b[j] && tokenText(true, i) == tokenText(false, j);
        };
        m_changedLeft.assign(a.size(), 0);
        m_changedRight.assign(b.size(), 0);
        const auto [prefix, suffix] = commonEnds(std::span<const quint64>(a), std::span<const quint64>(b));
        const size_t n = a.size() - prefix - suffix;
        const size_t m = b.size() - prefix - suffix;
        if (n == 0 || m == 0) {
            markChanged(m_changedLeft, prefix, n);
            markChanged(m_changedRight, prefix, m);
            return;
        }
        if ((n + 1) * (m + 1) > 16384) {
            // Long token sequences: exact ids for Myers from a small per-pair table.
            QHash<QStringView, int> ids;
            std::vector<int> idsA(a.size()), idsB(b.size());
            for (size_t i = 0; i < a.size(); ++i)
                idsA[i] = int(ids.emplace(tokenText(true, i), int(ids.size())).value());
            for (size_t j = 0; j < b.size(); ++j)
                idsB[j] = int(ids.emplace(tokenText(false, j), int(ids.size())).value());
            MyersDiff::Result marks = MyersDiff::diff(idsA, idsB, 0, false);
            m_changedLeft = std::move(marks.changedA);
            m_changedRight = std::move(marks.changedB);
            return;
        }
        const size_t width = m + 1;
        m_table.assign((n + 1) * width, 0);
        for (size_t i = n; i-- > 0;) {
            for (size_t j = m; j-- > 0;) {
                m_table[i * width + j] =
                    a[prefix + i] == b[prefix + j]
                        ? std::uint16_t(m_table[(i + 1) * width + j + 1] + 1)
                        : std::max(m_table[(i + 1) * width + j], m_table[i * width + j + 1]);
            }
        }
        size_t i = 0;
        size_t j = 0;
        while (i < n && j < m) {
            if (m_table[i * width + j] == m_table[(i + 1) * width + j + 1] + 1 &&
                eq(prefix + i, prefix + j)) {
                ++i;
                ++j;
            } else if (m_table[(i + 1) * width + j] >= m_table[i * width + j + 1]) {
                m_changedLeft[prefix + i++] = 1;
            } else {
                m_changedRight[prefix + j++] = 1;
            }
        }
        for (; i < n; ++i)
            m_changedLeft[prefix + i] = 1;
        for (; j < m; ++j)
            m_changedRight[prefix + j] = 1;
    }

    // The text a kept token stands for ("" for whitespace folded under an ignore mode).
    QStringView tokenText(bool left, size_t keptIndex) const
    {
        const std::vector<Token> &tokens = left ? m_leftTokens : m_rightTokens;
        const Token &token = tokens[size_t((left ? m_leftKept : m_rightKept)[keptIndex])];
        if (token.space && m_options.whitespace != WhitespaceMode::Exact)
            return u" ";
        return (left ? m_leftLine : m_rightLine).mid(token.start, token.length);
    }

    static quint64 hashOf(QStringView text)
    {
        quint64 hash = 1469598103934665603ULL; // FNV-1a
        for (QChar c : text) {
            hash ^= c.unicode();
            hash *= 1099511628211ULL;
        }
        return hash;
    }

    void prepare(QStringView line, std::vector<Token> &tokens, std::vector<quint64> &ids,
                 std::vector<int> &kept)
    {
        tokenize(line, tokens);
        ids.clear();
        kept.clear();
        const int size = int(tokens.size());
        for (int i = 0; i < size; ++i) {
            const Token &token = tokens[size_t(i)];
            if (token.space && m_options.whitespace != WhitespaceMode::Exact) {
                const bool trailing = i == size - 1;
                if (m_options.whitespace == WhitespaceMode::IgnoreAll || trailing)
                    continue;
                ids.push_back(kSpaceHash);
            } else {
                ids.push_back(hashOf(line.mid(token.start, token.length)));
            }
            kept.push_back(i);
        }
    }

    static void appendRanges(const std::vector<Token> &tokens, const std::vector<int> &kept,
                             const std::vector<std::uint8_t> &changed, QList<TextRange> &out)
    {
        const qsizetype first = out.size();
        for (size_t i = 0; i < kept.size(); ++i) {
            if (!changed[i])
                continue;
            const Token &token = tokens[size_t(kept[i])];
            if (out.size() > first) {
                TextRange &last = out.last();
                // Merge with the previous range when only whitespace (or nothing) lies between them.
                bool onlySpaceBetween = true;
                for (size_t k = i; k > 0 && onlySpaceBetween; --k) {
                    const Token &between = tokens[size_t(kept[k - 1])];
                    if (between.start + between.length <= last.start + last.length)
                        break;
                    onlySpaceBetween = between.space;
                }
                if (onlySpaceBetween && last.start + last.length <= token.start) {
                    last.length = token.start + token.length - last.start;
                    continue;
                }
            }
            out.append(TextRange{token.start, token.length});
        }
    }

    static constexpr quint64 kSpaceHash = 0x9e3779b97f4a7c15ULL;

    const DiffOptions &m_options;
    QStringView m_leftLine;
    QStringView m_rightLine;
    std::vector<Token> m_leftTokens, m_rightTokens;
    std::vector<quint64> m_leftIds, m_rightIds; // token hashes; equality is confirmed on the text
    std::vector<int> m_leftKept, m_rightKept;
    std::vector<std::uint8_t> m_changedLeft, m_changedRight;
    std::vector<std::uint16_t> m_table;
};

void buildRows(DiffResult &result, const MyersDiff::Result &marks)
{
    const int nA = result.leftLineCount();
    const int nB = result.rightLineCount();
    result.rows.reserve(qMax(nA, nB) + 16);
    int i = 0;
    int j = 0;
    while (i < nA || j < nB) {
        if (i < nA && j < nB && !marks.changedA[size_t(i)] && !marks.changedB[size_t(j)]) {
            result.rows.append(DiffRow{i++, j++, RowKind::Equal});
            continue;
        }
        int endA = i;
        while (endA < nA && (marks.changedA[size_t(endA)] || j >= nB))
            ++endA;
        int endB = j;
        while (endB < nB && (marks.changedB[size_t(endB)] || i >= nA))
            ++endB;
        const int paired = qMin(endA - i, endB - j);
        const int firstRow = int(result.rows.size());
        for (int k = 0; k < paired; ++k)
            result.rows.append(DiffRow{i + k, j + k, RowKind::Changed});
        for (int k = paired; k < endA - i; ++k)
            result.rows.append(DiffRow{i + k, -1, RowKind::Removed});
        for (int k = paired; k < endB - j; ++k)
            result.rows.append(DiffRow{-1, j + k, RowKind::Added});
        result.stats.changedRows += paired;
        result.stats.removedRows += endA - i - paired;
        result.stats.addedRows += endB - j - paired;
        result.stats.removedLines += endA - i;
        result.stats.addedLines += endB - j;
        result.blocks.append(ChangeBlock{firstRow, int(result.rows.size()) - firstRow});
        i = endA;
        j = endB;
    }
}

void buildHunks(DiffResult &result, int contextLines)
{
    const int context = qMax(0, contextLines);
    const int rowCount = int(result.rows.size());
    // Number of left/right lines before each row, to give hunks their line positions.
    auto linesBefore = [&result](int row, bool left) {
        for (int r = row; r < int(result.rows.size()); ++r) {
            const DiffRow &at = result.rows[r];
            const int line = left ? at.leftLine : at.rightLine;
            if (line >= 0)
                return line;
        }
        return left ? result.leftLineCount() : result.rightLineCount();
    };
    for (int b = 0; b < int(result.blocks.size()); ++b) {
        const ChangeBlock &block = result.blocks[b];
        const int start = qMax(0, block.firstRow - context);
        const int end = qMin(rowCount, block.firstRow + block.rowCount + context);
        if (!result.hunks.isEmpty()) {
            DiffHunk &last = result.hunks.last();
            if (last.firstRow + last.rowCount >= start) {
                last.rowCount = end - last.firstRow;
                ++last.blockCount;
                continue;
            }
        }
        result.hunks.append(DiffHunk{start, end - start, 0, 0, 0, 0, b, 1});
    }
    for (DiffHunk &hunk : result.hunks) {
        const int end = hunk.firstRow + hunk.rowCount;
        hunk.leftStart = linesBefore(hunk.firstRow, true);
        hunk.rightStart = linesBefore(hunk.firstRow, false);
        hunk.leftCount = linesBefore(end, true) - hunk.leftStart;
        hunk.rightCount = linesBefore(end, false) - hunk.rightStart;
    }
}

// Change groups can often slide up or down over equal lines without changing the diff's size
// (inserting a "{ ... }," block into a list of such blocks). Like git's xdl_change_compact: slide
// each group to line up with a change on the other side when possible, otherwise to the position
// whose first and last lines are least indented, so a group covers whole blocks.
class ChangeCompactor
{
public:
    ChangeCompactor(std::vector<std::uint8_t> &changed, const std::vector<int> &ids,
                    std::vector<std::uint8_t> &otherChanged, const std::vector<int> &indents)
        : m_n(int(ids.size()))
        , m_otherN(int(otherChanged.size()))
        , m_ids(ids)
        , m_indents(indents)
        , m_changed(changed)
        , m_otherChanged(otherChanged)
    {}

    void run()
    {
        Group g{0, 0};
        Group go{0, 0};
        init(true, g);
        init(false, go);
        while (true) {
            if (g.end != g.start) {
                int groupSize = 0;
                int earliestEnd = 0;
                int endMatchingOther = -1;
                do {
                    groupSize = g.end - g.start;
                    endMatchingOther = -1;
                    while (slideUp(g))
                        previous(false, go);
                    earliestEnd = g.end;
                    if (go.end > go.start)
                        endMatchingOther = g.end;
                    while (slideDown(g)) {
                        next(false, go);
                        if (go.end > go.start)
                            endMatchingOther = g.end;
                    }
                } while (groupSize != g.end - g.start);

                if (g.end != earliestEnd) {
                    int target = g.end;
                    if (endMatchingOther != -1) {
                        target = endMatchingOther;
                    } else {
                        int bestScore = INT_MAX;
                        for (int end = g.end; end >= earliestEnd; --end) {
                            const int score = m_indents[size_t(end - groupSize)] + m_indents[size_t(end - 1)];
                            if (score < bestScore) {
                                bestScore = score;
                                target = end;
                            }
                        }
                    }
                    while (g.end > target) {
                        slideUp(g);
                        previous(false, go);
                    }
                }
            }
            if (!next(true, g))
                break;
            next(false, go);
        }
    }

private:
    struct Group
    {
        int start;
        int end;
    };

    bool isChanged(bool self, int line) const
    {
        const int n = self ? m_n : m_otherN;
        if (line < 0 || line >= n)
            return false;
        return (self ? m_changed : m_otherChanged)[size_t(line)] != 0;
    }

    void init(bool self, Group &g) const
    {
        g = {0, 0};
        while (isChanged(self, g.end))
            ++g.end;
    }

    bool next(bool self, Group &g) const
    {
        if (g.end >= (self ? m_n : m_otherN))
            return false;
        g.start = g.end + 1;
        g.end = g.start;
        while (isChanged(self, g.end))
            ++g.end;
        return true;
    }

    bool previous(bool self, Group &g) const
    {
        if (g.start == 0)
            return false;
        g.end = g.start - 1;
        g.start = g.end;
        while (isChanged(self, g.start - 1))
            --g.start;
        return true;
    }

    bool slideDown(Group &g)
    {
        if (g.end < m_n && m_ids[size_t(g.start)] == m_ids[size_t(g.end)]) {
            m_changed[size_t(g.start++)] = 0;
            m_changed[size_t(g.end++)] = 1;
            while (isChanged(true, g.end))
                ++g.end;
            return true;
        }
        return false;
    }

    bool slideUp(Group &g)
    {
        if (g.start > 0 && m_ids[size_t(g.start - 1)] == m_ids[size_t(g.end - 1)]) {
            m_changed[size_t(--g.start)] = 1;
            m_changed[size_t(--g.end)] = 0;
            while (isChanged(true, g.start - 1))
                --g.start;
            return true;
        }
        return false;
    }

    int m_n;
    int m_otherN;
    const std::vector<int> &m_ids;
    const std::vector<int> &m_indents;
    std::vector<std::uint8_t> &m_changed;
    std::vector<std::uint8_t> &m_otherChanged;
};

std::vector<int> indentsOf(const DiffResult &result, bool left)
{
    const int count = left ? result.leftLineCount() : result.rightLineCount();
    std::vector<int> indents(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const QStringView line = left ? result.leftLine(i) : result.rightLine(i);
        int indent = 0;
        while (indent < line.size() && isSpace(line[indent]))
            ++indent;
        indents[size_t(i)] = indent == line.size() ? 0 : indent;
    }
    return indents;
}

DiffResult cancelledResult(const QString &left, const QString &right)
{
    DiffResult result;
    result.left = left;
    result.right = right;
    result.cancelled = true;
    return result;
}

} // namespace

DiffResult TextDiffer::diff(const QString &left, const QString &right, const DiffOptions &options,
                            const CancelCheck &cancel)
{
    DiffResult result;
    result.left = left;
    result.right = right;
    splitLines(result.left, result.leftLineStarts, result.leftLineLengths);
    splitLines(result.right, result.rightLineStarts, result.rightLineLengths);
    const int nA = result.leftLineCount();
    const int nB = result.rightLineCount();
    result.stats.leftLines = nA;
    result.stats.rightLines = nB;

    // Hash every line once into a dense id; the diff then only compares integers.
    std::vector<int> idsA(static_cast<size_t>(nA));
    std::vector<int> idsB(static_cast<size_t>(nB));
    Interner lines(nA + nB);
    if (options.whitespace == WhitespaceMode::Exact) {
        for (int i = 0; i < nA; ++i)
            idsA[size_t(i)] = lines.intern(result.leftLine(i));
        for (int i = 0; i < nB; ++i)
            idsB[size_t(i)] = lines.intern(result.rightLine(i));
    } else {
        QString scratch;
        for (int i = 0; i < nA; ++i) {
            normalizeInto(result.leftLine(i), options.whitespace, scratch);
            idsA[size_t(i)] = lines.intern(scratch, true);
        }
        for (int i = 0; i < nB; ++i) {
            normalizeInto(result.rightLine(i), options.whitespace, scratch);
            idsB[size_t(i)] = lines.intern(scratch, true);
        }
    }
    if (cancel && cancel())
        return cancelledResult(left, right);

    MyersDiff::Result marks = MyersDiff::diff(idsA, idsB, lines.count(), options.minimal, cancel);
    if (marks.cancelled)
        return cancelledResult(left, right);
    if (!options.minimal) {
        const std::vector<int> indentsA = indentsOf(result, true);
        const std::vector<int> indentsB = indentsOf(result, false);
        ChangeCompactor(marks.changedA, idsA, marks.changedB, indentsA).run();
        ChangeCompactor(marks.changedB, idsB, marks.changedA, indentsB).run();
    }

    buildRows(result, marks);

    if (options.intraline && result.stats.changedRows > 0) {
        IntralineRefiner refiner(options);
        int polled = 0;
        for (DiffRow &row : result.rows) {
            if (row.kind != RowKind::Changed)
                continue;
            if (cancel && (++polled % 1024) == 0 && cancel())
                return cancelledResult(left, right);
            const QStringView leftLine = result.leftLine(row.leftLine);
            const QStringView rightLine = result.rightLine(row.rightLine);
            row.leftRangeBegin = int(result.leftRanges.size());
            row.rightRangeBegin = int(result.rightRanges.size());
            if (!refiner.refine(leftLine, rightLine, result.leftRanges, result.rightRanges)) {
                result.leftRanges.resize(row.leftRangeBegin);
                result.rightRanges.resize(row.rightRangeBegin);
                if (!leftLine.isEmpty())
                    result.leftRanges.append(TextRange{0, int(leftLine.size())});
                if (!rightLine.isEmpty())
                    result.rightRanges.append(TextRange{0, int(rightLine.size())});
            }
            row.leftRangeCount = int(result.leftRanges.size()) - row.leftRangeBegin;
            row.rightRangeCount = int(result.rightRanges.size()) - row.rightRangeBegin;
        }
    }

    buildHunks(result, options.contextLines);
    result.stats.blocks = int(result.blocks.size());
    result.stats.hunks = int(result.hunks.size());
    return result;
}

QString TextDiffer::toUnified(const DiffResult &result, const QString &leftName, const QString &rightName)
{
    auto appendLine = [](QString &out, char16_t marker, QStringView line) {
        out += QChar(marker);
        out += line;
        out += u'\n';
    };
    QString out;
    out += u"--- "_s + leftName + u'\n' + u"+++ "_s + rightName + u'\n';
    auto position = [](int start, int count) {
        return QString::number(count == 0 ? start : start + 1) + u',' + QString::number(count);
    };
    for (const DiffHunk &hunk : result.hunks) {
        out += u"@@ -"_s + position(hunk.leftStart, hunk.leftCount) + u" +"_s +
               position(hunk.rightStart, hunk.rightCount) + u" @@\n"_s;
        int row = hunk.firstRow;
        const int end = hunk.firstRow + hunk.rowCount;
        while (row < end) {
            if (result.rows[row].kind == RowKind::Equal) {
                appendLine(out, u' ', result.leftLine(result.rows[row].leftLine));
                ++row;
                continue;
            }
            int blockEnd = row;
            while (blockEnd < end && result.rows[blockEnd].kind != RowKind::Equal)
                ++blockEnd;
            for (int r = row; r < blockEnd; ++r) {
                if (result.rows[r].leftLine >= 0)
                    appendLine(out, u'-', result.leftLine(result.rows[r].leftLine));
            }
            for (int r = row; r < blockEnd; ++r) {
                if (result.rows[r].rightLine >= 0)
                    appendLine(out, u'+', result.rightLine(result.rows[r].rightLine));
            }
            row = blockEnd;
        }
    }
    return out;
}

QFuture<DiffResult> runDiffAsync(const QString &left, const QString &right, const DiffOptions &options)
{
    return QtConcurrent::run(
        [](QPromise<DiffResult> &promise, const QString &l, const QString &r, const DiffOptions &o) {
            DiffResult result = TextDiffer::diff(l, r, o, [&promise] { return promise.isCanceled(); });
            if (!result.cancelled)
                promise.addResult(std::move(result));
        },
        left, right, options);
}

} // namespace sd::diff
