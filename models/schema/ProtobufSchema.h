#pragma once

// Protobuf support: a .proto parser (proto2, proto3, editions syntax line), validation like
// protoc/protobuf-java's descriptor builder (which Confluent runs), canonical text re-printed from
// the AST, and Confluent's Protobuf compatibility rules.
//
// Parsing: syntax/edition, package, imports (public/weak) resolved against ResolvedReference names
// or the well-known google/protobuf/*.proto and confluent/*.proto files, file/message/field/enum/
// value/oneof/service/rpc options (custom "(a.b).c" names, aggregate values), messages with nested
// messages and enums, fields with labels, map<K, V>, oneof, reserved numbers and names, extension
// ranges, extend blocks, proto2 groups (as a nested message plus a field), services with streaming
// rpcs, comments. Validation: duplicate field numbers and names, field numbers out of range or in
// 19000-19999, reserved numbers/names used, extension ranges overlapping fields, undefined or
// non-type names, rpc types that are not messages, map key types, maps in oneofs or repeated,
// duplicate symbols (enum values use C++ scoping: siblings of their enum), duplicate enum numbers
// without allow_alias, proto3 rules (first enum value zero, no required, no defaults, no extension
// ranges, no groups), empty oneofs.
// Not validated: custom option names against their extension declarations, json_name conflicts,
// proto2 fields without a label (accepted as optional), type visibility by direct import (every
// type of the given references is visible).
//
// canonicalText: the file re-printed in one fixed layout (Wire-like: comments and whitespace
// dropped, fields before oneofs, nested types in declaration order).
// normalizedText: like canonicalText, plus imports sorted, options sorted by name, fields sorted by
// number, field and rpc types fully qualified (".pkg.Type") — what Confluent's normalize does.
//
// Compatibility (Confluent's protobuf SchemaDiff), covered: PACKAGE_CHANGED, MESSAGE_REMOVED,
// MESSAGE_ADDED/MOVED, ENUM_ADDED/REMOVED, ENUM_CONST_ADDED/CHANGED/REMOVED, FIELD_ADDED/REMOVED,
// FIELD_NAME_CHANGED, FIELD_KIND_CHANGED (scalar/enum vs message vs map), FIELD_SCALAR_KIND_CHANGED
// (wire-compatible groups: int32/int64/uint32/uint64/bool/enum, sint32/sint64, string/bytes,
// fixed32/sfixed32, fixed64/sfixed64, float, double), FIELD_NAMED_TYPE_CHANGED (message types
// compared by local name and recursively by content), REQUIRED_FIELD_ADDED/REMOVED, ONEOF_ADDED/
// REMOVED, ONEOF_FIELD_ADDED/REMOVED, MULTIPLE_FIELDS_MOVED_TO_ONEOF, FIELD_MOVED_TO_EXISTING_ONEOF,
// nested types (a pair of message types is compared once; identical findings are listed once).
// Not covered: label changes (Confluent dropped them too), services and options
// (ignored by Confluent), skipping unchanged subject-version references (types are always compared).

#include "schema/Schema.h"

#include <memory>
#include <mutex>
#include <optional>
#include <QHash>
#include <vector>

namespace sd::schema {

struct ProtoOption
{
    QString name;  // "java_package", "(my.ext).field"
    QString value; // constant as printed: identifier, number, "quoted string" or { aggregate }
};

struct ProtoRange
{
    qint64 start = 0;
    qint64 end = 0; // inclusive
    bool endIsMax = false;
};

struct ProtoField
{
    QString label; // "", "optional", "required", "repeated"
    QString type;  // as written; for maps the value type
    bool isMap = false;
    QString keyType; // maps only
    QString name;
    qint64 number = 0;
    QList<ProtoOption> options;
    // Filled by validation: scalar name, or the fully qualified type (".pkg.Msg") of the (value) type.
    QString resolvedType;
    bool resolvedIsEnum = false;
    bool isGroup = false; // proto2 group: `type` names the group's message, declared next to the field
};

struct ProtoOneof
{
    QString name;
    QList<ProtoOption> options;
    QList<ProtoField> fields;
};

struct ProtoEnumValue
{
    QString name;
    qint64 number = 0;
    QList<ProtoOption> options;
};

struct ProtoEnum
{
    QString name;
    QString fullName; // without leading dot: "pkg.Outer.E"
    QList<ProtoOption> options;
    QList<ProtoEnumValue> values;
    QList<ProtoRange> reservedRanges;
    QStringList reservedNames;
};

struct ProtoExtend
{
    QString type;
    QList<ProtoField> fields;
    QString resolvedType; // filled by validation
};

struct ProtoMessage
{
    QString name;
    QString fullName; // without leading dot
    QList<ProtoOption> options;
    QList<ProtoField> fields; // outside oneofs
    QList<ProtoOneof> oneofs;
    std::vector<ProtoMessage> messages;
    QList<ProtoEnum> enums;
    QList<std::pair<bool, int>> typeOrder; // (isEnum, index) in declaration order
    QList<ProtoRange> reservedRanges;
    QStringList reservedNames;
    QList<ProtoRange> extensionRanges;
    QList<ProtoExtend> extends;
    bool isGroup = false; // the message of a proto2 group field (printed inline with its field)
};

struct ProtoRpc
{
    QString name;
    QString requestType;
    QString responseType;
    bool requestStream = false;
    bool responseStream = false;
    QList<ProtoOption> options;
    QString resolvedRequestType; // filled by validation (".pkg.Msg")
    QString resolvedResponseType;
};

struct ProtoService
{
    QString name;
    QList<ProtoOption> options;
    QList<ProtoRpc> rpcs;
};

struct ProtoImport
{
    QString path;
    QString modifier; // "", "public", "weak"
};

struct ProtoFile
{
    QString syntax = QStringLiteral("proto2"); // "proto2", "proto3" or "editions"
    QString edition;                           // for editions files
    bool syntaxDeclared = false;
    QString package;
    QList<ProtoImport> imports;
    QList<ProtoOption> options;
    std::vector<ProtoMessage> messages;
    QList<ProtoEnum> enums;
    QList<std::pair<bool, int>> typeOrder; // (isEnum, index)
    QList<ProtoService> services;
    QList<ProtoExtend> extends;
};

class ProtobufSchema final : public ParsedSchema
{
public:
    SchemaType type() const override { return SchemaType::Protobuf; }
    QString canonicalText() const override { return m_canonical; }
    QString normalizedText() const override;
    QString prettyText() const override { return m_canonical; }

    const ProtoFile &file() const { return m_file; }
    // Types of this file and its references by full name (no leading dot).
    const ProtoMessage *findMessage(const QString &fullName) const { return m_messages.value(fullName); }
    const ProtoEnum *findEnum(const QString &fullName) const { return m_enums.value(fullName); }

    static ParseResult parse(const QString &text, const QList<ResolvedReference> &references);

private:
    friend class ProtobufValidator;
    ProtoFile m_file;
    std::vector<std::unique_ptr<ProtoFile>> m_referencedFiles;
    QHash<QString, const ProtoMessage *> m_messages;
    QHash<QString, const ProtoEnum *> m_enums;
    QString m_canonical;
    mutable std::once_flag m_normalizedOnce; // normalised text is printed on first use
    mutable QString m_normalized;
};

// Parses one .proto text without resolving types; error is "line L, column C: ...".
std::optional<ProtoFile> parseProtoFile(const QString &text, QString *error);

using ProtobufDifference = SchemaDifference;

QList<ProtobufDifference> protobufDifferences(const ProtobufSchema &original, const ProtobufSchema &update);
QString confluentProtobufMessage(const ProtobufDifference &difference, const QString &updateLabel,
                                 const QString &originalLabel);

} // namespace sd::schema
