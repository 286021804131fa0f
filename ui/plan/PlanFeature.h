#pragma once

#include "diff/SubjectMapping.h"

#include <QString>

namespace sd::plan {
class TerraformExport;
}

namespace sd::ui {

class PlanView;
class Shell;

// Opens (or focuses) the plan tab of a connection; with a folder, plans it at once.
PlanView *openPlanView(Shell &shell, const QString &connectionId, const QString &folder = {});
// Asks for the folder (unless given), writes the registry's (or the filter's) subjects as Terraform
// beside their schema files, and says how it went. The job deletes itself when done.
plan::TerraformExport *exportTerraform(Shell &shell, const QString &connectionId,
                                       const diff::SubjectMapping &filter = {}, QString directory = {});

// Registry → Plan from folder… / Export as Terraform…, and the same on a connection's or context's menu.
void installPlanFeature(Shell &shell);

} // namespace sd::ui
