#include "sandboxserver/FlavourPolicy.h"

#include "sandboxserver/RoutePattern.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

using Absent = FlavourPolicy::AbsentRoute;

// What every flavour other than Confluent's has in common: version bodies as Confluent 7 writes them
// (no "deleted"), no importers, no /v1/metadata, no schema guids, no FORWARD mode, and metadata and rule
// sets accepted but not kept (each flavour's sources below).
FlavourPolicy notConfluent(Flavour flavour)
{
    FlavourPolicy p;
    p.flavour = flavour;
    p.shapes = VersionProfile::Cp7;
    p.absentRoutes = {
        {"*", {u"importers"_s, u"**"_s}},
        {"*", {u"v1"_s, u"**"_s}},
        {"*", {u"schemas"_s, u"guids"_s, u"**"_s}},
    };
    p.metadataVersion = false;
    p.forwardMode = false;
    p.storesDataContracts = false;
    return p;
}

// Redpanda and Karapace alike have no contexts, no exporters, no /subjects/{s}/metadata, and no
// compatibility check against every version (POST /compatibility/subjects/{s}/versions).
FlavourPolicy withoutContextsOrExporters(Flavour flavour)
{
    FlavourPolicy p = notConfluent(flavour);
    p.absentRoutes += QList<Absent>{
        {"*", {u"contexts"_s, u"**"_s}},
        {"*", {u"exporters"_s, u"**"_s}},
        {"*", {u"subjects"_s, u"*"_s, u"metadata"_s}},
        {"POST", {u"compatibility"_s, u"subjects"_s, u"*"_s, u"versions"_s}},
    };
    return p;
}

// Redpanda's built-in Schema Registry, from its route table and handlers
// (https://github.com/redpanda-data/redpanda/blob/dev/src/v/pandaproxy/schema_registry/service.cc,
// …/handlers.cc, …/requests/get_subject_versions_version.h) and its API documentation
// (https://docs.redpanda.com/current/manage/schema-reg/schema-reg-api/): no GET /schemas listing, no
// contexts (before 26.1, behind a cluster property since), no exporters, no /v1/metadata, no
// /subjects/{s}/metadata; config is the compatibility level only and has no global DELETE; modes
// READONLY, READWRITE and IMPORT, enforced, IMPORT only where no schema was ever registered unless
// forced (https://docs.redpanda.com/streaming/26.1/reference/rpk/rpk-registry/rpk-registry-mode-set/);
// version bodies as Confluent 7 writes them (no "deleted"); metadata and ruleSet are not kept. Its
// HTTP server is Seastar's, which names itself in the Server header.
FlavourPolicy redpanda()
{
    FlavourPolicy p = withoutContextsOrExporters(Flavour::Redpanda);
    p.serverHeader = "Seastar httpd";
    p.absentRoutes += QList<Absent>{
        {"GET", {u"schemas"_s}},
        {"DELETE", {u"config"_s}},
    };
    p.importNeedsNeverRegistered = true;
    return p;
}

// Karapace (https://github.com/Aiven-Open/karapace, src/karapace/api/routers/*.py and README.rst
// "Compatibility details"): mode is read-only and always READWRITE (only GET /mode and GET
// /mode/{subject}); no contexts, no exporters, no /v1/metadata; GET /subjects takes only `deleted`;
// GET /schemas takes `deleted` and `latestOnly` and ignores subjectPrefix, offset and limit; no global
// DELETE /config; no POST /compatibility/subjects/{s}/versions without a version and no `verbose`; a
// check against "latest" under a transitive level checks every version; GET /schemas/ids/{id}/schema
// is commented out. Register answers {"id":N}; metadata and ruleSet are accepted, not kept; a body with
// other fields (an id or a version) is refused, the request model forbidding extras. It runs on
// uvicorn (FastAPI) and has a /_health route of its own.
FlavourPolicy karapace()
{
    FlavourPolicy p = withoutContextsOrExporters(Flavour::Karapace);
    p.serverHeader = "uvicorn";
    p.absentRoutes += QList<Absent>{
        {"*", {u"schemas"_s, u"ids"_s, u"*"_s, u"schema"_s}},
        {"PUT", {u"mode"_s, u"**"_s}, 405},
        {"DELETE", {u"mode"_s, u"**"_s}, 405},
        {"DELETE", {u"config"_s}, 405},
    };
    p.subjectPrefixOnSubjects = false;
    p.pagingOnSubjects = false;
    p.schemasPrefix = false;
    p.schemasPaging = false;
    p.modes = FlavourPolicy::Modes::AlwaysReadWrite;
    p.honoursIdsInRegistration = false;
    p.refusesUnknownRegistrationFields = true;
    p.transitiveChecksAllOnLatest = true;
    p.verboseCompatibility = false;
    p.healthEndpoint = true;
    return p;
}

// Apicurio Registry 3.x's Confluent-compatible API
// (https://github.com/Apicurio/apicurio-registry/tree/main/app/src/main/java/io/apicurio/registry/ccompat/rest),
// as tests/peers observes it live on 3.3.3: GET /contexts is always [":.:"] and subjectPrefix is
// ignored on /subjects; GET /schemas rows carry only the schema text and its subjectPrefix is matched
// literally; latestOnly only removes repeated content; modes are stored but never stop a write, and
// FORWARD is refused (42201); an id in a registration is ignored; metadata and ruleSet are accepted,
// not kept; GET /exporters answers [] and every other exporter call errors; no /v1/metadata; the
// default compatibility is NONE.
FlavourPolicy apicurio()
{
    FlavourPolicy p = notConfluent(Flavour::Apicurio);
    p.absentRoutes.append({"DELETE", {u"contexts"_s, u"**"_s}});
    p.contextsDefaultOnly = true;
    p.subjectPrefixOnSubjects = false;
    p.schemasPrefixLiteral = true;
    p.schemasRowsTextOnly = true;
    p.latestOnlyDedupesContent = true;
    p.exportersListOnly = true;
    p.modes = FlavourPolicy::Modes::StoredNotEnforced;
    p.forwardRefusalCode = 42201;
    p.honoursIdsInRegistration = false;
    p.defaultCompatibility = schema::CompatibilityLevel::None;
    return p;
}

} // namespace

FlavourPolicy FlavourPolicy::of(Flavour flavour, VersionProfile shapes)
{
    switch (flavour) {
    case Flavour::Redpanda:
        return redpanda();
    case Flavour::Karapace:
        return karapace();
    case Flavour::Apicurio:
        return apicurio();
    case Flavour::Confluent:
        break;
    }
    FlavourPolicy confluent;
    confluent.shapes = shapes;
    return confluent;
}

namespace {

// The --profile names: each a flavour, Confluent's two also a generation.
struct ProfileName
{
    QStringView name;
    Flavour flavour;
    VersionProfile shapes;
};

constexpr ProfileName kProfiles[] = {
    {u"cp8", Flavour::Confluent, VersionProfile::Cp8},
    {u"cp7", Flavour::Confluent, VersionProfile::Cp7},
    {u"redpanda", Flavour::Redpanda, VersionProfile::Cp8},
    {u"karapace", Flavour::Karapace, VersionProfile::Cp8},
    {u"apicurio", Flavour::Apicurio, VersionProfile::Cp8},
};

} // namespace

std::optional<FlavourPolicy> FlavourPolicy::fromName(const QString &name)
{
    QString n = name.toLower();
    if (n == u"8" || n == u"7")
        n.prepend(u"cp"_s);
    for (const ProfileName &profile : kProfiles) {
        if (profile.name == n)
            return of(profile.flavour, profile.shapes);
    }
    return std::nullopt;
}

QStringList FlavourPolicy::names()
{
    QStringList result;
    for (const ProfileName &profile : kProfiles)
        result.append(profile.name.toString());
    return result;
}

QString FlavourPolicy::name() const
{
    for (const ProfileName &profile : kProfiles) {
        if (profile.flavour == flavour && (flavour != Flavour::Confluent || profile.shapes == shapes))
            return profile.name.toString();
    }
    return u"cp8"_s;
}

std::optional<int> FlavourPolicy::absentStatus(const HttpRequest &request) const
{
    for (const AbsentRoute &route : absentRoutes) {
        if ((route.method == "*" || route.method == request.method) &&
            RoutePattern(route.pattern).matches(request.pathSegments))
            return route.status;
    }
    return std::nullopt;
}

} // namespace sd::sandbox
