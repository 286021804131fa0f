#pragma once

#include "sandboxserver/HttpMessage.h"
#include "sandboxserver/ResponseShapes.h"
#include "schema/Schema.h"

#include <optional>
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace sd::sandbox {

// Which registry the sandbox imitates (--profile). Confluent's generation (cp8/cp7) is VersionProfile.
enum class Flavour { Confluent, Redpanda, Karapace, Apicurio };

// What a flavour does differently from Confluent's registry, as data: RegistryApi and RegistryStore read
// these fields instead of asking which flavour they serve. Each value cites its source in
// FlavourPolicy.cpp.
struct FlavourPolicy
{
    enum class Modes {
        Enforced,          // Confluent, Redpanda
        AlwaysReadWrite,   // Karapace: GET /mode only, always READWRITE
        StoredNotEnforced, // Apicurio: PUT /mode is stored and read back, writes are never stopped
    };
    // A route the server does not have; `pattern` is read as a RoutePattern ("*" one segment, "**" last
    // any rest, including none).
    struct AbsentRoute
    {
        QByteArray method; // "*" = any
        QStringList pattern;
        int status = 404;
    };

    Flavour flavour = Flavour::Confluent;
    VersionProfile shapes = VersionProfile::Cp8;
    QByteArray serverHeader; // the Server header the real server sends; empty = none
    QList<AbsentRoute> absentRoutes;
    bool metadataVersion = true;           // GET /v1/metadata/{id,version}
    bool contextsDefaultOnly = false;      // GET /contexts always answers [":.:"]
    bool subjectPrefixOnSubjects = true;   // GET /subjects honours subjectPrefix (else lists every subject)
    bool pagingOnSubjects = true;          // offset/limit on GET /subjects
    bool schemasPrefix = true;             // GET /schemas honours subjectPrefix
    bool schemasPrefixLiteral = false;     // ... as a plain string prefix: ":*:" matches nothing
    bool schemasPaging = true;             // offset/limit on GET /schemas
    bool schemasRowsTextOnly = false;      // GET /schemas rows carry the schema, no subject/version/id
    bool latestOnlyDedupesContent = false; // latestOnly drops repeated texts, not older versions
    bool exportersListOnly = false;        // GET /exporters answers [], every other exporter call 404
    Modes modes = Modes::Enforced;
    bool forwardMode = true;
    int forwardRefusalCode = 42204;
    bool importNeedsNeverRegistered = false;       // IMPORT only where no schema was ever registered
    bool storesDataContracts = true;               // metadata and ruleSet kept with a schema
    bool honoursIdsInRegistration = true;          // id/version in a registration (IMPORT); false: ignored
    bool refusesUnknownRegistrationFields = false; // a body with fields beyond the schema's: 422
    bool transitiveChecksAllOnLatest = false;      // a check against "latest" under *_TRANSITIVE checks all
    bool verboseCompatibility = true;
    bool healthEndpoint = false; // Karapace's GET /_health
    schema::CompatibilityLevel defaultCompatibility = schema::CompatibilityLevel::Backward;

    static FlavourPolicy of(Flavour flavour, VersionProfile shapes = VersionProfile::Cp8);
    // "cp8", "cp7", "redpanda", "karapace", "apicurio"; nullopt for anything else.
    static std::optional<FlavourPolicy> fromName(const QString &name);
    static QStringList names();
    QString name() const;

    // The status to answer when the server has no such route, nullopt when it has.
    std::optional<int> absentStatus(const HttpRequest &request) const;
};

} // namespace sd::sandbox
