#include "SubjectFinder.h"

#include "registry/RegistryClient.h"

using namespace Qt::StringLiterals;

namespace sd::modes {

using registry::Result;

SubjectFinder::SubjectFinder(QObject *parent)
    : QObject(parent)
{}

void SubjectFinder::find(const ConnectionTargets &targets, const QString &text)
{
    m_requests.start();
    m_lines.clear();
    m_matches = 0;
    auto answered = m_requests.join(int(targets.size()), [this] { Q_EMIT finished(m_matches); });
    for (const ConnectionTarget &target : targets) {
        if (!target.client) {
            answered();
            continue;
        }
        registry::SubjectQuery query;
        query.subjectPrefix = u":*:"_s;
        const QString id = target.connectionId;
        m_requests.track(target.client->listSubjects(
            query, m_requests.context(), [this, id, text, answered](const Result<QStringList> &r) {
                if (!r) {
                    addLine({id, {}, {}, r.error.summary()});
                } else {
                    for (const QString &subject : r.value) {
                        if (!subject.contains(text, Qt::CaseInsensitive))
                            continue;
                        addLine({id, registry::QualifiedSubject::parse(subject).context, subject, {}});
                        ++m_matches;
                    }
                }
                answered();
            }));
    }
}

void SubjectFinder::addLine(const SubjectMatch &line)
{
    m_lines.append(line);
    Q_EMIT lineAdded(line);
}

} // namespace sd::modes
