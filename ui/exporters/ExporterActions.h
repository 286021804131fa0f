#pragma once

#include <functional>
#include <QString>

class QWidget;

namespace sd::registry {
struct WriteConfirmation;
}

namespace sd::ui {

class Shell;

// The actions on one exporter, shared by the exporters table and the detail tab. Each asks where it
// changes something (naming the exporter and the registry), reports errors through Dialogs, reloads
// the tree's Exporters node, and calls `done(ok)` once.
namespace ExporterActions {

using Done = std::function<void(bool ok)>;

void pause(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done = {});
void resume(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done = {});
// Only while paused (the server answers 40963 otherwise): exports everything again.
void reset(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done = {});
void remove(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done = {});
// A key/value editor of the exporter's config; a RUNNING exporter is paused first (with consent),
// saved, and resumed.
void editConfig(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name,
                Done done = {});
// The change itself, given the user's confirmation (which its writes must carry).
using Change = std::function<void(const registry::WriteConfirmation &confirmation,
                                  std::function<void(bool ok)> finished)>;
// Asks `question` (typed on a protected connection), then runs `change` on a paused exporter: a RUNNING
// one is paused first and resumed afterwards.
void whilePaused(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name,
                 const QString &what, const QString &question, Change change, Done done = {});

} // namespace ExporterActions
} // namespace sd::ui
