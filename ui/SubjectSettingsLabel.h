#pragma once

#include <QLabel>
#include <QPointer>

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::ui {

// "compatibility BACKWARD (inherited from the context) · mode READWRITE (the server's default)" for one
// subject: what applies to it and where that comes from. The subject's own settings are asked for once
// (the tree loads the registry's and the contexts' in bulk) and kept in the tree; a subject that does
// not exist yet shows what its context gives it.
class SubjectSettingsLabel : public QLabel
{
    Q_OBJECT
public:
    explicit SubjectSettingsLabel(items::RegistryWorkspace *workspace, QWidget *parent = nullptr);

    void setSubject(const QString &connectionId, const QString &qualifiedSubject);
    // The effective compatibility level, or empty while unknown.
    QString compatibility() const { return m_compatibility; }

private:
    void refresh();

    QPointer<items::RegistryWorkspace> m_workspace;
    QString m_connectionId;
    QString m_subject;
    QString m_compatibility;
};

} // namespace sd::ui
