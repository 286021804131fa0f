#include "sandboxserver/ChangeLogEntry.h"

#include "registry/EnumNames.h"

namespace sd::sandbox {

namespace {

constexpr registry::EnumNames<ChangeLogEntry::Kind::ContextDeleted> kKindNames({
    u"SCHEMA_REGISTERED",
    u"VERSION_SOFT_DELETED",
    u"VERSION_HARD_DELETED",
    u"SUBJECT_SOFT_DELETED",
    u"SUBJECT_HARD_DELETED",
    u"CONFIG_CHANGED",
    u"CONFIG_DELETED",
    u"MODE_CHANGED",
    u"MODE_DELETED",
    u"CONTEXT_DELETED",
});

} // namespace

QString changeKindName(ChangeLogEntry::Kind kind)
{
    return kKindNames.name(kind);
}

std::optional<ChangeLogEntry::Kind> changeKindFromName(QStringView name)
{
    return kKindNames.find(name);
}

} // namespace sd::sandbox
