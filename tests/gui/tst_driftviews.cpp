// The app's drift and path views: a node's kernel tables coloured by drift, the cluster-wide
// drift list, the summaries on the topology and in the lease table, and the packet path view,
// on crafted reports served by fake agents over HTTP and summaries in a real etcd.
#include "../unit/craftedcluster.h"
#include "clusterstate.h"
#include "drift/agentreports.h"
#include "drift/driftlistmodel.h"
#include "drift/driftpanel.h"
#include "drift/nodetablemodel.h"
#include "drift/nodetablespanel.h"
#include "etcdtestutil.h"
#include "fakeagent.h"
#include "mainwindow.h"
#include "models/leasetablemodel.h"
#include "panels/leasetablepanel.h"
#include "path/pathdiagram.h"
#include "path/pathpanel.h"
#include "pathtracer.h"
#include "storelayout.h"
#include "topology/nodecard.h"
#include "topology/nodedetailpanel.h"
#include "topology/topologyscene.h"

#include <QAbstractItemModelTester>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using namespace tartan::gui;
using namespace tartan::test;

namespace {

const QByteArray kPrefix = "/coreos.com/network";
const QByteArray kConfig = R"({"Network":"10.244.0.0/16","SubnetMin":"10.244.1.0","Backend":{"Type":"vxlan"}})";

NetworkConfig parsedConfig()
{
    return *NetworkConfig::parse(kConfig);
}

QByteArray leaseValue(int node)
{
    return QStringLiteral(R"({"PublicIP":"192.168.1.%1","BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"%2"}})")
        .arg(node)
        .arg(craftedMac(node))
        .toUtf8();
}

// The crafted cluster with the parsed config, so the reports match what the app computes.
CraftedCluster brokenCluster(const QString &breakName, int nodes = 3)
{
    CraftedCluster cluster(QStringLiteral("vxlan"), nodes);
    cluster.config = parsedConfig();
    for (int node = 1; node <= nodes; ++node)
        cluster.reports[node - 1] = craftedReport(cluster.config, cluster.leases, node);
    cluster.apply(breakName);
    return cluster;
}

QList<int> rowsIn(const NodeTableModel &model, NodeTableModel::State state)
{
    QList<int> rows;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.stateAt(row) == state)
            rows << row;
    return rows;
}

} // namespace

class TestDriftViews : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TartanTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_driftviews"));
    }

    void nodeTableColoursEveryEntry_data()
    {
        QTest::addColumn<QString>("breakName");
        QTest::addColumn<int>("table");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("entryPart");   // in the drifting row's entry
        QTest::addColumn<QString>("desiredPart"); // in its "should be" column
        QTest::newRow("missing fdb") << "remove-fdb" << int(DriftEntry::Table::Fdb) << int(NodeTableModel::State::Missing)
                                     << "c6:00:00:00:00:02 dst 192.168.1.2" << "";
        QTest::newRow("stale fdb") << "stale-fdb" << int(DriftEntry::Table::Fdb) << int(NodeTableModel::State::Stale)
                                   << "dst 192.168.1.9" << "dst 192.168.1.2";
        QTest::newRow("stale neigh") << "stale-neigh" << int(DriftEntry::Table::Neighbour) << int(NodeTableModel::State::Stale)
                                     << "lladdr c6:00:00:00:00:09" << "lladdr c6:00:00:00:00:02";
        QTest::newRow("missing route") << "remove-route" << int(DriftEntry::Table::Route) << int(NodeTableModel::State::Missing)
                                       << "10.244.2.0/24 via 10.244.2.0" << "";
        QTest::newRow("extra route") << "extra-route" << int(DriftEntry::Table::Route) << int(NodeTableModel::State::Extra)
                                     << "10.244.2.0/25" << "";
        QTest::newRow("wrong mtu") << "wrong-mtu" << int(DriftEntry::Table::Link) << int(NodeTableModel::State::Stale)
                                   << "mtu 1500" << "mtu 1450";
    }

    void nodeTableColoursEveryEntry()
    {
        QFETCH(QString, breakName);
        QFETCH(int, table);
        QFETCH(int, state);
        QFETCH(QString, entryPart);
        QFETCH(QString, desiredPart);
        const CraftedCluster cluster = brokenCluster(breakName);
        const NodeReport &report = cluster.reports.at(0);
        const NodeDrift drift = computeNodeDrift(cluster.config, cluster.leases, report);
        NodeTableModel model{DriftEntry::Table(table)};
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setData(report, drift, cluster.leases);
        QCOMPARE(model.driftCount(), 1);
        const QList<int> drifting = rowsIn(model, NodeTableModel::State(state));
        QCOMPARE(drifting.size(), 1);
        const int row = drifting.first();
        QVERIFY2(model.entryAt(row).contains(entryPart), qPrintable(model.entryAt(row)));
        QVERIFY2(model.index(row, NodeTableModel::DesiredColumn).data().toString().contains(desiredPart),
                 qPrintable(model.index(row, NodeTableModel::DesiredColumn).data().toString()));
        QCOMPARE(model.index(row, NodeTableModel::EntryColumn).data(Qt::BackgroundRole).value<QColor>(),
                 NodeTableModel::stateColor(NodeTableModel::State(state)));
        if (table != int(DriftEntry::Table::Link))
            QVERIFY2(model.index(row, NodeTableModel::LeaseColumn).data().toString().contains(QStringLiteral("10.244.2.0")),
                     qPrintable(model.index(row, NodeTableModel::LeaseColumn).data().toString()));
        // Every other row is in sync, uncoloured, and (but links) names its lease.
        for (int other = 0; other < model.rowCount(); ++other) {
            if (other == row)
                continue;
            QCOMPARE(model.stateAt(other), NodeTableModel::State::InSync);
            QVERIFY(!model.index(other, NodeTableModel::EntryColumn).data(Qt::BackgroundRole).isValid());
        }
        // A missing row sits in place: entries stay in text order.
        for (int next = 1; next < model.rowCount(); ++next)
            QVERIFY(model.entryAt(next - 1) <= model.entryAt(next));
    }

    void cleanReportHasNoDrift()
    {
        const CraftedCluster cluster = brokenCluster(QStringLiteral("none"));
        const NodeDrift drift = computeNodeDrift(cluster.config, cluster.leases, cluster.reports.at(1));
        for (const auto table : {DriftEntry::Table::Route, DriftEntry::Table::Neighbour, DriftEntry::Table::Fdb}) {
            NodeTableModel model{table};
            model.setData(cluster.reports.at(1), drift, cluster.leases);
            QCOMPARE(model.driftCount(), 0);
            QCOMPARE(model.rowCount() > 0, true);
        }
        // Two peers: two FDB entries, each explained by its peer's lease.
        NodeTableModel fdb{DriftEntry::Table::Fdb};
        fdb.setData(cluster.reports.at(1), drift, cluster.leases);
        QCOMPARE(fdb.rowCount(), 2);
        QVERIFY(fdb.index(0, NodeTableModel::LeaseColumn).data().toString().startsWith(QStringLiteral("10.244.1.0")));
    }

    void pathDiagramDrawsTheBreak()
    {
        const CraftedCluster cluster = brokenCluster(QStringLiteral("remove-fdb"));
        const PathTrace trace = PathTracer(cluster.config, cluster.leases, cluster.reports).trace(*IpAddress::parse(u"10.244.1.2"),
                                                                                                   *IpAddress::parse(u"10.244.2.2"));
        QVERIFY(!trace.arrived());
        PathDiagram diagram;
        diagram.resize(1300, 700);
        diagram.setTrace(trace);
        QCOMPARE(diagram.boxCount(), int(trace.hops.size()) + 1);
        QTRY_VERIFY(diagram.packetBox() > 0); // the packet moves
        // The break box is red where it is drawn.
        diagram.setAnimated(false);
        const QImage image = diagram.grab().toImage();
        const int last = diagram.boxCount() - 1;
        const int perRow = (1300 - 32 + PathDiagram::kGap) / (PathDiagram::kBoxWidth + PathDiagram::kGap);
        const QPoint corner(16 + (last % perRow) * (PathDiagram::kBoxWidth + PathDiagram::kGap) + PathDiagram::kBoxWidth / 2,
                            16 + (last / perRow) * (PathDiagram::kBoxHeight + PathDiagram::kGap) + 1);
        const QColor border = image.pixelColor(corner);
        QVERIFY2(border.red() > 150 && border.red() - border.green() > 40, qPrintable(border.name()));
        // A hop's box is not.
        const QColor hop = image.pixelColor(QPoint(16 + PathDiagram::kBoxWidth / 2, 17));
        QVERIFY2(hop.red() - hop.green() < 20, qPrintable(hop.name()));
    }

    void windowShowsDriftFromAgentsAndStore()
    {
        QString why;
        if (!EtcdFixture::available(&why))
            QSKIP(qPrintable(why));
        std::unique_ptr<EtcdFixture> etcd;
        std::unique_ptr<EtcdClient> client;
        TARTAN_VERIFY_OK(startEtcdWithClient(etcd, client));

        // Three nodes with agents (node 1 lost its FDB entry for node 2), a fourth without one.
        CraftedCluster cluster = brokenCluster(QStringLiteral("remove-fdb"), 4);
        FakeAgent agents[3];
        const StoreLayout layout(QString::fromLatin1(kPrefix));
        SyncEtcd store(*client);
        TARTAN_VERIFY_OK(store.put(kPrefix + "/config", kConfig));
        for (int node = 1; node <= 4; ++node)
            TARTAN_VERIFY_OK(store.put(kPrefix + "/subnets/10.244." + QByteArray::number(node) + ".0-24", leaseValue(node)));
        for (int node = 1; node <= 3; ++node) {
            NodeReport &report = cluster.report(node);
            report.summary.endpoint = agents[node - 1].endpoint();
            report.summary.health = node == 1 ? QStringLiteral("degraded") : QStringLiteral("ok");
            report.summary.driftCount = node == 1 ? 1 : 0;
            agents[node - 1].report = report;
            TARTAN_VERIFY_OK(store.put(layout.reportKey(report.summary.lease), encodeNodeSummary(report.summary)));
        }
        const SubnetKey node1 = cluster.report(1).summary.lease;
        const SubnetKey node4 = craftedLease(cluster.config, 4).subnet;

        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::ready);
        EtcdClientOptions options;
        options.endpoints = etcd->clientUrls();
        TARTAN_VERIFY_OK(window.connectTo(options, QString::fromLatin1(kPrefix)));
        window.traceOnLoad(QStringLiteral("10.244.1.2"), QStringLiteral("10.244.2.2"));
        window.show();
        QVERIFY(ready.wait(20000));

        // The summaries: a badge on node 1's card, health in the lease table, node 4 unreported.
        QTRY_COMPARE(window.topologyScene()->card(node1)->driftCount(), 1);
        QVERIFY(!window.topologyScene()->card(node1)->healthOk());
        QVERIFY(!window.topologyScene()->card(node4)->hasHealth());
        auto *leases = window.findChild<LeaseTablePanel *>()->view()->model();
        QAbstractItemModelTester leaseTester(leases, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList health;
        for (int row = 0; row < leases->rowCount(); ++row)
            health << leases->index(row, LeaseTableModel::HealthColumn).data().toString() + QLatin1Char('/')
                          + leases->index(row, LeaseTableModel::DriftColumn).data().toString();
        QCOMPARE(health, (QStringList{QStringLiteral("degraded/1"), QStringLiteral("ok/0"), QStringLiteral("ok/0"),
                                      QStringLiteral("no report/")}));

        // The path view traced at start, through the agents' reports: stopped at node 1's FDB.
        const auto &trace = window.pathPanel()->result();
        QVERIFY(trace.has_value());
        QVERIFY2(trace->stop.has_value(), qPrintable(trace->toStrings().join(u'\n')));
        QCOMPARE(trace->stop->stage, PathHop::Stage::Fdb);
        QCOMPARE(trace->stop->node, node1);
        QVERIFY(trace->stop->expected.contains(QStringLiteral("c6:00:00:00:00:02 dst 192.168.1.2")));
        QCOMPARE(window.pathPanel()->diagram()->boxCount(), int(trace->hops.size()) + 1);
        QVERIFY(window.pathPanel()->statusText().contains(trace->stop->reason));

        // The node's tables: the missing FDB row, fetched from its agent.
        window.topologyScene()->selectNode(node1);
        window.nodePanel()->showTablesTab();
        NodeTableModel *fdb = window.nodeTables()->model(DriftEntry::Table::Fdb);
        QTRY_COMPARE(fdb->driftCount(), 1);
        QCOMPARE(rowsIn(*fdb, NodeTableModel::State::Missing).size(), 1);
        QVERIFY(window.nodeTables()->statusText().contains(agents[0].endpoint()));

        // The drift list: one row, node 1's FDB entry; a double click opens its tab.
        DriftListModel *list = window.driftPanel()->model();
        QAbstractItemModelTester listTester(list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.agentReports()->fetchAll();
        QTRY_COMPARE(window.agentReports()->fetchesInFlight(), 0);
        list->rebuild();
        QCOMPARE(list->rowCount(), 1);
        QCOMPARE(list->index(0, DriftListModel::NodeColumn).data(DriftListModel::NodeRole).value<SubnetKey>(), node1);
        QCOMPARE(list->index(0, DriftListModel::TableColumn).data().toString(), QStringLiteral("fdb"));
        QCOMPARE(list->cleanNodes(), 2);

        // Repair asks the agent; once its kernel is fixed the tables are clean.
        agents[0].report = craftedReport(cluster.config, cluster.leases, 1); // all four leases, nothing broken
        agents[0].report.summary.endpoint = agents[0].endpoint();
        QSignalSpy repaired(window.agentReports(), &AgentReports::repairDone);
        window.agentReports()->repair(node1);
        QVERIFY(repaired.wait(10000));
        QCOMPARE(repaired.first().at(1).toString(), QString());
        QCOMPARE(agents[0].repairs, 1);
        QTRY_COMPARE(fdb->driftCount(), 0);

        // An agent that is gone: the tables say so, with the summary from the store.
        agents[1].close();
        const SubnetKey node2 = cluster.report(2).summary.lease;
        window.topologyScene()->selectNode(node2);
        QTRY_VERIFY2(window.nodeTables()->statusText().contains(QStringLiteral("cannot be reached")),
                     qPrintable(window.nodeTables()->statusText()));
        QVERIFY(window.nodeTables()->statusText().contains(QStringLiteral("its last report")));
        window.topologyScene()->selectNode(node4);
        QTRY_VERIFY(window.nodeTables()->statusText().contains(QStringLiteral("publishes no summary")));
    }

    void traceOptionScreenshot()
    {
        QString why;
        if (!EtcdFixture::available(&why))
            QSKIP(qPrintable(why));
        std::unique_ptr<EtcdFixture> etcd;
        std::unique_ptr<EtcdClient> client;
        TARTAN_VERIFY_OK(startEtcdWithClient(etcd, client));
        SyncEtcd store(*client);
        TARTAN_VERIFY_OK(store.put(kPrefix + "/config", kConfig));
        TARTAN_VERIFY_OK(store.put(kPrefix + "/subnets/10.244.1.0-24", leaseValue(1)));
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("path.png"));
        QProcess tartan;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        tartan.setProcessEnvironment(environment);
        const QUrl endpoint = etcd->clientUrl(0);
        tartan.start(QStringLiteral(TARTAN_BIN_DIR "/tartan"),
                     {QStringLiteral("--connect"), QStringLiteral("etcd://%1:%2").arg(endpoint.host()).arg(endpoint.port()),
                      QStringLiteral("--trace"), QStringLiteral("10.244.1.2"), QStringLiteral("10.244.3.2"),
                      QStringLiteral("--screenshot"), png});
        QVERIFY(tartan.waitForFinished(60000));
        QVERIFY2(tartan.exitCode() == 0, tartan.readAllStandardError().constData());
        QVERIFY(!QImage(png).isNull());

        QProcess bad;
        bad.setProcessEnvironment(environment);
        bad.start(QStringLiteral(TARTAN_BIN_DIR "/tartan"), {QStringLiteral("--trace"), QStringLiteral("10.244.1.2")});
        QVERIFY(bad.waitForFinished(30000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("--trace"));
    }
};

QTEST_MAIN(TestDriftViews)
#include "tst_driftviews.moc"
