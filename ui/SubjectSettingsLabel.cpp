#include "SubjectSettingsLabel.h"

#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "items/ScopeSettings.h"
#include "registry/RegistryClient.h"

#include <memory>

namespace sd::ui {

using Model = items::RegistryTreeModel;

SubjectSettingsLabel::SubjectSettingsLabel(items::RegistryWorkspace *workspace, QWidget *parent)
    : QLabel(parent)
    , m_workspace(workspace)
{
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextFormat(Qt::PlainText); // the values are the registry's
    if (m_workspace)
        connect(m_workspace->tree(), &QAbstractItemModel::dataChanged, this, &SubjectSettingsLabel::refresh);
}

void SubjectSettingsLabel::setSubject(const QString &connectionId, const QString &qualifiedSubject)
{
    if (connectionId == m_connectionId && qualifiedSubject == m_subject)
        return;
    m_connectionId = connectionId;
    m_subject = qualifiedSubject;
    refresh();
    registry::RegistryClient *client = m_workspace ? m_workspace->client(connectionId) : nullptr;
    if (!client || qualifiedSubject.isEmpty() || qualifiedSubject.endsWith(u':') ||
        !m_workspace->tree()->subjectIndex(connectionId, qualifiedSubject).isValid())
        return;
    // 40408/40409 = nothing set on the subject.
    struct Pending
    {
        items::ScopeSettings settings;
        int answers = 0;
    };
    auto pending = std::make_shared<Pending>();
    QPointer<SubjectSettingsLabel> self(this);
    auto publish = [self, pending, connectionId, qualifiedSubject] {
        if (++pending->answers < 2 || !self || !self->m_workspace)
            return;
        self->m_workspace->tree()->setScopeSettings(connectionId, qualifiedSubject, pending->settings);
        self->refresh();
    };
    client->getConfig(qualifiedSubject, false, this,
                      [pending, publish](const registry::Result<registry::RegistryConfig> &r) {
                          if (r)
                              pending->settings.compatibility = r.value.compatibility;
                          publish();
                      });
    client->getMode(qualifiedSubject, false, this, [pending, publish](const registry::Result<QString> &r) {
        if (r)
            pending->settings.mode = r.value;
        publish();
    });
}

void SubjectSettingsLabel::refresh()
{
    if (!m_workspace || m_connectionId.isEmpty()) {
        clear();
        m_compatibility.clear();
        return;
    }
    Model *tree = m_workspace->tree();
    QModelIndex index = tree->subjectIndex(m_connectionId, m_subject);
    const bool known = index.isValid();
    if (!known) // a new subject: its context decides
        index = tree->contextIndex(m_connectionId, registry::QualifiedSubject::parse(m_subject).context);
    if (!index.isValid()) {
        clear();
        m_compatibility.clear();
        return;
    }
    const auto describe = [&index](int valueRole, int sourceRole) {
        return tr("%1 (%2)").arg(
            index.data(valueRole).toString(),
            items::settingSourceName(items::SettingSource(index.data(sourceRole).toInt())));
    };
    m_compatibility = index.data(Model::EffectiveCompatibilityRole).toString();
    setText(tr("compatibility %1 · mode %2%3")
                .arg(describe(Model::EffectiveCompatibilityRole, Model::CompatibilitySourceRole),
                     describe(Model::EffectiveModeRole, Model::ModeSourceRole),
                     known ? QString() : tr(" — a new subject, as its context gives it")));
}

} // namespace sd::ui
