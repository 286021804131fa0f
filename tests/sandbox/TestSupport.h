#pragma once

// Helpers shared by the sandbox tests: raw HTTP over a QTcpSocket, and certificates made with the
// openssl command line during the test.

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace sd::sandbox::testing {

struct RawResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
};

// Splits complete responses off the front of buffer (Content-Length framing only, as our server uses).
inline bool takeResponse(QByteArray *buffer, RawResponse *response)
{
    const qsizetype end = buffer->indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    RawResponse r;
    r.head = buffer->left(end);
    const QList<QByteArray> first = r.head.left(r.head.indexOf('\r')).split(' ');
    r.status = first.size() > 1 ? first[1].toInt() : 0;
    if (r.status == 100) {
        buffer->remove(0, end + 4);
        return takeResponse(buffer, response);
    }
    const qsizetype length = r.header("Content-Length").toLongLong();
    if (buffer->size() < end + 4 + length)
        return false;
    r.body = buffer->mid(end + 4, length);
    buffer->remove(0, end + 4 + length);
    *response = r;
    return true;
}

// Sends bytes on a fresh connection and collects `count` responses (or whatever came before the
// connection closed or the timeout). `closed` tells whether the server closed the connection.
inline QList<RawResponse> rawExchange(quint16 port, const QByteArray &bytes, int count,
                                      bool *closed = nullptr, int timeoutMs = 5000)
{
    // The server usually runs in this thread: wait with an event loop, never with waitFor*().
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs))
        return {};
    socket.write(bytes);
    QList<RawResponse> responses;
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    bool wasClosed = false;
    while (responses.size() < count && timer.elapsed() < timeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0) {
            wasClosed = true;
            break;
        }
        QTest::qWait(5);
        buffer += socket.readAll();
        RawResponse response;
        while (takeResponse(&buffer, &response))
            responses.append(response);
    }
    if (closed) {
        if (!wasClosed) {
            // Give the server a moment to close after its last answer.
            QElapsedTimer wait;
            wait.start();
            while (socket.state() == QAbstractSocket::ConnectedState && wait.elapsed() < 1000)
                QTest::qWait(5);
            wasClosed = socket.state() != QAbstractSocket::ConnectedState;
        }
        *closed = wasClosed;
    }
    return responses;
}

// A CA, a server certificate for 127.0.0.1/localhost signed by it, and a client certificate signed
// by it, plus an unrelated "rogue" CA and a client certificate signed by that one.
struct TestCertificates
{
    QTemporaryDir dir;
    QString caCert, caKey, serverCert, serverKey, clientCert, clientKey, rogueCert, rogueKey;
    QString error;

    bool run(const QStringList &args)
    {
        QProcess process;
        process.setWorkingDirectory(dir.path());
        process.start(QStringLiteral("openssl"), args);
        if (!process.waitForFinished(60000) || process.exitCode() != 0) {
            error =
                QStringLiteral("openssl %1 failed: %2")
                    .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAllStandardError()));
            return false;
        }
        return true;
    }

    bool make()
    {
        if (!dir.isValid()) {
            error = QStringLiteral("no temporary directory");
            return false;
        }
        auto path = [this](const char *name) { return dir.filePath(QString::fromLatin1(name)); };
        caCert = path("ca.pem");
        caKey = path("ca.key");
        serverCert = path("server.pem");
        serverKey = path("server.key");
        clientCert = path("client.pem");
        clientKey = path("client.key");
        rogueCert = path("rogue.pem");
        rogueKey = path("rogue.key");
        const QString ext = path("server.ext");
        {
            QFile file(ext);
            if (!file.open(QIODevice::WriteOnly))
                return false;
            file.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        }
        const QString days = QStringLiteral("2");
        auto s = [](const char *text) { return QString::fromLatin1(text); };
        return run({s("req"), s("-x509"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), caKey,
                    s("-out"), caCert, s("-days"), days, s("-subj"), s("/CN=SchemaDesk Test CA")}) &&
               run({s("req"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), serverKey, s("-out"),
                    path("server.csr"), s("-subj"), s("/CN=localhost")}) &&
               run({s("x509"), s("-req"), s("-in"), path("server.csr"), s("-CA"), caCert, s("-CAkey"), caKey,
                    s("-CAcreateserial"), s("-out"), serverCert, s("-days"), days, s("-extfile"), ext}) &&
               run({s("req"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), clientKey, s("-out"),
                    path("client.csr"), s("-subj"), s("/CN=test-client")}) &&
               run({s("x509"), s("-req"), s("-in"), path("client.csr"), s("-CA"), caCert, s("-CAkey"), caKey,
                    s("-CAcreateserial"), s("-out"), clientCert, s("-days"), days}) &&
               run({s("req"), s("-x509"), s("-newkey"), s("rsa:2048"), s("-nodes"), s("-keyout"), rogueKey,
                    s("-out"), rogueCert, s("-days"), days, s("-subj"), s("/CN=Rogue")});
    }
};

} // namespace sd::sandbox::testing
