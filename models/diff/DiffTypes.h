#pragma once

#include <functional>
#include <QList>
#include <QString>
#include <QStringView>

namespace sd::diff {

// Polled at coarse intervals by long-running work; return true to stop early.
using CancelCheck = std::function<bool()>;

enum class WhitespaceMode {
    Exact,        // every character counts
    IgnoreChange, // runs of whitespace compare equal to one space; trailing whitespace ignored (git -b)
    IgnoreAll,    // whitespace is ignored entirely (git -w)
};

struct DiffOptions
{
    WhitespaceMode whitespace = WhitespaceMode::Exact;
    int contextLines = 3;          // unchanged lines kept around each change when building hunks
    bool intraline = true;         // refine changed line pairs into changed character ranges
    bool minimal = false;          // exact minimal diff, no cost bound (can be slow on pathological input)
    int maxIntralineLength = 4000; // longer lines are marked as changed as a whole
};

enum class RowKind : quint8 {
    Equal,   // same line on both sides (equal under the whitespace mode)
    Changed, // a removed line paired with an added line
    Added,   // only on the right; the left cell is padding
    Removed, // only on the left; the right cell is padding
};

// A changed span inside one line, in UTF-16 code units from the start of the line.
struct TextRange
{
    int start = 0;
    int length = 0;
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

// One aligned side-by-side row. Line numbers are 0-based; -1 marks a padding cell.
struct DiffRow
{
    int leftLine = -1;
    int rightLine = -1;
    RowKind kind = RowKind::Equal;
    // Slices of DiffResult::leftRanges / rightRanges (only for Changed rows with intraline on).
    int leftRangeBegin = 0;
    int leftRangeCount = 0;
    int rightRangeBegin = 0;
    int rightRangeCount = 0;
};

// A run of consecutive non-Equal rows: what "next/previous change" jumps between.
struct ChangeBlock
{
    int firstRow = 0;
    int rowCount = 0;
};

// Rows shown together with their context; rows between hunks are folded.
struct DiffHunk
{
    int firstRow = 0;
    int rowCount = 0;
    int leftStart = 0; // first left line of the hunk (0-based) and number of left lines in it
    int leftCount = 0;
    int rightStart = 0;
    int rightCount = 0;
    int firstBlock = 0; // index into DiffResult::blocks
    int blockCount = 0;
};

struct DiffStats
{
    int leftLines = 0;
    int rightLines = 0;
    int removedLines = 0; // left lines not matched (git's '-' count)
    int addedLines = 0;   // right lines not matched (git's '+' count)
    int changedRows = 0;
    int removedRows = 0;
    int addedRows = 0;
    int blocks = 0;
    int hunks = 0;
    bool identical() const { return removedLines == 0 && addedLines == 0; }
};

struct DiffResult
{
    QString left;
    QString right;
    QList<qsizetype> leftLineStarts; // start offset of each line in `left`
    QList<int> leftLineLengths;      // without the '\n'
    QList<qsizetype> rightLineStarts;
    QList<int> rightLineLengths;

    QList<DiffRow> rows;
    QList<TextRange> leftRanges;
    QList<TextRange> rightRanges;
    QList<ChangeBlock> blocks;
    QList<DiffHunk> hunks;
    DiffStats stats;
    bool cancelled = false;

    int leftLineCount() const { return int(leftLineStarts.size()); }
    int rightLineCount() const { return int(rightLineStarts.size()); }
    QStringView leftLine(int i) const { return QStringView(left).mid(leftLineStarts[i], leftLineLengths[i]); }
    QStringView rightLine(int i) const
    {
        return QStringView(right).mid(rightLineStarts[i], rightLineLengths[i]);
    }
    QList<TextRange> leftRangesOf(const DiffRow &row) const
    {
        return leftRanges.mid(row.leftRangeBegin, row.leftRangeCount);
    }
    QList<TextRange> rightRangesOf(const DiffRow &row) const
    {
        return rightRanges.mid(row.rightRangeBegin, row.rightRangeCount);
    }
};

} // namespace sd::diff
