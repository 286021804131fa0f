#include "SchemaSearchView.h"

#include "items/RegistryWorkspace.h"
#include "search/SearchResultModel.h"
#include "ui/SchemaView.h"
#include "ui/Shell.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

SchemaSearchView::SchemaSearchView(Shell &shell, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_controller(new search::SchemaSearchController(*shell.workspace(), this))
{
    setObjectName(u"schemaSearchView"_s);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>Search schema texts</b> — which schemas mention a field, a type or a "
                                "namespace?"),
                             this);
    layout->addWidget(title);
    setupQueryRow(layout);
    setupOptions(layout);
    setupResults(layout);
    setupConnections();
}

void SchemaSearchView::setupQueryRow(QVBoxLayout *layout)
{
    auto *top = new QHBoxLayout;
    m_query = new QLineEdit(this);
    m_query->setObjectName(u"searchQuery"_s);
    m_query->setPlaceholderText(tr("e.g. customer_id, com.acme.Address, \"logicalType\": \"decimal\""));
    m_query->setClearButtonEnabled(true);
    top->addWidget(m_query, 1);
    m_scope = new QComboBox(this);
    m_scope->setObjectName(u"searchScope"_s);
    m_scope->addItem(tr("All connections"), QString());
    for (const QString &id : m_shell.workspace()->connectionIds())
        m_scope->addItem(m_controller->labelOf(id), id);
    m_scope->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_scope->setMinimumContentsLength(12);
    top->addWidget(m_scope);
    m_search = new QPushButton(tr("&Search"), this);
    m_search->setObjectName(u"searchButton"_s);
    m_search->setDefault(true);
    top->addWidget(m_search);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(u"searchCancel"_s);
    m_cancel->setEnabled(false);
    top->addWidget(m_cancel);
    m_reload = new QPushButton(tr("Reload registries"), this);
    m_reload->setObjectName(u"searchReload"_s);
    m_reload->setToolTip(
        tr("Registries are loaded once and searched again from memory; this loads them anew"));
    top->addWidget(m_reload);
    layout->addLayout(top);
}

void SchemaSearchView::setupOptions(QVBoxLayout *layout)
{
    auto *options = new QHBoxLayout;
    m_regex = new QCheckBox(tr("Regular e&xpression"), this);
    m_regex->setObjectName(u"searchRegex"_s);
    m_caseSensitive = new QCheckBox(tr("Match &case"), this);
    m_caseSensitive->setObjectName(u"searchCase"_s);
    m_allVersions = new QCheckBox(tr("All &versions"), this);
    m_allVersions->setObjectName(u"searchAllVersions"_s);
    m_allVersions->setToolTip(tr("Every version of each subject; else the newest live one (searched "
                                 "without a request, in what the tree's load kept)"));
    m_deleted = new QCheckBox(tr("Soft-deleted &too"), this);
    m_deleted->setObjectName(u"searchDeleted"_s);
    for (QCheckBox *box : {m_regex, m_caseSensitive, m_allVersions, m_deleted})
        options->addWidget(box);
    options->addStretch(1);
    layout->addLayout(options);
}

void SchemaSearchView::setupResults(QVBoxLayout *layout)
{
    auto *statusRow = new QHBoxLayout;
    m_status =
        new QLabel(tr("Searches the schema texts of every subject, as the registry stores them."), this);
    m_status->setObjectName(u"searchStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    statusRow->addWidget(m_status, 1);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(240);
    m_progress->hide();
    statusRow->addWidget(m_progress);
    layout->addLayout(statusRow);

    m_view = new QTreeView(this);
    m_view->setObjectName(u"searchResults"_s);
    m_view->setModel(m_controller->model());
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true); // up to 10,000 rows
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
}

void SchemaSearchView::setupConnections()
{
    connect(m_search, &QPushButton::clicked, this, &SchemaSearchView::search);
    connect(m_query, &QLineEdit::returnPressed, this, &SchemaSearchView::search);
    connect(m_cancel, &QPushButton::clicked, this, &SchemaSearchView::cancel);
    connect(m_reload, &QPushButton::clicked, this, &SchemaSearchView::reload);
    connect(m_view, &QTreeView::activated, this,
            [this](const QModelIndex &index) { openMatch(index.row()); });
    connect(m_controller, &search::SchemaSearchController::statusChanged, m_status, &QLabel::setText);
    connect(m_controller, &search::SchemaSearchController::runningChanged, this,
            &SchemaSearchView::setRunning);
    connect(m_controller, &search::SchemaSearchController::finished, this, [this] {
        for (int column = 0; column < search::SearchResultModel::TextColumn; ++column)
            m_view->resizeColumnToContents(column);
        Q_EMIT finished();
    });
}

void SchemaSearchView::setQuery(const search::SearchQuery &query)
{
    m_query->setText(query.text);
    m_regex->setChecked(query.regularExpression);
    m_caseSensitive->setChecked(query.caseSensitive);
    m_allVersions->setChecked(!query.latestOnly);
    m_deleted->setChecked(query.includeDeleted);
}

search::SearchQuery SchemaSearchView::query() const
{
    search::SearchQuery query;
    query.text = m_query->text();
    query.regularExpression = m_regex->isChecked();
    query.caseSensitive = m_caseSensitive->isChecked();
    query.latestOnly = !m_allVersions->isChecked();
    query.includeDeleted = m_deleted->isChecked();
    return query;
}

void SchemaSearchView::setScope(const QString &connectionId)
{
    const int index = m_scope->findData(connectionId);
    m_scope->setCurrentIndex(qMax(0, index));
}

QString SchemaSearchView::statusText() const
{
    return m_status->text();
}

int SchemaSearchView::shownMatchCount() const
{
    return m_controller->model()->rowCount();
}

void SchemaSearchView::search()
{
    m_controller->setScope(m_scope->currentData().toString());
    m_controller->search(query());
}

void SchemaSearchView::reload()
{
    m_controller->setScope(m_scope->currentData().toString());
    m_controller->reload(query());
}

void SchemaSearchView::cancel()
{
    m_controller->cancel();
}

void SchemaSearchView::setRunning(bool running)
{
    m_search->setEnabled(!running);
    m_reload->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setRange(0, 0);
    m_progress->setVisible(running);
}

void SchemaSearchView::openMatch(int index)
{
    // During a load the rows are the first matches; the final result replaces them.
    const QList<search::SearchMatch> &matches = m_controller->model()->matches();
    if (index < 0 || index >= matches.size())
        return;
    const search::SearchMatch match = matches.at(index);
    auto *view =
        qobject_cast<SchemaView *>(m_shell.openSchema(match.connectionId, match.subject, match.version));
    if (view)
        view->revealMatch(match.line, match.column, match.length);
}

SchemaSearchView *openSchemaSearch(Shell &shell)
{
    const QString key = u"search:schemas"_s;
    if (auto *open = shell.focusOpenTab<SchemaSearchView>())
        return open;
    auto *view = new SchemaSearchView(shell);
    shell.openTab(key, view, SchemaSearchView::tr("Search schemas"));
    return view;
}

} // namespace sd::ui
