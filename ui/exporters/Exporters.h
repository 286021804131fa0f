#pragma once

#include <QString>

namespace sd::ui {

class Shell;
class ExportersView;
class ExporterDetailView;
class ExporterWizard;

// Public entry points of the exporters feature (ui/exporters).

// The exporters tab of one connection; an empty connectionId = all connections.
ExportersView *openExportersTab(Shell &shell, const QString &connectionId = {});
// The detail tab of one exporter: status, config, mapping preview and, when PAUSED, the
// troubleshooting page (trace, diagnosis, one-step fix). Loads and diagnoses at once.
ExporterDetailView *openExporterDetail(Shell &shell, const QString &connectionId, const QString &name);
// The create wizard (existingName empty) or the edit wizard, non-modal. Opens the detail tab when done.
ExporterWizard *openExporterWizard(Shell &shell, const QString &connectionId,
                                   const QString &existingName = {});

} // namespace sd::ui
