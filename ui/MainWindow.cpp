#include "MainWindow.h"

#include "AboutDialog.h"
#include "AppSettings.h"
#include "NetworkActivityIndicator.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace sd::ui {

static constexpr auto tabKeyProperty = "sdTabKey";

MainWindow::MainWindow(AppSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("SchemaDesk"));
    resize(1280, 800);
    createCentralArea();
    createDocks();
    createMenusAndToolBar();
    createStatusBar();
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createCentralArea()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("centralTabs"));
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
    const int index = m_tabs->addTab(page, title);
    m_tabs->setCurrentIndex(index);
    return index;
}

void MainWindow::createDocks()
{
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);

    m_registryDock = new QDockWidget(tr("Registries"), this);
    m_registryDock->setObjectName(QStringLiteral("registryDock"));
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
    m_registryDock->setWidget(registryPane);
    addDockWidget(Qt::LeftDockWidgetArea, m_registryDock);

    m_httpLogDock = new QDockWidget(tr("HTTP log"), this);
    m_httpLogDock->setObjectName(QStringLiteral("httpLogDock"));
    m_httpLogView = new QTableView;
    m_httpLogView->setObjectName(QStringLiteral("httpLogView"));
    m_httpLogView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_httpLogView->horizontalHeader()->setStretchLastSection(true);
    m_httpLogView->verticalHeader()->hide();
    m_httpLogDock->setWidget(m_httpLogView);
    addDockWidget(Qt::BottomDockWidgetArea, m_httpLogDock);

    m_problemsDock = new QDockWidget(tr("Problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problemsView = new QListWidget;
    m_problemsView->setObjectName(QStringLiteral("problemsView"));
    m_problemsDock->setWidget(m_problemsView);
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
            m_settings.setValue(settings::theme, themeChoiceName(choice));
        });
    }

    // Registry, Exporters and Tools fill up as their features are added.
    menuBar()->addMenu(tr("&Registry"))->setObjectName(QStringLiteral("menuRegistry"));
    menuBar()->addMenu(tr("E&xporters"))->setObjectName(QStringLiteral("menuExporters"));
    menuBar()->addMenu(tr("&Tools"))->setObjectName(QStringLiteral("menuTools"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("menuHelp"));
    QAction *about = helpMenu->addAction(tr("&About SchemaDesk"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->addAction(m_httpLogDock->toggleViewAction());
    toolBar->addAction(m_problemsDock->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    auto *connectionState = new QLabel(tr("No registry connected"));
    connectionState->setObjectName(QStringLiteral("connectionState"));
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
    const QByteArray geometry = m_settings.value(settings::windowGeometry);
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = m_settings.value(settings::windowState);
    if (!state.isEmpty())
        restoreState(state);
}

void MainWindow::saveWindowState()
{
    m_settings.setValue(settings::windowGeometry, saveGeometry());
    m_settings.setValue(settings::windowState, saveState());
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}

} // namespace sd::ui
