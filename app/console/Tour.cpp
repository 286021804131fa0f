#include "Tour.h"

#include "demo/DemoSchemas.h"
#include "diff/SubjectMapping.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "plan/PlanModel.h"
#include "ui/AboutDialog.h"
#include "ui/Demo.h"
#include "ui/diff/DiffFeature.h"
#include "ui/diff/MirrorView.h"
#include "ui/exporters/ExporterDetailView.h"
#include "ui/exporters/Exporters.h"
#include "ui/exporters/ExporterWizard.h"
#include "ui/Logging.h"
#include "ui/MainWindow.h"
#include "ui/modes/ModesFeature.h"
#include "ui/modes/OverviewView.h"
#include "ui/plan/PlanFeature.h"
#include "ui/plan/PlanView.h"
#include "ui/RegisterView.h"
#include "ui/SchemaView.h"
#include "ui/search/SchemaSearchView.h"
#include "ui/Shell.h"
#include "ui/transfer/CopyDialog.h"
#include "ui/transfer/TransferFeature.h"

#include <QDir>
#include <QDockWidget>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QTreeView>

namespace sd::ui {

Tour::Tour(MainWindow &window, const QString &directory, QTextStream &out, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_directory(QDir(directory).absolutePath())
    , m_out(out)
{}

void Tour::addStep(Step step)
{
    m_steps.append(std::move(step));
}

void Tour::start()
{
    if (!QDir().mkpath(m_directory)) {
        m_out << "error: cannot create the screenshot folder " << m_directory << Qt::endl;
        Q_EMIT finished(1);
        return;
    }
    m_out << "Touring the console; screenshots go to " << m_directory << Qt::endl;
    // A common laptop screen: what the README shows is what fits there.
    m_window.resize(1366, 768);
    QTimer::singleShot(0, this, [this] { runStep(0); });
}

void Tour::runStep(int index)
{
    if (index >= m_steps.size()) {
        m_out << "Tour finished: " << m_saved.size() << " screenshot(s) in " << m_directory;
        if (!m_failures.isEmpty())
            m_out << ", " << m_failures.size()
                  << " step(s) failed: " << m_failures.join(QStringLiteral(", "));
        m_out << Qt::endl;
        Q_EMIT finished(m_failures.isEmpty() ? 0 : 1);
        return;
    }
    const Step &step = m_steps.at(index);
    QWidget *target = step.prepare ? step.prepare() : nullptr;
    m_target = target ? target : &m_window;
    m_deadline = QDeadlineTimer(step.timeoutMs);
    // Palette and layout changes arrive as posted events: let them land before the first look.
    QTimer::singleShot(200, this, [this, index] { capture(index); });
}

void Tour::capture(int index)
{
    const Step &step = m_steps.at(index);
    const bool ready = !step.ready || step.ready();
    if (!ready && !m_deadline.hasExpired()) {
        QTimer::singleShot(50, this, [this, index] { capture(index); });
        return;
    }
    if (!ready) {
        m_failures.append(step.fileName);
        m_out << "  " << step.fileName << ": the console did not reach this state in time" << Qt::endl;
    } else if (!m_target) {
        m_failures.append(step.fileName);
        m_out << "  " << step.fileName << ": the widget to capture was closed" << Qt::endl;
    } else {
        const QString path = QDir(m_directory).filePath(step.fileName);
        QPixmap shot = m_target->grab();
        if (m_target != &m_window && m_target->isWindow() && m_target->parentWidget() == &m_window) {
            // A dialog of the window as a desktop shows it: centred over the window (the offscreen
            // platform has no window manager to place it).
            QPixmap screen = m_window.grab();
            QPainter painter(&screen);
            QRect frame(QPoint(), shot.size());
            frame.moveCenter(screen.rect().center());
            painter.drawPixmap(frame.topLeft(), shot);
            painter.setPen(m_window.palette().color(QPalette::Shadow));
            painter.drawRect(frame.adjusted(-1, -1, 0, 0));
            painter.end();
            shot = screen;
        }
        if (shot.save(path)) {
            m_saved.append(path);
            m_out << "  " << path << "\n      " << step.description << Qt::endl;
        } else {
            m_failures.append(step.fileName);
            m_out << "  " << step.fileName << ": could not write " << path << Qt::endl;
        }
    }
    if (step.cleanup)
        step.cleanup();
    // Let the event loop settle (closed dialogs, repaints) before the next step.
    QTimer::singleShot(100, this, [this, index] { runStep(index + 1); });
}

namespace {

QString stepName(int &counter, const QString &name)
{
    return QStringLiteral("%1-%2.png").arg(++counter, 2, 10, QLatin1Char('0')).arg(name);
}

// The demo's registries, a schema, a new subject and a compatibility failure.
void addBrowsingSteps(Tour &tour, MainWindow &window, DemoSession *demo, int &n)
{
    tour.addStep({stepName(n, QStringLiteral("demo-registries")),
                  QStringLiteral("The demo's four registries (source, target, platform, cloud) in the tree: "
                                 "contexts with their compatibility · mode badges, subjects with type and "
                                 "version count, and each registry's Exporters node."),
                  [&window]() -> QWidget * {
                      window.setThemeChoice(ThemeChoice::Light);
                      return nullptr;
                  },
                  [demo] { return demo->allLoaded(); },
                  60000,
                  {}});
    tour.addStep(
        {stepName(n, QStringLiteral("schema-pageviews")),
         QStringLiteral("source's pageviews-value opened from the tree: highlighted Avro, version, id, "
                        "type and fingerprint in the header, references and referrers beside it."),
         [&window, demo]() -> QWidget * {
             window.openSchema(demo->connectionId(QStringLiteral("source")),
                               QStringLiteral("pageviews-value"));
             return nullptr;
         },
         [&window] {
             auto *view = qobject_cast<SchemaView *>(window.tabs()->currentWidget());
             return view && view->isLoaded();
         },
         20000,
         {}});
    tour.addStep(
        {stepName(n, QStringLiteral("new-subject")),
         QStringLiteral("Registry → New subject… (Ctrl+N) with source selected in the tree: a tab for the "
                        "first version of a subject still to be named, saying which registry it "
                        "registers into."),
         [&window, demo]() -> QWidget * {
             const QString source = demo->connectionId(QStringLiteral("source"));
             window.registryTree()->setCurrentIndex(window.workspace()->tree()->connectionIndex(source));
             window.newSubject();
             return nullptr;
         },
         [&window] { return qobject_cast<RegisterView *>(window.tabs()->currentWidget()) != nullptr; },
         20000,
         {}});
    tour.addStep(
        {stepName(n, QStringLiteral("register-incompatible")),
         QStringLiteral(
             "A new version of pageviews-value that adds a field without a default: \"Check "
             "compatibility\" names the field, the version and level it was judged by, links to the "
             "line and suggests the fix (a default); the server's own words follow."),
         [&window, demo]() -> QWidget * {
             RegisterView *view = window.openRegister(demo->connectionId(QStringLiteral("source")),
                                                      QStringLiteral("pageviews-value"));
             view->setDraft(
                 QStringLiteral("AVRO"),
                 QStringLiteral(R"({"type":"record","name":"pageviews","namespace":"ksql","fields":[)"
                                R"({"name":"viewtime","type":"long"},{"name":"userid","type":"string"},)"
                                R"({"name":"pageid","type":"string"},{"name":"region","type":"string"}],)"
                                R"("connect.name":"ksql.pageviews"})"));
             view->checkCompatibility();
             return nullptr;
         },
         [&window] {
             auto *view = qobject_cast<RegisterView *>(window.tabs()->currentWidget());
             return view && view->resultText().contains(QStringLiteral("Fix:"));
         },
         20000,
         {}});
}

// Two versions, a subject and its mirrored copy, and a whole mirror.
void addDiffSteps(Tour &tour, MainWindow &window, DemoSession *demo, int &n)
{
    const auto diffShown = [&window] {
        auto *view = qobject_cast<DiffView *>(window.tabs()->currentWidget());
        return view && view->isReady();
    };
    tour.addStep(
        {stepName(n, QStringLiteral("diff-versions")),
         QStringLiteral("Compare with previous version on source's users-value: the latest live version (v2; "
                        "v3 was rolled back) against v1, the added field marked, the overview strip, and "
                        "what changed for readers judged under the subject's compatibility level."),
         [&window, demo]() -> QWidget * {
             openPreviousVersionDiff(window.shell(), demo->connectionId(QStringLiteral("source")),
                                     QStringLiteral("users-value"), 0);
             return nullptr;
         },
         diffShown,
         20000,
         {}});
    tour.addStep(
        {stepName(n, QStringLiteral("diff-mirrored-copy")),
         QStringLiteral("Is the mirrored copy the same schema? source's pageviews-value against its copy "
                        ":.source:pageviews-value on target. The schemas are identical; only the "
                        "qualified name differs (md5 of the two responses would say otherwise)."),
         [&window, demo]() -> QWidget * {
             DiffSide left;
             left.connectionId = demo->connectionId(QStringLiteral("source"));
             left.subject = QStringLiteral("pageviews-value");
             DiffSide right;
             right.connectionId = demo->connectionId(QStringLiteral("target"));
             right.subject = QStringLiteral(":.source:pageviews-value");
             openDiff(window.shell(), left, right);
             return nullptr;
         },
         diffShown,
         20000,
         {}});
    tour.addStep({stepName(n, QStringLiteral("mirror-verification")),
                  QStringLiteral("Is target a mirror of source? Verify mirror with src-to-tgt-link's mapping "
                                 "(CUSTOM context source): both registries bulk-loaded in a handful of "
                                 "requests, every subject classified, differences first."),
                  [&window, demo]() -> QWidget * {
                      diff::SubjectMapping mapping;
                      mapping.contextType = diff::ContextType::Custom;
                      mapping.context = QStringLiteral("source");
                      openMirrorVerification(window.shell(), demo->connectionId(QStringLiteral("source")),
                                             demo->connectionId(QStringLiteral("target")), mapping, true);
                      return nullptr;
                  },
                  [&window] {
                      auto *view = qobject_cast<MirrorView *>(window.tabs()->currentWidget());
                      return view && !view->isRunning() &&
                             (view->hasReport() || !view->errorText().isEmpty());
                  },
                  30000,
                  {}});
}

// Search, the PAUSED exporter, the exporter wizard and the registry overview.
void addFeatureSteps(Tour &tour, MainWindow &window, DemoSession *demo, int &n)
{
    tour.addStep(
        {stepName(n, QStringLiteral("search-schemas")),
         QStringLiteral("Tools → Search schema texts: every schema that mentions \"customer\", across the "
                        "four registries, each loaded in a few bulk requests; a row opens the schema at "
                        "that line."),
         [&window]() -> QWidget * {
             SchemaSearchView *view = openSchemaSearch(window.shell());
             view->setQuery(search::SearchQuery{QStringLiteral("customer")});
             view->search();
             return nullptr;
         },
         [&window] {
             auto *view = qobject_cast<SchemaSearchView *>(window.tabs()->currentWidget());
             return view && !view->isRunning() && view->result().versionsSearched > 0;
         },
         30000,
         {}});
    tour.addStep(
        {stepName(n, QStringLiteral("exporter-paused")),
         QStringLiteral("source's exporter src-to-tgt-link, PAUSED: the diagnosis "
                        "(:.source.target:stock_trades-value on target is not in IMPORT mode, 42205), "
                        "the one-step fix, the export loop behind it and the lasting fix."),
         [&window, demo]() -> QWidget * {
             openExporterDetail(window.shell(), demo->connectionId(QStringLiteral("source")),
                                QStringLiteral("src-to-tgt-link"));
             return nullptr;
         },
         [&window] {
             auto *view = qobject_cast<ExporterDetailView *>(window.tabs()->currentWidget());
             return view && view->isLoaded() && view->diagnosis().loop;
         },
         30000,
         {}});
    auto wizard = std::make_shared<QPointer<ExporterWizard>>();
    tour.addStep(
        {stepName(n, QStringLiteral("exporter-wizard")),
         QStringLiteral("Exporters → New exporter… with source selected in the tree, walked to its last "
                        "page: the summary of what Finish creates — the name offered (none of source's "
                        "exporters), the subjects, the CUSTOM context named after source, the "
                        "destination and its authentication with the secret masked."),
         [&window, demo, wizard]() -> QWidget * {
             const QString source = demo->connectionId(QStringLiteral("source"));
             window.registryTree()->setCurrentIndex(window.workspace()->tree()->connectionIndex(source));
             *wizard = openExporterWizard(window.shell(), QString());
             for (int page = 0; page < 4 && *wizard; ++page)
                 (*wizard)->next();
             return *wizard;
         },
         [wizard] {
             return *wizard && (*wizard)->currentId() == ExporterWizard::SummaryPage &&
                    !(*wizard)->preflightRunning();
         },
         20000,
         [wizard] {
             if (*wizard)
                 (*wizard)->reject();
         }});
    tour.addStep(
        {stepName(n, QStringLiteral("registry-overview")),
         QStringLiteral("Tools → Registry overview: every registry with its health, version, global and "
                        "default-context mode and compatibility (platform in FORWARD), and the contexts "
                        "with settings of their own."),
         [&window]() -> QWidget * {
             openOverview(window.shell());
             return nullptr;
         },
         [&window] {
             auto *view = qobject_cast<OverviewView *>(window.tabs()->currentWidget());
             return view && view->pending() == 0;
         },
         30000,
         {}});
}

// A schema repository as a team keeps it, against source: users-value evolves (compatible), pageviews-value
// gains a required field (the pre-check refuses it), returns-value is new, the manifest asks users-value
// for FULL, and source's subjects without a file are listed for deletion.
void writePlanFolder(const QString &folder)
{
    const QString returns = QStringLiteral(
        "{\"type\":\"record\",\"name\":\"Return\",\"namespace\":\"com.acme\",\"fields\":[{\"name\":"
        "\"order_id\",\"type\":\"string\"},{\"name\":\"reason\",\"type\":\"string\"}]}");
    const QString pageviews = QStringLiteral(
        "{\"type\":\"record\",\"name\":\"pageviews\",\"namespace\":\"ksql\",\"fields\":[{\"name\":"
        "\"viewtime\",\"type\":\"long\"},{\"name\":\"session_id\",\"type\":\"string\"}]}");
    const QString manifest = QStringLiteral(
        "{\"format\":\"schemadesk-schemas\",\"formatVersion\":1,\"subjects\":[{\"file\":\"users-value.avsc\","
        "\"compatibility\":\"FULL\"}]}");
    const QList<std::pair<QString, QString>> files{
        {QStringLiteral("users-value.avsc"), demo::schemas::usersV3()},
        {QStringLiteral("pageviews-value.avsc"), pageviews},
        {QStringLiteral("returns-value.avsc"), returns},
        {QStringLiteral("orders-value.json"), demo::schemas::ordersJsonV2()},
        {QStringLiteral("schemadesk-schemas.json"), manifest}};
    for (const auto &[name, text] : files) {
        QSaveFile file(QDir(folder).filePath(name));
        if (file.open(QIODevice::WriteOnly)) {
            file.write(text.toUtf8());
            file.commit();
        }
    }
}

void addPlanStep(Tour &tour, MainWindow &window, DemoSession *demo, int &n)
{
    auto folder =
        std::make_shared<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("orders-schemas-XXXXXX")));
    tour.addStep(
        {stepName(n, QStringLiteral("plan-from-folder")),
         QStringLiteral("Plan from folder on source: a schema repository turned into actions — FULL "
                        "for users-value from the manifest, its new version pre-checked compatible, "
                        "pageviews-value refused by the pre-check (unticked, with the registry's "
                        "reason), returns-value new, and the subjects the folder lacks soft-deleted, "
                        "referrers before what they refer to. Nothing is written until Apply."),
         [&window, demo, folder]() -> QWidget * {
             writePlanFolder(folder->path());
             PlanView *view = openPlanView(window.shell(), demo->connectionId(QStringLiteral("source")));
             view->setDeleteMissing(true);
             view->setFolder(folder->path());
             view->runPlan();
             return nullptr;
         },
         [&window] {
             auto *view = qobject_cast<PlanView *>(window.tabs()->currentWidget());
             return view && !view->isBusy() && view->model()->rowCount() > 0;
         },
         30000,
         {}});
}

// Tools → Copy subjects: the dry run of source into a new context on target.
void addCopyStep(Tour &tour, MainWindow &window, DemoSession *demo, int &n)
{
    auto dialog = std::make_shared<QPointer<CopyDialog>>();
    tour.addStep(
        {stepName(n, QStringLiteral("copy-dry-run")),
         QStringLiteral("Tools → Copy subjects…: a dry run of every subject of source into the context "
                        ".backup on target, ids kept: IMPORT mode on :.backup: (put back afterwards), each "
                        "version registered with its id, references first; nothing is written yet."),
         [&window, demo, dialog]() -> QWidget * {
             *dialog = openCopyDialog(window.shell(), demo->connectionId(QStringLiteral("source")),
                                      QStringLiteral("*"));
             if (!*dialog)
                 return nullptr;
             (*dialog)->setDestination(demo->connectionId(QStringLiteral("target")),
                                       QStringLiteral("backup"));
             (*dialog)->dryRun();
             return *dialog;
         },
         [dialog] { return *dialog && !(*dialog)->engine()->isRunning() && (*dialog)->engine()->hasPlan(); },
         30000,
         [dialog] {
             if (*dialog)
                 (*dialog)->reject();
         }});
}

void addDarkLogStep(Tour &tour, MainWindow &window, int &n)
{
    tour.addStep(
        {stepName(n, QStringLiteral("dark-http-log")),
         QStringLiteral("The same window in the dark palette, with the HTTP log of every request the "
                        "console made (right-click → Copy as curl; secrets redacted)."),
         [&window]() -> QWidget * {
             window.setThemeChoice(ThemeChoice::Dark);
             window.httpLogDock()->show();
             return nullptr;
         },
         {},
         20000,
         [&window] {
             window.httpLogDock()->hide();
             window.setThemeChoice(ThemeChoice::Light);
         }});
}

// Without a demo: the empty window in both palettes.
void addEmptyWindowSteps(Tour &tour, MainWindow &window, int &n)
{
    tour.addStep({stepName(n, QStringLiteral("main-window-light")),
                  QStringLiteral("The main window in the light palette: registry tree (left), tabs (centre), "
                                 "status bar with network activity."),
                  [&window]() -> QWidget * {
                      window.setThemeChoice(ThemeChoice::Light);
                      return nullptr;
                  },
                  {},
                  20000,
                  {}});
    tour.addStep({stepName(n, QStringLiteral("main-window-dark")),
                  QStringLiteral("The same window in the dark palette, with the HTTP log dock open."),
                  [&window]() -> QWidget * {
                      window.setThemeChoice(ThemeChoice::Dark);
                      window.httpLogDock()->show();
                      return nullptr;
                  },
                  {},
                  20000,
                  [&window] {
                      window.httpLogDock()->hide();
                      window.setThemeChoice(ThemeChoice::Light);
                  }});
}

void addAboutStep(Tour &tour, MainWindow &window, int &n)
{
    auto about = std::make_shared<QPointer<AboutDialog>>();
    tour.addStep({stepName(n, QStringLiteral("about")),
                  QStringLiteral("Help → About: the Qt, KSyntaxHighlighting and QtKeychain versions in use."),
                  [&window, about]() -> QWidget * {
                      *about = new AboutDialog(&window);
                      (*about)->setAttribute(Qt::WA_DeleteOnClose);
                      (*about)->show();
                      return *about;
                  },
                  {},
                  20000,
                  [about] {
                      if (*about)
                          (*about)->close();
                  }});
}

} // namespace

void addStandardTourSteps(Tour &tour, MainWindow &window, DemoSession *demo)
{
    int n = 0;
    if (demo) {
        addBrowsingSteps(tour, window, demo, n);
        addDiffSteps(tour, window, demo, n);
        addFeatureSteps(tour, window, demo, n);
        addPlanStep(tour, window, demo, n);
        addCopyStep(tour, window, demo, n);
        addDarkLogStep(tour, window, n);
    } else {
        addEmptyWindowSteps(tour, window, n);
    }
    addAboutStep(tour, window, n);
}

} // namespace sd::ui
