// schemadesk-sandbox: a local, single-binary Confluent-compatible Schema Registry.

#include "demo/DemoEnvironment.h"
#include "sandbox/SandboxServer.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;
using sd::sandbox::HttpTlsOptions;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::sandbox::SandboxUser;
using sd::sandbox::VersionProfile;

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "schemadesk-sandbox: %s\n", qPrintable(message));
}

bool parseOptions(const QCommandLineParser &parser, SandboxOptions *options, QString *error)
{
    bool ok = true;
    const uint port = parser.value(u"port"_s).toUInt(&ok);
    if (!ok || port > 65535) {
        *error = u"--port must be a number from 0 to 65535 (0 picks a free port)"_s;
        return false;
    }
    options->port = quint16(port);
    const QString bind = parser.value(u"bind"_s);
    if (bind == u"localhost")
        options->bindAddress = QHostAddress(QHostAddress::LocalHost);
    else if (!options->bindAddress.setAddress(bind)) {
        *error = u"--bind needs an IP address such as 127.0.0.1, ::1 or 0.0.0.0, not \"%1\""_s.arg(bind);
        return false;
    }
    options->dataFile = parser.value(u"data"_s);
    for (const QString &spec : parser.values(u"user"_s)) {
        const qsizetype first = spec.indexOf(u':');
        const qsizetype last = spec.lastIndexOf(u':');
        const QString rights = spec.mid(last + 1);
        if (first <= 0 || last == first || (rights != u"ro" && rights != u"rw")) {
            *error = u"--user needs NAME:PASSWORD:ro or NAME:PASSWORD:rw, got \"%1\""_s.arg(spec);
            return false;
        }
        options->users.append(
            SandboxUser{spec.left(first), spec.mid(first + 1, last - first - 1), rights == u"rw"});
    }
    const QString cert = parser.value(u"tls-cert"_s);
    const QString key = parser.value(u"tls-key"_s);
    const QString ca = parser.value(u"tls-client-ca"_s);
    if (cert.isEmpty() != key.isEmpty()) {
        *error = u"--tls-cert and --tls-key go together"_s;
        return false;
    }
    if (!ca.isEmpty() && cert.isEmpty()) {
        *error = u"--tls-client-ca needs --tls-cert and --tls-key"_s;
        return false;
    }
    if (!cert.isEmpty() && !HttpTlsOptions::load(cert, key, ca, &options->tls, error))
        return false;
    options->faults = parser.values(u"fault"_s);
    const QString profile = parser.value(u"profile"_s).toLower();
    if (profile == u"cp8" || profile == u"8")
        options->versionProfile = VersionProfile::Cp8;
    else if (profile == u"cp7" || profile == u"7")
        options->versionProfile = VersionProfile::Cp7;
    else {
        *error = u"--profile is cp8 or cp7"_s;
        return false;
    }
    const int firstId = parser.value(u"first-id"_s).toInt(&ok);
    if (!ok || firstId < 1) {
        *error = u"--first-id must be a positive number"_s;
        return false;
    }
    options->firstSchemaId = firstId;
    if (parser.isSet(u"forward"_s)) {
        options->forwardUrl = QUrl(parser.value(u"forward"_s));
        if (!options->forwardUrl.isValid() || !options->forwardUrl.scheme().startsWith(u"http"_s)) {
            *error = u"--forward needs an http(s) URL"_s;
            return false;
        }
    }
    options->forwardUserInfo = parser.value(u"forward-user"_s);
    if (parser.isSet(u"cluster-id"_s))
        options->clusterId = parser.value(u"cluster-id"_s);
    return true;
}

// --demo: the registries of the user scenarios, seeded over REST; one "listening on" line each.
int runDemo(QCoreApplication &app)
{
    sd::demo::DemoEnvironment demo;
    QObject::connect(&demo, &sd::demo::DemoEnvironment::ready, &app, [&demo] {
        for (const sd::demo::DemoRegistry &registry : demo.registries())
            std::printf("listening on %s (%s)\n", registry.url.toEncoded().constData(),
                        qPrintable(registry.name));
        std::fflush(stdout);
        for (const sd::demo::DemoRegistry &registry : demo.registries())
            std::fprintf(stderr, "%s: %s\n", qPrintable(registry.name), qPrintable(registry.role));
    });
    QObject::connect(&demo, &sd::demo::DemoEnvironment::failed, &app, [&app](const QString &error) {
        printError(error);
        app.exit(1);
    });
    demo.start();
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"schemadesk-sandbox"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SD_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A local Confluent-compatible Schema Registry for development and tests (no Kafka needed).\n"
        "The first line on standard output is \"listening on http://HOST:PORT\" (https with TLS).\n\n"
        "Fault specs (--fault, repeatable): KIND[,route=[METHOD ]PATTERN][,times=N][,body=TEXT]\n"
        "  KIND: latency=MS | error=STATUS | ratelimit=RETRY_AFTER_SECONDS | drop\n"
        "  PATTERN matches the decoded path, '*' matches anything; body= must come last.\n"
        "  e.g. --fault \"error=503,route=GET /subjects*,times=2\" --fault latency=300"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"port"_s, u"TCP port; 0 picks a free one (default 8081)."_s, u"PORT"_s, u"8081"_s},
        {u"bind"_s, u"Address to listen on (default 127.0.0.1)."_s, u"ADDRESS"_s, u"127.0.0.1"_s},
        {u"data"_s, u"Keep the registry in FILE (JSON, written atomically after every change)."_s, u"FILE"_s},
        {u"user"_s, u"Require HTTP basic auth; NAME:PASSWORD:ro or :rw (repeatable)."_s, u"SPEC"_s},
        {u"tls-cert"_s, u"Serve HTTPS with this PEM certificate (chain)."_s, u"FILE"_s},
        {u"tls-key"_s, u"PEM private key of --tls-cert (unencrypted)."_s, u"FILE"_s},
        {u"tls-client-ca"_s, u"Require client certificates signed by these PEM CAs (mTLS)."_s, u"FILE"_s},
        {u"fault"_s, u"Inject a fault (repeatable), see above."_s, u"SPEC"_s},
        {u"profile"_s,
         u"Imitate Confluent Platform cp8 (default) or cp7 (AVRO schemaType omitted, 409 instead of 40901)."_s,
         u"PROFILE"_s, u"cp8"_s},
        {u"first-id"_s, u"First schema id in each context (Confluent Cloud uses 100001)."_s, u"N"_s, u"1"_s},
        {u"cluster-id"_s, u"Cluster id reported by /v1/metadata/id (also names AUTO exporter contexts)."_s,
         u"ID"_s},
        {u"forward"_s, u"Upstream registry for FORWARD mode (set with PUT /mode/:.__GLOBAL:)."_s, u"URL"_s},
        {u"forward-user"_s, u"USER:PASSWORD for the --forward upstream."_s, u"USERINFO"_s},
        {u"demo"_s,
         u"Start the built-in demo instead: the registries of the user scenarios A-D on free loopback "
         "ports, seeded over REST; prints \"listening on URL (NAME)\" for each once ready."_s},
    });
    parser.process(app);
    if (!parser.positionalArguments().isEmpty()) {
        printError(u"unexpected argument \"%1\"; see --help"_s.arg(parser.positionalArguments().first()));
        return 2;
    }
    if (parser.isSet(u"demo"_s))
        return runDemo(app);

    SandboxOptions options;
    QString error;
    if (!parseOptions(parser, &options, &error)) {
        printError(error);
        return 2;
    }
    SandboxServer server;
    if (!server.start(options, &error)) {
        printError(error);
        return 1;
    }
    const QHostAddress bound = server.httpServer()->serverAddress();
    QString host = bound.toString();
    if (bound.protocol() == QAbstractSocket::IPv6Protocol)
        host = u"["_s + host + u"]"_s;
    std::printf("listening on %s://%s:%u\n", server.httpServer()->isTls() ? "https" : "http",
                qPrintable(host), unsigned(server.port()));
    std::fflush(stdout);

    // Every change is written to the data file before it is answered, so being killed loses nothing.
    return app.exec();
}
