#include "FindSubjectView.h"

#include "items/RegistryWorkspace.h"
#include "ModesUi.h"
#include "registry/RegistryClient.h"
#include "ui/MainWindow.h"
#include "ui/PlainText.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using registry::Result;

FindSubjectView::FindSubjectView(MainWindow &window, QWidget *parent)
    : QWidget(parent)
    , m_window(window)
{
    setObjectName(u"findSubjectView"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_query = new QLineEdit(this);
    m_query->setObjectName(u"findSubjectQuery"_s);
    m_query->setPlaceholderText(tr("Part of a subject name (case-insensitive)"));
    top->addWidget(m_query, 1);
    auto *go = new QPushButton(tr("Find in all connections"), this);
    go->setObjectName(u"findSubjectButton"_s);
    top->addWidget(go);
    layout->addLayout(top);
    m_status = plainLabel(this);
    m_status->setObjectName(u"findSubjectStatus"_s);
    layout->addWidget(m_status);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(u"findSubjectResults"_s);
    m_table->setHorizontalHeaderLabels({tr("Registry"), tr("Context"), tr("Subject")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    connect(go, &QPushButton::clicked, this, [this] { find(m_query->text().trimmed()); });
    connect(m_query, &QLineEdit::returnPressed, this, [this] { find(m_query->text().trimmed()); });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString id = m_table->item(row, 0)->data(Qt::UserRole).toString();
        const QString subject = m_table->item(row, 2)->data(Qt::UserRole).toString();
        if (!id.isEmpty() && !subject.isEmpty())
            m_window.openSchema(id, subject);
    });
}

void FindSubjectView::find(const QString &text)
{
    m_query->setText(text);
    const quint64 generation = ++m_generation;
    m_table->setRowCount(0);
    const QStringList ids = m_window.workspace()->connectionIds();
    auto pending = std::make_shared<int>(int(ids.size()));
    auto matches = std::make_shared<int>(0);
    m_status->setText(tr("Asking %n registr(y/ies)…", nullptr, int(ids.size())));
    if (ids.isEmpty())
        Q_EMIT searched(0);
    QPointer<FindSubjectView> self(this);
    for (const QString &id : ids) {
        registry::SubjectQuery query;
        query.subjectPrefix = u":*:"_s;
        registry::RegistryClient *client = m_window.workspace()->client(id);
        auto addRow = [self](const QString &id, const QString &context, const QString &subject,
                             const QString &shown) {
            const int row = self->m_table->rowCount();
            self->m_table->insertRow(row);
            auto *registryItem =
                new QTableWidgetItem(modesui::connectionName(self->m_window.workspace(), id));
            registryItem->setData(Qt::UserRole, id);
            self->m_table->setItem(row, 0, registryItem);
            self->m_table->setItem(row, 1, new QTableWidgetItem(context));
            auto *subjectItem = new QTableWidgetItem(shown);
            subjectItem->setData(Qt::UserRole, subject);
            self->m_table->setItem(row, 2, subjectItem);
        };
        auto done = [self, pending, matches, generation] {
            if (!self || generation != self->m_generation || --*pending > 0)
                return;
            self->m_status->setText(tr("%n match(es).", nullptr, *matches));
            Q_EMIT self->searched(*matches);
        };
        if (!client) {
            done();
            continue;
        }
        client->listSubjects(
            query, this, [self, id, text, generation, addRow, done, matches](const Result<QStringList> &r) {
                if (!self || generation != self->m_generation)
                    return;
                if (!r) {
                    addRow(id, QString(), QString(), tr("error: %1").arg(r.error.summary()));
                } else {
                    for (const QString &subject : r.value) {
                        if (!subject.contains(text, Qt::CaseInsensitive))
                            continue;
                        const auto name = registry::QualifiedSubject::parse(subject);
                        addRow(id, name.context, subject, subject);
                        ++*matches;
                    }
                }
                done();
            });
    }
}

} // namespace sd::ui
