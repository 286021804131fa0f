// The paused exporter through the console only: two sandbox registries in this process, both exporters
// created with the wizard, src-to-tgt-link goes PAUSED with the 42205 trace, the troubleshooting
// page's one-step fix is applied and the exporter is watched until RUNNING. What the screens load and
// decide (status, diagnosis, loops, pre-flight checks, the watch, the summary's words) is asserted
// without widgets in tst_exporterstatusloader, tst_exporterslistloader, tst_exporterpreflight,
// tst_exporterwatch, tst_exporter_diagnosis and tst_exportersummary; here what the screens add.
#include "../common/ConsoleTestSupport.h"
#include "common/RestClient.h"
#include "items/RegistryTreeModel.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/Dialogs.h"
#include "ui/diff/MirrorView.h"
#include "ui/exporters/ExporterDetailView.h"
#include "ui/exporters/Exporters.h"
#include "ui/exporters/ExportersView.h"
#include "ui/exporters/ExporterWizard.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;
using sd::testing::RestClient;

namespace {

const QString kPageviews =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s;
const QString kStockTrades =
    uR"({"type":"record","name":"StockTrade","namespace":"ksql","fields":[{"name":"side","type":"string"},{"name":"quantity","type":"int"},{"name":"symbol","type":"string"},{"name":"price","type":"int"},{"name":"account","type":"string"},{"name":"userid","type":"string"}],"connect.name":"ksql.StockTrade"})"_s;

} // namespace

class TestExportersUi : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_source;
    sandbox::SandboxServer m_target;
    RestClient m_rest;
    std::unique_ptr<testing::ConsoleWindow> m_console;
    QString m_sourceId;
    QString m_targetId;
    QList<ui::Dialogs::Question> m_asked;

    // Selects the connection's row in the registry tree, where the commands take their registry from.
    void selectConnection(const QString &id)
    {
        m_console->shell.registryTree()->setCurrentIndex(m_console->workspace.tree()->connectionIndex(id));
    }

    int pausedBadge(const QString &id)
    {
        return m_console->workspace.tree()->connectionIndex(id).data(Model::PausedExportersRole).toInt();
    }

    // The exporter's state as the table holds it (its raw value); empty while the table has no such row.
    static QString stateOf(ui::ExportersView *view, const QString &id, const QString &name)
    {
        const int row = view->rowOf(id, name); // -1: no such row, an invalid index, no state
        return view->table()
            ->model()
            ->index(row, ui::ExportersView::StateColumn)
            .data(Qt::UserRole)
            .toString();
    }

    ui::ExporterWizard *visibleWizard()
    {
        for (auto *w : m_console->window.findChildren<ui::ExporterWizard *>()) {
            if (w->isVisible())
                return w;
        }
        return nullptr;
    }

    bool hasCheck(ui::ExporterWizard *wizard, const QString &text)
    {
        for (const QString &line : wizard->preflightResults()) {
            if (line.contains(text))
                return true;
        }
        return false;
    }

    // The whole wizard as a user goes through it; returns after the exporter was created.
    void createWithWizard(const QString &sourceId, const QString &name, const QString &context,
                          const QString &destinationId, const QStringList &destinationContextScopes,
                          bool defaultContextOnly = false)
    {
        // Exporters menu → New Exporter… with the source selected in the tree (where the wizard starts
        // and what it offers: wizardDefaultsFollowTheUser).
        selectConnection(sourceId);
        QAction *create =
            m_console->shell.menu(u"menuExporters"_s)->findChild<QAction *>(u"actionNewExporter"_s);
        QVERIFY(create);
        create->trigger();
        ui::ExporterWizard *wizard = nullptr;
        QTRY_VERIFY((wizard = visibleWizard()) != nullptr);
        QCOMPARE(wizard->sourceConnectionId(), sourceId);
        wizard->findChild<QLineEdit *>(u"nameEdit"_s)->setText(name);
        QCOMPARE(wizard->findChild<QLineEdit *>(u"subjectsEdit"_s)->text(), u"*"_s);
        QTRY_VERIFY(wizard->findChild<QListWidget *>(u"subjectPicker"_s)->count() > 0);
        if (defaultContextOnly) {
            wizard->findChild<QPushButton *>(u"subjectsDefaultContext"_s)->click();
            QCOMPARE(wizard->exporterInfo().subjects, QStringList{u":.:*"_s});
        }
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::MappingPage));
        wizard->findChild<QAbstractButton *>(u"contextTypeCUSTOM"_s)->click();
        wizard->findChild<QLineEdit *>(u"contextEdit"_s)->setText(context);
        auto *preview = wizard->findChild<QTableWidget *>(u"mappingPreview"_s);
        QTRY_VERIFY(preview->rowCount() > 0);
        if (name == u"src-to-tgt-link") {
            QCOMPARE(preview->item(0, 0)->text(), u"pageviews-value"_s);
            QCOMPARE(preview->item(0, 1)->text(), u":.source:pageviews-value"_s);
            // NONE keeps the name: the preview follows.
            wizard->findChild<QAbstractButton *>(u"contextTypeNONE"_s)->click();
            QCOMPARE(preview->item(0, 1)->text(), u"pageviews-value"_s);
            wizard->findChild<QAbstractButton *>(u"contextTypeCUSTOM"_s)->click();
            QCOMPARE(preview->item(0, 1)->text(), u":.source:pageviews-value"_s);
        }
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::DestinationPage));
        auto *destination = wizard->findChild<QComboBox *>(u"destinationCombo"_s);
        destination->setCurrentIndex(destination->findData(destinationId));
        const QString destUrl =
            m_console->workspace.connection(destinationId)->profile.urls.first().toString();
        QCOMPARE(wizard->findChild<QLineEdit *>(u"destinationUrlEdit"_s)->text(), destUrl);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::PreflightPage));
        QTRY_VERIFY_WITH_TIMEOUT(!wizard->preflightRunning() && !wizard->preflightResults().isEmpty(), 10000);
        // The receiving context is not in IMPORT mode yet (the checks, and setting IMPORT, are
        // tst_exporterpreflight's): the wizard offers to set it, and checks again.
        QStringList needed = wizard->contextsNeedingImport();
        needed.sort();
        QVERIFY2(needed == destinationContextScopes, qPrintable(wizard->preflightResults().join(u'\n')));
        wizard->findChild<QPushButton *>(u"setImportButton"_s)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!wizard->preflightRunning() && wizard->contextsNeedingImport().isEmpty() &&
                                     hasCheck(wizard, u"is in IMPORT mode"_s),
                                 10000);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::SummaryPage));
        QPointer<ui::ExporterWizard> guard(wizard);
        wizard->button(QWizard::FinishButton)->click();
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 10000);
        const QUrl sourceUrl = m_console->workspace.connection(sourceId)->profile.urls.first();
        QCOMPARE(m_rest.call(sourceUrl, "GET", u"/exporters/"_s + name).status, 200);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        sandbox::SandboxOptions source;
        source.clusterId = u"source"_s;
        sandbox::SandboxOptions target;
        target.clusterId = u"target"_s;
        QString error;
        QVERIFY2(m_source.start(source, &error), qPrintable(error));
        QVERIFY2(m_target.start(target, &error), qPrintable(error));
        // The producers: pageviews on source, stock_trades on target.
        const auto produce = [this](const QUrl &url, const QString &subject, const QString &schema) {
            return m_rest.call(url, "POST", u"/subjects/"_s + subject + u"/versions"_s,
                               {{u"schema"_s, schema}});
        };
        QCOMPARE(produce(m_source.url(), u"pageviews-value"_s, kPageviews).status, 200);
        QCOMPARE(produce(m_target.url(), u"stock_trades-value"_s, kStockTrades).status, 200);

        m_console =
            std::make_unique<testing::ConsoleWindow>(m_dir.filePath(u"exporters.ini"_s), QSize(1400, 900));
        m_sourceId = m_console->openLoaded(u"source"_s, m_source.url());
        m_targetId = m_console->openLoaded(u"target"_s, m_target.url());
        QVERIFY(!m_sourceId.isEmpty() && !m_targetId.isEmpty());
        ui::Dialogs::setAnswerer([this](const ui::Dialogs::Question &q, QString *) {
            m_asked.append(q);
            return true;
        });
    }

    void cleanupTestCase()
    {
        ui::Dialogs::clearAnswerer();
        m_console.reset();
    }

    void scenarioCThroughTheUi()
    {
        createWithWizard(m_sourceId, u"src-to-tgt-link"_s, u"source"_s, m_targetId,
                         QStringList{u":.source:"_s});

        // Target already holds source's copies: with "*" the wizard's preview and checks show them coming
        // back nested (.target.source), so the user keeps target's exporter to its default context. The other
        // direction is not foreseen: source's "*" re-exports .target into target's .source.target, which is
        // not in IMPORT mode, so src-to-tgt-link pauses.
        createWithWizard(m_targetId, u"tgt-to-src-link"_s, u"target"_s, m_sourceId,
                         QStringList{u":.target:"_s}, true);

        // The exporters tab of source sees src-to-tgt-link turn PAUSED.
        ui::ExportersView *view = ui::openExportersTab(m_console->shell, m_sourceId);
        view->setRefreshInterval(2);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(view, m_sourceId, u"src-to-tgt-link"_s), u"PAUSED"_s, 15000);
        const int row = view->rowOf(m_sourceId, u"src-to-tgt-link"_s); // its cells: tst_exporterslistloader
        // Problems dock and the tree's badge.
        QTRY_VERIFY_WITH_TIMEOUT(pausedBadge(m_sourceId) == 1, 10000);
        QListWidget *problems = m_console->window.findChild<QListWidget *>(u"problemsView"_s);
        QTRY_VERIFY(!problems->findItems(u"src-to-tgt-link"_s, Qt::MatchContains).isEmpty());
        QVERIFY(view->importersTable()->rowCount() >= 1); // a line per registry

        // Open the exporter from the table: the troubleshooting page.
        view->table()->selectRow(row);
        view->findChild<QPushButton *>(u"openExporter"_s)->click();
        auto *detail = qobject_cast<ui::ExporterDetailView *>(m_console->shell.currentTab());
        QVERIFY(detail);
        QTRY_VERIFY_WITH_TIMEOUT(
            detail->isLoaded() && detail->diagnosis().cause == sd::exporters::Cause::NotImportMode, 10000);
        QTRY_VERIFY(detail->diagnosis().loop); // needs target's exporters
        auto *headline = detail->findChild<QLabel *>(u"traceHeadline"_s);
        QVERIFY(headline->text().startsWith(
            u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: "
            "Subject :.source.target:stock_trades-value is not in import mode; error code: 42205"_s));
        QVERIFY(!detail->findChild<QWidget *>(u"traceStack"_s)->isVisible()); // folded
        QVERIFY(
            detail->findChild<QLabel *>(u"diagnosisText"_s)
                ->text()
                .contains(
                    u"<code>:.source.target:stock_trades-value</code> on target is not in IMPORT mode (42205)"_s));
        auto *fix = detail->findChild<QPushButton *>(u"applyFixButton"_s);
        QCOMPARE(fix->text(), u"Set :.source.target: on target to IMPORT, then resume"_s);
        QVERIFY(fix->isEnabled());
        QVERIFY(detail->findChild<QLabel *>(u"loopText"_s)->text().contains(u"tgt-to-src-link"_s));
        QCOMPARE(detail->findChild<QPushButton *>(u"narrowSubjectsButton"_s)->text(),
                 u"Narrow subjects to :.:*"_s);
        // The mapping preview is shown (its rows: tst_exporter_diagnosis's mappingPreview).
        QTRY_VERIFY(detail->findChild<QTableWidget *>(u"mappingPreview"_s)->rowCount() >= 2);
        detail->resize(1100, 900);
        QTest::qWait(50);
        testing::screenshot(detail, u"exporter-paused.png"_s);

        // The fix: one confirmed step naming the change, then resume and watch.
        m_asked.clear();
        QSignalSpy watched(detail, &ui::ExporterDetailView::watchFinished);
        fix->click();
        QCOMPARE(m_asked.size(), 1);
        QVERIFY(m_asked.first().text.contains(u"PUT /mode/:.source.target: {\"mode\":\"IMPORT\"}"_s));
        QVERIFY(m_asked.first().text.contains(u"target"_s));
        QTRY_COMPARE_WITH_TIMEOUT(watched.size(), 1, 20000);
        QVERIFY(watched.first().first().toBool());
        QVERIFY(detail->findChild<QLabel *>(u"watchLabel"_s)->text().contains(u"RUNNING again"_s));
        QTRY_VERIFY_WITH_TIMEOUT(problems->findItems(u"src-to-tgt-link"_s, Qt::MatchContains).isEmpty(),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(pausedBadge(m_sourceId) == 0, 10000);
        QTRY_COMPARE(detail->status().state, u"RUNNING"_s);

        // Verify mirror: the comparison opens pre-filled with the exporter's mapping and runs.
        auto *verify = detail->findChild<QPushButton *>(u"verifyMirror"_s);
        QVERIFY(verify);
        QVERIFY(verify->isEnabled());
        verify->click();
        auto *mirror = qobject_cast<ui::MirrorView *>(m_console->shell.currentTab());
        QVERIFY(mirror);
        QCOMPARE(mirror->connectionA(), m_sourceId);
        QCOMPARE(mirror->connectionB(), m_targetId);
        QCOMPARE(mirror->mapping().contextType, diff::ContextType::Custom);
        QCOMPARE(mirror->mapping().context, u"source"_s);
        QTRY_VERIFY_WITH_TIMEOUT(mirror->hasReport() || !mirror->errorText().isEmpty(), 20000);
        QVERIFY2(mirror->errorText().isEmpty(), qPrintable(mirror->errorText()));
    }

    // Issue #15: the wizard starts where the user is. Opened from the table of all connections with no
    // row selected, the source is the registry selected in the tree; the context is named after it; the
    // name offered is none of its exporters'; pre-flight warns of a loop; the last page says in words what
    // Finish creates, with the secret masked, and Back changes it.
    void wizardDefaultsFollowTheUser()
    {
        // source already runs src-to-tgt-link, and an exporter with the name the wizard would offer.
        const QJsonObject body{
            {u"name"_s, u"source-to-target-link"_s},
            {u"subjects"_s, QJsonArray{u"nothing-*"_s}},
            {u"contextType"_s, u"NONE"_s},
            {u"config"_s, QJsonObject{{u"schema.registry.url"_s, m_target.url().toString()}}}};
        QCOMPARE(m_rest.call(m_source.url(), "POST", u"/exporters"_s, body).status, 200);

        ui::ExportersView *all = ui::openExportersTab(m_console->shell);
        all->table()->clearSelection();
        const auto fromTable = [&](const QString &id) {
            selectConnection(id);
            all->findChild<QPushButton *>(u"newExporter"_s)->click();
            return QTest::qWaitFor([this] { return visibleWizard() != nullptr; }, 5000) ? visibleWizard()
                                                                                        : nullptr;
        };
        ui::ExporterWizard *wizard = fromTable(m_targetId);
        QVERIFY(wizard);
        QCOMPARE(wizard->sourceConnectionId(), m_targetId);
        QCOMPARE(wizard->findChild<QLineEdit *>(u"contextEdit"_s)->text(), u"target"_s);
        QTRY_COMPARE(wizard->suggestedName(), u"target-to-source-link"_s);
        // Its pre-flight sees the loop coming: with "*" it would send source's copies back.
        for (int page = 0; page < 3; ++page)
            wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::PreflightPage));
        QCOMPARE(wizard->findChild<QComboBox *>(u"destinationCombo"_s)->currentData().toString(), m_sourceId);
        QTRY_VERIFY_WITH_TIMEOUT(!wizard->preflightRunning() && !wizard->preflightResults().isEmpty(), 10000);
        QVERIFY2(hasCheck(wizard, u"Loop: src-to-tgt-link on source fills .source on target"_s),
                 qPrintable(wizard->preflightResults().join(u'\n')));
        wizard->reject();
        QTRY_VERIFY(visibleWizard() == nullptr);
        // source has both names taken: the next one (the naming itself: tst_exportersummary).
        wizard = fromTable(m_sourceId);
        QVERIFY(wizard);
        QCOMPARE(wizard->sourceConnectionId(), m_sourceId);
        QCOMPARE(wizard->findChild<QLineEdit *>(u"contextEdit"_s)->text(), u"source"_s);
        QTRY_COMPARE(wizard->suggestedName(), u"source-to-target-link-2"_s);
        QCOMPARE(wizard->findChild<QLineEdit *>(u"nameEdit"_s)->placeholderText(), wizard->suggestedName());
        // Left empty, the name is the one offered; a name source already has is refused.
        QTRY_VERIFY(wizard->findChild<QListWidget *>(u"subjectPicker"_s)->count() > 0);
        wizard->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"src-to-tgt-link"_s);
        m_asked.clear();
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::SubjectsPage));
        QCOMPARE(m_asked.size(), 1);
        QVERIFY(m_asked.first().text.contains(u"already has an exporter named src-to-tgt-link"_s));
        wizard->findChild<QLineEdit *>(u"nameEdit"_s)->clear();
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::MappingPage));
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::DestinationPage));
        QCOMPARE(wizard->findChild<QComboBox *>(u"destinationCombo"_s)->currentData().toString(), m_targetId);
        wizard->findChild<QLineEdit *>(u"userInfoEdit"_s)->setText(u"exporter-key:s3cr3t-value"_s);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::PreflightPage));
        QTRY_VERIFY_WITH_TIMEOUT(!wizard->preflightRunning() && !wizard->preflightResults().isEmpty(), 10000);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::SummaryPage));
        // The summary's words are tst_exportersummary's; here what the pages filled in reaches it.
        auto *summary = wizard->findChild<QLabel *>(u"summaryText"_s);
        QVERIFY(summary->isVisible());
        QCOMPARE(summary->textFormat(), Qt::PlainText);
        const QString text = summary->text();
        for (const QString &expected : {u"Create exporter source-to-target-link-2 on source"_s,
                                        u"Destination: target at "_s + m_target.url().toString(),
                                        u"Authentication: Basic, user exporter-key, secret ********"_s})
            QVERIFY2(text.contains(expected), qPrintable(expected + u"\n---\n"_s + text));
        QVERIFY2(!text.contains(u"s3cr3t"_s), qPrintable(text));
        QCOMPARE(wizard->summaryLines().size(), text.count(u"• "_s));
        // Back to change: NONE instead of CUSTOM, and the summary says so.
        while (wizard->currentId() != int(ui::ExporterWizard::MappingPage))
            wizard->back();
        wizard->findChild<QAbstractButton *>(u"contextTypeNONE"_s)->click();
        for (int i = 0; i < 3; ++i)
            wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::ExporterWizard::SummaryPage));
        QVERIFY2(summary->text().contains(u"Context type NONE: the copies keep their names"_s),
                 qPrintable(summary->text()));
        wizard->reject();
        QTRY_VERIFY(visibleWizard() == nullptr);
        QCOMPARE(m_rest.call(m_source.url(), "GET", u"/exporters/source-to-target-link-2"_s).status, 404);
        QCOMPARE(m_rest.call(m_source.url(), "DELETE", u"/exporters/source-to-target-link"_s).status, 204);
    }

    void lastingFixNarrowsSubjects()
    {
        ui::ExporterDetailView *detail =
            ui::openExporterDetail(m_console->shell, m_sourceId, u"src-to-tgt-link"_s);
        QTRY_VERIFY_WITH_TIMEOUT(detail->isLoaded() && detail->diagnosis().loop, 10000);
        m_asked.clear();
        detail->findChild<QPushButton *>(u"narrowSubjectsButton"_s)->click();
        // Running: one question names the change and that the exporter is paused for it and resumed.
        QTRY_VERIFY_WITH_TIMEOUT(m_asked.size() >= 1, 10000);
        QVERIFY2(m_asked.first().text.contains(u"subjects from"_s) &&
                     m_asked.first().text.contains(u"paused, changed and resumed"_s),
                 qPrintable(m_asked.first().text));
        const auto onSource = [this](const QString &path) {
            return m_rest.call(m_source.url(), "GET", u"/exporters/src-to-tgt-link"_s + path).object();
        };
        QTRY_COMPARE_WITH_TIMEOUT(onSource({}).value(u"subjects"_s).toArray(), QJsonArray{u":.:*"_s}, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(onSource(u"/status"_s).value(u"state"_s).toString(), u"RUNNING"_s, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(detail->isLoaded() && !detail->diagnosis().loop, 10000);
    }

    void actionsFromTheTable()
    {
        ui::ExportersView *view = ui::openExportersTab(m_console->shell); // all connections
        QTRY_VERIFY_WITH_TIMEOUT(view->rowOf(m_targetId, u"tgt-to-src-link"_s) >= 0, 10000);
        const auto state = [&] { return stateOf(view, m_targetId, u"tgt-to-src-link"_s); };
        view->table()->selectRow(view->rowOf(m_targetId, u"tgt-to-src-link"_s));
        auto *reset = view->findChild<QPushButton *>(u"resetExporter"_s);
        QVERIFY(!reset->isEnabled()); // only while paused
        m_asked.clear();
        view->findChild<QPushButton *>(u"pauseExporter"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(state(), u"PAUSED"_s, 10000);
        view->table()->selectRow(view->rowOf(m_targetId, u"tgt-to-src-link"_s));
        QVERIFY(reset->isEnabled());
        reset->click();
        view->findChild<QPushButton *>(u"resumeExporter"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(state(), u"RUNNING"_s, 10000);
        view->table()->selectRow(view->rowOf(m_targetId, u"tgt-to-src-link"_s));
        m_asked.clear();
        view->findChild<QPushButton *>(u"deleteExporter"_s)->click();
        QVERIFY(!m_asked.isEmpty());
        QVERIFY(m_asked.first().text.contains(u"tgt-to-src-link"_s));
        QTRY_COMPARE_WITH_TIMEOUT(view->rowOf(m_targetId, u"tgt-to-src-link"_s), -1, 10000);
        QCOMPARE(m_rest.call(m_target.url(), "GET", u"/exporters/tgt-to-src-link"_s).status, 404);
    }
};

QTEST_MAIN(TestExportersUi)
#include "tst_exporters_ui.moc"
