#include "GlueCall.h"

#include "GlueClient.h"
#include "GlueError.h"
#include "GlueLog.h"
#include "registry/RequestJob.h"
#include "registry/Transport.h"
#include "SigV4Signer.h"

#include <chrono>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace sd::glue {

using registry::ApiError;
using registry::ErrorKind;

GlueCall::GlueCall(GlueClient *client, QString operation, QJsonObject body, bool paged, bool idempotent)
    : QObject(client)
    , m_client(client)
    , m_operation(std::move(operation))
    , m_body(std::move(body))
    , m_paged(paged)
    , m_idempotent(idempotent)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &GlueCall::send);
}

GlueCall::~GlueCall()
{
    if (m_job && !m_job->isFinished()) {
        m_job->disconnect(this);
        m_job->abort();
    }
}

void GlueCall::start()
{
    m_elapsed.start();
    send();
}

void GlueCall::send()
{
    if (m_finished)
        return;
    if (!m_client) {
        finish(ApiError::make(ErrorKind::Aborted, u"The Glue connection was closed."_s));
        return;
    }
    registry::Transport *transport = m_client->transport();
    registry::RequestSpec spec;
    spec.method = "POST";
    spec.body = QJsonDocument(m_body).toJson(QJsonDocument::Compact);
    spec.contentType = GlueClient::contentType();
    spec.authenticate = false; // signed here: the signature covers the body, which Authenticator never sees
    spec.retryable = m_idempotent;
    spec.intent = m_idempotent ? registry::Intent::Read : registry::Intent::ConfigChange;
    const QByteArray target = "AWSGlue." + m_operation.toLatin1();
    spec.headers.append({"X-Amz-Target", target});
    const QString problem = m_client->credentialProblem();
    if (problem.isEmpty()) {
        // Signed anew on every attempt: a retry after a pause must not carry a stale date.
        const SigV4Request request{spec.method,
                                   transport->buildUrl(spec, transport->currentUrlIndex()),
                                   {{"Content-Type", spec.contentType}, {"X-Amz-Target", target}},
                                   spec.body};
        spec.headers += m_client->signer().sign(request, QDateTime::currentDateTimeUtc()).headersToAdd;
    }
    registry::RequestJob *job = transport->createJob(spec);
    if (!problem.isEmpty())
        job->refuse(ApiError::make(ErrorKind::Configuration, problem,
                                   u"Give the connection AWS keys, or set up a profile."_s));
    ++m_attempts;
    m_job = job;
    connect(job, &registry::RequestJob::finished, this, &GlueCall::onJobFinished);
    job->start();
}

void GlueCall::onJobFinished(registry::RequestJob *job)
{
    if (job != m_job || m_finished)
        return;
    m_job = nullptr;
    if (job->error().kind != ErrorKind::Http) {
        if (!job->succeeded()) {
            finish(job->error());
            return;
        }
        const QJsonDocument document = QJsonDocument::fromJson(job->body());
        if (!document.isObject()) {
            finish(ApiError::malformed(u"%1's answer is not a JSON object"_s.arg(m_operation), job->body()));
            return;
        }
        onPage(document.object());
        return;
    }
    ApiError error =
        GlueError::fromHttp(job->httpStatus(), job->body(), job->responseHeader("X-Amzn-ErrorType"),
                            m_operation, m_client ? m_client->region() : QString());
    const QString type = GlueError::typeOf(job->body(), job->responseHeader("X-Amzn-ErrorType"));
    const bool again = type == "ThrottlingException"_L1 || (m_idempotent && GlueError::isRetryable(type));
    if (again && m_client && m_retries < m_client->maxRetries()) {
        const qint64 base = qint64(m_client->retryBaseDelayMs()) << qMin(m_retries, 10);
        const qint64 delay = base + QRandomGenerator::global()->bounded(base / 5 + 1);
        if (m_elapsed.elapsed() + delay < m_client->deadlineMs()) {
            ++m_retries;
            qCDebug(lcGlue) << m_operation << type << "- retrying in" << delay << "ms";
            m_retryTimer.start(std::chrono::milliseconds(delay));
            return;
        }
    }
    if (m_retries > 0)
        error.explanation += u" (%1 attempts)"_s.arg(m_attempts);
    finish(error);
}

void GlueCall::onPage(const QJsonObject &page)
{
    m_pages.append(page);
    const QString token = page.value("NextToken"_L1).toString();
    if (!m_paged || token.isEmpty()) {
        finish({});
        return;
    }
    if (m_tokensSeen.contains(token) || m_pages.size() >= maxPages) {
        m_pagingWarning =
            m_tokensSeen.contains(token)
                ? u"%1 answered a NextToken it had given before: the listing stopped after %2 pages and "
                  u"may be incomplete."_s.arg(m_operation)
                      .arg(m_pages.size())
                : u"%1 went on for more than %2 pages: the listing stopped there."_s.arg(m_operation)
                      .arg(maxPages);
        qCWarning(lcGlue) << m_pagingWarning;
        finish({});
        return;
    }
    m_tokensSeen.insert(token);
    m_body.insert("NextToken"_L1, token);
    m_retries = 0;
    send();
}

void GlueCall::abort()
{
    if (m_finished)
        return;
    if (m_job) {
        m_job->disconnect(this);
        m_job->abort();
        m_job = nullptr;
    }
    finish(ApiError::make(ErrorKind::Aborted, u"Request cancelled"_s));
}

void GlueCall::finish(ApiError error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer.stop();
    m_error = std::move(error);
    if (m_error.isError() && m_error.kind != ErrorKind::Aborted)
        qCDebug(lcGlue) << m_operation << m_error.summary();
    Q_EMIT finished(this);
    deleteLater();
}

} // namespace sd::glue
