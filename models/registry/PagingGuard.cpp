#include "PagingGuard.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {
QString grouped(qint64 number)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(number);
}
} // namespace

PagingGuard::PagingGuard(int pageSize, qint64 listedSubjects)
    : m_pageSize(pageSize)
    , m_listedSubjects(listedSubjects)
{}

QString PagingGuard::checkPage(int page, qsizetype rows, const QString &firstRow, const QString &lastRow)
{
    if (rows > m_pageSize)
        return u"The registry answered %1 rows for a page of at most %2 (GET /schemas at offset %3): it "
               u"ignores limit, so the load stops here."_s.arg(grouped(rows), grouped(m_pageSize),
                                                               grouped(qint64(page) * m_pageSize));
    if (rows == 0)
        return {};
    const QString fingerprint = firstRow + u'\n' + lastRow + u'\n' + QString::number(rows);
    for (const int neighbour : {page - 1, page + 1}) {
        const auto it = m_fingerprints.find(neighbour);
        if (it != m_fingerprints.end() && it->second == fingerprint)
            return u"The registry answered the same page for offsets %1 and %2 of GET /schemas: it ignores "
                   u"offset, so the load stops here."_s.arg(
                       grouped(qint64(qMin(page, neighbour)) * m_pageSize),
                       grouped(qint64(qMax(page, neighbour)) * m_pageSize));
    }
    m_fingerprints[page] = fingerprint;
    return {};
}

QString PagingGuard::checkTotals(qint64 versions, qint64 subjectsSeen) const
{
    // A few subjects registered while the load runs are fine; thousands the list never named are not.
    const qint64 extraSubjects = subjectsSeen - m_listedSubjects;
    if (extraSubjects <= 1000 + m_listedSubjects / 10 &&
        versions <= qMax<qint64>(m_listedSubjects, 1) * maxVersionsPerSubject)
        return {};
    return u"The schema pages run past what the subject list implies (%1 subjects listed; the pages name "
           u"%2 more and %3 versions so far), so the load stops here: the registry does not page GET "
           u"/schemas as the API says."_s.arg(grouped(m_listedSubjects),
                                              grouped(qMax<qint64>(extraSubjects, 0)), grouped(versions));
}

} // namespace sd::registry
