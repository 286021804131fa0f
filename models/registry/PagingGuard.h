#pragma once

#include <map>
#include <QString>

namespace sd::registry {

// Paging through GET /schemas that ends whatever the server does: a page with more rows than its limit,
// the same page served for two offsets, or far more versions or subjects than the subject list implies
// stop it with a sentence saying why. The tree's load and the bulk loader page through this one rule.
class PagingGuard
{
public:
    // `listedSubjects`: how many names the subject list held.
    PagingGuard(int pageSize, qint64 listedSubjects);

    // Empty when page `page` (its row count and first and last "subject\nversion") may be used.
    QString checkPage(int page, qsizetype rows, const QString &firstRow, const QString &lastRow);
    // Empty while the totals so far fit what the subject list implies.
    QString checkTotals(qint64 versions, qint64 subjectsSeen) const;

    // Far beyond a real registry's average: a load stops past it rather than page forever.
    static constexpr qint64 maxVersionsPerSubject = 10000;

private:
    int m_pageSize;
    qint64 m_listedSubjects;
    std::map<int, QString> m_fingerprints; // page → its first and last row and size
};

} // namespace sd::registry
