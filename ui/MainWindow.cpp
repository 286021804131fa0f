#include "MainWindow.h"

#include "AboutDialog.h"
#include "AppContext.h"
#include "AppSettings.h"
#include "Commands.h"
#include "CommonWidgets.h"
#include "ConnectionManager.h"
#include "DesktopNotifier.h"
#include "Dialogs.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "KeyboardNavigation.h"
#include "MainWindowShell.h"
#include "NetworkActivityIndicator.h"
#include "PlainText.h"
#include "RegisterView.h"
#include "registry/ConnectionStore.h"
#include "registry/HttpLog.h"
#include "registry/HttpLogModel.h"
#include "registry/RegistryClient.h"
#include "registry/SecretStore.h"
#include "SchemaView.h"
#include "SubjectActions.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QResizeEvent>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace sd::ui {

static constexpr auto tabKeyProperty = "sdTabKey";

MainWindow::MainWindow(AppContext &context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
    , m_shell(new MainWindowShell(*this))
    , m_workspace(context.workspace())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("SchemaDesk"));
    resize(1280, 800);
    createCentralArea();
    createDocks();
    createMenusAndToolBar();
    createStatusBar();
    connectWorkspace();
    installKeyboardNavigation(*this);
    resizeDocks({m_registryDock}, {420}, Qt::Horizontal);
    restoreWindowState();
}

MainWindow::~MainWindow()
{
    // The tabs (features' views) go while the shell they were given still exists; what reacts while
    // the window is destroyed sees isClosing().
    m_shell->markClosing();
    while (m_tabs->count() > 0)
        delete m_tabs->widget(0);
}

Shell &MainWindow::shell() const
{
    return *m_shell;
}

items::RegistryWorkspace *MainWindow::workspace() const
{
    return m_context.workspace();
}

void MainWindow::createCentralArea()
{
    m_tabs = named<QTabWidget>(QStringLiteral("centralTabs"), this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget *page = m_tabs->widget(index);
        m_tabs->removeTab(index);
        page->deleteLater();
    });

    auto *welcome = new QTextBrowser;
    welcome->setObjectName(QStringLiteral("welcomePage"));
    welcome->setOpenExternalLinks(false);
    welcome->setOpenLinks(false);
    connect(welcome, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.toString() == u"action:add-connection")
            addConnection();
    });
    welcome->setHtml(
        tr("<h2>Welcome to SchemaDesk</h2>"
           "<p>One window for all your Schema Registries: Confluent Platform, Confluent Cloud, "
           "Karapace, Redpanda and Apicurio's Confluent-compatible API.</p>"
           "<ul><li>Browse contexts, subjects and versions in the tree on the left.</li>"
           "<li>Compare versions, subjects across contexts and registries, or whole mirrors.</li>"
           "<li>See and change modes and compatibility where they are set, and where they are "
           "inherited from.</li>"
           "<li>Drive Schema Linking exporters, and find out why one is PAUSED.</li></ul>"
           "<p>Start the built-in demo with <code>schemadesk --demo</code>: local sandbox "
           "registries with realistic data.</p>"));
    openTab(QStringLiteral("welcome"), welcome, tr("Welcome"));
    setCentralWidget(m_tabs);
}

int MainWindow::openTab(const QString &key, QWidget *page, const QString &title)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->property(tabKeyProperty).toString() == key) {
            if (page != m_tabs->widget(i))
                page->deleteLater();
            m_tabs->setCurrentIndex(i);
            return i;
        }
    }
    page->setProperty(tabKeyProperty, key);
    const int index = m_tabs->addTab(page, literalCaption(title)); // names are not mnemonics
    m_tabs->setCurrentIndex(index);
    return index;
}

void MainWindow::createDocks()
{
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);

    m_registryDock = named<QDockWidget>(QStringLiteral("registryDock"), tr("Registries"), this);
    auto *registryPane = new QWidget;
    auto *registryLayout = new QVBoxLayout(registryPane);
    registryLayout->setContentsMargins(2, 2, 2, 2);
    m_filterEdit = new QLineEdit;
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter subjects (Ctrl+K)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_registryTree = new QTreeView;
    m_registryTree->setObjectName(QStringLiteral("registryTree"));
    m_registryTree->setHeaderHidden(true);
    m_registryTree->setUniformRowHeights(true);
    registryLayout->addWidget(m_filterEdit);
    registryLayout->addWidget(m_registryTree);
    registryPane->setMinimumWidth(220); // names stay readable on a 1024 px screen
    m_registryDock->setWidget(registryPane);
    addDockWidget(Qt::LeftDockWidgetArea, m_registryDock);

    m_httpLogDock = named<QDockWidget>(QStringLiteral("httpLogDock"), tr("HTTP log"), this);
    m_httpLogView = new QTableView;
    m_httpLogView->setObjectName(QStringLiteral("httpLogView"));
    m_httpLogView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_httpLogView->horizontalHeader()->setStretchLastSection(true);
    m_httpLogView->verticalHeader()->hide();
    m_httpLogDock->setWidget(m_httpLogView);
    m_httpLogView->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copyCurl = named<QAction>(QStringLiteral("actionCopyAsCurl"), tr("Copy as curl"), m_httpLogView);
    m_httpLogView->addAction(copyCurl);
    connect(copyCurl, &QAction::triggered, this, [this] {
        auto *model = qobject_cast<registry::HttpLogModel *>(m_httpLogView->model());
        const QModelIndex current = m_httpLogView->currentIndex();
        if (model && current.isValid())
            QGuiApplication::clipboard()->setText(model->curlForRow(current.row()));
    });
    addDockWidget(Qt::BottomDockWidgetArea, m_httpLogDock);

    m_problemsDock = named<QDockWidget>(QStringLiteral("problemsDock"), tr("Problems"), this);
    m_problemsView = new QListWidget;
    m_problemsView->setObjectName(QStringLiteral("problemsView"));
    m_problemsDock->setWidget(m_problemsView);
    connect(m_problemsView, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (item)
            Q_EMIT m_shell->problemActivated(item->data(Qt::UserRole).toString());
    });
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    tabifyDockWidget(m_httpLogDock, m_problemsDock);

    // Bottom docks are hidden until asked for (View menu, or a click on the last error).
    m_httpLogDock->hide();
    m_problemsDock->hide();
}

void MainWindow::createMenusAndToolBar()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("menuFile"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->setObjectName(QStringLiteral("menuEdit"));
    QAction *focusFilter =
        editMenu->addAction(tr("&Filter the tree"), QKeySequence(Qt::CTRL | Qt::Key_K), this, [this] {
            m_registryDock->show();
            m_filterEdit->setFocus(Qt::ShortcutFocusReason);
            m_filterEdit->selectAll();
        });
    focusFilter->setObjectName(QStringLiteral("actionFocusFilter"));

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("menuView"));
    viewMenu->addAction(m_registryDock->toggleViewAction());
    viewMenu->addAction(m_httpLogDock->toggleViewAction());
    viewMenu->addAction(m_problemsDock->toggleViewAction());
    viewMenu->addSeparator();
    QAction *closeTab =
        viewMenu->addAction(tr("&Close tab"), QKeySequence(Qt::CTRL | Qt::Key_W), this, [this] {
            const int index = m_tabs->currentIndex();
            if (index >= 0)
                Q_EMIT m_tabs->tabCloseRequested(index);
        });
    closeTab->setObjectName(QStringLiteral("actionCloseTab"));
    viewMenu->addSeparator();
    QMenu *themeMenu = viewMenu->addMenu(tr("&Theme"));
    themeMenu->setObjectName(QStringLiteral("menuTheme"));
    m_themeGroup = new QActionGroup(this);
    const std::pair<ThemeChoice, QString> themes[] = {{ThemeChoice::System, tr("Follow the &system")},
                                                      {ThemeChoice::Light, tr("&Light")},
                                                      {ThemeChoice::Dark, tr("&Dark")}};
    for (const auto &[choice, label] : themes) {
        QAction *action = themeMenu->addAction(label);
        action->setObjectName(QStringLiteral("actionTheme_") + themeChoiceName(choice));
        action->setCheckable(true);
        action->setData(static_cast<int>(choice));
        m_themeGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, choice] {
            setThemeChoice(choice);
            m_context.settings().setValue(settings::theme, themeChoiceName(choice));
        });
    }

    m_showDeleted = viewMenu->addAction(tr("Show &soft-deleted subjects and versions"));
    m_showDeleted->setObjectName(QStringLiteral("actionShowDeleted"));
    m_showDeleted->setCheckable(true);
    connect(m_showDeleted, &QAction::toggled, this, [this](bool on) {
        rememberExpansion();
        m_workspace->tree()->setShowDeleted(on);
    });

    QMenu *registryMenu = menuBar()->addMenu(tr("&Registry"));
    registryMenu->setObjectName(QStringLiteral("menuRegistry"));
    QAction *add = registryMenu->addAction(tr("&Add connection…"), this, &MainWindow::addConnection);
    add->setObjectName(QStringLiteral("actionAddConnection"));
    QAction *manage =
        registryMenu->addAction(tr("&Manage connections…"), this, &MainWindow::manageConnections);
    manage->setObjectName(QStringLiteral("actionManageConnections"));
    registryMenu->addSeparator();
    QAction *newSubject =
        registryMenu->addAction(tr("&New subject…"), QKeySequence::New, this, &MainWindow::newSubject);
    newSubject->setObjectName(QStringLiteral("actionNewSubject"));
    newSubject->setToolTip(tr("Register the first version of a new subject in the registry selected in "
                              "the tree"));
    QAction *refresh = registryMenu->addAction(tr("&Refresh"), QKeySequence::Refresh, this,
                                               &MainWindow::refreshCurrentConnection);
    refresh->setObjectName(QStringLiteral("actionRefresh"));
    menuBar()->addMenu(tr("E&xporters"))->setObjectName(QStringLiteral("menuExporters"));
    menuBar()->addMenu(tr("&Tools"))->setObjectName(QStringLiteral("menuTools"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("menuHelp"));
    QAction *about = helpMenu->addAction(tr("&About SchemaDesk"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);

    QToolBar *toolBar = m_toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->addAction(add);
    toolBar->addAction(refresh);
    toolBar->addAction(m_httpLogDock->toggleViewAction());
    toolBar->addAction(m_problemsDock->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    auto *connectionState = named<QLabel>(QStringLiteral("connectionState"), tr("No registry connected"));
    statusBar()->addWidget(connectionState, 1);
    m_networkActivity = new NetworkActivityIndicator;
    statusBar()->addPermanentWidget(m_networkActivity);
}

void MainWindow::setThemeChoice(ThemeChoice choice)
{
    m_theme = choice;
    applyTheme(choice);
    for (QAction *action : m_themeGroup->actions())
        action->setChecked(action->data().toInt() == static_cast<int>(choice));
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::restoreWindowState()
{
    const AppSettings &stored = m_context.settings();
    const QByteArray geometry = stored.value(settings::windowGeometry);
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = stored.value(settings::windowState);
    if (!state.isEmpty())
        restoreState(state);
}

void MainWindow::saveWindowState()
{
    AppSettings &stored = m_context.settings();
    stored.setValue(settings::windowGeometry, saveGeometry());
    stored.setValue(settings::windowState, saveState());
    stored.sync();
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A window made small and then large again gives the tree its room back (Qt gives it all to the
    // tabs): up to 3/10 of the width, at most the 420 px it starts with.
    const int wanted = qMin(420, width() * 3 / 10);
    if (event->oldSize().isValid() && event->oldSize().width() < width() && m_registryDock->isVisible() &&
        !m_registryDock->isFloating() && m_registryDock->width() < wanted)
        resizeDocks({m_registryDock}, {wanted}, Qt::Horizontal);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}

void MainWindow::connectWorkspace()
{
    items::RegistryTreeModel *tree = m_workspace->tree();
    m_registryTree->setModel(tree);
    m_registryTree->setHeaderHidden(true);
    m_registryTree->header()->setStretchLastSection(false);
    m_registryTree->header()->setSectionResizeMode(items::RegistryTreeModel::NameColumn,
                                                   QHeaderView::Stretch);
    m_registryTree->header()->setSectionResizeMode(items::RegistryTreeModel::DetailsColumn,
                                                   QHeaderView::ResizeToContents);
    m_registryTree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_registryTree, &QTreeView::activated, this, &MainWindow::openTreeItem);
    connect(m_registryTree, &QTreeView::customContextMenuRequested, this, &MainWindow::showTreeContextMenu);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this, tree](const QString &text) {
        rememberExpansion();
        tree->setFilterText(text);
    });
    connect(tree, &QAbstractItemModel::modelReset, this, &MainWindow::restoreExpansion);
    connect(tree, &items::RegistryTreeModel::summariesChanged, m_registryTree->viewport(),
            qOverload<>(&QWidget::update));
    connect(m_registryTree, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        if (m_workspace->tree()->filterText().isEmpty())
            rememberExpansion();
        Q_UNUSED(index);
    });

    m_httpLogView->setModel(new registry::HttpLogModel(m_workspace->httpLog(), m_httpLogView));
    m_httpLogView->setWordWrap(false);
    m_httpLogView->horizontalHeader()->setStretchLastSection(false);
    for (int column = 0; column < m_httpLogView->model()->columnCount(); ++column) {
        const bool isUrl = m_httpLogView->model()->headerData(column, Qt::Horizontal).toString() == u"URL";
        m_httpLogView->horizontalHeader()->setSectionResizeMode(
            column, isUrl ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
    }

    connect(m_workspace, &items::RegistryWorkspace::requestsInFlightChanged, m_networkActivity,
            &NetworkActivityIndicator::setRequestsInFlight);
    // Long loads show their progress in the status bar, with a way to stop them.
    auto *cancelLoad = new QToolButton;
    cancelLoad->setObjectName(QStringLiteral("cancelLoad"));
    cancelLoad->setText(tr("Cancel"));
    cancelLoad->setToolTip(tr("Stop loading this registry"));
    cancelLoad->hide();
    statusBar()->addPermanentWidget(cancelLoad);
    auto loadingId = std::make_shared<QString>();
    connect(cancelLoad, &QToolButton::clicked, this,
            [this, loadingId] { m_workspace->cancelLoad(*loadingId); });
    connect(m_workspace, &items::RegistryWorkspace::loadProgress, this,
            [this, cancelLoad, loadingId](const QString &connectionId, int versions) {
                const auto *connection = m_workspace->connection(connectionId);
                if (!connection)
                    return;
                *loadingId = connectionId;
                cancelLoad->show();
                statusBar()->showMessage(
                    tr("Loading %1: %2 versions so far…").arg(connection->profile.name).arg(versions), 5000);
            });
    connect(
        m_workspace, &items::RegistryWorkspace::connectionStateChanged, this,
        [this, cancelLoad, loadingId](const QString &connectionId, items::RegistryWorkspace::State state) {
            if (connectionId == *loadingId && state != items::RegistryWorkspace::State::Loading &&
                state != items::RegistryWorkspace::State::Connecting) {
                cancelLoad->hide();
                statusBar()->clearMessage();
            }
        });
    connect(m_workspace, &items::RegistryWorkspace::connectionStateChanged, this, [this] {
        auto *label = statusBar()->findChild<QLabel *>(QStringLiteral("connectionState"));
        int ready = 0, failed = 0, loading = 0;
        for (const QString &id : m_workspace->connectionIds()) {
            switch (m_workspace->connection(id)->state) {
            case items::RegistryWorkspace::State::Ready:
                ++ready;
                break;
            case items::RegistryWorkspace::State::Failed:
                ++failed;
                break;
            default:
                ++loading;
            }
        }
        QStringList parts;
        parts << tr("%1 of %2 registries ready").arg(ready).arg(m_workspace->connectionIds().size());
        if (loading)
            parts << tr("%1 loading").arg(loading);
        if (failed)
            parts << tr("%1 failed (see the tree)").arg(failed);
        label->setText(parts.join(QStringLiteral(" · ")));
    });
}

QString MainWindow::currentConnectionId() const
{
    const QModelIndex current = m_registryTree->currentIndex();
    if (current.isValid())
        return current.data(items::RegistryTreeModel::ConnectionIdRole).toString();
    const QStringList ids = m_workspace->connectionIds();
    return ids.size() == 1 ? ids.first() : QString();
}

void MainWindow::newSubject()
{
    const QString id = currentConnectionId();
    if (id.isEmpty()) {
        Dialogs::information(this, tr("New subject"),
                             tr("Select the registry for the new subject in the tree first."));
        return;
    }
    if (!SubjectActions::canWrite(m_workspace, id)) {
        Dialogs::information(this, tr("New subject"),
                             tr("This connection is read-only: it registers nothing."));
        return;
    }
    // Under the selected context, if any; the default context is the plain name.
    const QString context =
        m_registryTree->currentIndex().data(items::RegistryTreeModel::ContextRole).toString();
    openRegister(id, context.isEmpty() || context == u"." ? QString() : u':' + context + u':');
}

void MainWindow::refreshCurrentConnection()
{
    const QString id = currentConnectionId();
    if (!id.isEmpty())
        m_workspace->load(id);
}

void MainWindow::rememberExpansion()
{
    // Only the cheap levels (connections and contexts) are remembered.
    items::RegistryTreeModel *tree = m_workspace->tree();
    QSet<QString> expanded;
    for (int c = 0; c < tree->rowCount(); ++c) {
        const QModelIndex connection = tree->index(c, 0);
        const QString id = connection.data(items::RegistryTreeModel::ConnectionIdRole).toString();
        if (!m_registryTree->isExpanded(connection))
            continue;
        expanded.insert(id + u'|');
        for (int x = 0; x < tree->rowCount(connection); ++x) {
            const QModelIndex context = tree->index(x, 0, connection);
            if (m_registryTree->isExpanded(context))
                expanded.insert(id + u'|' + context.data(items::RegistryTreeModel::ContextRole).toString());
        }
    }
    if (tree->filterText().isEmpty() || !expanded.isEmpty())
        m_expanded = tree->filterText().isEmpty() ? expanded : m_expanded.unite(expanded);
}

void MainWindow::restoreExpansion()
{
    items::RegistryTreeModel *tree = m_workspace->tree();
    const bool filtering = !tree->filterText().isEmpty();
    for (int c = 0; c < tree->rowCount(); ++c) {
        const QModelIndex connection = tree->index(c, 0);
        const QString id = connection.data(items::RegistryTreeModel::ConnectionIdRole).toString();
        if (!filtering && !m_expanded.contains(id + u'|'))
            continue;
        m_registryTree->expand(connection);
        for (int x = 0; x < tree->rowCount(connection); ++x) {
            const QModelIndex context = tree->index(x, 0, connection);
            const QString contextName = context.data(items::RegistryTreeModel::ContextRole).toString();
            // While filtering every context with a match opens, so matches are visible at once.
            if ((filtering && !contextName.isEmpty()) || m_expanded.contains(id + u'|' + contextName))
                m_registryTree->expand(context);
        }
    }
}

void MainWindow::expandConnection(const QString &connectionId)
{
    items::RegistryTreeModel *tree = m_workspace->tree();
    const QModelIndex connection = tree->connectionIndex(connectionId);
    if (!connection.isValid())
        return;
    m_registryTree->expand(connection);
    for (int x = 0; x < tree->rowCount(connection); ++x) {
        const QModelIndex context = tree->index(x, 0, connection);
        if (!context.data(items::RegistryTreeModel::ContextRole).toString().isEmpty())
            m_registryTree->expand(context);
    }
    rememberExpansion();
}

SchemaView *MainWindow::openSchema(const QString &connectionId, const QString &qualifiedSubject, int version)
{
    const QString key = SchemaView::tabKey(connectionId, qualifiedSubject);
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *existing = qobject_cast<SchemaView *>(m_tabs->widget(i));
            existing && existing->property("sdTabKey").toString() == key) {
            m_tabs->setCurrentIndex(i);
            if (version > 0 && existing->version() != version)
                existing->showVersion(version);
            return existing;
        }
    }
    auto *view = new SchemaView(m_workspace, connectionId, qualifiedSubject, version);
    connect(view, &SchemaView::openSchemaRequested, this,
            [this](const QString &connection, const QString &subject, int v) {
                openSchema(connection, subject, v);
            });
    connect(view, &SchemaView::changeSettingsRequested, this,
            [this](const QString &connection, const QString &subject) {
                m_shell->commands().run(commands::openModes, {{QStringLiteral("connectionId"), connection},
                                                              {QStringLiteral("subject"), subject}});
            });
    connect(view, &SchemaView::compareWithPreviousRequested, this,
            [this](const QString &connection, const QString &subject, int v) {
                m_shell->commands().run(commands::openPreviousVersionDiff,
                                        {{QStringLiteral("connectionId"), connection},
                                         {QStringLiteral("subject"), subject},
                                         {QStringLiteral("version"), v}});
            });
    connect(view, &SchemaView::newVersionRequested, this,
            [this](const QString &connection, const QString &subject) { openRegister(connection, subject); });
    const auto *connection = m_workspace->connection(connectionId);
    const QString title =
        connection ? qualifiedSubject + QStringLiteral(" · ") + connection->profile.name : qualifiedSubject;
    openTab(key, view, title);
    return view;
}

void MainWindow::openTreeItem(const QModelIndex &index)
{
    using Kind = items::RegistryTreeModel::Kind;
    const auto kind = index.data(items::RegistryTreeModel::KindRole).value<Kind>();
    const QString connectionId = index.data(items::RegistryTreeModel::ConnectionIdRole).toString();
    if (kind == Kind::Context && !m_workspace->tree()->hasChildren(index) &&
        SubjectActions::canWrite(m_workspace, connectionId)) {
        // An empty context (a fresh registry's default one) opens on its first subject.
        const QString context = index.data(items::RegistryTreeModel::ContextRole).toString();
        openRegister(connectionId, context == u"." ? QString() : u':' + context + u':');
    } else if (kind == Kind::Subject)
        openSchema(connectionId, index.data(items::RegistryTreeModel::QualifiedSubjectRole).toString());
    else if (kind == Kind::Version)
        openSchema(connectionId, index.data(items::RegistryTreeModel::QualifiedSubjectRole).toString(),
                   index.data(items::RegistryTreeModel::VersionRole).toInt());
}

void MainWindow::showTreeContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_registryTree->indexAt(pos).siblingAtColumn(0);
    if (!index.isValid())
        return;
    QMenu menu(this);
    fillTreeMenu(menu, index);
    if (menu.isEmpty())
        return;
    menu.exec(m_registryTree->viewport()->mapToGlobal(pos));
}

void MainWindow::fillTreeMenu(QMenu &menu, const QModelIndex &treeIndex)
{
    using Kind = items::RegistryTreeModel::Kind;
    using Model = items::RegistryTreeModel;
    const QModelIndex index = treeIndex.siblingAtColumn(0);
    const auto kind = index.data(Model::KindRole).value<Kind>();
    const QString connectionId = index.data(Model::ConnectionIdRole).toString();
    if (kind == Kind::Subject || kind == Kind::Version) {
        menu.addAction(tr("Open"), this, [this, index] { openTreeItem(index); });
        const QString qualified = index.data(Model::QualifiedSubjectRole).toString();
        menu.addAction(tr("Copy qualified subject name"), this,
                       [qualified] { QGuiApplication::clipboard()->setText(qualified); });
        const int versionNumber = kind == Kind::Version ? index.data(Model::VersionRole).toInt() : 0;
        menu.addAction(tr("Copy schema"), this,
                       [this, connectionId, qualified, versionNumber] {
                           registry::RegistryClient *client = m_workspace->client(connectionId);
                           if (!client)
                               return;
                           // deleted=true: a soft-deleted version's text can be copied too.
                           client->getVersionSchema(
                               qualified,
                               versionNumber > 0 ? QString::number(versionNumber) : QStringLiteral("latest"),
                               true, this, [this](const registry::Result<QString> &r) {
                                   if (r) {
                                       QGuiApplication::clipboard()->setText(r.value);
                                       statusBar()->showMessage(tr("Schema copied to the clipboard"), 3000);
                                   } else {
                                       statusBar()->showMessage(r.error.summary(), 8000);
                                   }
                               });
                       })
            ->setObjectName(QStringLiteral("treeCopySchema"));
        if (kind == Kind::Version) {
            const int id = index.data(Model::SchemaIdRole).toInt();
            menu.addAction(tr("Copy schema id (%1)").arg(id), this,
                           [id] { QGuiApplication::clipboard()->setText(QString::number(id)); });
        }
    }
    const bool writable = SubjectActions::canWrite(m_workspace, connectionId);
    if (writable && kind == Kind::Subject) {
        const QString subject = index.data(Model::QualifiedSubjectRole).toString();
        menu.addSeparator();
        if (!index.data(Model::DeletedRole).toBool()) {
            menu.addAction(tr("New version…"), this,
                           [this, connectionId, subject] { openRegister(connectionId, subject); })
                ->setObjectName(QStringLiteral("treeNewVersion"));
            menu.addAction(tr("Soft-delete subject…"), this,
                           [this, connectionId, subject] {
                               SubjectActions::softDeleteSubject(this, m_workspace, connectionId, subject);
                           })
                ->setObjectName(QStringLiteral("treeSoftDeleteSubject"));
        } else {
            menu.addAction(tr("Delete subject permanently…"), this,
                           [this, connectionId, subject] {
                               SubjectActions::permanentlyDeleteSubject(this, m_workspace, connectionId,
                                                                        subject);
                           })
                ->setObjectName(QStringLiteral("treeHardDeleteSubject"));
        }
    }
    if (writable && kind == Kind::Version) {
        const QString subject = index.data(Model::QualifiedSubjectRole).toString();
        const int version = index.data(Model::VersionRole).toInt();
        menu.addSeparator();
        if (!index.data(Model::DeletedRole).toBool())
            menu.addAction(tr("Soft-delete version %1…").arg(version), this,
                           [this, connectionId, subject, version] {
                               SubjectActions::softDeleteVersion(this, m_workspace, connectionId, subject,
                                                                 version);
                           })
                ->setObjectName(QStringLiteral("treeSoftDeleteVersion"));
        else
            menu.addAction(tr("Delete version %1 permanently…").arg(version), this,
                           [this, connectionId, subject, version] {
                               SubjectActions::permanentlyDeleteVersion(this, m_workspace, connectionId,
                                                                        subject, version);
                           })
                ->setObjectName(QStringLiteral("treeHardDeleteVersion"));
    }
    if (kind == Kind::Context) {
        const QString context = index.data(Model::ContextRole).toString();
        menu.addAction(tr("Copy context name"), this,
                       [context] { QGuiApplication::clipboard()->setText(context); });
        if (writable)
            menu.addAction(tr("New subject in %1…").arg(context), this,
                           [this, connectionId, context] {
                               openRegister(connectionId,
                                            context == u"." ? QString() : u':' + context + u':');
                           })
                ->setObjectName(QStringLiteral("treeNewSubject"));
    }
    if (kind == Kind::Connection) {
        if (writable)
            menu.addAction(tr("New subject…"), this,
                           [this, connectionId] { openRegister(connectionId, QString()); })
                ->setObjectName(QStringLiteral("treeNewSubjectInRegistry"));
        const bool failed = index.data(Model::ErrorRole).isValid();
        menu.addAction(failed ? tr("Retry") : tr("Refresh"), this,
                       [this, connectionId] { m_workspace->load(connectionId); });
    }
    for (const TreeMenuContributor &contribute : std::as_const(m_treeMenuContributors))
        contribute(menu, index);
}

void MainWindow::openSavedConnections()
{
    QString error;
    if (!m_context.connectionStore()->load(&error)) {
        Dialogs::warning(
            this, tr("Saved connections not loaded"),
            tr("%1\n\nThe file is left as it is; connections you add now are not saved over it.").arg(error));
        return;
    }
    for (const registry::ConnectionProfile &profile : m_context.connectionStore()->profiles()) {
        m_context.secretStore()->readSecrets(
            profile, this,
            [this, profile](const registry::ConnectionSecrets &secrets, const QStringList &,
                            const QString &) { m_workspace->openConnection(profile, secrets); });
    }
}

void MainWindow::addConnection()
{
    const QUuid id = ConnectionManager::addConnection(this, m_context.connectionStore(),
                                                      m_context.secretStore(), m_workspace);
    if (!id.isNull())
        m_workspace->load(id.toString(QUuid::WithoutBraces));
}

void MainWindow::manageConnections()
{
    ConnectionManager manager(m_context.connectionStore(), m_context.secretStore(), m_workspace, this);
    manager.exec();
}

RegisterView *MainWindow::openRegister(const QString &connectionId, const QString &qualifiedSubject)
{
    auto *view = new RegisterView(m_workspace, connectionId, qualifiedSubject);
    const QString key = RegisterView::tabKey(connectionId, qualifiedSubject);
    const auto *connection = m_workspace->connection(connectionId);
    const QString registry = connection ? connection->profile.name : connectionId;
    const bool isNew = qualifiedSubject.isEmpty() || qualifiedSubject.endsWith(u':');
    const int index = openTab(key, view,
                              isNew ? tr("New subject · %1").arg(registry)
                                    : tr("New version: %1 · %2").arg(qualifiedSubject, registry));
    auto *shown = qobject_cast<RegisterView *>(m_tabs->widget(index));
    if (shown != view)
        return shown; // that tab was open already
    connect(view, &RegisterView::compareWithLatestRequested, this, [this, view] {
        m_shell->commands().run(commands::openDiff,
                                {{QStringLiteral("left.connectionId"), view->connectionId()},
                                 {QStringLiteral("left.subject"), view->subject()},
                                 {QStringLiteral("right.text"), view->schemaText()},
                                 {QStringLiteral("right.schemaType"), view->schemaType()},
                                 {QStringLiteral("right.label"), tr("draft")}});
    });
    // Start from the latest version, the usual first step of an evolution.
    registry::RegistryClient *client = m_workspace->client(connectionId);
    if (client && !qualifiedSubject.isEmpty() && !qualifiedSubject.endsWith(u':')) {
        QPointer<RegisterView> guard(view);
        client->getVersion(qualifiedSubject, QStringLiteral("latest"), false, view,
                           [guard](const registry::Result<registry::SchemaVersion> &r) {
                               if (guard && r && guard->schemaText().isEmpty())
                                   guard->setDraft(r.value.schemaType, r.value.schema, r.value.references);
                           });
    }
    return view;
}

QMenu *MainWindow::menuNamed(const QString &objectName) const
{
    return menuBar()->findChild<QMenu *>(objectName);
}

void MainWindow::addTreeMenuContributor(TreeMenuContributor contributor)
{
    m_treeMenuContributors.append(std::move(contributor));
}

void MainWindow::setProblem(const QString &key, const QString &text)
{
    for (int row = 0; row < m_problemsView->count(); ++row) {
        QListWidgetItem *item = m_problemsView->item(row);
        if (item->data(Qt::UserRole).toString() != key)
            continue;
        if (text.isEmpty())
            delete m_problemsView->takeItem(row);
        else
            item->setText(text);
        updateProblemsTitle();
        return;
    }
    if (text.isEmpty())
        return;
    auto *item = new QListWidgetItem(text, m_problemsView);
    item->setData(Qt::UserRole, key);
    item->setToolTip(tr("Enter or double-click: open it"));
    // A new problem (e.g. an exporter turned PAUSED) also reaches the user outside the window.
    notifyDesktop(tr("SchemaDesk: a problem needs attention"), text);
    QApplication::alert(this);
    updateProblemsTitle();
}

void MainWindow::updateProblemsTitle()
{
    // The count is always the list's: solved problems leave it at once.
    const int count = m_problemsView->count();
    m_problemsDock->setWindowTitle(count > 0 ? tr("Problems (%1)").arg(count) : tr("Problems"));
}

} // namespace sd::ui
