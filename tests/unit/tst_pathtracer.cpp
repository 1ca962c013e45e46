// The path tracer on crafted table sets (craftedcluster.h): a clean trace for every backend variant,
// then one break at a time, each of which must stop the trace at the broken entry and name it.
#include "craftedcluster.h"
#include "pathtracer.h"

#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

QString stagesOf(const PathTrace &trace)
{
    QStringList stages;
    for (const PathHop &hop : trace.hops)
        stages << pathStageName(hop.stage);
    return stages.join(u',');
}

QString headersOf(const PathHop &hop)
{
    QStringList headers;
    for (const HeaderLayer &header : hop.headers)
        headers << QStringLiteral("%1 %2%3").arg(header.name).arg(header.bytes).arg(header.detail.isEmpty() || header.name.startsWith(u"Ethernet") ? QString() : QStringLiteral(" [%1]").arg(header.detail));
    return headers.join(QStringLiteral(", "));
}

const QString kVxlanPath = QStringLiteral("source,bridge,route lookup,neighbour,fdb,encapsulation,underlay,decapsulation,route lookup,bridge,delivery");
const QString kDirectPath = QStringLiteral("source,bridge,route lookup,underlay,route lookup,bridge,delivery");
const QString kIpipPath = QStringLiteral("source,bridge,route lookup,encapsulation,underlay,decapsulation,route lookup,bridge,delivery");
const QString kUdpPath = QStringLiteral("source,bridge,route lookup,userspace,encapsulation,underlay,decapsulation,route lookup,bridge,delivery");

} // namespace

class TestPathTracer : public QObject
{
    Q_OBJECT
private slots:
    void clean_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<QString>("stages");
        QTest::addColumn<QString>("wireStage"); // the hop whose headers are checked
        QTest::addColumn<QString>("headers");

        const QString inner = QStringLiteral("IPv4 20 [10.244.1.5 -> 10.244.2.7], ICMP 8 [echo request], payload 56");
        QTest::newRow("vxlan") << "vxlan" << "10.244.1.5" << "10.244.2.7" << kVxlanPath << "encapsulation"
                               << "Ethernet 14, IPv4 20 [192.168.1.1 -> 192.168.1.2], UDP 8 [dport 8472], VXLAN 8 [VNI 1], Ethernet 14, " + inner;
        QTest::newRow("vxlan VNI 7 Port 4789") << "vxlan-vni7" << "10.244.1.5" << "10.244.2.7" << kVxlanPath << "encapsulation"
                                               << "Ethernet 14, IPv4 20 [192.168.1.1 -> 192.168.1.2], UDP 8 [dport 4789], VXLAN 8 [VNI 7], Ethernet 14, " + inner;
        QTest::newRow("vxlan DirectRouting") << "vxlan-direct" << "10.244.1.5" << "10.244.2.7" << kDirectPath << "underlay"
                                             << "Ethernet 14, " + inner;
        QTest::newRow("host-gw") << "host-gw" << "10.244.1.5" << "10.244.2.7" << kDirectPath << "underlay" << "Ethernet 14, " + inner;
        QTest::newRow("ipip") << "ipip" << "10.244.1.5" << "10.244.2.7" << kIpipPath << "encapsulation"
                              << "Ethernet 14, IPv4 20 [192.168.1.1 -> 192.168.1.2, proto 4 (IP-in-IP)], " + inner;
        QTest::newRow("ipip DirectRouting") << "ipip-direct" << "10.244.1.5" << "10.244.2.7" << kDirectPath << "underlay" << "Ethernet 14, " + inner;
        QTest::newRow("udp") << "udp" << "10.244.1.5" << "10.244.2.7" << kUdpPath << "encapsulation"
                             << "Ethernet 14, IPv4 20 [192.168.1.1 -> 192.168.1.2], UDP 8 [dport 8285], " + inner;
        QTest::newRow("vxlan from a node") << "vxlan" << "192.168.1.1" << "10.244.2.7"
                                           << "source,route lookup,neighbour,fdb,encapsulation,underlay,decapsulation,route lookup,bridge,delivery"
                                           << "decapsulation" << "IPv4 20 [192.168.1.1 -> 10.244.2.7], ICMP 8 [echo request], payload 56";
        QTest::newRow("vxlan to a node's cni0") << "vxlan" << "10.244.1.5" << "10.244.3.1"
                                                << "source,bridge,route lookup,neighbour,fdb,encapsulation,underlay,decapsulation,delivery"
                                                << "delivery" << "IPv4 20 [10.244.1.5 -> 10.244.3.1], ICMP 8 [echo request], payload 56";
        QTest::newRow("same node") << "vxlan" << "10.244.1.5" << "10.244.1.9" << "source,bridge,route lookup,bridge,delivery"
                                   << "bridge" << "Ethernet 14, IPv4 20 [10.244.1.5 -> 10.244.1.9], ICMP 8 [echo request], payload 56";
        QTest::newRow("to a node's public IP") << "host-gw" << "10.244.1.5" << "192.168.1.3" << "source,bridge,route lookup,underlay,delivery"
                                               << "underlay" << "Ethernet 14, IPv4 20 [10.244.1.5 -> 192.168.1.3], ICMP 8 [echo request], payload 56";
    }

    void clean()
    {
        QFETCH(QString, variant);
        QFETCH(QString, source);
        QFETCH(QString, destination);
        QFETCH(QString, stages);
        QFETCH(QString, wireStage);
        QFETCH(QString, headers);
        const CraftedCluster cluster(variant);
        const PathTrace trace = PathTracer(cluster.config, cluster.leases, cluster.reports)
                                    .trace(ip(source.toLatin1().constData()), ip(destination.toLatin1().constData()));
        QVERIFY2(trace.arrived(), qPrintable(trace.toStrings().join(u'\n')));
        QCOMPARE(stagesOf(trace), stages);
        const PathHop *wire = nullptr;
        for (const PathHop &hop : trace.hops)
            if (pathStageName(hop.stage) == wireStage)
                wire = &hop; // the last one: on the receiving side for route lookup and bridge
        QVERIFY(wire);
        QCOMPARE(headersOf(*wire), headers);
        QVERIFY(trace.toStrings().last() == u"arrived");
        QCOMPARE(trace.toJson()["arrived"].get<bool>(), true);
    }

    void sizesAndMtu()
    {
        const CraftedCluster cluster(QStringLiteral("vxlan"));
        const PathTracer tracer(cluster.config, cluster.leases, cluster.reports);
        const PathTrace small = tracer.trace(ip("10.244.1.5"), ip("10.244.2.7"));
        const auto encap = std::find_if(small.hops.begin(), small.hops.end(), [](const PathHop &h) { return h.stage == PathHop::Stage::Encapsulation; });
        QVERIFY(encap != small.hops.end());
        QCOMPARE(encap->size(), 14 + 20 + 8 + 8 + 14 + 20 + 8 + 56);
        QCOMPARE(encap->mtu, 1500);
        QCOMPARE(small.hops.first().inferred, true);
        QCOMPARE(small.hops.first().entry, QStringLiteral("default via 10.244.1.1 dev eth0"));
        // 1422 bytes of payload make a 1450-byte packet, flannel.1's MTU: it fits; one more does not.
        QVERIFY(tracer.trace(ip("10.244.1.5"), ip("10.244.2.7"), 1422).arrived());
        const PathTrace big = tracer.trace(ip("10.244.1.5"), ip("10.244.2.7"), 1423);
        QVERIFY(!big.arrived());
        QCOMPARE(big.stop->stage, PathHop::Stage::Encapsulation);
        QCOMPARE(big.stop->reason, QStringLiteral("the 1451-byte packet exceeds flannel.1's MTU 1450"));
    }

    void breaks_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("breakage");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("stage");
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("reason"); // a prefix of the reason
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("found");
        QTest::addColumn<QString>("lease");

        const QString n1 = QStringLiteral("10.244.1.0-24");
        const QString n2 = QStringLiteral("10.244.2.0-24");
        const QString pod = QStringLiteral("10.244.1.5");
        const QString vxRoute = QStringLiteral("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
        const QString defaultRoute = QStringLiteral("0.0.0.0/0 via 192.168.1.254 dev eth0");
        const QString neigh = QStringLiteral("10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT");
        const QString fdb = QStringLiteral("c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent");
        const QString device = QStringLiteral("flannel.1 vxlan id 1 local 192.168.1.1 dstport 8472 mtu 1450");

        QTest::newRow("vxlan: route missing") << "vxlan" << "remove-route" << pod << "route lookup" << n1
                                              << "route 10.244.2.0/24 is missing" << vxRoute << defaultRoute << n2;
        QTest::newRow("vxlan: route stale") << "vxlan" << "stale-route" << pod << "route lookup" << n1 << "stale route to 10.244.2.0/24"
                                            << vxRoute << "10.244.2.0/24 via 10.244.2.9 dev flannel.1 onlink" << n2;
        QTest::newRow("vxlan: extra route") << "vxlan" << "extra-route" << pod << "route lookup" << n1 << "an extra, more specific route"
                                            << vxRoute << "10.244.2.0/25 via 10.244.2.0 dev flannel.1 onlink" << n2;
        QTest::newRow("vxlan: neighbour missing") << "vxlan" << "remove-neigh" << pod << "neighbour" << n1
                                                  << "no neighbour entry for 10.244.2.0 on flannel.1" << neigh << "" << n2;
        QTest::newRow("vxlan: neighbour stale") << "vxlan" << "stale-neigh" << pod << "neighbour" << n1 << "stale neighbour entry"
                                                << neigh << "10.244.2.0 lladdr c6:00:00:00:00:09 dev flannel.1 PERMANENT" << n2;
        QTest::newRow("vxlan: FDB missing") << "vxlan" << "remove-fdb" << pod << "fdb" << n1
                                            << "no FDB entry for c6:00:00:00:00:02 on flannel.1" << fdb << "" << n2;
        QTest::newRow("vxlan: FDB stale") << "vxlan" << "stale-fdb" << pod << "fdb" << n1 << "stale FDB entry" << fdb
                                          << "c6:00:00:00:00:02 dst 192.168.1.9 dev flannel.1 self permanent" << n2;
        QTest::newRow("vxlan: wrong MTU") << "vxlan" << "wrong-mtu" << pod << "encapsulation" << n1
                                          << "flannel.1 has MTU 1500, the network needs 1450" << device
                                          << "flannel.1 vxlan id 1 local 192.168.1.1 dstport 8472 mtu 1500" << n1;
        QTest::newRow("vxlan: device missing") << "vxlan" << "remove-device" << pod << "encapsulation" << n1 << "no device flannel.1"
                                               << device << "" << n1;
        QTest::newRow("vxlan: bridge missing") << "vxlan" << "remove-bridge" << pod << "bridge" << n1 << "no bridge cni0"
                                               << "cni0 bridge 10.244.1.1/24 up" << "" << n1;
        QTest::newRow("vxlan: bridge holds another address") << "vxlan" << "bridge-address" << pod << "bridge" << n1
                                                             << "bridge cni0 does not hold the pods' gateway 10.244.1.1"
                                                             << "cni0 bridge 10.244.1.1/24 up" << "cni0 bridge 10.244.1.7/24 up" << n1;
        QTest::newRow("vxlan: remote bridge missing") << "vxlan" << "remove-bridge-n2" << pod << "bridge" << n2 << "no bridge cni0"
                                                      << "cni0 bridge 10.244.2.1/24 up" << "" << n2;
        QTest::newRow("vxlan: remote cni0 without address") << "vxlan" << "unaddressed-bridge-n2" << pod << "route lookup" << n2
                                                          << "10.244.2.7 is not routed to cni0" << "10.244.2.0/24 dev cni0" << defaultRoute << n2;
        QTest::newRow("vxlan: remote VTEP MAC wrong") << "vxlan" << "decap-mac-n2" << pod << "decapsulation" << n2
                                                      << "the inner frame goes to VTEP MAC c6:00:00:00:00:02" << "c6:00:00:00:00:02"
                                                      << "c6:00:00:00:00:09" << n2;
        QTest::newRow("vxlan: destination without report") << "vxlan" << "drop-report-n2" << pod << "decapsulation" << n2
                                                           << "no report from the destination node" << "" << "" << n2;
        QTest::newRow("vxlan: source without report") << "vxlan" << "drop-report-n1" << pod << "source" << n1
                                                      << "no report from the source node" << "" << "" << n1;
        QTest::newRow("vxlan: source in no lease") << "vxlan" << "none" << "10.99.0.5" << "source" << ""
                                                   << "source 10.99.0.5 is in no lease's subnet" << "" << "" << "";
        QTest::newRow("vxlan: peer lease missing") << "vxlan" << "drop-lease-n2" << pod << "route lookup" << n1
                                                   << "destination 10.244.2.7 is in no lease's subnet" << "" << vxRoute << "";
        QTest::newRow("vxlan: peer excluded") << "vxlan" << "exclude-n2" << pod << "route lookup" << n1
                                              << "the leases call for no route to 10.244.2.7: lease 10.244.2.0-24: BackendType \"host-gw\" is not \"vxlan\""
                                              << "" << vxRoute << n2;
        QTest::newRow("vxlan DirectRouting: route stale") << "vxlan-direct" << "stale-route" << pod << "route lookup" << n1 << "stale route"
                                                          << "10.244.2.0/24 via 192.168.1.2 dev eth0" << "10.244.2.0/24 via 192.168.1.9 dev eth0" << n2;
        QTest::newRow("vxlan VNI 7: FDB missing") << "vxlan-vni7" << "remove-fdb" << pod << "fdb" << n1 << "no FDB entry for c6:00:00:00:00:02 on flannel.7"
                                                  << "c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.7 self permanent" << "" << n2;
        QTest::newRow("host-gw: route missing") << "host-gw" << "remove-route" << pod << "route lookup" << n1 << "route 10.244.2.0/24 is missing"
                                                << "10.244.2.0/24 via 192.168.1.2 dev eth0" << defaultRoute << n2;
        QTest::newRow("host-gw: destination without report") << "host-gw" << "drop-report-n2" << pod << "decapsulation" << n2
                                                             << "no report from the destination node" << "" << "" << n2;
        QTest::newRow("ipip: route stale") << "ipip" << "stale-route" << pod << "route lookup" << n1 << "stale route"
                                           << "10.244.2.0/24 via 192.168.1.2 dev flannel.ipip onlink" << "10.244.2.0/24 via 192.168.1.9 dev flannel.ipip onlink" << n2;
        QTest::newRow("ipip: wrong MTU") << "ipip" << "wrong-mtu" << pod << "encapsulation" << n1 << "flannel.ipip has MTU 1500, the network needs 1480"
                                         << "flannel.ipip ipip local 192.168.1.1 mtu 1480" << "flannel.ipip ipip mtu 1500" << n1;
        QTest::newRow("ipip DirectRouting: extra route") << "ipip-direct" << "extra-route" << pod << "route lookup" << n1 << "an extra, more specific route"
                                                         << "10.244.2.0/24 via 192.168.1.2 dev eth0" << "10.244.2.0/25 via 192.168.1.2 dev eth0" << n2;
        QTest::newRow("udp: route missing") << "udp" << "remove-route" << pod << "route lookup" << n1 << "route 10.244.0.0/16 is missing"
                                            << "10.244.0.0/16 dev flannel0" << defaultRoute << n1;
        QTest::newRow("udp: flannel0 missing") << "udp" << "remove-device" << pod << "encapsulation" << n1 << "no device flannel0"
                                               << "flannel0 tun mtu 1472" << "" << n1;
        QTest::newRow("udp: destination without report") << "udp" << "drop-report-n2" << pod << "decapsulation" << n2
                                                         << "no report from the destination node" << "" << "" << n2;
    }

    void breaks()
    {
        QFETCH(QString, variant);
        QFETCH(QString, breakage);
        QFETCH(QString, source);
        QFETCH(QString, stage);
        QFETCH(QString, node);
        QFETCH(QString, reason);
        QFETCH(QString, expected);
        QFETCH(QString, found);
        QFETCH(QString, lease);
        CraftedCluster cluster(variant);
        QVERIFY(cluster.apply(breakage));
        const PathTrace trace = PathTracer(cluster.config, cluster.leases, cluster.reports).trace(ip(source.toLatin1().constData()), ip("10.244.2.7"));
        const QString text = trace.toStrings().join(u'\n');
        QVERIFY2(!trace.arrived(), qPrintable(text));
        QCOMPARE(pathStageName(trace.stop->stage), stage);
        QCOMPARE(trace.stop->node.isNull() ? QString() : trace.stop->node.toString(), node);
        QVERIFY2(trace.stop->reason.startsWith(reason), qPrintable(trace.stop->reason));
        QCOMPARE(trace.stop->expected, expected);
        QCOMPARE(trace.stop->found, found);
        QCOMPARE(trace.stop->lease.isNull() ? QString() : trace.stop->lease.toString(), lease);
        QVERIFY(text.contains(QStringLiteral("STOPPED at ") + stage));
        QCOMPARE(trace.toJson()["arrived"].get<bool>(), false);
        QCOMPARE(QString::fromStdString(trace.toJson()["stop"]["stage"].get<std::string>()), stage);
    }

    void mixedFamilies()
    {
        const CraftedCluster cluster(QStringLiteral("vxlan"));
        const PathTrace trace = PathTracer(cluster.config, cluster.leases, cluster.reports).trace(ip("10.244.1.5"), ip("fc00::5"));
        QVERIFY(!trace.arrived());
        QCOMPARE(trace.stop->reason, QStringLiteral("source 10.244.1.5 and destination fc00::5 are of different families"));
    }
};

QTEST_GUILESS_MAIN(TestPathTracer)
#include "tst_pathtracer.moc"
