#pragma once

#include "diff/DiffTypes.h"
#include "diff/SchemaNormalizer.h"
#include "diff/SemanticDiff.h"

#include <optional>
#include <QFuture>

namespace sd::diff {

// Everything the side-by-side view needs for two schemas, computed off the GUI thread:
// normalise both sides, diff them line by line (+ intraline), optionally summarise semantically.
struct SchemaDiffRequest
{
    schema::SchemaType type = schema::SchemaType::Avro;
    QString left;
    QString right;
    QList<schema::ResolvedReference> leftReferences;
    QList<schema::ResolvedReference> rightReferences;
    Normalization normalization = Normalization::AsStored;
    DiffOptions options;
    bool semantic = false; // left = old version, right = new version
    schema::CompatibilityLevel level = schema::CompatibilityLevel::Backward;
};

struct SchemaDiffResult
{
    DiffResult diff;   // over the normalised texts (diff.left / diff.right)
    QString leftError; // normalisation failed on that side: it is shown as stored, with this reason
    QString rightError;
    std::optional<SemanticSummary> semantic;
    bool cancelled = false;
};

class SchemaDiff
{
public:
    static SchemaDiffResult run(const SchemaDiffRequest &request, const CancelCheck &cancel = {});
};

// A cancelled future carries no result.
QFuture<SchemaDiffResult> runSchemaDiffAsync(const SchemaDiffRequest &request);

} // namespace sd::diff
