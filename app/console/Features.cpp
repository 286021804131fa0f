#include "Features.h"

#include "ui/diff/DiffFeature.h"
#include "ui/exporters/ExportersFeature.h"
#include "ui/MainWindow.h"
#include "ui/modes/ModesFeature.h"
#include "ui/search/SearchFeature.h"

namespace sd::console {

void installFeatures(ui::MainWindow &window)
{
    ui::installDiffFeature(window);
    ui::installModesFeature(window);
    ui::installExportersFeature(window);
    ui::installSearchFeature(window);
}

} // namespace sd::console
