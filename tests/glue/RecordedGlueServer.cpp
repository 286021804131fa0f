#include "RecordedGlueServer.h"

#include "glue/SigV4Signer.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sd::glue::test {

RecordedGlueServer::RecordedGlueServer(AwsCredentials keys, QString region, QObject *parent)
    : QObject(parent)
    , m_keys(std::move(keys))
    , m_region(std::move(region))
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

RecordedGlueServer::~RecordedGlueServer()
{
    // The sockets die with m_server and say so on the way: not to this half-destroyed object.
    const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        delete socket;
    }
}

QUrl RecordedGlueServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()));
}

void RecordedGlueServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer.left(end);
        static const QRegularExpression length(u"(?im)^content-length:\\s*(\\d+)"_s);
        const auto match = length.match(QString::fromLatin1(head));
        const qsizetype size = match.hasMatch() ? match.captured(1).toLongLong() : 0;
        if (buffer.size() < end + 4 + size)
            return;
        const QByteArray body = buffer.mid(end + 4, size);
        buffer.remove(0, end + 4 + size);
        handle(socket, head, body);
    }
}

void RecordedGlueServer::handle(QTcpSocket *socket, const QByteArray &head, const QByteArray &body)
{
    const QByteArrayList lines = head.split('\n');
    const QByteArrayList requestLine = lines.value(0).trimmed().split(' ');
    Received request;
    request.body = body;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                   lines[i].mid(colon + 1).trimmed());
    }
    request.target = request.headers.value("x-amz-target");
    checkSignature(request, requestLine.value(0), requestLine.value(1));
    m_received.append(request);

    const QByteArray operation = request.target.mid(request.target.indexOf('.') + 1);
    const QList<Answer> answers = m_script.value(operation);
    const int index = qMin(m_played[operation]++, int(answers.size()) - 1);
    Answer answer =
        index >= 0 ? answers[index] : Answer{400, "{\"__type\":\"UnknownOperationException\"}", {}};
    if (answer.hang)
        return;
    QByteArray response = "HTTP/1.1 " + QByteArray::number(answer.status) + " X\r\n" +
                          "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " +
                          QByteArray::number(answer.body.size()) + "\r\n";
    for (const auto &[name, value] : answer.headers)
        response += name + ": " + value + "\r\n";
    socket->write(response + "\r\n" + answer.body);
}

void RecordedGlueServer::checkSignature(Received &request, const QByteArray &method,
                                        const QByteArray &path) const
{
    static const QRegularExpression authorization(
        u"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/glue/aws4_request, SignedHeaders=([^,]+), "
        u"Signature=([0-9a-f]{64})$"_s);
    const auto match = authorization.match(QString::fromLatin1(request.headers.value("authorization")));
    if (!match.hasMatch()) {
        request.signatureProblem = u"no SigV4 Authorization header"_s;
        return;
    }
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(request.headers.value("x-amz-date")),
                                                 u"yyyyMMdd'T'HHmmss'Z'"_s);
    SigV4Request signable{
        method,
        QUrl(u"http://"_s + QString::fromLatin1(request.headers.value("host")) + QString::fromLatin1(path)),
        {},
        request.body};
    const QStringList signedNames = match.captured(4).split(u';');
    for (const QString &name : signedNames) {
        if (name != "host"_L1 && name != "x-amz-date"_L1 && name != "x-amz-security-token"_L1)
            signable.headers.append({name.toLatin1(), request.headers.value(name.toLatin1())});
    }
    AwsCredentials keys = m_keys;
    keys.sessionToken = QString::fromLatin1(request.headers.value("x-amz-security-token"));
    const SigV4Signer signer(keys, m_region, u"glue"_s);
    const SigV4Signature expected =
        signer.sign(signable, QDateTime(when.date(), when.time(), QTimeZone::UTC));
    if (match.captured(1) != m_keys.accessKeyId || match.captured(3) != m_region)
        request.signatureProblem = u"signed for another key or region"_s;
    else if (!signedNames.contains(u"content-type"_s) || !signedNames.contains(u"x-amz-target"_s))
        request.signatureProblem = u"content-type or x-amz-target not signed"_s;
    else if (expected.signature != match.captured(5).toLatin1())
        request.signatureProblem = u"signature does not match: canonical request\n"_s +
                                   QString::fromLatin1(expected.canonicalRequest);
    request.signatureValid = request.signatureProblem.isEmpty();
}

} // namespace sd::glue::test
