#include "sandbox/ChangeLogEntry.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

QString changeKindName(ChangeLogEntry::Kind kind)
{
    switch (kind) {
    case ChangeLogEntry::Kind::SchemaRegistered:
        return u"SCHEMA_REGISTERED"_s;
    case ChangeLogEntry::Kind::VersionSoftDeleted:
        return u"VERSION_SOFT_DELETED"_s;
    case ChangeLogEntry::Kind::VersionHardDeleted:
        return u"VERSION_HARD_DELETED"_s;
    case ChangeLogEntry::Kind::SubjectSoftDeleted:
        return u"SUBJECT_SOFT_DELETED"_s;
    case ChangeLogEntry::Kind::SubjectHardDeleted:
        return u"SUBJECT_HARD_DELETED"_s;
    case ChangeLogEntry::Kind::ConfigChanged:
        return u"CONFIG_CHANGED"_s;
    case ChangeLogEntry::Kind::ConfigDeleted:
        return u"CONFIG_DELETED"_s;
    case ChangeLogEntry::Kind::ModeChanged:
        return u"MODE_CHANGED"_s;
    case ChangeLogEntry::Kind::ModeDeleted:
        return u"MODE_DELETED"_s;
    case ChangeLogEntry::Kind::ContextDeleted:
        return u"CONTEXT_DELETED"_s;
    }
    return {};
}

} // namespace sd::sandbox
