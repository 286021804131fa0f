#include "SearchFeature.h"

#include "SchemaSearchView.h"
#include "ui/CommonWidgets.h"
#include "ui/Shell.h"

#include <QAction>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace sd::ui {

void installSearchFeature(Shell &shell)
{
    QAction *action =
        featureAction(shell, QObject::tr("&Search schema texts…"), u"actionSearchSchemas"_s,
                      QObject::tr("Which schemas mention a field, a type or a namespace? (Ctrl+Shift+F)"),
                      [&shell] { openSchemaSearch(shell); });
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    if (QMenu *tools = shell.menu(u"menuTools"_s))
        tools->addAction(action);
    shell.addWindowAction(action);
}

} // namespace sd::ui
