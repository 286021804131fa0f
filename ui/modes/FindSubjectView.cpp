#include "FindSubjectView.h"

#include "items/RegistryWorkspace.h"
#include "ModesUi.h"
#include "ui/CommonWidgets.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

FindSubjectView::FindSubjectView(Shell &shell, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_finder(new modes::SubjectFinder(this))
{
    setObjectName(u"findSubjectView"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_query = modesui::addLineEdit(top, this, u"findSubjectQuery"_s,
                                   tr("Part of a subject name (case-insensitive)"));
    auto *go = addNamedButton(top, this, tr("Find in all connections"), u"findSubjectButton"_s);
    layout->addLayout(top);
    m_status = plainLabel(this);
    m_status->setObjectName(u"findSubjectStatus"_s);
    layout->addWidget(m_status);
    m_table =
        modesui::resultTable(this, u"findSubjectResults"_s, {tr("Registry"), tr("Context"), tr("Subject")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    connect(go, &QPushButton::clicked, this, [this] { find(m_query->text().trimmed()); });
    connect(m_query, &QLineEdit::returnPressed, this, [this] { find(m_query->text().trimmed()); });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString id = m_table->item(row, 0)->data(Qt::UserRole).toString();
        const QString subject = m_table->item(row, 2)->data(Qt::UserRole).toString();
        if (!id.isEmpty() && !subject.isEmpty())
            m_shell.openSchema(id, subject);
    });
    connect(m_finder, &modes::SubjectFinder::lineAdded, this, &FindSubjectView::addRow);
    connect(m_finder, &modes::SubjectFinder::finished, this, [this](int matches) {
        if (m_table->rowCount() > 0 || !m_shell.workspace()->connectionIds().isEmpty())
            m_status->setText(tr("%n match(es).", nullptr, matches));
        Q_EMIT searched(matches);
    });
}

void FindSubjectView::find(const QString &text)
{
    m_query->setText(text);
    m_table->setRowCount(0);
    const QStringList ids = m_shell.workspace()->connectionIds();
    m_status->setText(tr("Asking %n registr(y/ies)…", nullptr, int(ids.size())));
    modes::ConnectionTargets targets;
    for (const QString &id : ids)
        targets.append({id, m_shell.workspace()->client(id)});
    m_finder->find(targets, text);
}

void FindSubjectView::addRow(const modes::SubjectMatch &line)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *registryItem = new QTableWidgetItem(connectionName(m_shell.workspace(), line.connectionId));
    registryItem->setData(Qt::UserRole, line.connectionId);
    m_table->setItem(row, 0, registryItem);
    m_table->setItem(row, 1, new QTableWidgetItem(line.context));
    auto *subjectItem =
        new QTableWidgetItem(line.error.isEmpty() ? line.subject : tr("error: %1").arg(line.error));
    subjectItem->setData(Qt::UserRole, line.subject);
    m_table->setItem(row, 2, subjectItem);
}

} // namespace sd::ui
