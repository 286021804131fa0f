#include "CommonWidgets.h"

#include "Dialogs.h"
#include "items/RegistryWorkspace.h"
#include "PlainText.h"

#include <QBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

namespace sd::ui {

QPushButton *addNamedButton(QBoxLayout *row, QWidget *parent, const QString &text, const QString &objectName)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    row->addWidget(button);
    return button;
}

QLabel *addStatusLabel(QBoxLayout *row, QWidget *parent, const QString &objectName)
{
    QLabel *label = plainLabel(parent);
    label->setObjectName(objectName);
    row->addWidget(label, 1);
    return label;
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
