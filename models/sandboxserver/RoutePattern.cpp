#include "sandboxserver/RoutePattern.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

RoutePattern::RoutePattern(QStringList segments)
    : m_segments(std::move(segments))
{}

RoutePattern RoutePattern::parse(QStringView path)
{
    QStringList segments;
    for (QStringView segment : path.split(u'/', Qt::SkipEmptyParts))
        segments.append(segment.toString());
    return RoutePattern(segments);
}

bool RoutePattern::matches(const QStringList &segments) const
{
    for (qsizetype i = 0; i < m_segments.size(); ++i) {
        const QString &part = m_segments[i];
        if (part == u"**")
            return true;
        if (i >= segments.size())
            return false;
        const bool wildcard = part == u"*" || (part.startsWith(u'{') && part.endsWith(u'}'));
        if (!wildcard && part != segments[i])
            return false;
    }
    return m_segments.size() == segments.size();
}

QString RoutePattern::capture(const QStringList &segments, QStringView name) const
{
    for (qsizetype i = 0; i < m_segments.size() && i < segments.size(); ++i) {
        const QString &part = m_segments[i];
        if (part.size() == name.size() + 2 && part.startsWith(u'{') &&
            QStringView(part).mid(1, name.size()) == name)
            return segments[i];
    }
    return {};
}

} // namespace sd::sandbox
