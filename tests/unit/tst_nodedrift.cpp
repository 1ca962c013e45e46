// Drift on crafted table sets (craftedcluster.h): clean for every backend variant, then one break at
// a time, each of which must show up as exactly the entries it changed, with the lease behind them.
#include "craftedcluster.h"
#include "nodedrift.h"

#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

QStringList linesOf(const NodeDrift &drift)
{
    QStringList lines;
    for (const DriftEntry &entry : drift.entries)
        lines << entry.toString();
    return lines;
}

const QString kLease1 = QStringLiteral("lease 10.244.1.0-24 (192.168.1.1)");
const QString kLease2 = QStringLiteral("lease 10.244.2.0-24 (192.168.1.2)");

} // namespace

class TestNodeDrift : public QObject
{
    Q_OBJECT
private slots:
    void cleanEveryVariant_data()
    {
        QTest::addColumn<QString>("variant");
        for (const char *variant : {"vxlan", "vxlan-direct", "vxlan-vni7", "host-gw", "ipip", "ipip-direct", "udp"})
            QTest::newRow(variant) << QString::fromLatin1(variant);
    }

    void cleanEveryVariant()
    {
        QFETCH(QString, variant);
        const CraftedCluster cluster(variant);
        const QList<NodeDrift> drift = computeClusterDrift(cluster.config, cluster.leases, cluster.reports);
        QCOMPARE(drift.size(), 3);
        for (const NodeDrift &node : drift) {
            QVERIFY2(node.clean(), qPrintable(linesOf(node).join(u'\n') + node.error));
            QVERIFY(node.exclusions.isEmpty());
        }
        QCOMPARE(drift.first().toJson()["clean"].get<bool>(), true);
    }

    void breaks_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("breakage");
        QTest::addColumn<int>("node");
        QTest::addColumn<QStringList>("expected");

        const QString vxRoute = QStringLiteral("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
        const QString neigh = QStringLiteral("10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT");
        const QString fdb = QStringLiteral("c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent");

        QTest::newRow("vxlan: route missing") << "vxlan" << "remove-route" << 1 << QStringList{"missing route " + vxRoute + " -- " + kLease2};
        QTest::newRow("vxlan: route stale") << "vxlan" << "stale-route" << 1
                                            << QStringList{"stale route " + vxRoute + " (is 10.244.2.0/24 via 10.244.2.9 dev flannel.1 onlink) -- gateway 10.244.2.9, not 10.244.2.0; " + kLease2};
        QTest::newRow("vxlan: extra route") << "vxlan" << "extra-route" << 1
                                            << QStringList{"extra route 10.244.2.0/25 via 10.244.2.0 dev flannel.1 onlink -- not what the lease calls for; " + kLease2};
        QTest::newRow("vxlan: neighbour missing") << "vxlan" << "remove-neigh" << 1 << QStringList{"missing neigh " + neigh + " -- " + kLease2};
        QTest::newRow("vxlan: neighbour stale") << "vxlan" << "stale-neigh" << 1
                                                << QStringList{"stale neigh " + neigh + " (is 10.244.2.0 lladdr c6:00:00:00:00:09 dev flannel.1 PERMANENT) -- lladdr c6:00:00:00:00:09, not c6:00:00:00:00:02; " + kLease2};
        QTest::newRow("vxlan: FDB missing") << "vxlan" << "remove-fdb" << 1 << QStringList{"missing fdb " + fdb + " -- " + kLease2};
        QTest::newRow("vxlan: FDB stale") << "vxlan" << "stale-fdb" << 1
                                          << QStringList{"stale fdb " + fdb + " (is c6:00:00:00:00:02 dst 192.168.1.9 dev flannel.1 self permanent) -- dst 192.168.1.9, not 192.168.1.2; " + kLease2};
        QTest::newRow("vxlan: wrong MTU") << "vxlan" << "wrong-mtu" << 1
                                          << QStringList{"stale link flannel.1 vxlan id 1 local 192.168.1.1 dstport 8472 mtu 1450 (is flannel.1 vxlan id 1 local 192.168.1.1 dstport 8472 mtu 1500) -- mtu 1500, not 1450; " + kLease1};
        QTest::newRow("vxlan: device missing") << "vxlan" << "remove-device" << 1
                                               << QStringList{"missing link flannel.1 vxlan id 1 local 192.168.1.1 dstport 8472 mtu 1450 -- " + kLease1};
        QTest::newRow("vxlan: a gone node's entries") << "vxlan" << "gone-node" << 1
                                                      << QStringList{"extra neigh 10.244.9.0 lladdr c6:00:00:00:00:09 dev flannel.1 PERMANENT -- no lease explains it",
                                                                     "extra fdb c6:00:00:00:00:09 dst 192.168.1.9 dev flannel.1 self permanent -- no lease explains it",
                                                                     "extra route 10.244.9.0/24 via 10.244.9.0 dev flannel.1 onlink -- no lease explains it"};
        QTest::newRow("vxlan: entries of an excluded lease") << "vxlan" << "exclude-n2" << 1
                                                             << QStringList{"extra neigh " + neigh + " -- excluded: lease 10.244.2.0-24: BackendType \"host-gw\" is not \"vxlan\"; " + kLease2,
                                                                            "extra fdb " + fdb + " -- excluded: lease 10.244.2.0-24: BackendType \"host-gw\" is not \"vxlan\"; " + kLease2,
                                                                            "extra route " + vxRoute + " -- excluded: lease 10.244.2.0-24: BackendType \"host-gw\" is not \"vxlan\"; " + kLease2};
        QTest::newRow("vxlan: a peer's lease is gone") << "vxlan" << "drop-lease-n2" << 1
                                                       << QStringList{"extra neigh " + neigh + " -- no lease explains it",
                                                                      "extra fdb " + fdb + " -- no lease explains it",
                                                                      "extra route " + vxRoute + " -- no lease explains it"};
        QTest::newRow("vxlan VNI 7: FDB missing") << "vxlan-vni7" << "remove-fdb" << 1
                                                  << QStringList{"missing fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.7 self permanent -- " + kLease2};
        QTest::newRow("vxlan DirectRouting: route stale") << "vxlan-direct" << "stale-route" << 1
                                                          << QStringList{"stale route 10.244.2.0/24 via 192.168.1.2 dev eth0 (is 10.244.2.0/24 via 192.168.1.9 dev eth0) -- gateway 192.168.1.9, not 192.168.1.2; " + kLease2};
        QTest::newRow("host-gw: route missing") << "host-gw" << "remove-route" << 1 << QStringList{"missing route 10.244.2.0/24 via 192.168.1.2 dev eth0 -- " + kLease2};
        QTest::newRow("host-gw: extra route") << "host-gw" << "extra-route" << 1
                                              << QStringList{"extra route 10.244.2.0/25 via 192.168.1.2 dev eth0 -- not what the lease calls for; " + kLease2};
        QTest::newRow("ipip: route stale") << "ipip" << "stale-route" << 1
                                           << QStringList{"stale route 10.244.2.0/24 via 192.168.1.2 dev flannel.ipip onlink (is 10.244.2.0/24 via 192.168.1.9 dev flannel.ipip onlink) -- gateway 192.168.1.9, not 192.168.1.2; " + kLease2};
        QTest::newRow("ipip: wrong MTU") << "ipip" << "wrong-mtu" << 1
                                         << QStringList{"stale link flannel.ipip ipip local 192.168.1.1 mtu 1480 (is flannel.ipip ipip mtu 1500) -- mtu 1500, not 1480; " + kLease1};
        QTest::newRow("udp: network route missing") << "udp" << "remove-route" << 1 << QStringList{"missing route 10.244.0.0/16 dev flannel0"};
        QTest::newRow("udp: flannel0 missing") << "udp" << "remove-device" << 1 << QStringList{"missing link flannel0 tun mtu 1472 -- " + kLease1};
        // Breaks outside the node's own tables leave its drift clean.
        QTest::newRow("vxlan: a bridge is not Tartan's") << "vxlan" << "remove-bridge" << 1 << QStringList();
        QTest::newRow("vxlan: other node untouched") << "vxlan" << "remove-fdb" << 2 << QStringList();
    }

    void breaks()
    {
        QFETCH(QString, variant);
        QFETCH(QString, breakage);
        QFETCH(int, node);
        QFETCH(QStringList, expected);
        CraftedCluster cluster(variant);
        QVERIFY(cluster.apply(breakage));
        const NodeDrift drift = computeNodeDrift(cluster.config, cluster.leases, cluster.report(node));
        QCOMPARE(drift.error, QString());
        QCOMPARE(linesOf(drift), expected);
        QCOMPARE(drift.clean(), expected.isEmpty());
        QCOMPARE(drift.toJson()["drift"].size(), size_t(expected.size()));
    }

    void leaseOfEachEntry()
    {
        CraftedCluster cluster(QStringLiteral("vxlan"));
        QVERIFY(cluster.apply(QStringLiteral("remove-fdb")));
        const NodeDrift drift = computeNodeDrift(cluster.config, cluster.leases, cluster.report(1));
        QCOMPARE(drift.entries.size(), 1);
        const DriftEntry &entry = drift.entries.first();
        QCOMPARE(entry.kind, DriftEntry::Kind::Missing);
        QCOMPARE(entry.table, DriftEntry::Table::Fdb);
        QCOMPARE(entry.lease.toString(), QStringLiteral("10.244.2.0-24"));
        QCOMPARE(entry.actual, QString());
        const json::Json json = entry.toJson();
        QCOMPARE(json["kind"].get<std::string>(), std::string("missing"));
        QCOMPARE(json["table"].get<std::string>(), std::string("fdb"));
        QCOMPARE(json["lease"].get<std::string>(), std::string("10.244.2.0-24"));
        QVERIFY(json["actual"].is_null());
    }

    void nodeWithoutLease()
    {
        CraftedCluster cluster(QStringLiteral("vxlan"));
        cluster.leases.removeFirst();
        const NodeDrift drift = computeNodeDrift(cluster.config, cluster.leases, cluster.report(1));
        QVERIFY(!drift.clean());
        QVERIFY(drift.entries.isEmpty());
        QCOMPARE(drift.error, QStringLiteral("node 10.244.1.0-24: its lease is not in the store"));
    }

    void clusterIsSortedByNode()
    {
        CraftedCluster cluster(QStringLiteral("host-gw"));
        QVERIFY(cluster.apply(QStringLiteral("remove-route")));
        std::reverse(cluster.reports.begin(), cluster.reports.end());
        const QList<NodeDrift> drift = computeClusterDrift(cluster.config, cluster.leases, cluster.reports);
        QStringList nodes;
        for (const NodeDrift &node : drift)
            nodes << node.node.toString() + (node.clean() ? QString() : QStringLiteral(" drifts"));
        QCOMPARE(nodes, (QStringList{"10.244.1.0-24 drifts", "10.244.2.0-24", "10.244.3.0-24"}));
    }
};

QTEST_GUILESS_MAIN(TestNodeDrift)
#include "tst_nodedrift.moc"
