#pragma once

#include "schema/AvroSchema.h"

#include <QSet>

namespace sd::schema {

// The Parsing Canonical Form from the Avro specification ("Transforming into Parsing Canonical
// Form": full names, only the attributes that matter for reading, in a fixed order).
class AvroParsingFormWriter
{
public:
    void write(const AvroNode *n, QString &out);

private:
    QSet<QString> m_seen; // named types written once in full, then by name
};

} // namespace sd::schema
