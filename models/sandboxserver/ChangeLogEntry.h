#pragma once

#include <optional>
#include <QJsonObject>
#include <QString>

namespace sd::sandbox {

// One change, in the order it happened; exporters read from here.
struct ChangeLogEntry
{
    enum class Kind {
        SchemaRegistered,
        VersionSoftDeleted,
        VersionHardDeleted,
        SubjectSoftDeleted,
        SubjectHardDeleted,
        ConfigChanged,
        ConfigDeleted,
        ModeChanged,
        ModeDeleted,
        ContextDeleted,
    };
    qint64 offset = 0;
    qint64 ts = 0; // ms since epoch
    Kind kind = Kind::SchemaRegistered;
    QString context;
    QString subject; // empty for context-level and global changes
    int version = 0;
    int id = 0;
    QJsonObject payload; // config or mode for config/mode changes
};
QString changeKindName(ChangeLogEntry::Kind kind);
std::optional<ChangeLogEntry::Kind> changeKindFromName(QStringView name);

} // namespace sd::sandbox
