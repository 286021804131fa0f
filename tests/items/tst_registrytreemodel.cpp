#include "items/RegistryTreeModel.h"
#include "registry/RegistryTypes.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::items::RegistryTreeModel;
using Kind = RegistryTreeModel::Kind;

class TestRegistryTreeModel : public QObject
{
    Q_OBJECT
private:
    static RegistryTreeModel::ConnectionInfo info(const QString &id, const QString &name)
    {
        RegistryTreeModel::ConnectionInfo i;
        i.id = id;
        i.name = name;
        i.colour = QColor(u"#d03030"_s);
        i.tag = u"production"_s;
        return i;
    }

    // A Schema Linking target: a default context and the imported ".source" context.
    static void loadTarget(RegistryTreeModel &model)
    {
        model.addConnection(info(u"t"_s, u"target"_s));
        model.setSubjects(u"t"_s, {u"stock_trades-value"_s, u":.source:pageviews-value"_s, u"orders-value"_s},
                          {u"."_s, u".source"_s});
        model.addSchemaSummaries(u"t"_s, {{u"orders-value"_s, 1, 1, u"PROTOBUF"_s, false},
                                          {u"orders-value"_s, 2, 3, u"PROTOBUF"_s, false},
                                          {u"stock_trades-value"_s, 1, 2, u"AVRO"_s, false},
                                          {u":.source:pageviews-value"_s, 1, 1, u"AVRO"_s, false}});
        model.finishSchemaSummaries(u"t"_s);
    }

private Q_SLOTS:
    void passesTheModelTester()
    {
        RegistryTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addConnection(info(u"s"_s, u"source"_s));
        loadTarget(model);
        model.setSubjects(u"s"_s, {u"pageviews-value"_s, u":.target:stock_trades-value"_s});
        model.setScopeSettings(u"t"_s, u":.source:"_s, {u"IMPORT"_s, u"FULL"_s});
        model.setExporters(u"t"_s, {{u"tgt-to-src-link"_s, u"RUNNING"_s, {}}});
        model.setExporters(u"s"_s, {{u"src-to-tgt-link"_s, u"PAUSED"_s, {}}});
        // expand a subject, then change its versions
        const QModelIndex orders = model.subjectIndex(u"t"_s, u"orders-value"_s);
        QVERIFY(orders.isValid());
        model.fetchMore(orders); // the tester may have fetched already: then a no-op
        QCOMPARE(model.rowCount(orders), 2);
        // bulk data arriving for a subject whose version rows are on screen replaces them safely
        model.addSchemaSummaries(u"t"_s, {{u"orders-value"_s, 3, 5, u"PROTOBUF"_s, false}});
        QCOMPARE(model.rowCount(model.subjectIndex(u"t"_s, u"orders-value"_s)), 3);
        model.setVersions(u"t"_s, u"orders-value"_s, {{1, 1, true}, {2, 3, false}, {3, 4, false}});
        QCOMPARE(model.rowCount(model.subjectIndex(u"t"_s, u"orders-value"_s)), 2); // v1 deleted, hidden
        model.setFilterText(u"stock"_s);
        model.setShowDeleted(true);
        model.setFilterText({});
        model.setExporters(u"s"_s, {});
        model.setSubjects(u"s"_s, {u"pageviews-value"_s});
        model.removeConnection(u"s"_s);
        QCOMPARE(model.rowCount(), 1);
    }

    void contextsSubjectsAndDetails()
    {
        RegistryTreeModel model;
        loadTarget(model);
        const QModelIndex connection = model.connectionIndex(u"t"_s);
        QCOMPARE(model.rowCount(connection), 2);
        const QModelIndex defaultContext = model.index(0, 0, connection);
        QCOMPARE(defaultContext.data(RegistryTreeModel::ContextRole).toString(), u"."_s);
        QCOMPARE(model.rowCount(defaultContext), 2);
        // sorted by name
        QCOMPARE(model.index(0, 0, defaultContext).data().toString(), u"orders-value"_s);
        QCOMPARE(model.index(0, 1, defaultContext).data().toString(), u"PROTO · 2"_s);
        const QModelIndex source = model.index(1, 0, connection);
        QCOMPARE(source.data().toString(), u".source"_s);
        const QModelIndex pageviews = model.index(0, 0, source);
        QCOMPARE(pageviews.data(RegistryTreeModel::QualifiedSubjectRole).toString(),
                 u":.source:pageviews-value"_s);
        QCOMPARE(pageviews.data(RegistryTreeModel::SubjectRole).toString(), u"pageviews-value"_s);
        QVERIFY(model.index(0, 1, connection).isValid());
        QVERIFY(connection.siblingAtColumn(1).data().toString().contains(u"3 subjects"_s));
    }

    void inheritanceIsShownWithItsSource()
    {
        RegistryTreeModel model;
        loadTarget(model);
        const QModelIndex source = model.contextIndex(u"t"_s, u".source"_s);
        // nothing set anywhere: server defaults
        QCOMPARE(source.data(RegistryTreeModel::EffectiveCompatibilityRole).toString(), u"BACKWARD"_s);
        QCOMPARE(source.data(RegistryTreeModel::CompatibilitySourceRole).toInt(),
                 int(sd::items::SettingSource::ServerDefault));
        // global FULL reaches the context; the top level (default context) does not
        model.setScopeSettings(u"t"_s, u":.__GLOBAL:"_s, {{}, u"FULL"_s});
        model.setScopeSettings(u"t"_s, {}, {u"READONLY"_s, u"NONE"_s});
        QCOMPARE(source.data(RegistryTreeModel::EffectiveCompatibilityRole).toString(), u"FULL"_s);
        QCOMPARE(source.data(RegistryTreeModel::CompatibilitySourceRole).toInt(),
                 int(sd::items::SettingSource::Global));
        QCOMPARE(source.data(RegistryTreeModel::EffectiveModeRole).toString(), u"READWRITE"_s);
        const QModelIndex orders = model.subjectIndex(u"t"_s, u"orders-value"_s);
        QCOMPARE(orders.data(RegistryTreeModel::EffectiveModeRole).toString(), u"READONLY"_s);
        QCOMPARE(orders.data(RegistryTreeModel::ModeSourceRole).toInt(),
                 int(sd::items::SettingSource::Context));
        // the context's own IMPORT wins; a subject-level value wins over everything
        model.setScopeSettings(u"t"_s, u":.source:"_s, {u"IMPORT"_s, {}});
        QCOMPARE(source.data(RegistryTreeModel::EffectiveModeRole).toString(), u"IMPORT"_s);
        QCOMPARE(source.siblingAtColumn(1).data().toString(), u"FULL · IMPORT"_s);
        model.setScopeSettings(u"t"_s, u"orders-value"_s, {{}, u"FORWARD_TRANSITIVE"_s});
        QCOMPARE(orders.data(RegistryTreeModel::EffectiveCompatibilityRole).toString(),
                 u"FORWARD_TRANSITIVE"_s);
        QCOMPARE(orders.data(RegistryTreeModel::CompatibilitySourceRole).toInt(),
                 int(sd::items::SettingSource::Subject));
        QVERIFY(orders.data(Qt::ToolTipRole).toString().contains(u"set on the subject"_s));
    }

    void lazyLoadingAsksOnceAndShowsErrors()
    {
        RegistryTreeModel model;
        model.addConnection(info(u"c"_s, u"cloud"_s));
        QSignalSpy spy(&model, &RegistryTreeModel::fetchRequested);
        const QModelIndex connection = model.connectionIndex(u"c"_s);
        QVERIFY(model.hasChildren(connection));
        QVERIFY(model.canFetchMore(connection));
        model.fetchMore(connection);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(1).value<Kind>(), Kind::Connection);
        QVERIFY2(!model.canFetchMore(connection), "no second fetch while one is in flight");
        model.setConnectionError(u"c"_s, u"HTTP 401 · authentication failed"_s);
        QCOMPARE(connection.data(RegistryTreeModel::ErrorRole).toString(),
                 u"HTTP 401 · authentication failed"_s);
        QVERIFY2(!model.canFetchMore(connection), "a failed fetch is retried explicitly");
        model.setConnectionLoading(u"c"_s, true); // retry
        model.setSubjects(u"c"_s, {u"a"_s});
        QVERIFY(!connection.data(RegistryTreeModel::ErrorRole).isValid());
        QVERIFY(!model.canFetchMore(connection));
        // a subject without bulk data asks for its versions
        const QModelIndex a = model.subjectIndex(u"c"_s, u"a"_s);
        QVERIFY(model.hasChildren(a));
        model.fetchMore(a);
        QCOMPARE(spy.size(), 2);
        QCOMPARE(spy.at(1).at(2).toString(), u"a"_s);
        model.setVersions(u"c"_s, u"a"_s, {{1, 10, false}});
        QCOMPARE(model.rowCount(a), 1);
        QCOMPARE(model.index(0, 1, a).data().toString(), u"id 10"_s);
    }

    void softDeletedAreHiddenUntilAsked()
    {
        RegistryTreeModel model;
        model.addConnection(info(u"c"_s, u"c"_s));
        model.setSubjects(u"c"_s, {u"live"_s, u"gone"_s});
        model.addSchemaSummaries(u"c"_s, {{u"live"_s, 1, 1, {}, false}, {u"gone"_s, 1, 2, {}, true}});
        model.finishSchemaSummaries(u"c"_s);
        QCOMPARE(model.matchingSubjectCount(), 1);
        model.setShowDeleted(true);
        QCOMPARE(model.matchingSubjectCount(), 2);
        const QModelIndex gone = model.subjectIndex(u"c"_s, u"gone"_s);
        QVERIFY(gone.data(RegistryTreeModel::DeletedRole).toBool());
        QCOMPARE(gone.siblingAtColumn(1).data().toString(), u"AVRO · deleted"_s);
    }

    // A page that hides a subject (all its versions soft-deleted) replaces the rows of that subject's
    // context only: rows elsewhere, and what a view holds of them, stay; with a filter, a context left
    // without a match loses its row.
    void aPageChangesOnlyItsSubjectsContext()
    {
        RegistryTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addConnection(info(u"c"_s, u"c"_s));
        model.setSubjects(u"c"_s, {u"a-value"_s, u"b-value"_s, u":.ctx:c-value"_s, u":.ctx:d-value"_s});
        const QModelIndex connection = model.connectionIndex(u"c"_s);
        QCOMPARE(model.rowCount(connection), 2);
        const QPersistentModelIndex elsewhere = model.subjectIndex(u"c"_s, u":.ctx:d-value"_s);
        const QPersistentModelIndex otherContext = model.index(1, 0, connection);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.addSchemaSummaries(u"c"_s, {{u"a-value"_s, 1, 1, {}, true}, {u"b-value"_s, 1, 2, {}, false}});
        QCOMPARE(model.matchingSubjectCount(), 3);
        QVERIFY(!model.subjectIndex(u"c"_s, u"a-value"_s).isValid() ||
                model.subjectIndex(u"c"_s, u"a-value"_s).data(RegistryTreeModel::DeletedRole).toBool());
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(0).toModelIndex(), model.index(0, 0, connection)); // the default context
        QVERIFY(elsewhere.isValid());
        QCOMPARE(elsewhere.data().toString(), u"d-value"_s);
        QVERIFY(otherContext.isValid());

        model.setFilterText(u"b-val"_s);
        QCOMPARE(model.rowCount(connection), 1);
        model.addSchemaSummaries(u"c"_s, {{u"b-value"_s, 2, 3, {}, true}, {u"b-value"_s, 1, 2, {}, true}});
        QCOMPARE(model.matchingSubjectCount(), 0);
        QCOMPARE(model.rowCount(connection), 0); // its context had the only match
        model.setFilterText({});
        QCOMPARE(model.matchingSubjectCount(), 2);
        QCOMPARE(model.rowCount(connection), 2);
    }

    void filterScansAllSubjects()
    {
        RegistryTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addConnection(info(u"big"_s, u"big"_s));
        QStringList subjects;
        for (int i = 0; i < 20000; ++i)
            subjects << (i % 5 ? u":.ctx%1:topic-%2-value"_s.arg(i % 5).arg(i) : u"topic-%1-value"_s.arg(i));
        model.setSubjects(u"big"_s, subjects);
        QCOMPARE(model.subjectCount(u"big"_s), 20000);
        QCOMPARE(model.rowCount(model.connectionIndex(u"big"_s)), 5);
        model.setFilterText(u"TOPIC-1234"_s);       // case-insensitive
        QCOMPARE(model.matchingSubjectCount(), 11); // 1234, 12340..12349
        model.setFilterText(u"topic-1234-"_s);
        QCOMPARE(model.matchingSubjectCount(), 1);
        QCOMPARE(model.rowCount(model.connectionIndex(u"big"_s)), 1); // only contexts with a match
        QCOMPARE(model.index(0, 0, model.connectionIndex(u"big"_s)).data().toString(), u".ctx4"_s);
        model.setFilterText(u"no such subject"_s);
        QCOMPARE(model.matchingSubjectCount(), 0);
        model.setFilterText({});
        QCOMPARE(model.matchingSubjectCount(), 20000);
    }

    // A big skeleton in two parts: the rest goes to the end of its contexts, a context seen only in the
    // rest appears, a name on both sides of the split is one subject, and with a filter on only
    // matching rows come in. The result is the tree the whole skeleton at once gives.
    void skeletonInTwoParts()
    {
        QStringList subjects{u"0-first-value"_s, u"9-value"_s}; // sort before ":." (default context)
        for (int i = 0; i < 300; ++i)
            subjects << u":.ctx%1:topic-%2-value"_s.arg(i % 3).arg(i, 4, 10, QChar(u'0'));
        for (int i = 0; i < 200; ++i)
            subjects << u"topic-%1-value"_s.arg(i, 4, 10, QChar(u'0'));
        subjects << u":.late:only-in-the-rest"_s << u"zz-value"_s << u"zz-value"_s;
        std::sort(subjects.begin(), subjects.end());
        for (const QString &filter : {QString(), u"topic-01"_s}) {
            RegistryTreeModel parts;
            QAbstractItemModelTester tester(&parts, QAbstractItemModelTester::FailureReportingMode::QtTest);
            parts.addConnection(info(u"c"_s, u"c"_s));
            parts.setFilterText(filter);
            const qsizetype split = subjects.indexOf(u"topic-0100-value"_s);
            auto first = RegistryTreeModel::prepareSortedRange(subjects, 0, split);
            RegistryTreeModel::addPreparedContexts(*first, {u"."_s, u".ctx0"_s, u".ctx1"_s, u".ctx2"_s});
            parts.setSubjects(u"c"_s, first);
            QCOMPARE(parts.subjectCount(u"c"_s), int(split));
            QSignalSpy inserted(&parts, &QAbstractItemModel::rowsInserted);
            parts.appendSubjects(u"c"_s,
                                 RegistryTreeModel::prepareSortedRange(subjects, split, subjects.size()));
            QVERIFY(!inserted.isEmpty());

            RegistryTreeModel whole;
            whole.addConnection(info(u"c"_s, u"c"_s));
            whole.setFilterText(filter);
            whole.setSubjects(u"c"_s, subjects, {u"."_s, u".ctx0"_s, u".ctx1"_s, u".ctx2"_s});
            QCOMPARE(parts.subjectCount(u"c"_s), whole.subjectCount(u"c"_s));
            QCOMPARE(parts.subjectCount(u"c"_s), int(subjects.size()) - 1); // zz-value listed twice
            const auto dump = [](const RegistryTreeModel &model) {
                QStringList rows;
                const QModelIndex connection = model.connectionIndex(u"c"_s);
                for (int c = 0; c < model.rowCount(connection); ++c) {
                    const QModelIndex context = model.index(c, 0, connection);
                    rows << context.data().toString();
                    for (int s = 0; s < model.rowCount(context); ++s)
                        rows << u"  "_s + model.index(s, 0, context).data().toString();
                }
                return rows;
            };
            QCOMPARE(dump(parts), dump(whole));
            QVERIFY(dump(parts).contains(u".late"_s) == filter.isEmpty());
            if (!filter.isEmpty())
                QCOMPARE(parts.matchingSubjectCount(), whole.matchingSubjectCount());
        }
    }

    void exportersNodeCountsPaused()
    {
        RegistryTreeModel model;
        loadTarget(model);
        model.setExporters(u"t"_s, {{u"a"_s, u"RUNNING"_s, {}}, {u"b"_s, u"PAUSED"_s, {}}});
        const QModelIndex connection = model.connectionIndex(u"t"_s);
        const QModelIndex exporters = model.index(model.rowCount(connection) - 1, 0, connection);
        QCOMPARE(exporters.data(RegistryTreeModel::KindRole).value<Kind>(), Kind::Exporters);
        QCOMPARE(exporters.data(RegistryTreeModel::PausedExportersRole).toInt(), 1);
        QCOMPARE(connection.data(RegistryTreeModel::PausedExportersRole).toInt(), 1);
        QCOMPARE(exporters.siblingAtColumn(1).data().toString(), u"2, 1 paused"_s);
        QCOMPARE(model.index(1, 1, exporters).data().toString(), u"PAUSED"_s);
        model.setExporters(u"t"_s, {}, false); // server does not offer exporters
        QCOMPARE(model.rowCount(connection), 2);
    }

    void qualifiedNames()
    {
        // The tree names subjects as registry::QualifiedSubject does.
        using sd::registry::QualifiedSubject;
        QCOMPARE(QualifiedSubject::parse(u":.ctx:a/b"_s).context, u".ctx"_s);
        QCOMPARE(QualifiedSubject::parse(u":.ctx:a/b"_s).name, u"a/b"_s);
        QCOMPARE(QualifiedSubject::parse(u"plain"_s).context, u"."_s);
        QCOMPARE(QualifiedSubject::parse(u":.:x"_s).context, u"."_s);
        QCOMPARE(QualifiedSubject::parse(u":.:x"_s).name, u"x"_s);
        QCOMPARE((QualifiedSubject{u"."_s, u"x"_s}.toString()), u"x"_s);
        QCOMPARE((QualifiedSubject{u".source.target"_s, u"x"_s}.toString()), u":.source.target:x"_s);
    }
};

QTEST_GUILESS_MAIN(TestRegistryTreeModel)
#include "tst_registrytreemodel.moc"
