#include "Features.h"

#include "ui/diff/DiffFeature.h"
#include "ui/exporters/ExportersFeature.h"
#include "ui/MainWindow.h"
#include "ui/modes/ModesFeature.h"
#include "ui/plan/PlanFeature.h"
#include "ui/search/SearchFeature.h"
#include "ui/Shell.h"
#include "ui/transfer/TransferFeature.h"

namespace sd::console {

void installFeatures(ui::MainWindow &window)
{
    ui::Shell &shell = window.shell();
    ui::installDiffFeature(shell);
    ui::installModesFeature(shell);
    ui::installExportersFeature(shell);
    ui::installSearchFeature(shell);
    ui::installPlanFeature(shell);
    ui::installTransferFeature(shell);
}

} // namespace sd::console
