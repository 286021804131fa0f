#include "ExporterDiagnosis.h"

#include "registry/EnumNames.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sd::exporters {

namespace {

const auto tr = [](const char *text) { return QCoreApplication::translate("sd::exporters", text); };

QString code(const QString &text)
{
    return u"`"_s + text + u"`"_s;
}

QString normalisedHost(const QUrl &url)
{
    const QString host = url.host().toLower();
    if (host == u"localhost" || QHostAddress(host).isLoopback())
        return u"loopback"_s;
    return host;
}

bool containsAny(const QString &text, std::initializer_list<const char16_t *> needles)
{
    for (const char16_t *needle : needles) {
        if (text.contains(QStringView(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// The subject a Schema Registry message names: "Subject :.a:b is not in import mode".
QString subjectInMessage(const QString &message)
{
    static const QRegularExpression re(u"[Ss]ubject\\s+'?\"?([^\\s'\"]+?)'?\"?\\s+(?:is|does)\\b"_s);
    const QRegularExpressionMatch m = re.match(message);
    if (m.hasMatch())
        return m.captured(1);
    static const QRegularExpression subjectField(u"subject\\s+\"?([^\\s\",)]+)"_s);
    const QRegularExpressionMatch s = subjectField.match(message);
    return s.hasMatch() ? s.captured(1) : QString();
}

// "(subject :.x:y, HTTP 422)" as the sandbox appends to its frames.
QString subjectInStack(const QStringList &stack)
{
    static const QRegularExpression re(u"\\(subject ([^,\\s]+), HTTP"_s);
    for (const QString &line : stack) {
        const QRegularExpressionMatch m = re.match(line);
        if (m.hasMatch())
            return m.captured(1);
    }
    return {};
}

int httpStatusInStack(const QStringList &stack)
{
    static const QRegularExpression re(u"HTTP (\\d{3})\\)"_s);
    for (const QString &line : stack) {
        const QRegularExpressionMatch m = re.match(line);
        if (m.hasMatch())
            return m.captured(1).toInt();
    }
    return 0;
}

void describeFixPlace(Diagnosis &d, const DiagnosisInput &input)
{
    d.fixRegistryUrl = destinationUrl(input.exporter);
    if (const KnownRegistry *known = findRegistry(input.registries, d.fixRegistryUrl)) {
        d.fixRegistryKnown = true;
        d.fixRegistryName = known->name;
        d.fixConnectionId = known->connectionId;
    } else {
        d.fixRegistryName = d.fixRegistryUrl.isEmpty() ? tr("the destination registry") : d.fixRegistryUrl;
    }
}

void detectLoop(Diagnosis &d, const DiagnosisInput &input)
{
    const KnownRegistry *destination = findRegistry(input.registries, destinationUrl(input.exporter));
    if (!destination)
        return;
    const ExporterMapping mine = ExporterMapping::fromInfo(input.exporter);
    for (const registry::ExporterInfo &other : destination->exporters) {
        const QUrl back = QUrl(destinationUrl(other));
        bool toSource = false;
        for (const QUrl &url : input.sourceUrls)
            toSource = toSource || sameRegistry(url, back);
        if (!toSource)
            continue;
        const ExporterMapping theirs = ExporterMapping::fromInfo(other);
        if (theirs.contextType != u"CUSTOM" || theirs.context.isEmpty())
            continue; // NONE writes back into the same names; AUTO's context name is the server's
        const QString filled = theirs.destinationContext(u"."_s);
        if (!mine.touchesContext(filled))
            continue;
        d.loop = true;
        d.loopingExporter = other.name;
        d.loopingExporterRegistry = destination->name;
        d.loopContexts.append(filled);
        const QString nested = mine.destinationContext(filled);
        d.loopExplanation =
            tr("Loop: %1 on %2 fills %3 on %4 with copies of %2's subjects, and %5 exports %3 too "
               "(subjects %6), so those copies travel back to %2 and land in the nested context %7. "
               "Nobody meant to create %7; that is why it is not in IMPORT mode.")
                .arg(code(other.name), destination->name, code(filled), input.sourceName,
                     code(input.exporter.name), code(mine.subjects.join(u", "_s)), code(nested));
        QStringList narrowed;
        for (const QString &filter : mine.subjects) {
            if (filter == u"*" || filter == u":*:") {
                narrowed.append(u":.:*"_s);
                continue;
            }
            const registry::QualifiedSubject q = registry::QualifiedSubject::parse(filter);
            if (filter.startsWith(u":*:"))
                narrowed.append(u":.:"_s + filter.mid(3));
            else if (q.context == filled)
                continue;
            else
                narrowed.append(filter);
        }
        narrowed.removeDuplicates();
        if (narrowed.isEmpty())
            narrowed.append(u":.:*"_s);
        d.narrowedSubjects = narrowed;
        d.loopFix =
            tr("Lasting fix: narrow %1's subjects to %2 (the default context only, leaving out %3), "
               "so it exports only %4's own subjects.")
                .arg(code(input.exporter.name), code(narrowed.join(u", "_s)), code(filled), input.sourceName);
        return;
    }
}

} // namespace

QString causeName(Cause cause)
{
    static constexpr registry::EnumNames<Cause::Unknown> names(
        {u"none", u"not-import-mode", u"auth-failed", u"unreachable", u"tls-failure", u"schema-conflict",
         u"too-many-exporters", u"unknown"});
    return names.name(cause);
}

QString destinationUrl(const registry::ExporterInfo &exporter)
{
    QString url = exporter.config.value(u"schema.registry.url"_s).section(u',', 0, 0).trimmed();
    while (url.endsWith(u'/'))
        url.chop(1);
    return url;
}

bool sameRegistry(const QUrl &a, const QUrl &b)
{
    if (!a.isValid() || !b.isValid() || a.host().isEmpty() || b.host().isEmpty())
        return false;
    const auto port = [](const QUrl &u) { return u.port(u.scheme() == u"https" ? 443 : 80); };
    const auto path = [](const QUrl &u) {
        QString p = u.path();
        while (p.endsWith(u'/'))
            p.chop(1);
        return p;
    };
    return a.scheme().toLower() == b.scheme().toLower() && normalisedHost(a) == normalisedHost(b) &&
           port(a) == port(b) && path(a) == path(b);
}

const KnownRegistry *findRegistry(const QList<KnownRegistry> &registries, const QString &url)
{
    if (url.isEmpty())
        return nullptr;
    const QUrl wanted(url);
    for (const KnownRegistry &r : registries) {
        for (const QUrl &u : r.urls) {
            if (sameRegistry(u, wanted))
                return &r;
        }
    }
    return nullptr;
}

Diagnosis diagnose(const DiagnosisInput &input)
{
    Diagnosis d;
    d.trace = parseTrace(input.status.trace);
    describeFixPlace(d, input);
    detectLoop(d, input);

    const QString &name = input.exporter.name.isEmpty() ? input.status.name : input.exporter.name;
    if (input.status.state != u"PAUSED") {
        d.cause = Cause::None;
        d.title = tr("No problem");
        return d;
    }
    if (d.trace.isEmpty()) {
        d.cause = Cause::None;
        d.title = tr("Paused by hand");
        d.explanation =
            tr("%1 is paused without an error: someone paused it. Resume it when ready.").arg(code(name));
        d.action = FixAction::Resume;
        d.fixOnSource = true;
        d.fixText = tr("resume %1").arg(code(name));
        return d;
    }

    const QString &message = d.trace.message;
    const int errorCode = d.trace.errorCode;
    const int status = httpStatusInStack(d.trace.stack);
    d.subject = subjectInMessage(message);
    if (d.subject.isEmpty())
        d.subject = subjectInStack(d.trace.stack);
    const QString where = d.fixRegistryName;

    if (errorCode == 42205 && containsAny(message, {u"not in import mode", u"read-only mode"})) {
        d.cause = Cause::NotImportMode;
        d.title = tr("Destination not in IMPORT mode");
        const registry::QualifiedSubject q = registry::QualifiedSubject::parse(d.subject);
        d.modeScope = q.context == u"." ? d.subject : registry::QualifiedSubject::contextPrefix(q.context);
        const bool readOnly = message.contains(u"read-only"_s, Qt::CaseInsensitive);
        d.explanation = tr("%1 on %2 is %3 (%4). An exporter writes with the source's ids and versions, "
                           "which a registry accepts only in IMPORT mode, so it paused at that subject.")
                            .arg(code(d.subject), where,
                                 readOnly ? tr("read-only") : tr("not in IMPORT mode"), u"42205"_s);
        d.action = FixAction::SetImportMode;
        d.fixText = tr("set %1 on %2 to IMPORT, then resume").arg(code(d.modeScope), where);
    } else if (errorCode == 401 || errorCode == 40101 || errorCode == 403 || errorCode == 40301 ||
               status == 401 || status == 403) {
        d.cause = Cause::AuthFailed;
        const bool denied = errorCode == 403 || errorCode == 40301 || status == 403;
        d.title = denied ? tr("Destination refused the credentials' rights (403)")
                         : tr("Destination rejected the credentials (401)");
        d.explanation = denied
                            ? tr("%1 accepted the exporter's credentials but they may not write there (%2). "
                                 "The credentials are the exporter's basic.auth.user.info, not yours.")
                                  .arg(where, message)
                            : tr("%1 does not accept the credentials in the exporter's config (%2): "
                                 "basic.auth.user.info is missing, wrong or revoked.")
                                  .arg(where, message);
        d.fixOnSource = true;
        d.action = d.fixRegistryKnown ? FixAction::UpdateCredentials : FixAction::Resume;
        d.fixText = d.fixRegistryKnown
                        ? tr("put %1's credentials into %2's basic.auth.user.info, then resume")
                              .arg(where, code(name))
                        : tr("correct basic.auth.user.info in %1's config (a key that may write to %2), "
                             "then resume")
                              .arg(code(name), where);
    } else if (containsAny(d.trace.headline, {u"SSL", u"TLS", u"handshake", u"certificate", u"PKIX"})) {
        d.cause = Cause::TlsFailure;
        d.title = tr("TLS to the destination failed");
        d.explanation = tr("The source registry could not set up TLS with %1: %2. Typical reasons: the URL "
                           "says https but the destination speaks http (or the reverse), or the "
                           "destination's certificate is not trusted by the source registry's host.")
                            .arg(where, message);
        d.fixOnSource = true;
        d.action = FixAction::Resume;
        d.fixText = tr("correct schema.registry.url in %1's config (scheme and host), or trust the "
                       "destination's certificate on the source registry's host, then resume")
                        .arg(code(name));
    } else if (containsAny(d.trace.headline,
                           {u"cannot reach", u"Connection refused", u"UnknownHost", u"ConnectException",
                            u"timed out", u"timeout", u"Host not found", u"No route"}) ||
               d.trace.exceptionName() == u"IOException") {
        d.cause = Cause::Unreachable;
        d.title = tr("Destination unreachable");
        d.explanation = tr("The source registry could not reach %1 (%2). The exporter runs on the source "
                           "registry, so the URL must work from there, not only from this desktop.")
                            .arg(where, message);
        d.fixOnSource = true;
        d.action = FixAction::Resume;
        d.fixText =
            tr("start %1 or correct schema.registry.url in %2's config, then resume").arg(where, code(name));
    } else if (errorCode == 409 || errorCode == 40901 || errorCode == 42207 ||
               (errorCode == 42205 && message.contains(u"Overwrite"_s, Qt::CaseInsensitive))) {
        d.cause = Cause::SchemaConflict;
        d.title = tr("Conflicting schema at the destination");
        QString what;
        if (errorCode == 42207)
            what = tr("the same schema is already registered there under another id");
        else if (message.contains(u"version"_s, Qt::CaseInsensitive))
            what = tr("that version number already holds a different schema there");
        else if (errorCode == 42205)
            what = tr("that schema id already holds a different schema there");
        else
            what = tr("the schema is incompatible with what is already there");
        d.explanation = tr("%1 on %2: %3 (%4: %5). The destination was written by someone else, or by an "
                           "earlier exporter with other ids.")
                            .arg(code(d.subject.isEmpty() ? tr("a subject") : d.subject), where, what)
                            .arg(errorCode)
                            .arg(message);
        d.action = FixAction::None;
        d.fixText = tr("export into a fresh context (contextType CUSTOM with a new context) or delete the "
                       "conflicting subject on %1 (permanently), then reset and resume %2")
                        .arg(where, code(name));
    } else if (errorCode == 40964) {
        d.cause = Cause::TooManyExporters;
        d.title = tr("Too many exporters");
        d.explanation = tr("%1 refuses more exporters (40964).").arg(input.sourceName);
        d.fixOnSource = true;
        d.action = FixAction::DeleteExporters;
        d.fixText = tr("delete an exporter you no longer need on %1").arg(input.sourceName);
    } else {
        d.cause = Cause::Unknown;
        d.title = tr("Not a known cause");
        d.explanation = tr("The trace does not match a cause the console knows%1. Read it below; the "
                           "HTTP log (View → HTTP log) holds the status request and its full answer.")
                            .arg(errorCode ? tr(" (error code %1)").arg(errorCode) : QString());
        d.action = FixAction::None;
    }
    return d;
}

Diagnosis diagnoseError(const registry::ApiError &error, const QString &sourceName)
{
    Diagnosis d;
    if (!error.isError())
        return d;
    if (error.errorCode == 40964) {
        d.cause = Cause::TooManyExporters;
        d.title = tr("Too many exporters");
        d.explanation = tr("%1 refuses more exporters (40964: %2).").arg(sourceName, error.serverMessage);
        d.fixOnSource = true;
        d.action = FixAction::DeleteExporters;
        d.fixText =
            tr("delete an exporter you no longer need on %1, then create this one again").arg(sourceName);
        return d;
    }
    if (error.isAuthFailure()) {
        d.cause = Cause::AuthFailed;
        d.title = tr("Not allowed");
        d.explanation = tr("%1 refused the request (%2).").arg(sourceName, error.summary());
        d.fixText = tr("connect to %1 with credentials that may manage exporters").arg(sourceName);
        return d;
    }
    d.cause = Cause::Unknown;
    d.title = tr("Refused");
    d.explanation = error.toDisplayString();
    return d;
}

} // namespace sd::exporters
