#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace sd::sandbox {

// A path pattern over the decoded path segments, shared by the REST API's route table and the
// flavours' absent routes: a literal matches itself, "*" or "{name}" any one segment (a name captures
// it), "**" (last) any rest, including none.
class RoutePattern
{
public:
    RoutePattern() = default;
    explicit RoutePattern(QStringList segments);
    // "subjects/{subject}/versions": the segments between '/'; "" is the root.
    static RoutePattern parse(QStringView path);

    bool matches(const QStringList &segments) const;
    // The segment captured by "{name}" in a path this pattern matches; empty when there is no such name.
    QString capture(const QStringList &segments, QStringView name) const;

private:
    QStringList m_segments;
};

} // namespace sd::sandbox
