#pragma once

// Helpers shared by the registry tests: wait for an async callback, and make certificates with openssl.

#include "registry/RegistryTypes.h"

#include <optional>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

namespace sd::registry::test {

// Runs the event loop until `done()` or the timeout.
template<typename Pred> bool waitUntil(Pred done, int timeoutMs = 15000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done() && !deadline.hasExpired())
        QTest::qWait(5);
    return done();
}

// Calls `start` with a callback and waits for its Result.
template<typename T, typename Start> std::optional<Result<T>> await(Start start, int timeoutMs = 15000)
{
    std::optional<Result<T>> out;
    start([&out](const Result<T> &r) { out = r; });
    waitUntil([&] { return out.has_value(); }, timeoutMs);
    return out;
}

// A throw-away PKI made with the openssl command line: a CA, server certificates (good, expired,
// wrong host) and a client certificate signed by the CA.
class TestPki
{
public:
    bool create(QString *error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        if (!run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                  QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                  QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                  QStringLiteral("-keyout"), path(u"ca.key"), QStringLiteral("-out"), path(u"ca.pem"),
                  QStringLiteral("-subj"), QStringLiteral("/CN=SchemaDesk Test CA"), QStringLiteral("-days"),
                  QStringLiteral("2"), QStringLiteral("-addext"),
                  QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                  QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                 error))
            return false;
        return leaf(u"server", u"/CN=127.0.0.1",
                    u"subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth", {}, error) &&
               leaf(u"expired", u"/CN=127.0.0.1",
                    u"subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth",
                    {QStringLiteral("-not_before"), QStringLiteral("20200101000000Z"),
                     QStringLiteral("-not_after"), QStringLiteral("20210101000000Z")},
                    error) &&
               leaf(u"wronghost", u"/CN=other.example",
                    u"subjectAltName=DNS:other.example\nextendedKeyUsage=serverAuth", {}, error) &&
               leaf(u"client", u"/CN=schemadesk-client", u"extendedKeyUsage=clientAuth", {}, error);
    }

    QString path(QStringView name) const { return m_dir.filePath(name.toString()); }
    QString cert(QStringView name) const { return path(name.toString() + QStringLiteral(".pem")); }
    QString key(QStringView name) const { return path(name.toString() + QStringLiteral(".key")); }

private:
    bool leaf(QStringView name, QStringView subject, QStringView extensions, const QStringList &validity,
              QString *error)
    {
        const QString n = name.toString();
        QFile ext(path(n + QStringLiteral(".ext")));
        if (!ext.open(QIODevice::WriteOnly))
            return false;
        ext.write(extensions.toUtf8() + '\n');
        ext.close();
        if (!run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                  QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                  QStringLiteral("-nodes"), QStringLiteral("-keyout"), key(n), QStringLiteral("-out"),
                  path(n + QStringLiteral(".csr")), QStringLiteral("-subj"), subject.toString()},
                 error))
            return false;
        QStringList args{QStringLiteral("x509"),        QStringLiteral("-req"),
                         QStringLiteral("-in"),         path(n + QStringLiteral(".csr")),
                         QStringLiteral("-CA"),         cert(u"ca"),
                         QStringLiteral("-CAkey"),      key(u"ca"),
                         QStringLiteral("-set_serial"), QString::number(++m_serial),
                         QStringLiteral("-out"),        cert(n),
                         QStringLiteral("-extfile"),    path(n + QStringLiteral(".ext"))};
        if (validity.isEmpty())
            args << QStringLiteral("-days") << QStringLiteral("2");
        else
            args << validity;
        return run(args, error);
    }

    bool run(const QStringList &args, QString *error)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("openssl"), args);
        if (!process.waitForFinished(30000) || process.exitCode() != 0) {
            *error = QStringLiteral("openssl %1 failed: %2")
                         .arg(args.first(), QString::fromLocal8Bit(process.readAllStandardError()));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    int m_serial = 1000;
};

} // namespace sd::registry::test
