// The pure parts of modes and compatibility: levels, the FORWARD/IMPORT rules, the preview of which
// subjects' effective value changes, and the bounded bulk runner.
#include "modes/BulkRunner.h"
#include "modes/ModeRules.h"
#include "modes/SettingsPreview.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace sd;
using modes::Field;
using modes::Level;

class TestModesModel : public QObject
{
    Q_OBJECT
private:
    static modes::SettingsSnapshot sample()
    {
        modes::SettingsSnapshot s;
        s.subjectNames = {u"a"_s, u"b"_s, u":.ctx:c"_s, u":.ctx:d"_s, u":.other:e"_s};
        s.topLevel.compatibility = u"FULL"_s;
        s.contexts[u".ctx"_s].mode = u"READONLY"_s;
        s.subjects[u":.ctx:d"_s].mode = u"READWRITE"_s;
        s.subjects[u"b"_s].compatibility = u"NONE"_s;
        return s;
    }

private Q_SLOTS:
    void scopes()
    {
        QCOMPARE(Level::global().scope(), u":.__GLOBAL:"_s);
        QCOMPARE(Level::topLevel().scope(), QString());
        QCOMPARE(Level::ofContext(u"."_s), Level::topLevel());
        QCOMPARE(Level::ofContext(u".ctx"_s).scope(), u":.ctx:"_s);
        QCOMPARE(Level::ofSubject(u":.ctx:x"_s).context, u".ctx"_s);
        QCOMPARE(Level::ofSubject(u"x"_s).context, u"."_s);
    }

    void forwardOnlyGlobal()
    {
        QVERIFY(modes::offeredModes(Level::global()).contains(u"FORWARD"_s));
        QVERIFY(!modes::offeredModes(Level::topLevel()).contains(u"FORWARD"_s));
        QVERIFY(!modes::offeredModes(Level::ofContext(u".c"_s)).contains(u"FORWARD"_s));
        QVERIFY(!modes::offeredModes(Level::ofSubject(u"s"_s)).contains(u"FORWARD"_s));
    }

    void importGuard()
    {
        QVERIFY(modes::importNeedsForce(u"IMPORT"_s, u"READWRITE"_s, 1));
        QVERIFY(!modes::importNeedsForce(u"IMPORT"_s, u"IMPORT"_s, 5));
        QVERIFY(!modes::importNeedsForce(u"IMPORT"_s, u"READWRITE"_s, 0));
        QVERIFY(!modes::importNeedsForce(u"READONLY"_s, u"READWRITE"_s, 3));
        QVERIFY(modes::modeExplanation(u"READONLY"_s).contains(u"never blocked"_s));
    }

    void resolution()
    {
        const modes::SettingsSnapshot s = sample();
        QCOMPARE(s.effectiveFor(u"a"_s, Field::Compatibility).value, u"FULL"_s);
        QCOMPARE(s.effectiveFor(u"a"_s, Field::Compatibility).source, items::SettingSource::Context);
        QCOMPARE(s.effectiveFor(u"b"_s, Field::Compatibility).source, items::SettingSource::Subject);
        // the top-level config applies to the default context only
        QCOMPARE(s.effectiveFor(u":.ctx:c"_s, Field::Compatibility).value, u"BACKWARD"_s);
        QCOMPARE(s.effectiveFor(u":.ctx:c"_s, Field::Compatibility).source,
                 items::SettingSource::ServerDefault);
        QCOMPARE(s.effectiveFor(u":.ctx:c"_s, Field::Mode).value, u"READONLY"_s);
        QCOMPARE(s.effectiveFor(u":.ctx:d"_s, Field::Mode).value, u"READWRITE"_s);
        QCOMPARE(s.effectiveAt(Level::ofContext(u".other"_s), Field::Mode).source,
                 items::SettingSource::ServerDefault);
    }

    void preview()
    {
        const modes::SettingsSnapshot s = sample();
        // global IMPORT: only subjects without a closer mode follow
        auto changes = modes::previewChange(s, Level::global(), Field::Mode, u"IMPORT"_s);
        QStringList names;
        for (const auto &c : changes)
            names << c.subject;
        QCOMPARE(names, (QStringList{u"a"_s, u"b"_s, u":.other:e"_s}));
        // the context: c follows, d keeps its own mode
        changes = modes::previewChange(s, Level::ofContext(u".ctx"_s), Field::Mode, u"IMPORT"_s);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().subject, u":.ctx:c"_s);
        QCOMPARE(changes.first().before.value, u"READONLY"_s);
        QCOMPARE(changes.first().after.value, u"IMPORT"_s);
        // reset the context: c falls back to the default
        changes = modes::previewChange(s, Level::ofContext(u".ctx"_s), Field::Mode, QString());
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().after.source, items::SettingSource::ServerDefault);
        // recursive reset also clears d's own mode, but its value stays READWRITE
        changes = modes::previewChange(s, Level::ofContext(u".ctx"_s), Field::Mode, QString(), true);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(s.subjectsWithOwn(u".ctx"_s, Field::Mode), QStringList{u":.ctx:d"_s});
        // top-level compatibility: a follows, b has its own, other contexts are untouched
        changes = modes::previewChange(s, Level::topLevel(), Field::Compatibility, u"NONE"_s);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().subject, u"a"_s);
    }

    void bulkRunnerBoundsConcurrency()
    {
        modes::BulkRunner runner;
        QList<modes::BulkRunner::Item> items;
        for (int i = 0; i < 30; ++i)
            items.append({u"c"_s, u"s%1"_s.arg(i)});
        int active = 0;
        int peak = 0;
        QSignalSpy finished(&runner, &modes::BulkRunner::finished);
        runner.start(
            items,
            [&](const modes::BulkRunner::Item &item, modes::BulkRunner::Finish finish) {
                ++active;
                peak = qMax(peak, active);
                QTimer::singleShot(5 + item.subject.mid(1).toInt() % 7, &runner, [&, item, finish] {
                    --active;
                    const bool bad = item.subject == u"s13";
                    finish({item.connectionId, item.subject,
                            bad ? modes::BulkOutcome::Status::Failed : modes::BulkOutcome::Status::Changed,
                            bad ? u"boom"_s : QString()});
                });
            },
            3);
        QVERIFY(finished.wait(5000));
        QCOMPARE(peak, 3);
        QCOMPARE(runner.peakConcurrency(), 3);
        const modes::BulkTotals totals = runner.totals();
        QCOMPARE(totals.checked, 30);
        QCOMPARE(totals.changed, 29);
        QCOMPARE(totals.failed, 1);
        QVERIFY(totals.summary().contains(u"29 changed"_s));
    }

    void bulkRunnerCancel()
    {
        modes::BulkRunner runner;
        QList<modes::BulkRunner::Item> items;
        for (int i = 0; i < 10; ++i)
            items.append({u"c"_s, u"s%1"_s.arg(i)});
        QList<modes::BulkRunner::Finish> held;
        QSignalSpy finished(&runner, &modes::BulkRunner::finished);
        runner.start(
            items, [&](const modes::BulkRunner::Item &, modes::BulkRunner::Finish f) { held << f; }, 2);
        QCOMPARE(held.size(), 2);
        runner.cancel();
        QCOMPARE(finished.size(), 0); // two still running
        for (auto &f : held)
            f({{}, {}, modes::BulkOutcome::Status::Unchanged, {}});
        QCOMPARE(finished.size(), 1);
        QCOMPARE(runner.totals().skipped, 8);
        QCOMPARE(runner.totals().checked, 2);
    }
};

QTEST_GUILESS_MAIN(TestModesModel)
#include "tst_modesmodel.moc"
