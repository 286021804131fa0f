// RegistryTreeModel: the data roles — names, details, tooltips, fonts and effective settings per node.
#include "registry/PlainText.h"
#include "RegistryTreeNodes.h"

#include <QFont>

namespace sd::items {

using Kind = RegistryTreeModel::Kind;

EffectiveValue RegistryTreeModel::effective(const Node &node, bool mode) const
{
    const ConnectionData &data = connectionOf(node);
    const Node *context = nullptr;
    const ScopeSettings *subject = nullptr;
    if (node.kind == Kind::Context) {
        context = &node;
    } else if (node.kind == Kind::Subject) {
        context = node.parent;
        subject = &node.settings();
    } else if (node.kind == Kind::Version) {
        context = node.parent->parent;
        subject = &node.parent->settings();
    } else {
        const auto it = data.contexts.find(defaultContext);
        context = it != data.contexts.end() ? it.value() : nullptr;
    }
    static const ScopeSettings none;
    const ScopeSettings &contextSettings = context ? context->settings() : none;
    return mode ? effectiveMode(subject, contextSettings, data.global)
                : effectiveCompatibility(subject, contextSettings, data.global);
}

QString RegistryTreeModel::detailsText(const Node &node) const
{
    switch (node.kind) {
    case Kind::Connection: {
        if (!node.error().isEmpty())
            return tr("error");
        if (node.loading)
            return tr("loading…");
        const ConnectionData &data = connectionOf(node);
        QStringList parts;
        if (!data.info.tag.isEmpty())
            parts << data.info.tag;
        if (node.loaded)
            parts << (data.subjects.size() == 1 ? tr("1 subject")
                                                : tr("%1 subjects").arg(data.subjects.size()));
        if (data.info.readOnly)
            parts << tr("read-only");
        if (data.info.isProtected)
            parts << tr("protected");
        if (data.info.tlsVerificationOff)
            parts << tr("TLS NOT VERIFIED");
        return parts.join(u" · ");
    }
    case Kind::Context: {
        if (!node.error().isEmpty())
            return tr("settings: error");
        const EffectiveValue compatibility = effective(node, false);
        const EffectiveValue mode = effective(node, true);
        return compatibility.value + QStringLiteral(" · ") + shortModeName(mode.value);
    }
    case Kind::Subject: {
        if (!node.error().isEmpty())
            return tr("error");
        if (node.loading)
            return tr("loading…");
        QStringList parts;
        if (!node.schemaType.isEmpty())
            parts << (node.schemaType == u"PROTOBUF" ? QStringLiteral("PROTO") : node.schemaType);
        if (node.loaded)
            parts << (node.deleted ? tr("deleted") : QString::number(node.liveVersions));
        if (!node.settings().compatibility.isEmpty())
            parts << node.settings().compatibility;
        if (!node.settings().mode.isEmpty())
            parts << shortModeName(node.settings().mode);
        return parts.join(u" · ");
    }
    case Kind::Version:
        return node.deleted ? tr("id %1 · deleted").arg(node.id) : tr("id %1").arg(node.id);
    case Kind::Exporters: {
        if (!node.error().isEmpty())
            return tr("error");
        const auto paused = std::count_if(node.children.begin(), node.children.end(),
                                          [](const auto &c) { return c->state() == u"PAUSED"; });
        return paused > 0 ? tr("%1, %2 paused").arg(node.children.size()).arg(paused)
                          : QString::number(node.children.size());
    }
    case Kind::Exporter:
        return node.error().isEmpty() ? node.state() : tr("status not read");
    }
    return {};
}

QString RegistryTreeModel::toolTip(const Node &node) const
{
    switch (node.kind) {
    case Kind::Connection: {
        if (!node.error().isEmpty())
            return node.error();
        const ConnectionData &data = connectionOf(node);
        QString tip = data.info.name;
        if (data.info.tlsVerificationOff)
            tip += u'\n' + tr("TLS certificate verification is turned off for this connection.");
        if (!data.info.server.isEmpty())
            tip += u'\n' + data.info.server;
        if (!data.notice.isEmpty())
            tip += u'\n' + data.notice;
        return tip;
    }
    case Kind::Context:
    case Kind::Subject:
    case Kind::Version: {
        if (!node.error().isEmpty())
            return node.error();
        const EffectiveValue compatibility = effective(node, false);
        const EffectiveValue mode = effective(node, true);
        const Node *subject = node.kind == Kind::Subject   ? &node
                              : node.kind == Kind::Version ? node.parent
                                                           : nullptr;
        if (subject && !subject->settingsKnown) {
            // Subject-level values are read when the subject is opened: until then only what the
            // context says is known, and the subject may override it.
            return tr("Compatibility %1 (%2), unless the subject sets its own\nMode %3 (%4), unless the "
                      "subject sets its own\nThe subject's own settings are not read yet: open it to "
                      "see them")
                .arg(compatibility.value, settingSourceName(compatibility.source), mode.value,
                     settingSourceName(mode.source));
        }
        return tr("Compatibility %1 (%2)\nMode %3 (%4)")
            .arg(compatibility.value, settingSourceName(compatibility.source), mode.value,
                 settingSourceName(mode.source));
    }
    case Kind::Exporters:
        return node.error();
    case Kind::Exporter:
        return node.error().isEmpty() ? QString()
                                      : tr("Its status could not be read: %1\nRefresh exporters (on the "
                                           "Exporters node) reads it "
                                           "again.")
                                            .arg(node.error());
    }
    return {};
}

QVariant RegistryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &node = *nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == DetailsColumn)
            return detailsText(node);
        if (node.kind == Kind::Context && node.name == defaultContext)
            return tr(". (default)");
        if (node.kind == Kind::Version)
            return tr("v%1").arg(node.version);
        return node.name;
    case Qt::ToolTipRole:
        return registry::plainToolTip(toolTip(node));
    case Qt::AccessibleDescriptionRole: // a screen reader hears where the badges' values come from
        return toolTip(node);
    case Qt::AccessibleTextRole:
        if (index.column() == DetailsColumn && node.kind == Kind::Context)
            return tr("compatibility %1, mode %2")
                .arg(effective(node, false).value, effective(node, true).value);
        return data(index, Qt::DisplayRole);
    case Qt::DecorationRole:
        if (index.column() == NameColumn && node.kind == Kind::Connection) {
            const QColor colour = connectionOf(node).info.colour;
            return colour.isValid() ? QVariant(colour) : QVariant();
        }
        return {};
    case Qt::ForegroundRole:
        if (!node.error().isEmpty())
            return QColor(0xd0, 0x30, 0x30);
        if (node.deleted)
            return QColor(0x80, 0x80, 0x80);
        if (node.kind == Kind::Exporter && node.state() == u"PAUSED")
            return QColor(0xd0, 0x80, 0x00);
        return {};
    case Qt::FontRole:
        if (node.deleted) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        if (index.column() == DetailsColumn && node.kind == Kind::Context) {
            // Italic when neither value is set on the context itself.
            const bool inherited = effective(node, false).source != SettingSource::Context &&
                                   effective(node, true).source != SettingSource::Context;
            if (inherited) {
                QFont font;
                font.setItalic(true);
                return font;
            }
        }
        return {};
    case KindRole:
        return QVariant::fromValue(node.kind);
    case ConnectionIdRole:
        return connectionOf(node).info.id;
    case ContextRole:
        if (node.kind == Kind::Context)
            return node.name;
        if (node.kind == Kind::Subject)
            return node.parent->name;
        if (node.kind == Kind::Version)
            return node.parent->parent->name;
        return {};
    case QualifiedSubjectRole:
        if (node.kind == Kind::Subject)
            return qualified(node.parent->name, node.name);
        if (node.kind == Kind::Version)
            return qualified(node.parent->parent->name, node.parent->name);
        return {};
    case SubjectRole:
        if (node.kind == Kind::Subject)
            return node.name;
        if (node.kind == Kind::Version)
            return node.parent->name;
        return {};
    case SchemaTypeRole:
        return node.kind == Kind::Subject ? QVariant(node.schemaType) : QVariant();
    case VersionCountRole:
        return node.kind == Kind::Subject ? QVariant(node.liveVersions) : QVariant();
    case VersionRole:
        return node.kind == Kind::Version ? QVariant(node.version) : QVariant();
    case SchemaIdRole:
        return node.kind == Kind::Version ? QVariant(node.id) : QVariant();
    case DeletedRole:
        return node.deleted;
    case EffectiveModeRole:
    case ModeSourceRole:
    case EffectiveCompatibilityRole:
    case CompatibilitySourceRole: {
        if (node.kind != Kind::Context && node.kind != Kind::Subject && node.kind != Kind::Version)
            return {};
        const EffectiveValue value = effective(node, role == EffectiveModeRole || role == ModeSourceRole);
        return role == EffectiveModeRole || role == EffectiveCompatibilityRole ? QVariant(value.value)
                                                                               : QVariant(int(value.source));
    }
    case ErrorRole:
        return node.error().isEmpty() ? QVariant() : QVariant(node.error());
    case LoadingRole:
        return node.loading;
    case ExporterStateRole:
        return node.kind == Kind::Exporter ? QVariant(node.state()) : QVariant();
    case PausedExportersRole:
        if (node.kind == Kind::Exporters || node.kind == Kind::Connection) {
            const Node *group = node.kind == Kind::Exporters ? &node : connectionOf(node).exporters;
            if (!group)
                return 0;
            return int(std::count_if(group->children.begin(), group->children.end(),
                                     [](const auto &c) { return c->state() == u"PAUSED"; }));
        }
        return {};
    case FilterMatchRole:
        return node.kind == Kind::Subject && !m_filterLower.isEmpty() &&
               node.lowerName.contains(m_filterLower);
    default:
        return {};
    }
}

QVariant RegistryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : section == DetailsColumn ? tr("Details") : QVariant();
}

Qt::ItemFlags RegistryTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!hasChildren(index.siblingAtColumn(0)))
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QHash<int, QByteArray> RegistryTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(ConnectionIdRole, "connectionId");
    names.insert(QualifiedSubjectRole, "qualifiedSubject");
    names.insert(SchemaTypeRole, "schemaType");
    names.insert(VersionRole, "version");
    names.insert(SchemaIdRole, "schemaId");
    return names;
}

} // namespace sd::items
