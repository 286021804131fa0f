#include "SchemaSearchView.h"
#include "SearchFeature.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace sd::ui {

void installSearchFeature(MainWindow &window)
{
    auto *action = new QAction(QObject::tr("&Search schema texts…"), &window);
    action->setObjectName(u"actionSearchSchemas"_s);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    action->setToolTip(QObject::tr("Which schemas mention a field, a type or a namespace? (Ctrl+Shift+F)"));
    QObject::connect(action, &QAction::triggered, &window, [&window] { openSchemaSearch(window); });
    if (QMenu *tools = window.menuNamed(u"menuTools"_s))
        tools->addAction(action);
    window.addAction(action);
}

} // namespace sd::ui
