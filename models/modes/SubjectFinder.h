#pragma once

#include "ConnectionTarget.h"
#include "registry/RequestGroup.h"

#include <QObject>
#include <QString>

namespace sd::modes {

// One line of a cross-connection subject search: a match, or a registry that could not be asked.
struct SubjectMatch
{
    QString connectionId;
    QString context;
    QString subject; // qualified; empty on an error line
    QString error;   // why the registry's subjects could not be listed
};

// "Find a subject across all connections": lists every registry's subjects (all contexts) and keeps
// those whose qualified name contains the text, case-insensitively. A registry that fails gives an
// error line and never hides the others; a new find() drops the answers of the previous one.
class SubjectFinder : public QObject
{
    Q_OBJECT
public:
    explicit SubjectFinder(QObject *parent = nullptr);

    void find(const ConnectionTargets &targets, const QString &text);
    // In the order the registries answered.
    const QList<SubjectMatch> &lines() const { return m_lines; }
    int matchCount() const { return m_matches; }
    bool isBusy() const { return m_requests.isBusy(); }

Q_SIGNALS:
    void lineAdded(const sd::modes::SubjectMatch &line);
    void finished(int matches);

private:
    void addLine(const SubjectMatch &line);

    registry::RequestGroup m_requests;
    QList<SubjectMatch> m_lines;
    int m_matches = 0;
};

} // namespace sd::modes
