// Which registry the Compare dialog's right side and the exporter wizard's source start on, from what
// the tree's load found (no widget, no request).
#include "items/DefaultRegistry.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryTypes.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::items::DefaultRegistry;
using sd::items::RegistryTreeModel;

class TestDefaultRegistry : public QObject
{
    Q_OBJECT
private:
    static void add(RegistryTreeModel &model, const QString &id, const QString &name,
                    const QStringList &subjects)
    {
        RegistryTreeModel::ConnectionInfo info;
        info.id = id;
        info.name = name;
        model.addConnection(info);
        QStringList contexts{u"."_s};
        for (const QString &subject : subjects)
            contexts << sd::registry::QualifiedSubject::parse(subject).context;
        contexts.removeDuplicates();
        model.setSubjects(id, subjects, contexts);
    }

    // In list order: an unrelated registry first, so "the first other connection" is never the answer.
    static void load(RegistryTreeModel &model)
    {
        add(model, u"u"_s, u"unrelated"_s, {u"stock_trades-value"_s});
        add(model, u"s"_s, u"source"_s,
            {u"pageviews-value"_s, u"users-value"_s, u":.target:stock_trades-value"_s});
        add(model, u"t"_s, u"target"_s,
            {u"stock_trades-value"_s, u":.dc1:pageviews-value"_s, u":.source:pageviews-value"_s});
        add(model, u"p"_s, u"platform"_s, {u"payments-value"_s, u":.analytics:page_events-value"_s});
        add(model, u"c"_s, u"cloud"_s,
            {u"payments-value"_s, u":.analytics:page_events-value"_s, u"alone"_s, u":.old:alone"_s});
    }

private Q_SLOTS:
    void lookupsIgnoreTheFilter()
    {
        RegistryTreeModel model;
        load(model);
        model.setFilterText(u"nothing-matches-this"_s);
        QVERIFY(model.containsSubject(u"t"_s, u":.source:pageviews-value"_s));
        QVERIFY(!model.containsSubject(u"t"_s, u"pageviews-value"_s));
        QCOMPARE(model.contextNames(u"t"_s), (QStringList{u"."_s, u".dc1"_s, u".source"_s}));
        QCOMPARE(model.contextNames(u"missing"_s), QStringList());
    }

    // "The first connection" is the first in the tree (the order they were opened), not the first id.
    void workspaceListsConnectionsInTheTreesOrder()
    {
        sd::items::RegistryWorkspace workspace;
        QStringList opened;
        for (int n : {3, 1, 2}) {
            sd::registry::ConnectionProfile p;
            p.id = QUuid(u"00000000-0000-0000-0000-00000000000%1"_s.arg(n));
            p.name = u"r%1"_s.arg(n);
            p.urls = {QUrl(u"http://127.0.0.1:9"_s)};
            workspace.openConnection(p, {});
            opened << p.id.toString(QUuid::WithoutBraces);
        }
        QCOMPARE(workspace.connectionIds(), opened);
        QCOMPARE(workspace.tree()->connectionIds(), opened);
        workspace.closeConnection(opened.at(1));
        opened.removeAt(1);
        QCOMPARE(workspace.connectionIds(), opened);
    }

    void compareRightFollowsTheCounterpart()
    {
        RegistryTreeModel model;
        load(model);
        const DefaultRegistry choose(model);
        const QStringList ids = model.connectionIds();
        QCOMPARE(ids, (QStringList{u"u"_s, u"s"_s, u"t"_s, u"p"_s, u"c"_s}));
        // The exporter's copy under a context named like the source wins over another context.
        QCOMPARE(choose.compareRight(ids, u"s"_s, u"pageviews-value"_s, u"s"_s), u"t"_s);
        // The same qualified name on another registry: cloud's payments-value is on platform.
        QCOMPARE(choose.compareRight(ids, u"c"_s, u"payments-value"_s, u"c"_s), u"p"_s);
        QCOMPARE(choose.compareRight(ids, u"p"_s, u":.analytics:page_events-value"_s, u"u"_s), u"c"_s);
        // A copy back to its origin: target's :.source:pageviews-value is source's pageviews-value.
        QCOMPARE(choose.compareRight(ids, u"t"_s, u":.source:pageviews-value"_s, u"t"_s), u"s"_s);
        // Only another context of the same registry holds the name: that registry.
        QCOMPARE(choose.compareRight(ids, u"c"_s, u"alone"_s, u"u"_s), u"c"_s);
        // No counterpart: the registry selected in the tree, else another one than the left.
        QCOMPARE(choose.compareRight(ids, u"s"_s, u"users-value"_s, u"p"_s), u"p"_s);
        QCOMPARE(choose.compareRight(ids, u"s"_s, u"users-value"_s, u"s"_s), u"s"_s);
        QCOMPARE(choose.compareRight(ids, u"s"_s, u"users-value"_s, QString()), u"u"_s);
        QCOMPARE(choose.compareRight(ids, u"s"_s, QString(), u"c"_s), u"c"_s);
        QCOMPARE(choose.compareRight({u"s"_s}, u"s"_s, u"users-value"_s, QString()), u"s"_s);
    }

    void exporterSourceFollowsTheSelection()
    {
        RegistryTreeModel model;
        load(model);
        const DefaultRegistry choose(model);
        // target is a read-only mirror here: it cannot run an exporter.
        const QStringList writable{u"u"_s, u"s"_s, u"p"_s, u"c"_s};
        QCOMPARE(choose.exporterSource(writable, u"p"_s, u"s"_s, QString()), u"p"_s); // asked for
        QCOMPARE(choose.exporterSource(writable, QString(), u"c"_s, QString()), u"c"_s);
        QCOMPARE(choose.exporterSource(writable, u"t"_s, u"s"_s, QString()), u"s"_s);
        // A copy selected on the read-only mirror: its origin.
        QCOMPARE(choose.exporterSource(writable, QString(), u"t"_s, u":.source:pageviews-value"_s), u"s"_s);
        QCOMPARE(choose.exporterSource(writable, QString(), u"t"_s, QString()), u"u"_s);
        QCOMPARE(choose.exporterSource({}, QString(), u"t"_s, QString()), QString());
    }
};

QTEST_GUILESS_MAIN(TestDefaultRegistry)
#include "tst_defaultregistry.moc"
