// What the user reads about a registry that is not Confluent's, against the sandbox's --profile
// redpanda, karapace and apicurio over loopback: the connection test names the flavour and what it
// cannot do, so does the tree's tooltip on the connection, and the Modes screen says that Apicurio does
// not enforce modes, that Karapace's cannot be changed (and offers no mode editing), and offers no
// FORWARD where the registry has none.
#include "../common/ConsoleTestSupport.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "sandboxserver/FlavourPolicy.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/ConnectionDialog.h"
#include "ui/modes/ModesFeature.h"
#include "ui/modes/ModesView.h"

#include <memory>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;

class TestFlavourTexts : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::map<QString, std::unique_ptr<sandbox::SandboxServer>> m_servers;
    std::unique_ptr<testing::ConsoleWindow> m_console;
    std::map<QString, QString> m_ids; // profile → connection id

    static QStringList comboItems(QComboBox *combo)
    {
        QStringList items;
        for (int i = 0; i < combo->count(); ++i)
            items << combo->itemText(i);
        return items;
    }

    ui::ModesView *openModesOf(const QString &profile)
    {
        ui::ModesView *view = ui::openModes(m_console->shell, m_ids.at(profile));
        if (view && !QTest::qWaitFor([view] { return !view->isLoading(); }, 20000))
            return nullptr;
        return view;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_console =
            std::make_unique<testing::ConsoleWindow>(m_dir.filePath(u"flavours.ini"_s), QSize(1400, 850));
        QVERIFY(m_console->window.isVisible());
        for (const QString &profile : {u"cp8"_s, u"redpanda"_s, u"karapace"_s, u"apicurio"_s}) {
            const auto policy = sandbox::FlavourPolicy::fromName(profile);
            QVERIFY(policy);
            sandbox::SandboxOptions options;
            options.flavour = policy->flavour;
            options.versionProfile = policy->shapes;
            auto server = std::make_unique<sandbox::SandboxServer>();
            QString error;
            QVERIFY2(server->start(options, &error), qPrintable(error));
            sandbox::RegisterRequest request;
            request.schema = uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"int"}]})"_s;
            sandbox::RegistryError registryError;
            server->store()->registerSchema(u"orders-value"_s, request, {}, &registryError);
            QVERIFY(!registryError.isError());
            registry::ConnectionProfile p;
            p.name = profile;
            p.urls = {server->url()};
            m_console->workspace.openConnection(p, {});
            const QString id = p.id.toString(QUuid::WithoutBraces);
            m_console->workspace.load(id);
            m_ids[profile] = id;
            m_servers[profile] = std::move(server);
        }
        for (const auto &[profile, id] : m_ids)
            QTRY_VERIFY_WITH_TIMEOUT(
                m_console->workspace.connection(id)->state == items::RegistryWorkspace::State::Ready, 20000);
    }

    void connectionTestSaysWhatItCannotDo_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("redpanda") << u"redpanda"_s
                                  << QStringList{u"Redpanda"_s, u"What Redpanda cannot do here:"_s,
                                                 u"No bulk listing: versions are read subject by subject."_s,
                                                 u"No exporters (Schema Linking)."_s, u"No FORWARD mode"_s};
        QTest::newRow("karapace") << u"karapace"_s
                                  << QStringList{u"Karapace"_s, u"What Karapace cannot do here:"_s,
                                                 u"Modes cannot be changed (always READWRITE)."_s,
                                                 u"No contexts: every subject is in the default context."_s};
        QTest::newRow("apicurio")
            << u"apicurio"_s
            << QStringList{
                   u"Apicurio (ccompat)"_s, u"What Apicurio (ccompat) cannot do here:"_s,
                   u"Modes are stored but not enforced: READONLY and IMPORT do not stop writes here."_s,
                   u"Metadata and rule sets are accepted but not stored."_s};
    }

    void connectionTestSaysWhatItCannotDo()
    {
        QFETCH(QString, profile);
        QFETCH(QStringList, expected);
        ui::ConnectionDialog dialog;
        dialog.findChild<QLineEdit *>(u"connectionName"_s)->setText(profile);
        dialog.findChild<QPlainTextEdit *>(u"connectionUrls"_s)
            ->setPlainText(m_servers.at(profile)->url().toString());
        QSignalSpy finished(&dialog, &ui::ConnectionDialog::testFinished);
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"testConnection"_s), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), true);
        const QString text = dialog.findChild<QLabel *>(u"testResult"_s)->text();
        for (const QString &line : expected)
            QVERIFY2(text.contains(line), qPrintable(u"%1\nnot in:\n%2"_s.arg(line, text)));
    }

    void treeTooltipNamesFlavourAndLimits()
    {
        items::RegistryTreeModel *tree = m_console->workspace.tree();
        const QString redpanda =
            tree->connectionIndex(m_ids.at(u"redpanda"_s)).data(Qt::ToolTipRole).toString();
        QVERIFY2(redpanda.contains(u"Redpanda"_s) && redpanda.contains(u"No bulk listing"_s),
                 qPrintable(redpanda));
        const QString karapace =
            tree->connectionIndex(m_ids.at(u"karapace"_s)).data(Qt::ToolTipRole).toString();
        QVERIFY2(karapace.contains(u"Karapace"_s) && karapace.contains(u"Modes cannot be changed"_s),
                 qPrintable(karapace));
        const QString apicurio =
            tree->connectionIndex(m_ids.at(u"apicurio"_s)).data(Qt::ToolTipRole).toString();
        QVERIFY2(apicurio.contains(u"Apicurio"_s) && apicurio.contains(u"not enforced"_s),
                 qPrintable(apicurio));
        const QString cp8 = tree->connectionIndex(m_ids.at(u"cp8"_s)).data(Qt::ToolTipRole).toString();
        QVERIFY2(!cp8.contains(u"not enforced"_s) && !cp8.contains(u"No bulk listing"_s), qPrintable(cp8));
    }

    void modesScreenTellsTheTruth()
    {
        // Apicurio: the table shows modes, and the screen says they stop nothing.
        ui::ModesView *apicurio = openModesOf(u"apicurio"_s);
        QVERIFY(apicurio);
        auto *note = apicurio->findChild<QLabel *>(u"modesCapabilityNote"_s);
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().contains(u"stores modes but does not enforce them"_s),
                 qPrintable(note->text()));
        QVERIFY(apicurio->findChild<QComboBox *>(u"modeCombo"_s)->isVisible());
        QVERIFY(!comboItems(apicurio->findChild<QComboBox *>(u"modeCombo"_s)).contains(u"FORWARD"_s));
        QVERIFY(apicurio->findChild<QLabel *>(u"modeHint"_s)->text().contains(u"Not enforced by Apicurio"_s));

        // Karapace: modes cannot be changed, so no mode editing is offered.
        ui::ModesView *karapace = openModesOf(u"karapace"_s);
        QVERIFY(karapace);
        note = karapace->findChild<QLabel *>(u"modesCapabilityNote"_s);
        QVERIFY2(note->isVisible() && note->text().contains(u"modes cannot be changed here"_s),
                 qPrintable(note->text()));
        QVERIFY(!karapace->findChild<QComboBox *>(u"modeCombo"_s)->isVisible());
        QVERIFY(!karapace->findChild<QPushButton *>(u"applyModeButton"_s)->isVisible());
        QVERIFY(karapace->findChild<QPushButton *>(u"applyCompatibilityButton"_s)->isVisible());

        // Redpanda: modes work, FORWARD is not among them, and its IMPORT rule is said.
        ui::ModesView *redpanda = openModesOf(u"redpanda"_s);
        QVERIFY(redpanda);
        QVERIFY(redpanda->selectLevel(modes::Level::global()));
        note = redpanda->findChild<QLabel *>(u"modesCapabilityNote"_s);
        QVERIFY2(note->text().contains(u"FORWARD mode is not offered by Redpanda"_s) &&
                     note->text().contains(u"IMPORT only where no schema was ever registered"_s),
                 qPrintable(note->text()));
        const QStringList offered = comboItems(redpanda->findChild<QComboBox *>(u"modeCombo"_s));
        QVERIFY(offered.contains(u"IMPORT"_s));
        QVERIFY(!offered.contains(u"FORWARD"_s));

        // Confluent: nothing to qualify.
        ui::ModesView *cp8 = openModesOf(u"cp8"_s);
        QVERIFY(cp8);
        QVERIFY(!cp8->findChild<QLabel *>(u"modesCapabilityNote"_s)->isVisible());
        QVERIFY(cp8->selectLevel(modes::Level::global()));
        QVERIFY(comboItems(cp8->findChild<QComboBox *>(u"modeCombo"_s)).contains(u"FORWARD"_s));
    }
};

QTEST_MAIN(TestFlavourTexts)
#include "tst_flavourtexts.moc"
