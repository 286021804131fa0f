#include "sandbox/ChangeLogEntry.h"

#include "sandbox/EnumNames.h"

namespace sd::sandbox {

namespace {

using Kind = ChangeLogEntry::Kind;

constexpr EnumNameRow<Kind> kKindNames[] = {
    {Kind::SchemaRegistered, u"SCHEMA_REGISTERED"},
    {Kind::VersionSoftDeleted, u"VERSION_SOFT_DELETED"},
    {Kind::VersionHardDeleted, u"VERSION_HARD_DELETED"},
    {Kind::SubjectSoftDeleted, u"SUBJECT_SOFT_DELETED"},
    {Kind::SubjectHardDeleted, u"SUBJECT_HARD_DELETED"},
    {Kind::ConfigChanged, u"CONFIG_CHANGED"},
    {Kind::ConfigDeleted, u"CONFIG_DELETED"},
    {Kind::ModeChanged, u"MODE_CHANGED"},
    {Kind::ModeDeleted, u"MODE_DELETED"},
    {Kind::ContextDeleted, u"CONTEXT_DELETED"},
};

} // namespace

QString changeKindName(ChangeLogEntry::Kind kind)
{
    return enumName(kKindNames, kind);
}

std::optional<ChangeLogEntry::Kind> changeKindFromName(QStringView name)
{
    return enumFromName(kKindNames, name);
}

} // namespace sd::sandbox
