#include "SchemaSearchView.h"

#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "ui/MainWindow.h"
#include "ui/PlainText.h"
#include "ui/SchemaView.h"

#include <algorithm>
#include <QAbstractTableModel>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
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

class SearchResultModel : public QAbstractTableModel
{
public:
    enum Column { RegistryColumn, SubjectColumn, VersionColumn, LineColumn, TextColumn, ColumnCount };

    explicit SearchResultModel(QObject *parent)
        : QAbstractTableModel(parent)
    {}

    void setMatches(const QList<search::SearchMatch> &matches, QHash<QString, QString> labels)
    {
        beginResetModel();
        m_matches = matches; // shared, not copied
        m_labels = std::move(labels);
        endResetModel();
    }
    void appendMatches(const QList<search::SearchMatch> &all, qsizetype first)
    {
        if (first != m_matches.size() || first >= all.size())
            return;
        beginInsertRows({}, int(first), int(all.size()) - 1);
        m_matches.append(all.sliced(first));
        endInsertRows();
    }
    const QList<search::SearchMatch> &matches() const { return m_matches; }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_matches.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid())
            return {};
        const search::SearchMatch &match = m_matches.at(index.row());
        if (role == Qt::DisplayRole) {
            switch (index.column()) {
            case RegistryColumn:
                return m_labels.value(match.connectionId);
            case SubjectColumn:
                return match.subject;
            case VersionColumn:
                return match.deleted ? SchemaSearchView::tr("%1 (soft-deleted)").arg(match.version)
                                     : QString::number(match.version);
            case LineColumn:
                return match.line > 0 ? QVariant(match.line) : QVariant(SchemaSearchView::tr("as stored"));
            case TextColumn:
                return match.lineText;
            }
        }
        if (role == Qt::ToolTipRole && index.column() == TextColumn)
            return plainToolTip(SchemaSearchView::tr("%1 · id %2 · double-click to open it at this line")
                                    .arg(match.schemaType)
                                    .arg(match.id));
        if (role == Qt::FontRole && index.column() == TextColumn)
            return QFont(QStringLiteral("monospace"));
        return {};
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case RegistryColumn:
            return SchemaSearchView::tr("Registry");
        case SubjectColumn:
            return SchemaSearchView::tr("Subject");
        case VersionColumn:
            return SchemaSearchView::tr("Version");
        case LineColumn:
            return SchemaSearchView::tr("Line");
        case TextColumn:
            return SchemaSearchView::tr("Text");
        }
        return {};
    }

private:
    QList<search::SearchMatch> m_matches;
    QHash<QString, QString> m_labels;
};

SchemaSearchView::SchemaSearchView(MainWindow &window, QWidget *parent)
    : QWidget(parent)
    , m_window(window)
    , m_watcher(new QFutureWatcher<search::SearchResult>(this))
    , m_incremental(new search::IncrementalSearch(this))
{
    setObjectName(u"schemaSearchView"_s);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>Search schema texts</b> — which schemas mention a field, a type or a "
                                "namespace?"),
                             this);
    layout->addWidget(title);

    auto *top = new QHBoxLayout;
    m_query = new QLineEdit(this);
    m_query->setObjectName(u"searchQuery"_s);
    m_query->setPlaceholderText(tr("e.g. customer_id, com.acme.Address, \"logicalType\": \"decimal\""));
    m_query->setClearButtonEnabled(true);
    top->addWidget(m_query, 1);
    m_scope = new QComboBox(this);
    m_scope->setObjectName(u"searchScope"_s);
    m_scope->addItem(tr("All connections"), QString());
    for (const QString &id : m_window.workspace()->connectionIds())
        m_scope->addItem(labelOf(id), id);
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

    m_model = new SearchResultModel(this);
    m_view = new QTreeView(this);
    m_view->setObjectName(u"searchResults"_s);
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true); // up to 10,000 rows
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);

    connect(m_search, &QPushButton::clicked, this, &SchemaSearchView::search);
    connect(m_query, &QLineEdit::returnPressed, this, &SchemaSearchView::search);
    connect(m_cancel, &QPushButton::clicked, this, &SchemaSearchView::cancel);
    connect(m_reload, &QPushButton::clicked, this, &SchemaSearchView::reload);
    connect(m_view, &QTreeView::activated, this,
            [this](const QModelIndex &index) { openMatch(index.row()); });
    connect(m_watcher, &QFutureWatcher<search::SearchResult>::finished, this, [this] {
        if (!m_running)
            return;
        const QFuture<search::SearchResult> future = m_watcher->future();
        if (future.isCanceled() || future.resultCount() == 0) {
            setRunning(false);
            m_status->setText(tr("Cancelled."));
            Q_EMIT finished();
            return;
        }
        m_result = m_watcher->future().takeResult();
        setRunning(false);
        // Registries too large to keep for the next search are let go (read again next time).
        m_dropped.clear();
        for (auto it = m_loaded.begin(); it != m_loaded.end();) {
            if (it.value() && it.value()->approximateBytes() > keepBytes) {
                m_dropped << labelOf(it.key());
                it = m_loaded.erase(it);
            } else {
                ++it;
            }
        }
        showResult();
        Q_EMIT finished();
    });
    // First matches while registries load ("every version" searches), replaced by the final result.
    connect(m_incremental, &search::IncrementalSearch::matchesAppended, this, [this](qsizetype first) {
        if (!m_running)
            return;
        showLoading();
        if (m_model->matches().size() == first && first > 0)
            m_model->appendMatches(m_incremental->preview().matches, first);
        else // the first of this search, replacing the last search's rows
            m_model->setMatches(m_incremental->preview().matches, labels());
    });
    connect(m_incremental, &search::IncrementalSearch::previewReset, this, [this] {
        if (m_running)
            m_model->setMatches(m_incremental->preview().matches, labels());
    });
    // A registry that changes (reloaded in the tree, closed) is loaded again on the next search.
    connect(m_window.workspace(), &items::RegistryWorkspace::connectionLoaded, this,
            [this](const QString &connectionId) { m_loaded.remove(connectionId); });
}

SchemaSearchView::~SchemaSearchView()
{
    m_watcher->future().cancel();
    m_watcher->waitForFinished();
}

QString SchemaSearchView::labelOf(const QString &connectionId) const
{
    const auto *connection = m_window.workspace()->connection(connectionId);
    return connection ? connection->profile.name : connectionId;
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

QStringList SchemaSearchView::connectionsInScope() const
{
    const QString chosen = m_scope->currentData().toString();
    if (!chosen.isEmpty())
        return {chosen};
    // In the tree's order, so results read top to bottom as the registries are listed.
    QStringList ids = m_window.workspace()->connectionIds();
    const items::RegistryTreeModel *tree = m_window.workspace()->tree();
    std::ranges::stable_sort(ids, {}, [tree](const QString &id) { return tree->connectionIndex(id).row(); });
    return ids;
}

QString SchemaSearchView::statusText() const
{
    return m_status->text();
}

int SchemaSearchView::shownMatchCount() const
{
    return int(m_model->matches().size());
}

void SchemaSearchView::search()
{
    if (m_running)
        return;
    const QString problem = search::validateQuery(query());
    if (!problem.isEmpty()) {
        m_status->setText(problem);
        return;
    }
    m_runningQuery = query();
    m_loadErrors.clear();
    m_loading.clear();
    m_incremental->start(m_runningQuery);
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    setRunning(true);
    loadMissingThenSearch();
}

void SchemaSearchView::reload()
{
    if (m_running)
        return;
    m_loaded.clear();
    m_requests = 0;
    if (!m_query->text().isEmpty()) {
        m_bypassTree = true; // anew from the registries, not what the tree's load kept
        search();
    }
}

void SchemaSearchView::cancel()
{
    for (const QPointer<registry::BulkLoader> &loader : std::as_const(m_loaders)) {
        if (loader && loader->isRunning())
            loader->cancel();
    }
    if (m_watcher->isRunning())
        m_watcher->future().cancel();
}

void SchemaSearchView::loadMissingThenSearch()
{
    items::RegistryWorkspace *workspace = m_window.workspace();
    bool waiting = false;
    for (const QString &id : connectionsInScope()) {
        if (m_loaded.contains(id) || m_loaders.value(id) || treeTexts(id))
            continue;
        registry::RegistryClient *client = workspace->client(id);
        if (!client) {
            m_loadErrors << tr("%1: the connection is closed.").arg(labelOf(id));
            continue;
        }
        auto *loader = new registry::BulkLoader(client, this);
        m_loaders.insert(id, loader);
        connect(loader, &registry::BulkLoader::finished, this, [this, id] { loaderFinished(id); });
        connect(loader, &registry::BulkLoader::progress, this, [this, id](qint64 done, qint64 total) {
            m_loading = tr("Loading %1: %2 of %3 versions…").arg(labelOf(id)).arg(done).arg(total);
            showLoading();
        });
        connect(loader, &registry::BulkLoader::versionsArrived, m_incremental,
                [this, id](const registry::RegistrySnapshot::Page &versions) {
                    m_incremental->addVersions(id, versions);
                });
        connect(loader, &registry::BulkLoader::arrivedVersionsDiscarded, m_incremental,
                [this, id] { m_incremental->discard(id); });
        loader->start();
        waiting = true;
    }
    if (!waiting)
        runSearch();
    else
        m_progress->setRange(0, 0);
}

void SchemaSearchView::loaderFinished(const QString &connectionId)
{
    QPointer<registry::BulkLoader> loader = m_loaders.take(connectionId);
    if (!loader)
        return;
    loader->deleteLater();
    m_requests += loader->requestCount();
    if (loader->error().kind == registry::ErrorKind::Aborted) {
        m_loadErrors << tr("%1: cancelled.").arg(labelOf(connectionId));
    } else if (loader->error().isError() || !loader->snapshot()) {
        m_loadErrors
            << tr("%1 could not be loaded: %2").arg(labelOf(connectionId), loader->error().toDisplayString());
    } else {
        m_loaded.insert(connectionId, loader->snapshot());
    }
    for (const QPointer<registry::BulkLoader> &other : std::as_const(m_loaders)) {
        if (other)
            return; // still loading others
    }
    if (!m_running)
        return;
    runSearch();
}

void SchemaSearchView::runSearch()
{
    QList<search::SearchSource> sources;
    m_fromTree.clear();
    for (const QString &id : connectionsInScope()) {
        // A registry loaded for a search is as new as the tree's load or newer.
        if (m_loaded.contains(id)) {
            sources.append({id, labelOf(id), m_loaded.value(id), nullptr});
        } else if (const registry::LatestSchemasPtr texts = treeTexts(id)) {
            sources.append({id, labelOf(id), nullptr, texts});
            m_fromTree << labelOf(id);
        }
    }
    m_bypassTree = false;
    m_incremental->stop(); // the final search covers everything the preview did
    m_loading = tr("Searching %n registry(ies)…", "", int(sources.size()));
    showLoading();
    m_progress->setRange(0, 0);
    m_watcher->setFuture(search::searchSchemasAsync(sources, m_runningQuery));
}

QHash<QString, QString> SchemaSearchView::labels() const
{
    QHash<QString, QString> labels;
    for (const QString &id : m_window.workspace()->connectionIds())
        labels.insert(id, labelOf(id));
    return labels;
}

void SchemaSearchView::showLoading()
{
    QString text = m_loading;
    const search::SearchResult &preview = m_incremental->preview();
    if (!preview.matches.isEmpty())
        text = tr("%n matching line(s) so far, in the versions loaded until now; the full result follows "
                  "when the loading ends.",
                  "", int(preview.matches.size())) +
               u"\n"_s + text;
    m_status->setText(text);
}

void SchemaSearchView::showResult()
{
    m_model->setMatches(m_result.matches, labels());
    for (int column = 0; column < SearchResultModel::TextColumn; ++column)
        m_view->resizeColumnToContents(column);
    QString text =
        m_result.versionsMatched == 0
            ? tr("No schema mentions it (%n version(s) searched", "", int(m_result.versionsSearched))
            : tr("%n subject(s)", "", m_result.subjectsMatched) +
                  tr(", %n version(s) match", "", int(m_result.versionsMatched)) +
                  tr(" (%n version(s) searched", "", int(m_result.versionsSearched));
    text += tr(" in %1 ms; %2 ms in all, %n request(s) to load)", "", m_requests)
                .arg(qRound(m_result.elapsedMs))
                .arg(QDateTime::currentMSecsSinceEpoch() - m_startedMs);
    if (m_result.truncated)
        text += tr(". The first %n lines are listed.", "", int(m_result.matches.size()));
    if (!m_fromTree.isEmpty())
        text += tr("\n%1: the newest versions as the tree loaded them (no request); Reload registries "
                   "reads them anew.")
                    .arg(m_fromTree.join(u", "_s));
    if (!m_dropped.isEmpty())
        text += tr("\n%1: too large to keep in memory between searches; read again for each search.")
                    .arg(m_dropped.join(u", "_s));
    if (!m_loadErrors.isEmpty())
        text += u"\n"_s + m_loadErrors.join(u'\n');
    m_status->setText(text);
}

registry::LatestSchemasPtr SchemaSearchView::treeTexts(const QString &connectionId) const
{
    if (m_bypassTree || !search::latestTextsSuffice(m_runningQuery))
        return nullptr;
    const items::RegistryWorkspace::Connection *connection = m_window.workspace()->connection(connectionId);
    return connection ? connection->latestSchemas : nullptr;
}

void SchemaSearchView::setRunning(bool running)
{
    m_running = running;
    if (!running)
        m_bypassTree = false;
    m_search->setEnabled(!running);
    m_reload->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
}

void SchemaSearchView::openMatch(int index)
{
    // During a load the rows are the first matches; the final result replaces them.
    const QList<search::SearchMatch> &matches = m_model->matches();
    if (index < 0 || index >= matches.size())
        return;
    const search::SearchMatch match = matches.at(index);
    SchemaView *view = m_window.openSchema(match.connectionId, match.subject, match.version);
    if (view)
        view->revealMatch(match.line, match.column, match.length);
}

SchemaSearchView *openSchemaSearch(MainWindow &window)
{
    const QString key = u"search:schemas"_s;
    for (int i = 0; i < window.tabs()->count(); ++i) {
        if (auto *open = qobject_cast<SchemaSearchView *>(window.tabs()->widget(i))) {
            window.tabs()->setCurrentIndex(i);
            return open;
        }
    }
    auto *view = new SchemaSearchView(window);
    window.openTab(key, view, SchemaSearchView::tr("Search schemas"));
    return view;
}

} // namespace sd::ui
