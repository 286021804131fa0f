// Server text is never markup: subjects, exporter names, states, traces and error messages that carry
// <a href>, <b>, <img> and &amp; are shown literally on every screen that shows them, and no link or
// image of theirs exists anywhere. A sandbox registry holds the hostile subjects; a scripted server
// answers like a registry whose exporter has a hostile name, state and trace.
#include "console/Console.h"
#include "diff/SubjectMapping.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/HttpLog.h"
#include "registry/HttpLogModel.h"
#include "registry/PlainText.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/HttpServer.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/AppSettings.h"
#include "ui/DesktopNotifier.h"
#include "ui/Dialogs.h"
#include "ui/diff/MirrorView.h"
#include "ui/exporters/ExporterDetailView.h"
#include "ui/exporters/Exporters.h"
#include "ui/MainWindow.h"
#include "ui/SchemaView.h"

#include <functional>
#include <QAction>
#include <QApplication>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;
using sandbox::HttpRequest;
using sandbox::HttpResponse;

namespace {

const QString kLink = uR"(<a href="https://example.invalid/x">click</a>)"_s;
const QString kMixed = uR"(<b>bold</b> &amp; <img src="https://example.invalid/i.png">)"_s;
const QString kSubjectLink = kLink + u"-value"_s;
const QString kSubjectMixed = kMixed + u"-value"_s;
const QString kAvro = uR"({"type":"record","name":"R","fields":[{"name":"a","type":"string"}]})"_s;

bool isRich(Qt::TextFormat format, const QString &text)
{
    return format == Qt::RichText || (format == Qt::AutoText && Qt::mightBeRichText(text));
}

// What a reader sees of a text shown in `format`.
QString shown(Qt::TextFormat format, const QString &text)
{
    return isRich(format, text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
}

// A link or an image that came from the hostile strings (they all point at example.invalid).
bool hostileMarkup(Qt::TextFormat format, const QString &text)
{
    if (!isRich(format, text))
        return false;
    QTextDocument document;
    document.setHtml(text);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if ((f.isAnchor() && f.anchorHref().contains(u"example.invalid"_s)) ||
                (f.isImageFormat() && f.toImageFormat().name().contains(u"example.invalid"_s)))
                return true;
        }
    }
    return false;
}

// Every label under `root` that shows something of the hostile strings shows it literally. Returns
// how many labels showed one, so a test can see that its screen was really checked.
int checkLabels(QWidget *root)
{
    int seen = 0;
    for (const QLabel *label : root->findChildren<QLabel *>()) {
        const QString text = label->text();
        if (!text.contains(u"example.invalid"_s) && !text.contains(u"bold"_s))
            continue;
        const QString what = label->objectName() + u": "_s + text;
        if (hostileMarkup(label->textFormat(), text)) {
            qWarning("live markup in %s", qPrintable(what));
            return -1;
        }
        const QString reads = shown(label->textFormat(), text);
        if (!reads.contains(kLink) && !reads.contains(kMixed)) {
            qWarning("not literal in %s (reads: %s)", qPrintable(what), qPrintable(reads));
            return -1;
        }
        ++seen;
    }
    return seen;
}

bool literalToolTip(const QString &tip, const QString &expected)
{
    return !hostileMarkup(Qt::AutoText, tip) && shown(Qt::AutoText, tip).contains(expected);
}

} // namespace

class TestPlainText : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;
    sandbox::SandboxServer m_mirror;
    sandbox::HttpServer m_hostile;
    std::unique_ptr<ui::AppSettings> m_settings;
    std::unique_ptr<sd::console::Console> m_console;
    sd::ui::MainWindow *m_window = nullptr;
    QString m_id;
    QString m_mirrorId;

    QString open(const QString &name, const QUrl &url, bool load)
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.urls = {url};
        m_window->workspace()->openConnection(p, {});
        const QString id = p.id.toString(QUuid::WithoutBraces);
        if (load) {
            m_window->workspace()->load(id);
            if (!QTest::qWaitFor(
                    [&] {
                        return m_window->workspace()->connection(id)->state ==
                               items::RegistryWorkspace::State::Ready;
                    },
                    15000))
                qWarning("connection did not load");
        }
        return id;
    }

    void registerSubject(const QUrl &url, const QString &subject)
    {
        registry::ConnectionProfile p;
        p.name = u"seed"_s;
        p.urls = {url};
        registry::RegistryClient client(p, {});
        bool done = false;
        client.registerSchema(subject, registry::SchemaSubmission::of(kAvro, u"AVRO"_s), false, this,
                              [&](const registry::Result<registry::SchemaVersion> &r) {
                                  QVERIFY2(r.ok(), qPrintable(r.error.toDisplayString()));
                                  done = true;
                              });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 10000));
    }

    // A registry that names its exporter, its state and its trace with markup.
    HttpResponse hostileRegistry(const HttpRequest &r)
    {
        const QString exporter = kLink;
        const auto json = [](const QJsonValue &value) {
            return HttpResponse::json(200, value, "application/vnd.schemaregistry.v1+json");
        };
        const QStringList &path = r.pathSegments;
        if (path.value(0) == u"exporters" && path.size() == 1)
            return json(QJsonArray{exporter});
        if (path.value(0) == u"exporters" && path.size() == 2)
            return json(QJsonObject{{"name"_L1, exporter},
                                    {"subjects"_L1, QJsonArray{kSubjectMixed}},
                                    {"contextType"_L1, kMixed},
                                    {"context"_L1, kLink},
                                    {"config"_L1, QJsonObject{{"schema.registry.url"_L1, kLink}}}});
        if (path.value(0) == u"exporters" && path.value(2) == u"status")
            return json(QJsonObject{{"name"_L1, exporter},
                                    {"state"_L1, u"PAUSED"_s},
                                    {"offset"_L1, 3},
                                    {"ts"_L1, 0},
                                    {"trace"_L1, u"RestClientException: "_s + kMixed + u" refused "_s +
                                                     kLink + u"; error code: 40301\n\tat "_s + kLink}});
        if (path.value(0) == u"v1")
            return json(QJsonObject{{"id"_L1, kLink}});
        return json(QJsonArray{});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_server.start({}, &error), qPrintable(error));
        QVERIFY2(m_mirror.start({}, &error), qPrintable(error));
        m_hostile.setHandler([this](const HttpRequest &r) { return hostileRegistry(r); });
        QVERIFY(m_hostile.listen());
        registerSubject(m_server.url(), kSubjectLink);
        registerSubject(m_server.url(), kSubjectMixed);
        m_settings = std::make_unique<ui::AppSettings>(m_dir.filePath(u"plaintext.ini"_s));
        m_console = std::make_unique<sd::console::Console>(*m_settings);
        m_window = &m_console->window();
        m_window->resize(1300, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        m_id = open(kMixed, m_server.url(), true); // the connection's own name is markup too
        m_mirrorId = open(u"mirror"_s, m_mirror.url(), true);
    }

    void cleanup() { ui::Dialogs::clearAnswerer(); }

    void treeAndToolTips()
    {
        Model *tree = m_window->workspace()->tree();
        QTRY_VERIFY_WITH_TIMEOUT(tree->subjectIndex(m_id, kSubjectLink).isValid(), 10000);
        const QModelIndex subject = tree->subjectIndex(m_id, kSubjectLink);
        QCOMPARE(subject.data(Qt::DisplayRole).toString(), kSubjectLink); // item views draw plain text
        QCOMPARE(tree->subjectIndex(m_id, kSubjectMixed).data(Qt::DisplayRole).toString(), kSubjectMixed);
        QModelIndex connection = subject;
        while (connection.parent().isValid())
            connection = connection.parent();
        QCOMPARE(connection.data(Qt::DisplayRole).toString(), kMixed);
        QVERIFY2(literalToolTip(connection.data(Qt::ToolTipRole).toString(), kMixed),
                 qPrintable(connection.data(Qt::ToolTipRole).toString()));
        // Tooltips without anything markup-like are left as they are.
        const QString plainTip = subject.data(Qt::ToolTipRole).toString();
        QVERIFY2(plainTip.startsWith(u"Compatibility"_s), qPrintable(plainTip));
        QCOMPARE(registry::plainToolTip(u"a\nb"_s), u"a\nb"_s);
        QCOMPARE(shown(Qt::AutoText, registry::plainToolTip(kMixed + u"\n"_s + kLink)),
                 kMixed + u"\n"_s + kLink);

        // The HTTP log's tooltips carry URLs and server messages.
        auto *log = m_window->workspace()->httpLog();
        registry::HttpLogEntry entry;
        entry.method = "GET";
        entry.url = QUrl(u"http://127.0.0.1/"_s);
        entry.error = kLink;
        log->append(entry);
        registry::HttpLogModel model(log);
        const QString tip = model.index(model.rowCount() - 1, 0).data(Qt::ToolTipRole).toString();
        QVERIFY2(literalToolTip(tip, kLink), qPrintable(tip));
    }

    void schemaTabAndServerErrors()
    {
        ui::SchemaView *view = m_window->openSchema(m_id, kSubjectLink);
        QTRY_VERIFY_WITH_TIMEOUT(view->isLoaded(), 10000);
        auto *title = view->findChild<QLabel *>(u"schemaTitle"_s);
        QCOMPARE(shown(title->textFormat(), title->text()), kSubjectLink);
        QVERIFY(checkLabels(view) >= 1);
        QVERIFY(checkLabels(m_window) >= 1);

        // The registry's own error message repeats the subject: shown literally as well.
        ui::SchemaView *missing = m_window->openSchema(m_id, kLink + u"-missing"_s);
        auto *banner = missing->findChild<QLabel *>(u"schemaBanner"_s);
        QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(u"not found"_s, Qt::CaseInsensitive), 10000);
        QVERIFY2(shown(banner->textFormat(), banner->text()).contains(kLink + u"-missing"_s),
                 qPrintable(banner->text()));
        QVERIFY(checkLabels(missing) >= 1);
    }

    void dialogsShowPlainText()
    {
        // The confirmation a delete asks names the subject as it is...
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return false; });
        Model *tree = m_window->workspace()->tree();
        QMenu menu;
        m_window->fillTreeMenu(menu, tree->subjectIndex(m_id, kSubjectMixed));
        auto *softDelete = menu.findChild<QAction *>(u"treeSoftDeleteSubject"_s);
        QVERIFY(softDelete);
        softDelete->trigger();
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().text.contains(kSubjectMixed));
        ui::Dialogs::clearAnswerer();

        // ...and the real boxes show such text as plain text: no link, no image, "&amp;" as typed.
        const QString text = u"Subject "_s + kSubjectMixed + u" on "_s + kLink;
        int checked = 0;
        std::function<void()> inspect = [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (!modal) { // not shown yet
                QTimer::singleShot(20, this, inspect);
                return;
            }
            int plain = 0;
            for (QLabel *label : modal->findChildren<QLabel *>()) {
                if (!label->text().contains(u"example.invalid"_s))
                    continue;
                if (label->textFormat() == Qt::PlainText && label->text().contains(kSubjectMixed))
                    ++plain;
                else
                    plain = -100;
            }
            checked = plain > 0 ? 1 : -2;
            if (auto *box = qobject_cast<QMessageBox *>(modal))
                box->reject();
            else if (auto *input = qobject_cast<QInputDialog *>(modal))
                input->reject();
        };
        for (int kind = 0; kind < 4; ++kind) {
            checked = 0;
            QTimer::singleShot(20, this, inspect);
            switch (kind) {
            case 0:
                ui::Dialogs::warning(m_window, u"t"_s, text);
                break;
            case 1:
                ui::Dialogs::information(m_window, u"t"_s, text);
                break;
            case 2:
                QVERIFY(!ui::Dialogs::confirm(m_window, u"t"_s, text, u"Go"_s));
                break;
            case 3:
                QVERIFY(!ui::Dialogs::confirmTyped(m_window, u"t"_s, text, kSubjectMixed));
                break;
            }
            QTRY_COMPARE(checked, 1);
        }
    }

    void exporterPageAndNotification()
    {
        const QString id = open(u"hostile"_s, m_hostile.url(), false);
        ui::ExporterDetailView *detail = ui::openExporterDetail(m_window->shell(), id, kLink);
        QVERIFY(detail);
        QTRY_VERIFY_WITH_TIMEOUT(detail->isLoaded(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(detail->findChild<QLabel *>(u"traceHeadline"_s)->text().contains(kMixed),
                                 10000);
        auto *header = detail->findChild<QLabel *>(u"exporterHeader"_s);
        QVERIFY2(shown(header->textFormat(), header->text()).contains(kLink), qPrintable(header->text()));
        auto *statusLine = detail->findChild<QLabel *>(u"exporterStatusLine"_s);
        QVERIFY2(shown(statusLine->textFormat(), statusLine->text()).contains(kMixed),
                 qPrintable(statusLine->text()));
        const int labels = checkLabels(detail);
        QVERIFY2(labels >= 3, qPrintable(QString::number(labels)));

        // A problem reaches the desktop with an escaped body (the specification lets servers render
        // <b>, <a href> and <img> in it) and the Problems dock as plain list text.
        const QString problem = u"Exporter "_s + kLink + u" is PAUSED: "_s + kMixed;
        const QDBusMessage call = ui::notificationCall(u"SchemaDesk"_s, problem);
        const QString body = call.arguments().at(4).toString();
        QCOMPARE(body, problem.toHtmlEscaped());
        QVERIFY(!hostileMarkup(Qt::RichText, body));
        QCOMPARE(QTextDocumentFragment::fromHtml(body).toPlainText(), problem);
        m_window->setProblem(u"hostile"_s, problem);
        QCOMPARE(m_window->problemsView()->findItems(problem, Qt::MatchExactly).size(), 1);
        m_window->setProblem(u"hostile"_s, {});
    }

    void mirrorReport()
    {
        diff::SubjectMapping mapping;
        ui::MirrorView *view = ui::openMirrorVerification(m_window->shell(), m_id, m_mirrorId, mapping, true);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasReport(), 20000);
        QSortFilterProxyModel *rows = view->rows();
        QVERIFY(rows->rowCount() >= 2);
        int found = 0;
        for (int row = 0; row < rows->rowCount(); ++row) {
            for (int column = 0; column < rows->columnCount(); ++column) {
                const QModelIndex index = rows->index(row, column);
                const QString text = index.data(Qt::DisplayRole).toString();
                if (text == kSubjectLink || text == kSubjectMixed)
                    ++found;
                const QString tip = index.data(Qt::ToolTipRole).toString();
                QVERIFY2(!hostileMarkup(Qt::AutoText, tip), qPrintable(tip));
            }
        }
        QVERIFY(found >= 2);
        // The details of a selected row, in the label below the list.
        QTreeView *list = nullptr;
        for (QTreeView *candidate : view->findChildren<QTreeView *>())
            if (candidate->model() == rows)
                list = candidate;
        QVERIFY(list);
        for (int row = 0; row < rows->rowCount(); ++row) {
            list->setCurrentIndex(rows->index(row, 0));
            QVERIFY(checkLabels(view) >= 0);
        }
        auto *details = view->findChild<QLabel *>(u"mirrorDetails"_s);
        QVERIFY2(checkLabels(view) >= 1, qPrintable(details->text()));
    }
};

QTEST_MAIN(TestPlainText)
#include "tst_plaintext.moc"
