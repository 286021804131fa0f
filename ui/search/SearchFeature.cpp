#include "SearchFeature.h"

#include "SchemaSearchView.h"
#include "ui/Shell.h"

#include <QAction>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace sd::ui {

void installSearchFeature(Shell &shell)
{
    auto *action = new QAction(QObject::tr("&Search schema texts…"), &shell);
    action->setObjectName(u"actionSearchSchemas"_s);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    action->setToolTip(QObject::tr("Which schemas mention a field, a type or a namespace? (Ctrl+Shift+F)"));
    QObject::connect(action, &QAction::triggered, &shell, [&shell] { openSchemaSearch(shell); });
    if (QMenu *tools = shell.menu(u"menuTools"_s))
        tools->addAction(action);
    shell.addWindowAction(action);
}

} // namespace sd::ui
