#include "diff/SchemaDiff.h"

#include "diff/TextDiffer.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace sd::diff {

SchemaDiffResult SchemaDiff::run(const SchemaDiffRequest &request, const CancelCheck &cancel)
{
    SchemaDiffResult result;
    const NormalizedSchema left = SchemaNormalizer::normalize(request.type, request.left,
                                                              request.normalization, request.leftReferences);
    const NormalizedSchema right = SchemaNormalizer::normalize(
        request.type, request.right, request.normalization, request.rightReferences);
    result.leftError = left.error;
    result.rightError = right.error;
    if (cancel && cancel()) {
        result.cancelled = true;
        return result;
    }
    result.diff = TextDiffer::diff(left.text, right.text, request.options, cancel);
    if (result.diff.cancelled) {
        result.cancelled = true;
        return result;
    }
    if (request.semantic && request.type != schema::SchemaType::Protobuf) {
        result.semantic = SemanticDiff::compare(request.type, request.left, request.right, request.level,
                                                request.leftReferences, request.rightReferences);
    }
    return result;
}

QFuture<SchemaDiffResult> runSchemaDiffAsync(const SchemaDiffRequest &request)
{
    return QtConcurrent::run(
        [](QPromise<SchemaDiffResult> &promise, const SchemaDiffRequest &r) {
            SchemaDiffResult result = SchemaDiff::run(r, [&promise] { return promise.isCanceled(); });
            if (!result.cancelled)
                promise.addResult(std::move(result));
        },
        request);
}

} // namespace sd::diff
