#include "sandboxserver/MisbehavingRegistry.h"

#include <QMetaEnum>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

constexpr int pageSize = 1000;

QByteArray schemaRow(const QByteArray &subject, int id)
{
    return "{\"subject\":\"" + subject + "\",\"version\":1,\"id\":" + QByteArray::number(id) +
           ",\"schemaType\":\"AVRO\",\"schema\":\"\\\"string\\\"\"}";
}

// Rows [begin, end) of subjects named prefix + number.
QByteArray schemaRows(const QByteArray &prefix, int begin, int end)
{
    QByteArray body = "[";
    for (int i = begin; i < end; ++i) {
        if (i > begin)
            body += ',';
        body += schemaRow(prefix + QByteArray::number(i).rightJustified(6, '0'), i + 1);
    }
    return body + ']';
}

QByteArray numberedNames(int count)
{
    QByteArray body = "[";
    for (int i = 0; i < count; ++i)
        body += (i ? ",\"topic-" : "\"topic-") + QByteArray::number(i).rightJustified(6, '0') + '"';
    return body + ']';
}

const QByteArray &twoMillionNames()
{
    static const QByteArray body = [] {
        const QByteArray entry = "\"dup-subject-value\",";
        QByteArray b;
        b.reserve(entry.size() * 2000000 + 2);
        b += '[';
        for (int i = 0; i < 2000000; ++i)
            b += entry;
        b.back() = ']';
        return b;
    }();
    return body;
}

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

bool pagesBehaviour(MisbehavingRegistry::Behaviour b)
{
    using B = MisbehavingRegistry::Behaviour;
    return b == B::PageIgnoresOffset || b == B::PageIgnoresLimit;
}

} // namespace

struct MisbehavingRegistry::Client
{
    QTcpSocket *socket = nullptr;
    QByteArray buffer;
    QTimer *timer = nullptr;
    bool done = false;    // answered in a way that ends the exchange (closed, dripping, streaming)
    bool closing = false; // disconnected; freed on the next turn of the event loop
};

QList<MisbehavingRegistry::Behaviour> MisbehavingRegistry::all()
{
    QList<Behaviour> list;
    const QMetaEnum meta = QMetaEnum::fromType<Behaviour>();
    for (int i = 0; i < meta.keyCount(); ++i)
        list << Behaviour(meta.value(i));
    return list;
}

QString MisbehavingRegistry::name(Behaviour behaviour)
{
    const QString key = QString::fromLatin1(QMetaEnum::fromType<Behaviour>().valueToKey(int(behaviour)));
    QString out;
    for (const QChar c : key) {
        if (c.isUpper() && !out.isEmpty())
            out += u'-';
        out += c.toLower();
    }
    return out;
}

std::optional<MisbehavingRegistry::Behaviour> MisbehavingRegistry::fromName(const QString &name)
{
    for (const Behaviour b : all()) {
        if (MisbehavingRegistry::name(b) == name)
            return b;
    }
    return std::nullopt;
}

MisbehavingRegistry::MisbehavingRegistry(Behaviour behaviour, QObject *parent)
    : QObject(parent)
    , m_behaviour(behaviour)
    , m_server(std::make_unique<QTcpServer>())
{
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this,
            &MisbehavingRegistry::onConnection);
}

MisbehavingRegistry::~MisbehavingRegistry()
{
    m_server->close();
    const QList<Client *> clients = std::exchange(m_clients, {});
    for (Client *client : clients) {
        if (!client->closing) { // a closing client's socket is already on its way out (deleteLater)
            client->socket->disconnect(this);
            client->socket->abort();
            delete client->socket;
        }
        delete client->timer;
        delete client;
    }
}

bool MisbehavingRegistry::listen(QString *error)
{
    if (m_server->listen(QHostAddress::LocalHost, 0))
        return true;
    if (error)
        *error = m_server->errorString();
    return false;
}

QUrl MisbehavingRegistry::url() const
{
    return QUrl(u"%1://127.0.0.1:%2"_s.arg(m_behaviour == Behaviour::NotTls ? u"https"_s : u"http"_s)
                    .arg(m_server->serverPort()));
}

void MisbehavingRegistry::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *client = new Client;
        client->socket = socket;
        m_clients.append(client);
        connect(socket, &QTcpSocket::readyRead, this, [this, client] { onReadyRead(client); });
        connect(socket, &QTcpSocket::disconnected, this, [this, client] {
            // May come from inside a handler (abort): the client goes once the handler returned. It stays
            // in m_clients until then, so a registry destroyed before that still frees it.
            if (client->closing)
                return;
            client->closing = true;
            client->done = true;
            if (client->timer)
                client->timer->stop();
            client->socket->disconnect(this);
            client->socket->deleteLater();
            QMetaObject::invokeMethod(
                this,
                [this, client] {
                    m_clients.removeAll(client);
                    delete client->timer;
                    delete client;
                },
                Qt::QueuedConnection);
        });
    }
}

void MisbehavingRegistry::onReadyRead(Client *client)
{
    if (client->done)
        return;
    client->buffer += client->socket->readAll();
    if (m_behaviour == Behaviour::NotTls) { // a TLS ClientHello gets a plain HTTP answer
        ++m_requests;
        client->socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        client->socket->disconnectFromHost();
        return;
    }
    while (!client->done) {
        const qsizetype end = client->buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (client->buffer.size() > 64 * 1024)
                client->socket->abort();
            return;
        }
        const QList<QByteArray> lines = client->buffer.left(end).split('\n');
        qsizetype bodyLength = 0;
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("content-length:"))
                bodyLength = line.mid(15).trimmed().toLongLong();
        }
        if (client->buffer.size() < end + 4 + bodyLength)
            return;
        client->buffer.remove(0, end + 4 + bodyLength);
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        handle(client, requestLine.value(0), requestLine.value(1));
    }
}

void MisbehavingRegistry::handle(Client *client, const QByteArray &method, const QByteArray &target)
{
    Q_UNUSED(method)
    ++m_requests;
    const qsizetype mark = target.indexOf('?');
    const QByteArray path = QByteArray::fromPercentEncoding(mark < 0 ? target : target.left(mark));
    const QByteArray query = mark < 0 ? QByteArray() : target.mid(mark + 1);
    if (misbehave(client, path, query))
        return;
    int status = 200;
    const QByteArray body = healthy(path, query, &status);
    answer(client, status, body);
}

QByteArray MisbehavingRegistry::healthy(const QByteArray &path, const QByteArray &query, int *status) const
{
    const QUrlQuery items(QString::fromLatin1(query));
    const int offset = items.queryItemValue(u"offset"_s).toInt();
    if (path == "/schemas/types")
        return R"(["AVRO","JSON","PROTOBUF"])";
    if (path == "/v1/metadata/version")
        return R"({"version":"7.6.0","commitId":"misbehaving"})";
    if (path == "/contexts")
        return R"(["."])";
    if (path == "/subjects")
        return pagesBehaviour(m_behaviour) ? numberedNames(3 * pageSize) : R"(["orders-value"])";
    if (path == "/schemas") {
        if (query.contains("schemadesk-capability-probe"))
            return "[]";
        const QByteArray subject =
            m_behaviour == Behaviour::TwoMillionNames ? "dup-subject-value" : "orders-value";
        return offset == 0 ? "[" + schemaRow(subject, 1) + ']' : QByteArray("[]");
    }
    if (path == "/exporters")
        return "[]";
    if (path == "/mode" || path == "/mode/:.__GLOBAL:")
        return R"({"mode":"READWRITE"})";
    if (path == "/config" || path == "/config/:.__GLOBAL:")
        return R"({"compatibilityLevel":"BACKWARD"})";
    if (path == "/")
        return "{}";
    *status = 404;
    return R"({"error_code":404,"message":"HTTP 404 Not Found"})";
}

void MisbehavingRegistry::answer(Client *client, int status, const QByteArray &body,
                                 const QByteArray &extraHeaders)
{
    client->socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) +
                          "\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n");
    client->socket->write(body);
}

bool MisbehavingRegistry::misbehave(Client *client, const QByteArray &path, const QByteArray &query)
{
    const bool subjects = path == "/subjects";
    const bool page = path == "/schemas" && query.contains("offset=");
    const int offset = QUrlQuery(QString::fromLatin1(query)).queryItemValue(u"offset"_s).toInt();
    QTcpSocket *socket = client->socket;
    switch (m_behaviour) {
    case Behaviour::HtmlLoginPage: {
        if (!subjects)
            return false;
        const QByteArray html = "<!DOCTYPE html>\n<html><head><title>Sign in - Example SSO</title></head>"
                                "<body><form action=\"/login\">Password: <input type=password></form>"
                                "</body></html>";
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                      QByteArray::number(html.size()) + "\r\n\r\n" + html);
        return true;
    }
    case Behaviour::TruncatedBody:
        if (!subjects)
            return false;
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n" +
                      QByteArray(R"(["orders-value","payments)").left(25));
        socket->disconnectFromHost();
        client->done = true;
        return true;
    case Behaviour::RedirectLoop:
        if (!subjects)
            return false;
        answer(client, 302, {},
               "Location: " + url().toEncoded() + path + (query.isEmpty() ? QByteArray() : '?' + query) +
                   "\r\n");
        return true;
    case Behaviour::WrongShape:
        return subjects && (answer(client, 200, R"({"subjects": 5})"), true);
    case Behaviour::NumbersForNames:
        return subjects && (answer(client, 200, "[1, 2, 3]"), true);
    case Behaviour::NullNames:
        return subjects && (answer(client, 200, R"(["orders-value", null])"), true);
    case Behaviour::DeepNesting:
        return subjects && (answer(client, 200, QByteArray(100000, '[') + QByteArray(100000, ']')), true);
    case Behaviour::EmptyBody:
        return subjects && (answer(client, 200, {}), true);
    case Behaviour::BrokenJson:
        return subjects && (answer(client, 200, R"(["orders-value", "payments-val)"), true);
    case Behaviour::SlowDrip:
        if (!subjects)
            return false;
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Content-Length: 1000000\r\n\r\n[");
        client->done = true;
        client->timer = new QTimer;
        connect(client->timer, &QTimer::timeout, this, [this, client] { drip(client); });
        client->timer->start(100);
        return true;
    case Behaviour::NeverAnswers:
        return true;
    case Behaviour::NotTls:
        return false;
    case Behaviour::ServerErrorStorm:
        answer(client, 503,
               R"({"error_code":50003,"message":"Error while forwarding the request to the leader"})",
               "Retry-After: 1\r\n");
        return true;
    case Behaviour::HugeRetryAfter:
        answer(client, 429, R"({"error_code":429,"message":"Rate Limit Exceeded"})",
               "Retry-After: 99999999999999999999999999\r\n");
        return true;
    case Behaviour::ResetMidPage: {
        if (!page)
            return false;
        const QByteArray body = schemaRows("orders-", 0, pageSize);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body.left(body.size() / 2));
        client->done = true;
        // Reset once the half page has been read: an early RST would make the peer drop it unread.
        QTimer::singleShot(300, socket, [socket] {
            const struct linger reset = {1, 0}; // close with RST, not FIN
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
            socket->abort();
        });
        return true;
    }
    case Behaviour::TwoMillionNames:
        return subjects && (answer(client, 200, twoMillionNames()), true);
    case Behaviour::OversizedAnswer:
        if (!subjects)
            return false;
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Content-Length: 200000000\r\n\r\n[" +
                      QByteArray(64 * 1024, ' '));
        client->done = true;
        return true;
    case Behaviour::EndlessBody:
        if (!subjects)
            return false;
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n"
                      "1\r\n[\r\n");
        client->done = true;
        connect(socket, &QTcpSocket::bytesWritten, this, [this, client] { feedEndless(client); });
        feedEndless(client);
        return true;
    case Behaviour::PageIgnoresOffset:
        return page && (answer(client, 200, schemaRows("topic-", 0, pageSize)), true);
    case Behaviour::PageIgnoresLimit:
        return page && (answer(client, 200, schemaRows("topic-", 0, 2500)), true);
    case Behaviour::EndlessPages:
        return page && (answer(client, 200, schemaRows("ghost-", offset, offset + pageSize)), true);
    }
    return false;
}

void MisbehavingRegistry::drip(Client *client)
{
    client->socket->write(" ");
}

void MisbehavingRegistry::feedEndless(Client *client)
{
    static const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, ' ') + "\r\n";
    QTcpSocket *socket = client->socket;
    while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 1024 * 1024)
        client->socket->write(chunk);
}

} // namespace sd::sandbox
