#pragma once

#include <QStringList>

namespace sd::schema {

// A compatibility verdict: the local checker's, or a registry's answer to
// POST /compatibility/subjects/{subject}/versions/{version}.
struct CompatibilityResult
{
    bool compatible = true;
    QStringList
        messages; // Confluent's verbose style, one per incompatibility (a registry: verbose=true only)
};

} // namespace sd::schema
