#include "CommonWidgets.h"

#include "Dialogs.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "PlainText.h"
#include "Shell.h"

#include <QAction>
#include <QBoxLayout>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

using namespace Qt::StringLiterals;

namespace sd::ui {

using Model = items::RegistryTreeModel;
using Kind = items::RegistryTreeModel::Kind;

QPushButton *addNamedButton(QBoxLayout *row, QWidget *parent, const QString &text, const QString &objectName)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    row->addWidget(button);
    return button;
}

ButtonRow::ButtonRow(const QString &objectName, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(objectName);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
}

QPushButton *ButtonRow::addButton(const QString &text, const QString &objectName)
{
    return addNamedButton(static_cast<QBoxLayout *>(layout()), this, text, objectName);
}

QLabel *addStatusLabel(QBoxLayout *row, QWidget *parent, const QString &objectName)
{
    QLabel *label = plainLabel(parent);
    label->setObjectName(objectName);
    row->addWidget(label, 1);
    return label;
}

QComboBox *choiceBox(QWidget *parent, const QString &objectName,
                     const QList<std::pair<QString, int>> &choices)
{
    auto *combo = named<QComboBox>(objectName, parent);
    for (const auto &[text, value] : choices)
        combo->addItem(text, value);
    return combo;
}

QTableWidget *readOnlyTable(QWidget *parent, const QString &objectName, const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return table;
}

QAction *featureAction(Shell &shell, const QString &text, const QString &objectName, const QString &toolTip,
                       const std::function<void()> &onTriggered)
{
    auto *action = named<QAction>(objectName, text, &shell);
    if (!toolTip.isEmpty())
        action->setToolTip(toolTip);
    QObject::connect(action, &QAction::triggered, &shell, onTriggered);
    return action;
}

QString chosenConnection(Shell &shell, const QString &title)
{
    QString connectionId = shell.currentTreeIndex().data(Model::ConnectionIdRole).toString();
    if (connectionId.isEmpty() && shell.workspace() && !shell.workspace()->connectionIds().isEmpty())
        connectionId = shell.workspace()->connectionIds().constFirst();
    if (connectionId.isEmpty())
        Dialogs::information(shell.window(), title, QObject::tr("Open a connection first."));
    return connectionId;
}

QString subjectsOfTreeItem(const QModelIndex &index)
{
    switch (index.data(Model::KindRole).value<Kind>()) {
    case Kind::Context: {
        const QString context = index.data(Model::ContextRole).toString();
        return context == u"." ? u"*"_s : u':' + context + u":*"_s;
    }
    case Kind::Subject:
    case Kind::Version:
        return index.data(Model::QualifiedSubjectRole).toString();
    default:
        return u"*"_s;
    }
}

QString connectionName(items::RegistryWorkspace *workspace, const QString &connectionId)
{
    const auto *connection = workspace ? workspace->connection(connectionId) : nullptr;
    return connection ? connection->profile.name : connectionId;
}

bool confirmChangeOn(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                     const QString &title, const QString &text, const QString &acceptLabel,
                     const QString &mustType, registry::WriteConfirmation *confirmation)
{
    const auto *connection = workspace ? workspace->connection(connectionId) : nullptr;
    return Dialogs::confirmChange(parent, connection ? &connection->profile : nullptr, title, text,
                                  acceptLabel, mustType, confirmation);
}

} // namespace sd::ui
