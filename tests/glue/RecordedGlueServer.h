#pragma once

#include "glue/AwsCredentials.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

namespace sd::glue::test {

// A Glue endpoint on loopback that plays recorded answers per X-Amz-Target, in order (the last one
// repeats), and checks each request's SigV4 signature by signing what it received again.
class RecordedGlueServer : public QObject
{
    Q_OBJECT
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool hang = false; // never answer
    };
    struct Received
    {
        QByteArray target;
        QByteArray body;
        QMap<QByteArray, QByteArray> headers; // lower-case names
        bool signatureValid = false;
        QString signatureProblem;
    };

    RecordedGlueServer(AwsCredentials keys, QString region, QObject *parent = nullptr);
    ~RecordedGlueServer() override;
    QUrl url() const;

    void script(const QByteArray &operation, QList<Answer> answers)
    {
        m_script[operation] = std::move(answers);
    }
    const QList<Received> &received() const { return m_received; }
    void clear()
    {
        m_script.clear();
        m_received.clear();
    }

private:
    void onReadyRead(QTcpSocket *socket);
    void handle(QTcpSocket *socket, const QByteArray &head, const QByteArray &body);
    void checkSignature(Received &request, const QByteArray &method, const QByteArray &path) const;

    QTcpServer m_server;
    AwsCredentials m_keys;
    QString m_region;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QMap<QByteArray, QList<Answer>> m_script;
    QMap<QByteArray, int> m_played;
    QList<Received> m_received;
};

} // namespace sd::glue::test
