#include "LoaderPair.h"

#include "BulkLoader.h"

#include <QCoreApplication>

namespace sd::registry {

void LoaderPair::start(RegistryClient *a, RegistryClient *b, QObject *generation, QObject *receiver,
                       const std::function<void()> &finished, const std::function<void()> &progress)
{
    m_loadedA = m_loadedB = {0, 0};
    m_withB = b != nullptr;
    m_a = new BulkLoader(a, generation);
    m_b = m_withB ? new BulkLoader(b, generation) : nullptr;
    for (BulkLoader *loader : {m_a.data(), m_b.data()}) {
        if (!loader)
            continue;
        QObject::connect(loader, &BulkLoader::finished, receiver, finished);
        const bool isA = loader == m_a;
        QObject::connect(loader, &BulkLoader::progress, receiver,
                         [this, isA, progress](qint64 done, qint64 total) {
                             (isA ? m_loadedA : m_loadedB) = {done, total};
                             progress();
                         });
        loader->start();
    }
}

bool LoaderPair::isDone() const
{
    return m_a && (m_b || !m_withB) && !m_a->isRunning() && !(m_b && m_b->isRunning());
}

void LoaderPair::cancel()
{
    for (BulkLoader *loader : {m_a.data(), m_b.data()}) {
        if (loader && loader->isRunning())
            loader->cancel();
    }
}

void LoaderPair::release()
{
    for (BulkLoader *loader : {m_a.data(), m_b.data()}) {
        if (loader)
            loader->deleteLater();
    }
}

int LoaderPair::requestCount() const
{
    return (m_a ? m_a->requestCount() : 0) + (m_b ? m_b->requestCount() : 0);
}

QString LoaderPair::Failure::message(const QString &registryName) const
{
    return QCoreApplication::translate("sd::registry", "Loading %1 failed: %2")
        .arg(registryName, error.toDisplayString());
}

std::optional<LoaderPair::Failure> LoaderPair::failure() const
{
    for (BulkLoader *loader : {m_a.data(), m_b.data()}) {
        if (!loader || (!loader->error().isError() && loader->snapshot()))
            continue;
        return Failure{loader == m_a ? Side::A : Side::B, loader->error()};
    }
    return std::nullopt;
}

SnapshotPtr LoaderPair::snapshotA() const
{
    return m_a ? m_a->snapshot() : nullptr;
}

SnapshotPtr LoaderPair::snapshotB() const
{
    return m_b ? m_b->snapshot() : nullptr;
}

} // namespace sd::registry
