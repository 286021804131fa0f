#pragma once

#include "schema/Schema.h"

#include <QString>

namespace sd::diff {

// How schema texts are prepared before a side-by-side diff.
enum class Normalization {
    // The text exactly as the registry (or file) holds it.
    AsStored,
    // Re-indented, nothing else: JSON-based types (AVRO, JSON) are pretty-printed with their keys in
    // source order; PROTOBUF is the schema library's prettyText().
    Pretty,
    // Only what matters for identity, pretty-printed so it diffs line by line:
    //  - AVRO: the specification's Parsing Canonical Form (full names; only name/type/fields/symbols/
    //    items/values/size kept, in that order; doc, aliases, defaults, order, logicalType and custom
    //    properties such as connect.name are dropped; primitives collapsed to "int" etc.).
    //  - JSON: the JSON document with every object's keys sorted recursively (values untouched, so
    //    reordered keys compare equal; array order still counts).
    //  - PROTOBUF: the schema library's canonicalText() (the registry's canonical rendering of the
    //    parsed file: formatting and comments normalised).
    Canonical,
};
QString normalizationName(Normalization normalization); // "as stored", "pretty", "canonical"

struct NormalizedSchema
{
    QString text;  // on failure: the input unchanged, so the view can still show it
    QString error; // why the normalisation could not be applied; empty on success
    bool ok() const { return error.isEmpty(); }
};

class SchemaNormalizer
{
public:
    static NormalizedSchema normalize(schema::SchemaType type, const QString &text,
                                      Normalization normalization,
                                      const QList<schema::ResolvedReference> &references = {});
};

} // namespace sd::diff
