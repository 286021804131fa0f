#pragma once

#include <functional>
#include <QString>

class QWidget;

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::ui::SubjectActions {

// Deletes follow the server's rules: soft first, permanent only after soft (40405/40407 otherwise).
// Each asks first, naming exactly what goes; on a protected connection the subject name must be
// typed. A read-only connection refuses before asking. `done(true)` after the server agreed.
using Done = std::function<void(bool ok)>;

void softDeleteVersion(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                       const QString &qualifiedSubject, int version, Done done = {});
void permanentlyDeleteVersion(QWidget *parent, items::RegistryWorkspace *workspace,
                              const QString &connectionId, const QString &qualifiedSubject, int version,
                              Done done = {});
void softDeleteSubject(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                       const QString &qualifiedSubject, Done done = {});
void permanentlyDeleteSubject(QWidget *parent, items::RegistryWorkspace *workspace,
                              const QString &connectionId, const QString &qualifiedSubject, Done done = {});

bool canWrite(items::RegistryWorkspace *workspace, const QString &connectionId);

} // namespace sd::ui::SubjectActions
