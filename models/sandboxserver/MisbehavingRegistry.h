#pragma once

#include <memory>
#include <optional>
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace sd::sandbox {

// A registry that misbehaves the way real ones and the proxies in front of them do, one way per
// instance, for tests of the console's robustness. It answers the requests a console sends when it
// connects (the capability probe, the subject list, contexts, schema pages, settings, exporters) like a
// registry holding one subject, except where its behaviour says otherwise. It works on raw sockets, so
// it can do what a well-behaved HTTP server never would: cut a body short, drip it, reset the connection
// mid-page or never answer.
class MisbehavingRegistry : public QObject
{
    Q_OBJECT
public:
    enum class Behaviour {
        HtmlLoginPage,     // GET /subjects answers 200 text/html
        TruncatedBody,     // … Content-Length 100,000, 25 bytes, then the connection closes
        RedirectLoop,      // … 302 to itself
        WrongShape,        // … {"subjects": 5}
        NumbersForNames,   // … [1, 2, 3]
        NullNames,         // … ["orders-value", null]
        DeepNesting,       // … an array nested 100,000 deep
        EmptyBody,         // … 200 with an empty body
        BrokenJson,        // … JSON cut in the middle, with a matching Content-Length
        SlowDrip,          // … one byte every 100 ms, forever
        NeverAnswers,      // every request: read, never answered
        NotTls,            // an https:// URL whose server speaks plain HTTP: the TLS handshake fails
        ServerErrorStorm,  // every request: 503 with Retry-After: 1
        HugeRetryAfter,    // every request: 429 with a Retry-After far past 2^63 milliseconds
        ResetMidPage,      // the first schema page: half of it, then a TCP reset
        TwoMillionNames,   // GET /subjects: one name listed 2,000,000 times (~40 MB)
        OversizedAnswer,   // GET /subjects declares 200,000,000 bytes
        EndlessBody,       // GET /subjects: a chunked body that never ends, as fast as it is read
        PageIgnoresOffset, // GET /schemas answers the first page at every offset
        PageIgnoresLimit,  // GET /schemas answers 2,500 rows for limit=1000
        EndlessPages,      // GET /schemas answers full pages of new subjects at every offset
    };
    Q_ENUM(Behaviour)

    static QList<Behaviour> all();
    static QString name(Behaviour behaviour); // "html-login-page"
    static std::optional<Behaviour> fromName(const QString &name);

    explicit MisbehavingRegistry(Behaviour behaviour, QObject *parent = nullptr);
    ~MisbehavingRegistry() override;

    bool listen(QString *error = nullptr); // on 127.0.0.1, any free port
    QUrl url() const;                      // https:// for NotTls
    Behaviour behaviour() const { return m_behaviour; }
    int requestCount() const { return m_requests; }

private:
    struct Client;
    void onConnection();
    void onReadyRead(Client *client);
    void handle(Client *client, const QByteArray &method, const QByteArray &target);
    void answer(Client *client, int status, const QByteArray &body, const QByteArray &extraHeaders = {});
    bool misbehave(Client *client, const QByteArray &path, const QByteArray &query);
    QByteArray healthy(const QByteArray &path, const QByteArray &query, int *status) const;
    void drip(Client *client);
    void feedEndless(Client *client);

    Behaviour m_behaviour;
    std::unique_ptr<QTcpServer> m_server;
    QList<Client *> m_clients;
    int m_requests = 0;
};

} // namespace sd::sandbox
