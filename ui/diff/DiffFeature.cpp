#include "ui/Features.h"
#include "ui/MainWindow.h"

namespace sd::ui {

void installDiffFeature(MainWindow &window)
{
    Q_UNUSED(window);
}

} // namespace sd::ui
