#pragma once

#include "registry/ApiError.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace sd::registry {
class RequestJob;
}

namespace sd::glue {

class GlueClient;

// One Glue operation: a signed POST per attempt through the connection's Transport (timeouts, the size
// cap, the deadline and 5xx retries are RequestJob's), a new signature and a backoff after Glue's own
// retryable errors (ThrottlingException comes as HTTP 400, which RequestJob rightly does not retry),
// and for listings every page until NextToken ends or repeats. Finishes exactly once; deletes itself
// after finished().
class GlueCall : public QObject
{
    Q_OBJECT
public:
    ~GlueCall() override;

    const QString &operation() const { return m_operation; }
    bool isFinished() const { return m_finished; }
    // Finishes with ErrorKind::Aborted unless finished already.
    void abort();

    // Valid after finished().
    bool succeeded() const { return m_finished && !m_error.isError(); }
    const registry::ApiError &error() const { return m_error; }
    const QList<QJsonObject> &pages() const { return m_pages; }
    QString pagingWarning() const { return m_pagingWarning; }
    int attempts() const { return m_attempts; }

    static constexpr int maxPages = 10000;

Q_SIGNALS:
    void finished(sd::glue::GlueCall *call);

private:
    friend class GlueClient;
    GlueCall(GlueClient *client, QString operation, QJsonObject body, bool paged, bool idempotent);

    void start();
    void send();
    void onJobFinished(registry::RequestJob *job);
    void onPage(const QJsonObject &page);
    void finish(registry::ApiError error);

    QPointer<GlueClient> m_client;
    QString m_operation;
    QJsonObject m_body;
    bool m_paged = false;
    bool m_idempotent = false;
    QPointer<registry::RequestJob> m_job;
    QTimer m_retryTimer;
    QElapsedTimer m_elapsed;
    QList<QJsonObject> m_pages;
    QSet<QString> m_tokensSeen;
    QString m_pagingWarning;
    registry::ApiError m_error;
    int m_attempts = 0;
    int m_retries = 0;
    bool m_finished = false;
};

} // namespace sd::glue
