#include "RequestGroup.h"

#include "RequestJob.h"

namespace sd::registry {

RequestGroup::RequestGroup() = default;

RequestGroup::~RequestGroup()
{
    cancel();
}

QObject *RequestGroup::start()
{
    cancel();
    m_context = std::make_unique<QObject>();
    ++m_generation;
    return m_context.get();
}

void RequestGroup::cancel()
{
    // Drop the context first: an abort delivers its callback synchronously, and it must find no receiver.
    m_context.reset();
    const QList<QPointer<RequestJob>> jobs = std::exchange(m_jobs, {});
    for (const QPointer<RequestJob> &job : jobs) {
        if (job)
            job->abort();
    }
}

RequestJob *RequestGroup::track(RequestJob *job)
{
    m_jobs.removeIf([](const QPointer<RequestJob> &j) { return j.isNull() || j->isFinished(); });
    if (job)
        m_jobs.append(job);
    return job;
}

bool RequestGroup::isBusy() const
{
    return std::any_of(m_jobs.cbegin(), m_jobs.cend(),
                       [](const QPointer<RequestJob> &j) { return j && !j->isFinished(); });
}

std::function<void()> RequestGroup::join(int parts, std::function<void()> whenAll) const
{
    auto remaining = std::make_shared<int>(parts);
    auto finish = guard(std::move(whenAll));
    if (parts <= 0) {
        finish();
        return [] {};
    }
    return [remaining, finish]() mutable {
        if (*remaining > 0 && --*remaining == 0)
            finish();
    };
}

} // namespace sd::registry
