#pragma once

// Helpers shared by the Protobuf parser, printer and validator.

#include <QString>
#include <QStringList>

namespace sd::schema {

constexpr qint64 maxFieldNumber = 536870911; // 2^29 - 1

// A string literal as protoc prints it (C escapes, octal for other control characters).
QString quoteProtoString(const QString &value);

// The scalar type names of the .proto language.
const QStringList &protoScalarTypes();

} // namespace sd::schema
