#pragma once

// Schemas for the search tests, registered over real HTTP on a sandbox registry.

#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"

#include <QTest>

namespace sd::search::testing {

// An Avro record in namespace com.acme with optional string fields.
inline QString avro(const QString &name, const QStringList &fields)
{
    using namespace Qt::StringLiterals;
    QStringList list;
    for (const QString &field : fields)
        list << u"{\"name\":\"%1\",\"type\":[\"null\",\"string\"],\"default\":null}"_s.arg(field);
    return u"{\"type\":\"record\",\"name\":\"%1\",\"namespace\":\"com.acme\",\"fields\":[%2]}"_s.arg(
        name, list.join(u','));
}

// Registers `schema` under `subject`; the error, or empty.
inline QString registerSchema(const QUrl &url, const QString &subject, const QString &schema)
{
    registry::ConnectionProfile p;
    p.urls = {url};
    registry::RegistryClient client(p, {});
    bool done = false;
    QString error;
    QObject context;
    client.registerSchema(subject, registry::SchemaSubmission::of(schema), false, &context,
                          [&](const registry::Result<registry::SchemaVersion> &r) {
                              done = true;
                              if (!r)
                                  error = r.error.toDisplayString();
                          });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        return QStringLiteral("no answer");
    return error;
}

// What both search tests search: orders-value v1 (id) and v2 (id, customer_id), :.eu:customers-value
// (customer_id, name), payments-value (amount). The first error, or empty.
inline QString registerSampleSchemas(const QUrl &url)
{
    using namespace Qt::StringLiterals;
    const QList<std::pair<QString, QString>> schemas{
        {u"orders-value"_s, avro(u"Order"_s, {u"id"_s})},
        {u"orders-value"_s, avro(u"Order"_s, {u"id"_s, u"customer_id"_s})},
        {u":.eu:customers-value"_s, avro(u"Customer"_s, {u"customer_id"_s, u"name"_s})},
        {u"payments-value"_s, avro(u"Payment"_s, {u"amount"_s})}};
    for (const auto &[subject, schema] : schemas) {
        if (const QString error = registerSchema(url, subject, schema); !error.isEmpty())
            return error;
    }
    return {};
}

// Starts the sandbox and registers the sample schemas; the first error, or empty.
inline QString startWithSamples(sandbox::SandboxServer &server)
{
    QString error;
    if (!server.start({}, &error))
        return error;
    return registerSampleSchemas(server.url());
}

} // namespace sd::search::testing
