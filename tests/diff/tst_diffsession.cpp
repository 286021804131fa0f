// DiffSession against a sandbox registry over real HTTP: "previous version" resolved (a rolled-back
// version skipped), both sides loaded and diffed off the GUI thread, options recomputing, a newer load
// replacing an older one, cancel, and failures (an error status, a closed connection, nothing before v1).
// Also the folded row layout.
#include "diff/DiffSession.h"
#include "DiffTestSupport.h"
#include "items/RegistryWorkspace.h"
#include "sandboxserver/SandboxServer.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using sd::sandbox::FaultRule;

namespace {

// The demo's pageviews record; v2 adds a field with a default, which BACKWARD readers can take.
QString pageviews(bool withReferrer)
{
    QString fields =
        uR"({"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"})"_s;
    if (withReferrer)
        fields += uR"(,{"name":"referrer","type":"string","default":""})"_s;
    return uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[)"_s + fields +
           uR"(],"connect.name":"ksql.pageviews"})"_s;
}

const QString pageviewsV1 = pageviews(false);
const QString pageviewsV2 = pageviews(true);

diff::DiffSide registrySide(const QString &id, int version)
{
    diff::DiffSide side;
    side.connectionId = id;
    side.subject = u"pageviews-value"_s;
    side.version = version;
    return side;
}

diff::DiffSide textSide(const QString &text, const QString &label)
{
    diff::DiffSide side;
    side.text = text;
    side.label = label;
    return side;
}

} // namespace

class TestDiffSession : public QObject
{
    Q_OBJECT
private:
    sandbox::SandboxServer m_server;
    items::RegistryWorkspace m_workspace;
    QString m_id;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start({}, &error), qPrintable(error));
        QVERIFY(diff::test::registerSchema(m_server, u"pageviews-value"_s, pageviewsV1));
        QVERIFY(diff::test::registerSchema(m_server, u"pageviews-value"_s, pageviewsV2));
        m_id = diff::test::openLoaded(m_workspace, u"source"_s, m_server);
        QVERIFY(!m_id.isEmpty());
    }

    void cleanup() { m_server.faults()->clear(); }

    // "Compare with previous" of the latest: v1 against v2, one field added, compatible under BACKWARD.
    void previousVersionAgainstLatest()
    {
        diff::DiffSession session(&m_workspace, registrySide(m_id, diff::DiffSide::previousVersion),
                                  registrySide(m_id, 0));
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        QSignalSpy loaded(&session, &diff::DiffSession::sideLoaded);
        session.reload();
        QVERIFY(session.isLoading());
        QVERIFY(computed.wait(10000));
        QCOMPARE(loaded.size(), 2);
        QVERIFY(session.errorText().isEmpty());
        QCOMPARE(session.left().version, 1);
        QCOMPARE(session.right().version, 2);
        QCOMPARE(session.leftLoaded().version, 1);
        QVERIFY(session.leftLoaded().label.contains(u"source · pageviews-value v1 · id"_s));
        QVERIFY(session.title().contains(u"pageviews-value v1 ↔ pageviews-value v2"_s));
        QVERIFY(session.sidesOfOneKind());
        QCOMPARE(session.level(), schema::CompatibilityLevel::Backward);

        // Pretty by default: one line per field; the new field is one added row.
        const diff::DiffResult &d = session.result().diff;
        QCOMPARE(session.normalization(), diff::Normalization::Pretty);
        QVERIFY(d.stats.addedRows + d.stats.changedRows >= 1);
        QCOMPARE(d.stats.removedRows, 0);
        QVERIFY(session.result().semantic && session.result().semantic->ok());
        QCOMPARE(session.result().semantic->changes.size(), 1);
        QCOMPARE(session.result().semantic->changes[0].path, u"referrer"_s);
        QVERIFY(session.result().semantic->changes[0].compatible);
        QCOMPARE(session.result().semantic->breakingCount(), 0);

        // Swapped, the added field is a removed one and breaks BACKWARD readers.
        session.swapSides();
        QVERIFY(computed.wait(10000));
        QCOMPARE(session.left().version, 2);
        QCOMPARE(session.result().diff.stats.addedRows, 0);
        QVERIFY(session.result().diff.stats.removedRows + session.result().diff.stats.changedRows >= 1);
        QCOMPARE(session.result().semantic->changes[0].kind, diff::SemanticChangeKind::FieldRemoved);

        // Canonical form drops connect.name and the default, but the new field still differs.
        session.swapSides();
        QVERIFY(computed.wait(10000));
        session.setOptions(diff::Normalization::Canonical, false);
        QVERIFY(computed.wait(10000));
        QVERIFY(!session.result().diff.right.contains(u"connect.name"_s));
        QVERIFY(!session.result().diff.stats.identical());
        QCOMPARE(session.leftLoaded().text, pageviewsV1); // as stored
    }

    // v1 has nothing before it: said, not hidden.
    void firstVersionHasNothingBefore()
    {
        diff::DiffSession session(&m_workspace, registrySide(m_id, diff::DiffSide::previousVersion),
                                  registrySide(m_id, 1));
        QSignalSpy failed(&session, &diff::DiffSession::failed);
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        session.reload();
        QVERIFY(failed.wait(10000));
        QVERIFY(session.errorText().contains(u"first version"_s));
        QTest::qWait(100);
        QCOMPARE(computed.size(), 0);
    }

    // A rolled-back change (the latest version soft-deleted, as the demo's users-value v3) is no side:
    // "compare with previous" of the latest live version is v1 against v2.
    void rolledBackVersionIsSkipped()
    {
        const QString subject = u"users-value"_s;
        QString fields = uR"({"name":"id","type":"string"})"_s;
        for (const QString &field : {u"email"_s, u"phone"_s}) {
            QVERIFY(diff::test::registerSchema(
                m_server, subject, uR"({"type":"record","name":"User","fields":[)"_s + fields + u"]}"_s));
            fields += uR"(,{"name":"%1","type":"string","default":""})"_s.arg(field);
        }
        QVERIFY(diff::test::registerSchema(
            m_server, subject, uR"({"type":"record","name":"User","fields":[)"_s + fields + u"]}"_s));
        QVERIFY(diff::test::deleteVersion(m_server, subject, 3));
        const QString id = diff::test::openLoaded(m_workspace, u"rolled back"_s, m_server);
        QVERIFY(!id.isEmpty());
        diff::DiffSide left = registrySide(id, diff::DiffSide::previousVersion);
        diff::DiffSide right = registrySide(id, 0);
        left.subject = right.subject = subject;
        diff::DiffSession session(&m_workspace, left, right);
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        session.reload();
        QVERIFY(computed.wait(10000));
        QCOMPARE(session.left().version, 1);
        QCOMPARE(session.right().version, 2);
        QVERIFY(session.result().semantic && session.result().semantic->ok());
        QCOMPARE(session.result().semantic->changes.size(), 1);
        QCOMPARE(session.result().semantic->changes[0].path, u"email"_s);
        QVERIFY(session.result().semantic->changes[0].compatible);
        m_workspace.closeConnection(id);
    }

    // Texts need no registry: their kind is guessed, and two kinds are diffed each normalised as itself.
    void textSides()
    {
        diff::DiffSession session(
            nullptr, textSide(pageviewsV1, u"old.avsc"_s),
            textSide(u"syntax = \"proto3\";\nmessage A { string f = 1; }\n"_s, u"a.proto"_s));
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        session.reload();
        QVERIFY(computed.wait(10000));
        QCOMPARE(session.leftLoaded().schemaType, u"AVRO"_s);
        QCOMPARE(session.rightLoaded().schemaType, u"PROTOBUF"_s);
        QVERIFY(!session.sidesOfOneKind());
        QVERIFY(!session.result().semantic); // only two schemas of one kind are summarised
        QCOMPARE(session.title(), u"diff: old.avsc ↔ a.proto"_s);

        diff::DiffSession json(nullptr, textSide(u"{\"$schema\":\"x\",\"type\":\"object\"}"_s, u"a"_s),
                               textSide(u"{\"type\":\"object\",\"properties\":{}}"_s, u"b"_s));
        QSignalSpy jsonComputed(&json, &diff::DiffSession::computed);
        json.reload();
        QVERIFY(jsonComputed.wait(10000));
        QCOMPARE(json.leftLoaded().schemaType, u"JSON"_s);
        QCOMPARE(json.rightLoaded().schemaType, u"JSON"_s);
    }

    // A file against the registered version: one changed row, refined to the type, breaking BACKWARD.
    void textAgainstRegistry()
    {
        QString local = pageviewsV2;
        local.replace(u"\"pageid\",\"type\":\"string\""_s, u"\"pageid\",\"type\":\"long\""_s);
        diff::DiffSession session(&m_workspace, registrySide(m_id, 0), textSide(local, u"pageviews.avsc"_s));
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        session.reload();
        QVERIFY(computed.wait(10000));
        const diff::DiffResult &d = session.result().diff;
        QCOMPARE(d.stats.changedRows, 1);
        for (const diff::DiffRow &row : d.rows) {
            if (row.kind == diff::RowKind::Changed)
                QVERIFY(row.rightRangeCount >= 1);
        }
        QVERIFY(session.result().semantic && session.result().semantic->ok());
        QCOMPARE(session.result().semantic->breakingCount(), 1);
    }

    // A reload while the previous one is still on the wire: only the newer one is delivered.
    void newerReloadReplacesOlder()
    {
        m_server.faults()->addRule(FaultRule::latency(300, u"GET /subjects/*"_s));
        diff::DiffSession session(&m_workspace, registrySide(m_id, 1), registrySide(m_id, 2));
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        QSignalSpy loaded(&session, &diff::DiffSession::sideLoaded);
        session.reload();
        QTest::qWait(50);
        session.reload();
        QVERIFY(computed.wait(10000));
        QTest::qWait(500);
        QCOMPARE(computed.size(), 1);
        QCOMPARE(loaded.size(), 2); // the first reload's answers were dropped
        QVERIFY(!session.isLoading());
    }

    // Cancel while loading: nothing more is delivered, neither a result nor an error.
    void cancelWhileLoading()
    {
        m_server.faults()->addRule(FaultRule::latency(300, u"GET /subjects/*"_s));
        diff::DiffSession session(&m_workspace, registrySide(m_id, 1), registrySide(m_id, 2));
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        QSignalSpy failed(&session, &diff::DiffSession::failed);
        session.reload();
        QVERIFY(session.isLoading());
        session.cancel();
        QVERIFY(!session.isLoading());
        QTest::qWait(700);
        QCOMPARE(computed.size(), 0);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!session.sidesLoaded());
    }

    // The registry answers an error: the session says so.
    void errorStatusFails()
    {
        m_server.faults()->addRule(
            FaultRule::errorStatus(500, u"GET /subjects/pageviews-value/versions/2"_s));
        diff::DiffSession session(&m_workspace, registrySide(m_id, 1), registrySide(m_id, 2));
        QSignalSpy failed(&session, &diff::DiffSession::failed);
        QSignalSpy computed(&session, &diff::DiffSession::computed);
        session.reload();
        QVERIFY(failed.wait(10000));
        QVERIFY(!session.errorText().isEmpty());
        QCOMPARE(session.errorText(), failed.first().first().toString());
        QTest::qWait(100);
        QCOMPARE(computed.size(), 0);
        QVERIFY(!session.sidesLoaded());
    }

    void closedConnectionFails()
    {
        diff::DiffSession session(&m_workspace, registrySide(u"no-such-connection"_s, 1),
                                  registrySide(m_id, 2));
        QSignalSpy failed(&session, &diff::DiffSession::failed);
        session.reload();
        QCOMPARE(failed.size(), 1);
        QVERIFY(session.errorText().contains(u"is closed"_s));
    }

    // Long unchanged runs fold to a marker row each; every diff row stays, hidden, behind its marker.
    void foldedRows()
    {
        diff::SchemaDiffRequest request; // 60 lines, the 31st changed
        for (int i = 0; i < 60; ++i) {
            request.left += u"line %1\n"_s.arg(i);
            request.right += i == 30 ? u"changed\n"_s : u"line %1\n"_s.arg(i);
        }
        const diff::SchemaDiffResult result = diff::SchemaDiff::run(request);
        const diff::DiffResult &d = result.diff;
        QCOMPARE(d.hunks.size(), 1);

        const diff::FoldedRows flat = diff::foldRows(d, false);
        QCOMPARE(flat.shownRows.size(), d.rows.size());
        QVERIFY(flat.hiddenRows.isEmpty());
        QCOMPARE(flat.editorRowOf(30), 30);

        const diff::FoldedRows folded = diff::foldRows(d, true);
        QCOMPARE(folded.hiddenRows.size(), 2); // before and after the hunk
        QCOMPARE(folded.shownRows.size(), d.rows.size() + 2);
        const int hunkFirst = d.hunks[0].firstRow;
        QCOMPARE(folded.shownRows[0], -hunkFirst);                    // the marker of the first fold
        QCOMPARE(folded.hiddenRows[0], std::make_pair(1, hunkFirst)); // its rows follow it
        QCOMPARE(folded.editorRowOf(hunkFirst), hunkFirst + 1);
        QCOMPARE(folded.shownRows[folded.editorRowOf(30)], 30);
        const int tail = int(d.rows.size()) - (hunkFirst + d.hunks[0].rowCount);
        QCOMPARE(folded.hiddenRows[1].second, tail);
        QCOMPARE(folded.shownRows[folded.hiddenRows[1].first - 1], -tail);
    }
};

QTEST_GUILESS_MAIN(TestDiffSession)
#include "tst_diffsession.moc"
