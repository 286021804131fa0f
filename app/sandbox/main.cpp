// schemadesk-sandbox: a local, single-binary Confluent-compatible Schema Registry.

#include "demo/DemoEnvironment.h"
#include "sandboxserver/LargeRegistry.h"
#include "sandboxserver/SandboxServer.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;
using sd::sandbox::FlavourPolicy;
using sd::sandbox::HttpTlsOptions;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::sandbox::SandboxUser;

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "schemadesk-sandbox: %s\n", qPrintable(message));
}

// NAME:PASSWORD:ro or NAME:PASSWORD:rw (the password may contain ':'); `from` names the source.
bool parseUserSpec(const QString &spec, const QString &from, QList<SandboxUser> *users, QString *error)
{
    const qsizetype first = spec.indexOf(u':');
    const qsizetype last = spec.lastIndexOf(u':');
    const QString rights = spec.mid(last + 1);
    if (first <= 0 || last == first || (rights != u"ro" && rights != u"rw")) {
        // The spec holds a password: name only the user part.
        *error = u"%1 needs NAME:PASSWORD:ro or NAME:PASSWORD:rw (got one for \"%2\" that is not)"_s.arg(
            from, spec.left(qMax<qsizetype>(first, 0)));
        return false;
    }
    users->append(SandboxUser{spec.left(first), spec.mid(first + 1, last - first - 1), rights == u"rw"});
    return true;
}

// Users from --user-file (one spec a line, '#' comments), SCHEMADESK_SANDBOX_USERS (one spec a line)
// and --user. The first two keep passwords out of the process list, which any local user can read.
bool parseUsers(const QCommandLineParser &parser, QList<SandboxUser> *users, QString *error)
{
    for (const QString &path : parser.values(u"user-file"_s)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = u"cannot read --user-file %1: %2"_s.arg(path, file.errorString());
            return false;
        }
        if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
            printError(u"note: %1 is readable by other users (chmod 600 it)"_s.arg(path));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString line = lines[i].trimmed();
            if (!line.isEmpty() && !line.startsWith(u'#') &&
                !parseUserSpec(line, u"line %1 of %2"_s.arg(i + 1).arg(path), users, error))
                return false;
        }
    }
    const QStringList fromEnvironment =
        qEnvironmentVariable("SCHEMADESK_SANDBOX_USERS").split(u'\n', Qt::SkipEmptyParts);
    for (const QString &spec : fromEnvironment) {
        if (!spec.trimmed().isEmpty() &&
            !parseUserSpec(spec.trimmed(), u"SCHEMADESK_SANDBOX_USERS"_s, users, error))
            return false;
    }
    for (const QString &spec : parser.values(u"user"_s)) {
        if (!parseUserSpec(spec, u"--user"_s, users, error))
            return false;
    }
    return true;
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
    if (!parseUsers(parser, &options->users, error))
        return false;
    options->allowedHosts = parser.values(u"allow-host"_s);
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
    const std::optional<FlavourPolicy> policy = FlavourPolicy::fromName(parser.value(u"profile"_s));
    if (!policy) {
        *error = u"--profile is one of %1"_s.arg(FlavourPolicy::names().join(u", "_s));
        return false;
    }
    options->versionProfile = policy->shapes;
    options->flavour = policy->flavour;
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
    options->forwardUserInfo = parser.isSet(u"forward-user"_s)
                                   ? parser.value(u"forward-user"_s)
                                   : qEnvironmentVariable("SCHEMADESK_SANDBOX_FORWARD_USER");
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
        {u"user-file"_s,
         u"Require HTTP basic auth for the users in FILE: NAME:PASSWORD:ro or :rw, one a line "
         "(# comments). Keeps passwords out of the process list; so does SCHEMADESK_SANDBOX_USERS "
         "(same lines)."_s,
         u"FILE"_s},
        {u"user"_s,
         u"Like --user-file for one user given here (visible to other local users in the process list; "
         "prefer --user-file)."_s,
         u"SPEC"_s},
        {u"allow-host"_s,
         u"Also answer to this host name (Host header) and to web pages on it (Origin), e.g. a Docker "
         "service name; '*' turns the check off (repeatable). Without it only IP addresses, localhost and "
         "this machine's name are answered, which keeps web pages from reaching the sandbox."_s,
         u"NAME"_s},
        {u"tls-cert"_s, u"Serve HTTPS with this PEM certificate (chain)."_s, u"FILE"_s},
        {u"tls-key"_s, u"PEM private key of --tls-cert (unencrypted)."_s, u"FILE"_s},
        {u"tls-client-ca"_s, u"Require client certificates signed by these PEM CAs (mTLS)."_s, u"FILE"_s},
        {u"fault"_s, u"Inject a fault (repeatable), see above."_s, u"SPEC"_s},
        {u"profile"_s,
         u"Imitate Confluent Platform cp8 (default) or cp7 (AVRO schemaType omitted, 409 instead of 40901), "
         "or another registry's Confluent-compatible API: redpanda (no GET /schemas, contexts, exporters "
         "or data contracts), karapace (modes read-only, no contexts, no paging), apicurio (modes not "
         "enforced, only the default context, no exporters, default compatibility NONE)."_s,
         u"PROFILE"_s, u"cp8"_s},
        {u"first-id"_s, u"First schema id in each context (Confluent Cloud uses 100001)."_s, u"N"_s, u"1"_s},
        {u"cluster-id"_s, u"Cluster id reported by /v1/metadata/id (also names AUTO exporter contexts)."_s,
         u"ID"_s},
        {u"forward"_s, u"Upstream registry for FORWARD mode (set with PUT /mode/:.__GLOBAL:)."_s, u"URL"_s},
        {u"forward-user"_s,
         u"USER:PASSWORD for the --forward upstream (or SCHEMADESK_SANDBOX_FORWARD_USER, not in the "
         "process list)."_s,
         u"USERINFO"_s},
        {u"generate"_s,
         u"Start with a generated registry of SUBJECTS[,CONTEXTS[,VERSIONS]] (default 5 contexts, 3 "
         "versions; see sandboxserver/LargeRegistry.h), made in memory: for benchmarks and scale tests too "
         "big "
         "for a data file (a million subjects is over 2 GB of JSON). Not with --data."_s,
         u"SPEC"_s},
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
    int generated[3] = {0, 5, 3}; // subjects, contexts, versions
    if (parser.isSet(u"generate"_s)) {
        const QStringList parts = parser.value(u"generate"_s).split(u',');
        bool valid = !options.dataFile.isEmpty() ? false : parts.size() <= 3;
        for (qsizetype i = 0; valid && i < parts.size(); ++i)
            generated[i] = parts.at(i).toInt(&valid);
        if (!valid || generated[0] <= 0 || generated[1] <= 0 || generated[2] <= 0) {
            printError(
                u"--generate is SUBJECTS[,CONTEXTS[,VERSIONS]] with positive numbers, without --data"_s);
            return 2;
        }
    }
    SandboxServer server;
    if (!server.start(options, &error)) {
        printError(error);
        return 1;
    }
    if (generated[0] > 0 &&
        !server.store()->fromJson(
            sd::sandbox::generateLargeRegistry(generated[0], generated[1], generated[2]), &error)) {
        printError(u"the generated registry was refused: "_s + error);
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
