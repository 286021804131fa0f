#include "diff/SchemaNormalizer.h"

#include "registry/EnumNames.h"
#include "schema/OrderedJson.h"

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

NormalizedSchema failed(const QString &text, const QString &error)
{
    return {text, error};
}

NormalizedSchema prettyJson(const QString &text, bool sortKeys)
{
    const schema::JsonParseResult parsed = schema::parseJson(text);
    if (!parsed.value)
        return failed(text, u"not valid JSON: "_s + parsed.error);
    const schema::JsonValue value = sortKeys ? schema::sortedJson(*parsed.value) : *parsed.value;
    return {schema::writeJson(value, schema::JsonFormat::Pretty) + u'\n', {}};
}

schema::ParseResult parseLeniently(schema::SchemaType type, const QString &text,
                                   const QList<schema::ResolvedReference> &references)
{
    // Stored schemas are shown even when they would no longer pass new-registration checks.
    schema::ParseOptions options;
    options.validateDefaults = false;
    return schema::parseSchema(type, text, references, options);
}

} // namespace

QString normalizationName(Normalization normalization)
{
    static constexpr registry::EnumNames<Normalization::Canonical> names(
        {u"as stored", u"pretty", u"canonical"});
    return names.name(normalization);
}

NormalizedSchema SchemaNormalizer::normalize(schema::SchemaType type, const QString &text,
                                             Normalization normalization,
                                             const QList<schema::ResolvedReference> &references)
{
    if (normalization == Normalization::AsStored)
        return {text, {}};

    switch (type) {
    case schema::SchemaType::Avro: {
        if (normalization == Normalization::Pretty)
            return prettyJson(text, false);
        const schema::ParseResult parsed = parseLeniently(type, text, references);
        if (!parsed.ok())
            return failed(text, parsed.error);
        return prettyJson(schema::avroParsingCanonicalForm(*parsed.schema), false);
    }
    case schema::SchemaType::Json:
        return prettyJson(text, normalization == Normalization::Canonical);
    case schema::SchemaType::Protobuf: {
        const schema::ParseResult parsed = parseLeniently(type, text, references);
        if (!parsed.ok())
            return failed(text, parsed.error);
        QString out = normalization == Normalization::Pretty ? parsed.schema->prettyText()
                                                             : parsed.schema->canonicalText();
        if (!out.endsWith(u'\n'))
            out += u'\n';
        return {out, {}};
    }
    }
    return {text, {}};
}

} // namespace sd::diff
