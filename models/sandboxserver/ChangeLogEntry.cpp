#include "sandboxserver/ChangeLogEntry.h"

#include "sandboxserver/EnumNames.h"

namespace sd::sandbox {

namespace {

constexpr QStringView kKindNames[] = {
    u"SCHEMA_REGISTERED",    u"VERSION_SOFT_DELETED", u"VERSION_HARD_DELETED", u"SUBJECT_SOFT_DELETED",
    u"SUBJECT_HARD_DELETED", u"CONFIG_CHANGED",       u"CONFIG_DELETED",       u"MODE_CHANGED",
    u"MODE_DELETED",         u"CONTEXT_DELETED",
};
static_assert(std::size(kKindNames) == std::size_t(ChangeLogEntry::Kind::ContextDeleted) + 1);

} // namespace

QString changeKindName(ChangeLogEntry::Kind kind)
{
    return enumName(kKindNames, kind);
}

std::optional<ChangeLogEntry::Kind> changeKindFromName(QStringView name)
{
    return enumFromName<ChangeLogEntry::Kind>(kKindNames, name);
}

} // namespace sd::sandbox
