#pragma once

#include <functional>
#include <memory>
#include <QList>
#include <QObject>
#include <QPointer>

namespace sd::registry {

class RequestJob;

// The requests of one workflow step that answer together, where only the latest step counts (a search
// as the user types, the two sides of a diff, a refresh). start() begins a generation: the previous
// generation's jobs are aborted and its deliveries dropped. Callbacks are guarded by the generation's
// context object — pass context() as the `context` of RegistryClient calls, or wrap any other callback
// (a thread's result, a timer) with guard() — so an answer of an older generation is never delivered.
class RequestGroup
{
public:
    RequestGroup();
    ~RequestGroup(); // aborts the current generation
    RequestGroup(const RequestGroup &) = delete;
    RequestGroup &operator=(const RequestGroup &) = delete;

    // Ends the current generation (aborting its jobs) and begins a new one; returns its context.
    QObject *start();
    // The current generation's context: deliveries to it happen only while the generation is current.
    QObject *context() const { return m_context.get(); }
    // Aborts the current generation's jobs and drops its deliveries; context() is null until start().
    void cancel();
    // Tracks a job so that start() and cancel() abort it; returns the job for chaining.
    RequestJob *track(RequestJob *job);
    // True while a tracked job of the current generation has not finished.
    bool isBusy() const;
    // A generation number, for results kept beside the group (e.g. "computed for generation N").
    quint64 generation() const { return m_generation; }

    // Wraps a callback so it runs only if this generation is still current when it is called.
    template<typename F> auto guard(F f) const
    {
        return [context = QPointer<QObject>(m_context.get()), f = std::move(f)](auto &&...args) mutable {
            if (context)
                f(std::forward<decltype(args)>(args)...);
        };
    }

    // A countdown for a fan-out: the returned `arrived` must be called `parts` times, then `whenAll`
    // runs once (at once if parts is 0), and only if this generation is still current.
    std::function<void()> join(int parts, std::function<void()> whenAll) const;

private:
    std::unique_ptr<QObject> m_context;
    QList<QPointer<RequestJob>> m_jobs;
    quint64 m_generation = 0;
};

} // namespace sd::registry
