#include "schema/ProtobufValidator.h"

#include "schema/ProtobufSyntax_p.h"

#include <climits>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::schema {

// Well-known imports that need no reference.
struct WellKnownProtoFile
{
    const char *path;
    const char *package;
    const char *messages;
    const char *enums;
};

namespace {

constexpr WellKnownProtoFile wellKnownFiles[] = {
    {"google/protobuf/any.proto", "google.protobuf", "Any", ""},
    {"google/protobuf/api.proto", "google.protobuf", "Api Method Mixin", ""},
    {"google/protobuf/duration.proto", "google.protobuf", "Duration", ""},
    {"google/protobuf/empty.proto", "google.protobuf", "Empty", ""},
    {"google/protobuf/field_mask.proto", "google.protobuf", "FieldMask", ""},
    {"google/protobuf/source_context.proto", "google.protobuf", "SourceContext", ""},
    {"google/protobuf/struct.proto", "google.protobuf", "Struct Value ListValue", "NullValue"},
    {"google/protobuf/timestamp.proto", "google.protobuf", "Timestamp", ""},
    {"google/protobuf/type.proto", "google.protobuf", "Type Field Enum EnumValue Option",
     "Syntax Field.Kind Field.Cardinality"},
    {"google/protobuf/wrappers.proto", "google.protobuf",
     "DoubleValue FloatValue Int64Value UInt64Value Int32Value UInt32Value BoolValue StringValue BytesValue",
     ""},
    {"google/protobuf/descriptor.proto", "google.protobuf",
     "FileDescriptorSet FileDescriptorProto DescriptorProto ExtensionRangeOptions FieldDescriptorProto "
     "OneofDescriptorProto EnumDescriptorProto EnumValueDescriptorProto ServiceDescriptorProto "
     "MethodDescriptorProto FileOptions MessageOptions FieldOptions OneofOptions EnumOptions "
     "EnumValueOptions "
     "ServiceOptions MethodOptions UninterpretedOption FeatureSet SourceCodeInfo GeneratedCodeInfo",
     ""},
    {"confluent/meta.proto", "confluent", "Meta", ""},
    {"confluent/type/decimal.proto", "confluent.type", "Decimal", ""},
    {"google/type/calendar_period.proto", "google.type", "", "CalendarPeriod"},
    {"google/type/color.proto", "google.type", "Color", ""},
    {"google/type/date.proto", "google.type", "Date", ""},
    {"google/type/datetime.proto", "google.type", "DateTime TimeZone", ""},
    {"google/type/dayofweek.proto", "google.type", "", "DayOfWeek"},
    {"google/type/decimal.proto", "google.type", "Decimal", ""},
    {"google/type/expr.proto", "google.type", "Expr", ""},
    {"google/type/fraction.proto", "google.type", "Fraction", ""},
    {"google/type/interval.proto", "google.type", "Interval", ""},
    {"google/type/latlng.proto", "google.type", "LatLng", ""},
    {"google/type/localized_text.proto", "google.type", "LocalizedText", ""},
    {"google/type/money.proto", "google.type", "Money", ""},
    {"google/type/month.proto", "google.type", "", "Month"},
    {"google/type/phone_number.proto", "google.type", "PhoneNumber", ""},
    {"google/type/postal_address.proto", "google.type", "PostalAddress", ""},
    {"google/type/quaternion.proto", "google.type", "Quaternion", ""},
    {"google/type/timeofday.proto", "google.type", "TimeOfDay", ""},
};

} // namespace

ProtobufValidator::ProtobufValidator(ProtobufSchema &schema)
    : m_schema(schema)
{}

void ProtobufValidator::addExternal(const ProtoFile &file)
{
    addPackage(file.package);
    for (const ProtoMessage &m : file.messages)
        addExternalMessage(m, file.package);
    for (const ProtoEnum &e : file.enums)
        addExternalEnum(e, file.package);
}

bool ProtobufValidator::addWellKnown(const QString &path)
{
    for (const WellKnownProtoFile &wk : wellKnownFiles) {
        if (path != QLatin1StringView(wk.path))
            continue;
        addWellKnown(wk);
        return true;
    }
    return false;
}

void ProtobufValidator::addWellKnown(const WellKnownProtoFile &wk)
{
    const QString package = QLatin1StringView(wk.package);
    addPackage(package);
    for (const QString &name : QLatin1StringView(wk.messages).toString().split(u' ', Qt::SkipEmptyParts))
        m_symbols.insert(package + u'.' + name, Symbol::Message);
    for (const QString &name : QLatin1StringView(wk.enums).toString().split(u' ', Qt::SkipEmptyParts))
        m_symbols.insert(package + u'.' + name, Symbol::Enum);
}

void ProtobufValidator::resolveExternal(ProtoFile &file)
{
    for (ProtoMessage &m : file.messages)
        resolveExternalMessage(m, file.package);
    for (ProtoExtend &e : file.extends) {
        for (ProtoField &f : e.fields)
            resolveLeniently(f, file.package);
    }
}

bool ProtobufValidator::validate(ProtoFile &file)
{
    m_syntax = file.syntax;
    addPackage(file.package);
    // Pass 1: declare every symbol of this file.
    if (!declareNested(file, file.package))
        return false;
    for (const ProtoService &s : file.services) {
        if (!declare(qualify(file.package, s.name), Symbol::Service, u"service"_s))
            return false;
    }
    // Pass 2: check contents and resolve types.
    if (!checkNested(file, file.package))
        return false;
    for (ProtoService &s : file.services) {
        for (ProtoRpc &r : s.rpcs) {
            const QString scope = qualify(file.package, s.name);
            if (!resolveMessageType(r.requestType, file.package, r.resolvedRequestType,
                                    u"rpc %1.%2"_s.arg(s.name, r.name)) ||
                !resolveMessageType(r.responseType, file.package, r.resolvedResponseType,
                                    u"rpc %1.%2"_s.arg(s.name, r.name)))
                return false;
            Q_UNUSED(scope);
        }
    }
    return true;
}

bool ProtobufValidator::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return false;
}

QString ProtobufValidator::qualify(const QString &scope, const QString &name)
{
    return scope.isEmpty() ? name : scope + u'.' + name;
}

void ProtobufValidator::addPackage(const QString &package)
{
    if (package.isEmpty())
        return;
    QString prefix;
    for (const QString &part : package.split(u'.')) {
        prefix = qualify(prefix, part);
        if (!m_symbols.contains(prefix))
            m_symbols.insert(prefix, Symbol::Package);
    }
}

void ProtobufValidator::resolveLeniently(ProtoField &f, const QString &scope)
{
    if (protoScalarTypes().contains(f.type)) {
        f.resolvedType = f.type;
        return;
    }
    if (const auto found = lookup(f.type, scope);
        found && (found->second == Symbol::Message || found->second == Symbol::Enum)) {
        f.resolvedType = u'.' + found->first;
        f.resolvedIsEnum = found->second == Symbol::Enum;
    } else {
        f.resolvedType = f.type.startsWith(u'.') ? f.type : u'.' + f.type;
    }
}

void ProtobufValidator::resolveExternalMessage(ProtoMessage &m, const QString &scope)
{
    m.fullName = qualify(scope, m.name);
    for (ProtoField &f : m.fields)
        resolveLeniently(f, m.fullName);
    for (ProtoOneof &o : m.oneofs) {
        for (ProtoField &f : o.fields)
            resolveLeniently(f, m.fullName);
    }
    for (ProtoMessage &n : m.messages)
        resolveExternalMessage(n, m.fullName);
    for (ProtoEnum &e : m.enums)
        e.fullName = qualify(m.fullName, e.name);
    for (ProtoExtend &e : m.extends) {
        for (ProtoField &f : e.fields)
            resolveLeniently(f, m.fullName);
    }
}

void ProtobufValidator::addExternalMessage(const ProtoMessage &m, const QString &scope)
{
    const QString full = qualify(scope, m.name);
    m_symbols.insert(full, Symbol::Message);
    m_schema.m_messages.insert(full, &m);
    for (const ProtoMessage &n : m.messages)
        addExternalMessage(n, full);
    for (const ProtoEnum &e : m.enums)
        addExternalEnum(e, full);
}

void ProtobufValidator::addExternalEnum(const ProtoEnum &e, const QString &scope)
{
    const QString full = qualify(scope, e.name);
    m_symbols.insert(full, Symbol::Enum);
    m_schema.m_enums.insert(full, &e);
}

bool ProtobufValidator::declare(const QString &full, Symbol kind, const QString &what)
{
    const auto it = m_symbols.constFind(full);
    if (it != m_symbols.constEnd() && !(kind == Symbol::Package && *it == Symbol::Package)) {
        const qsizetype dot = full.lastIndexOf(u'.');
        const QString scope = dot >= 0 ? full.left(dot) : QString();
        return fail(u"\"%1\" is already defined%2 (redefined as a %3)"_s.arg(
            dot >= 0 ? full.mid(dot + 1) : full, scope.isEmpty() ? QString() : u" in \"%1\""_s.arg(scope),
            what));
    }
    m_symbols.insert(full, kind);
    return true;
}

template<typename T>
bool ProtobufValidator::declareType(T &type, const QString &scope, Symbol kind, const QString &what,
                                    QHash<QString, const T *> &byName)
{
    type.fullName = qualify(scope, type.name);
    if (!declare(type.fullName, kind, what))
        return false;
    byName.insert(type.fullName, &type);
    return true;
}

namespace {

// Calls onMessage and onEnum for the messages and enums declared in a file or message, until one
// returns false.
template<typename Scope, typename OnMessage, typename OnEnum>
bool allNested(Scope &scope, OnMessage onMessage, OnEnum onEnum)
{
    for (ProtoMessage &m : scope.messages) {
        if (!onMessage(m))
            return false;
    }
    for (ProtoEnum &e : scope.enums) {
        if (!onEnum(e))
            return false;
    }
    return true;
}

} // namespace

template<typename Scope> bool ProtobufValidator::declareNested(Scope &scope, const QString &name)
{
    return allNested(
        scope, [&](ProtoMessage &m) { return declareMessage(m, name); },
        [&](ProtoEnum &e) { return declareEnum(e, name); });
}

bool ProtobufValidator::declareMessage(ProtoMessage &m, const QString &scope)
{
    if (!declareType(m, scope, Symbol::Message, u"message"_s, m_schema.m_messages))
        return false;
    for (const ProtoField &f : m.fields) {
        if (!declare(qualify(m.fullName, f.name), Symbol::Field, u"field"_s))
            return false;
    }
    for (const ProtoOneof &o : m.oneofs) {
        if (!declare(qualify(m.fullName, o.name), Symbol::Oneof, u"oneof"_s))
            return false;
        for (const ProtoField &f : o.fields) {
            if (!declare(qualify(m.fullName, f.name), Symbol::Field, u"field"_s))
                return false;
        }
    }
    return declareNested(m, m.fullName);
}

bool ProtobufValidator::declareEnum(ProtoEnum &e, const QString &scope)
{
    if (!declareType(e, scope, Symbol::Enum, u"enum"_s, m_schema.m_enums))
        return false;
    // Enum values are siblings of their enum (C++ scoping).
    for (const ProtoEnumValue &v : e.values) {
        if (!declare(qualify(scope, v.name), Symbol::EnumValue, u"enum value"_s)) {
            m_error += u". Note that enum values use C++ scoping rules: they are siblings of their type, not "
                       u"children of it"_s;
            return false;
        }
    }
    return true;
}

std::optional<std::pair<QString, ProtobufValidator::Symbol>>
ProtobufValidator::lookup(const QString &name, const QString &scope) const
{
    if (name.startsWith(u'.')) {
        const QString full = name.mid(1);
        const auto it = m_symbols.constFind(full);
        if (it == m_symbols.constEnd())
            return std::nullopt;
        return std::make_pair(full, *it);
    }
    QString current = scope;
    while (true) {
        const QString candidate = qualify(current, name);
        const auto it = m_symbols.constFind(candidate);
        if (it != m_symbols.constEnd() && (*it == Symbol::Message || *it == Symbol::Enum))
            return std::make_pair(candidate, *it);
        if (current.isEmpty())
            break;
        const qsizetype dot = current.lastIndexOf(u'.');
        current = dot >= 0 ? current.left(dot) : QString();
    }
    // Found only as something that is not a type?
    const auto it = m_symbols.constFind(qualify(scope, name));
    if (it != m_symbols.constEnd())
        return std::make_pair(qualify(scope, name), *it);
    return std::nullopt;
}

bool ProtobufValidator::resolveType(const QString &written, const QString &scope, QString &resolved,
                                    bool &isEnum, const QString &where)
{
    if (protoScalarTypes().contains(written)) {
        resolved = written;
        isEnum = false;
        return true;
    }
    const auto found = lookup(written, scope);
    if (!found)
        return fail(u"\"%1\" is not defined (type of %2)"_s.arg(written, where));
    if (found->second != Symbol::Message && found->second != Symbol::Enum)
        return fail(u"\"%1\" is not a type (type of %2)"_s.arg(written, where));
    resolved = u'.' + found->first;
    isEnum = found->second == Symbol::Enum;
    return true;
}

bool ProtobufValidator::resolveMessageType(const QString &written, const QString &scope, QString &resolved,
                                           const QString &where)
{
    bool isEnum = false;
    if (protoScalarTypes().contains(written))
        return fail(u"\"%1\" is not a message type (%2)"_s.arg(written, where));
    if (!resolveType(written, scope, resolved, isEnum, where))
        return false;
    if (isEnum)
        return fail(u"\"%1\" is not a message type (%2)"_s.arg(written, where));
    return true;
}

bool ProtobufValidator::inRanges(qint64 n, const QList<ProtoRange> &ranges)
{
    for (const ProtoRange &r : ranges) {
        if (n >= r.start && n <= r.end)
            return true;
    }
    return false;
}

bool ProtobufValidator::hasOption(const QList<ProtoOption> &options, QStringView name)
{
    for (const ProtoOption &o : options) {
        if (o.name == name)
            return true;
    }
    return false;
}

bool ProtobufValidator::checkField(ProtoField &f, const QString &scope, const QString &where)
{
    const QString what = u"field \"%1\" in %2"_s.arg(f.name, where);
    if (f.number < 1 || f.number > maxFieldNumber)
        return fail(u"Field numbers must be between 1 and %1: %2 uses %3"_s.arg(maxFieldNumber)
                        .arg(what)
                        .arg(f.number));
    if (f.number >= 19000 && f.number <= 19999)
        return fail(u"Field numbers 19000 through 19999 are reserved for the protocol buffer library "
                    u"implementation: %1 uses %2"_s.arg(what)
                        .arg(f.number));
    if (m_syntax == u"proto3") {
        if (f.label == u"required")
            return fail(u"Required fields are not allowed in proto3 (%1)"_s.arg(what));
        if (hasOption(f.options, u"default"))
            return fail(u"Explicit default values are not allowed in proto3 (%1)"_s.arg(what));
    }
    if (f.isMap) {
        static const QStringList validKeys{u"int32"_s,    u"int64"_s,    u"uint32"_s,  u"uint64"_s,
                                           u"sint32"_s,   u"sint64"_s,   u"fixed32"_s, u"fixed64"_s,
                                           u"sfixed32"_s, u"sfixed64"_s, u"bool"_s,    u"string"_s};
        if (!validKeys.contains(f.keyType))
            return fail(
                u"Key in map fields cannot be float/double, bytes or message types (%1 has key %2)"_s.arg(
                    what, f.keyType));
    }
    return resolveType(f.type, scope, f.resolvedType, f.resolvedIsEnum, what);
}

bool ProtobufValidator::checkMessage(ProtoMessage &m)
{
    QHash<qint64, QString> numbers;
    QSet<QString> names;
    auto check = [&](ProtoField &f) -> bool {
        if (!checkField(f, m.fullName, u"message \"%1\""_s.arg(m.fullName)))
            return false;
        if (numbers.contains(f.number))
            return fail(u"Field number %1 has already been used in \"%2\" by field \"%3\" (field \"%4\")"_s
                            .arg(f.number)
                            .arg(m.fullName, numbers.value(f.number), f.name));
        if (names.contains(f.name))
            return fail(u"Field \"%1\" is already defined in \"%2\""_s.arg(f.name, m.fullName));
        if (inRanges(f.number, m.reservedRanges))
            return fail(u"Field \"%1\" uses reserved number %2 in \"%3\""_s.arg(f.name).arg(f.number).arg(
                m.fullName));
        if (m.reservedNames.contains(f.name))
            return fail(u"Field name \"%1\" is reserved in \"%2\""_s.arg(f.name, m.fullName));
        if (inRanges(f.number, m.extensionRanges))
            return fail(
                u"Extension range includes field \"%1\" (%2) in \"%3\""_s.arg(f.name).arg(f.number).arg(
                    m.fullName));
        numbers.insert(f.number, f.name);
        names.insert(f.name);
        return true;
    };
    for (ProtoField &f : m.fields) {
        if (!check(f))
            return false;
    }
    for (ProtoOneof &o : m.oneofs) {
        for (ProtoField &f : o.fields) {
            if (!check(f))
                return false;
        }
    }
    for (const ProtoRange &r : m.reservedRanges) {
        if (r.start < 1 || r.end > maxFieldNumber)
            return fail(
                u"Reserved numbers must be between 1 and %1 in \"%2\""_s.arg(maxFieldNumber).arg(m.fullName));
    }
    return checkNested(m, m.fullName);
}

template<typename Scope> bool ProtobufValidator::checkNested(Scope &scope, const QString &name)
{
    if (!allNested(
            scope, [&](ProtoMessage &m) { return checkMessage(m); },
            [&](ProtoEnum &e) { return checkEnum(e); }))
        return false;
    for (ProtoExtend &e : scope.extends) {
        if (!checkExtend(e, name))
            return false;
    }
    return true;
}

bool ProtobufValidator::checkExtend(ProtoExtend &e, const QString &scope)
{
    if (!resolveMessageType(e.type, scope, e.resolvedType, u"extend"_s))
        return false;
    for (ProtoField &f : e.fields) {
        if (!checkField(f, scope, u"extend %1"_s.arg(e.type)))
            return false;
    }
    return true;
}

bool ProtobufValidator::checkEnum(const ProtoEnum &e)
{
    if (e.values.isEmpty())
        return fail(u"Enums must contain at least one value (\"%1\")"_s.arg(e.fullName));
    if (m_syntax == u"proto3" && e.values.first().number != 0)
        return fail(u"The first enum value must be zero in proto3 (\"%1\" starts with %2 = %3)"_s
                        .arg(e.fullName, e.values.first().name)
                        .arg(e.values.first().number));
    bool allowAlias = false;
    for (const ProtoOption &o : e.options) {
        if (o.name == u"allow_alias" && o.value == u"true")
            allowAlias = true;
    }
    QHash<qint64, QString> numbers;
    for (const ProtoEnumValue &v : e.values) {
        if (v.number < INT_MIN || v.number > INT_MAX)
            return fail(u"Enum value \"%1\" in \"%2\" is out of the int32 range"_s.arg(v.name, e.fullName));
        if (inRanges(v.number, e.reservedRanges))
            return fail(
                u"Enum value \"%1\" uses reserved number %2 in \"%3\""_s.arg(v.name).arg(v.number).arg(
                    e.fullName));
        if (e.reservedNames.contains(v.name))
            return fail(u"Enum value \"%1\" is reserved in \"%2\""_s.arg(v.name, e.fullName));
        if (numbers.contains(v.number) && !allowAlias)
            return fail(
                u"\"%1\" uses the same enum value as \"%2\" in \"%3\". If this is intended, set 'option "
                u"allow_alias = true;' to the enum definition"_s.arg(v.name, numbers.value(v.number),
                                                                     e.fullName));
        numbers.insert(v.number, v.name);
    }
    return true;
}

} // namespace sd::schema
