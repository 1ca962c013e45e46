#include "nodereport.h"
#include "storelayout.h"
#include "testvalues.h"

#include <QTest>

using namespace tartan;
using namespace tartan::test;

Q_DECLARE_METATYPE(tartan::NodeSummary)
Q_DECLARE_METATYPE(tartan::NodeReport)

namespace {

SubnetKey key(const char *text)
{
    const auto parsed = SubnetKey::parse(QString::fromLatin1(text));
    Q_ASSERT(parsed.ok());
    return *parsed;
}

NodeSummary summary()
{
    NodeSummary s;
    s.lease = key("10.244.1.0-24");
    s.publicIp = ip("192.168.1.2");
    s.agentVersion = QStringLiteral("0.3.0");
    s.backend = QStringLiteral("vxlan");
    s.health = QStringLiteral("degraded");
    s.tableDigest = QStringLiteral("ab12");
    s.driftCount = 2;
    s.lastReconcile = QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 123), Qt::UTC);
    s.leasesSeen = 3;
    s.entriesProgrammed = 6;
    s.reconcileRepairs = 1;
    s.netlinkErrors = 0;
    s.storeErrors = 18446744073709551615ull;
    s.endpoint = QStringLiteral("http://127.0.0.1:8476");
    return s;
}

KernelTables tables()
{
    KernelTables t;
    t.routes << Route{net("10.244.2.0/24"), kMainRouteTable, ip("10.244.2.0"), "flannel.1", true}
             << Route{net("10.244.0.0/16"), 100, IpAddress(), "flannel0", false};
    t.neighbours << Neighbour{"flannel.1", ip("10.244.2.0"), mac("c6:d2:32:6f:8f:44"), true}
                 << Neighbour{"flannel.1", ip("10.244.3.0"), MacAddress(), false};
    t.fdb << FdbEntry{"flannel.1", mac("c6:d2:32:6f:8f:44"), ip("192.168.1.3"), true}
          << FdbEntry{"flannel-v6.1", mac("c6:d2:32:6f:8f:45"), ip("fd00::3"), false};
    return t;
}

NodeReport report()
{
    NodeReport r;
    r.summary = summary();
    r.external = ExternalInterface{"eth0", ip("192.168.1.2"), ip("fd00::2"), 1500,
                                   {net("192.168.1.0/24"), net("fd00::/64")}};
    LinkState vxlan;
    vxlan.name = "flannel.1";
    vxlan.kind = "vxlan";
    vxlan.mac = mac("c6:d2:32:6f:8f:40");
    vxlan.mtu = 1450;
    vxlan.up = true;
    vxlan.addresses = {net("10.244.1.0/32")};
    vxlan.hostAddresses = {ip("10.244.1.0")};
    vxlan.vxlan = VxlanAttributes{1, ip("192.168.1.2"), 8472, false, true};
    vxlan.counters = LinkCounters{1, 2, 3, 4, 5, 6, 7, 8};
    LinkState bridge;
    bridge.name = "cni0";
    bridge.kind = "bridge";
    bridge.mac = mac("0a:58:0a:f4:01:01");
    bridge.mtu = 1450;
    bridge.addresses = {net("10.244.1.0/24"), net("fe80::/64")};
    bridge.hostAddresses = {ip("10.244.1.1"), ip("fe80::858:aff:fef4:101")};
    LinkState tunnel;
    tunnel.name = "flannel.ipip";
    tunnel.kind = "ipip";
    tunnel.master = "br0";
    r.links = {bridge, vxlan, tunnel};
    r.tables = tables();
    return r;
}

// QVERIFY2 builds its message before it checks: an error's text only when there is one.
template <typename T>
QString messageOf(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().message();
}

} // namespace

class TestNodeReport : public QObject
{
    Q_OBJECT
private slots:
    void summaryRoundTrip_data()
    {
        QTest::addColumn<NodeSummary>("value");
        QTest::newRow("full") << summary();
        QTest::newRow("empty") << NodeSummary();
        NodeSummary dual = summary();
        dual.lease = key("10.244.1.0-24&fc00::-64");
        dual.lastReconcile = QDateTime();
        dual.endpoint.clear();
        QTest::newRow("dual stack, never reconciled") << dual;
    }
    void summaryRoundTrip()
    {
        QFETCH(NodeSummary, value);
        const QByteArray text = encodeNodeSummary(value);
        const auto decoded = decodeNodeSummary(text);
        QVERIFY2(decoded.ok(), qPrintable(messageOf(decoded)));
        QCOMPARE(*decoded, value);
        QCOMPARE(encodeNodeSummary(*decoded), text);
    }

    void summaryGolden()
    {
        const QByteArray full = R"({"lease":"10.244.1.0-24","publicIp":"192.168.1.2","agentVersion":"0.3.0",)"
                                R"("backend":"vxlan","health":"degraded","tableDigest":"ab12","driftCount":2,)"
                                R"("lastReconcile":"2024-05-06T07:08:09.123Z","counters":{"leasesSeen":3,)"
                                R"("entriesProgrammed":6,"reconcileRepairs":1,"netlinkErrors":0,)"
                                R"("storeErrors":18446744073709551615},"endpoint":"http://127.0.0.1:8476"})";
        QCOMPARE(encodeNodeSummary(summary()), full);
        const QByteArray empty = R"({"lease":null,"publicIp":null,"agentVersion":"","backend":"","health":"",)"
                                 R"("tableDigest":"","driftCount":0,"lastReconcile":null,"counters":{"leasesSeen":0,)"
                                 R"("entriesProgrammed":0,"reconcileRepairs":0,"netlinkErrors":0,"storeErrors":0},)"
                                 R"("endpoint":""})";
        QCOMPARE(encodeNodeSummary(NodeSummary()), empty);
    }

    void reportRoundTrip_data()
    {
        QTest::addColumn<NodeReport>("value");
        QTest::newRow("full") << report();
        QTest::newRow("empty") << NodeReport();
        NodeReport noVxlan = report();
        noVxlan.links.removeAt(1);
        noVxlan.tables = KernelTables();
        QTest::newRow("no vxlan link, no tables") << noVxlan;
    }
    void reportRoundTrip()
    {
        QFETCH(NodeReport, value);
        const QByteArray text = encodeNodeReport(value);
        const auto decoded = decodeNodeReport(text);
        QVERIFY2(decoded.ok(), qPrintable(messageOf(decoded)));
        QCOMPARE(*decoded, value);
        QCOMPARE(encodeNodeReport(*decoded), text);
    }

    void reportKeepsHostAddresses()
    {
        const QByteArray text = encodeNodeReport(report());
        const QByteArray cni0 = R"("addresses":["10.244.1.1/24","fe80::858:aff:fef4:101/64"])";
        QVERIFY(text.contains(cni0));
        // Built in code without host addresses: the network address stands in.
        NodeReport bare;
        LinkState link;
        link.name = "eth0";
        link.addresses = {net("192.168.1.0/24")};
        bare.links = {link};
        const QByteArray eth0 = R"("addresses":["192.168.1.0/24"])";
        QVERIFY(encodeNodeReport(bare).contains(eth0));
    }

    void tolerant()
    {
        // Unknown members anywhere are ignored; missing ones take their defaults.
        const QByteArray text =
            R"({"future":1,"summary":{"health":"ok","extra":[1]},"links":[{"name":"cni0","new":{}}],)"
            R"("tables":{"routes":[{"destination":"10.244.2.0/24","device":"eth0","metric":5}]}})";
        const auto decoded = decodeNodeReport(text);
        QVERIFY2(decoded.ok(), qPrintable(messageOf(decoded)));
        QCOMPARE(decoded->summary.health, QStringLiteral("ok"));
        QCOMPARE(decoded->links.size(), 1);
        QCOMPARE(decoded->links.at(0).name, QStringLiteral("cni0"));
        QVERIFY(!decoded->links.at(0).vxlan.has_value());
        QCOMPARE(decoded->tables.routes.size(), 1);
        QCOMPARE(decoded->tables.routes.at(0).table, kMainRouteTable);
    }

    void badSummary_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("malformed") << QByteArray("{") << "node summary: malformed JSON";
        QTest::newRow("not an object") << QByteArray("[1]") << "node summary: expected a JSON object, got an array";
        QTest::newRow("drift count a string") << QByteArray(R"({"driftCount":"2"})")
                                              << R"(driftCount: expected a number, got "2")";
        QTest::newRow("negative counter") << QByteArray(R"({"counters":{"storeErrors":-1}})")
                                          << "counters.storeErrors: expected a number from 0 to";
        QTest::newRow("counters not an object") << QByteArray(R"({"counters":[]})")
                                                << "counters: expected an object, got []";
        QTest::newRow("bad lease") << QByteArray(R"({"lease":"10.244.1.1-24"})") << "lease: ";
        QTest::newRow("bad public ip") << QByteArray(R"({"publicIp":"192.168.1"})") << "publicIp: ";
        QTest::newRow("bad time") << QByteArray(R"({"lastReconcile":"yesterday"})")
                                  << R"(lastReconcile: expected an ISO 8601 time, got "yesterday")";
        QTest::newRow("health a number") << QByteArray(R"({"health":1})") << "health: expected a string, got 1";
    }
    void badSummary()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        const auto decoded = decodeNodeSummary(text);
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().message().startsWith(error), qPrintable(messageOf(decoded)));
    }

    void badReport_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("summary member") << QByteArray(R"({"summary":{"driftCount":true}})")
                                        << "summary.driftCount: expected a number, got true";
        QTest::newRow("link mtu") << QByteArray(R"({"links":[{"name":"a"},{"name":"b"},{"name":"c","mtu":"x"}]})")
                                  << R"(links[2].mtu: expected a number, got "x")";
        QTest::newRow("link without name") << QByteArray(R"({"links":[{"mtu":1}]})") << "links[0].name: missing";
        QTest::newRow("link not an object") << QByteArray(R"({"links":[3]})") << "links[0]: expected an object, got 3";
        QTest::newRow("link address") << QByteArray(R"({"links":[{"name":"a","addresses":["10.0.0.1"]}]})")
                                      << "links[0].addresses[0]: ";
        QTest::newRow("link mac") << QByteArray(R"({"links":[{"name":"a","mac":"zz"}]})") << "links[0].mac: ";
        QTest::newRow("vni too large") << QByteArray(R"({"links":[{"name":"a","vxlan":{"vni":16777216}}]})")
                                       << "links[0].vxlan.vni: expected a number from 0 to 16777215";
        QTest::newRow("counter float") << QByteArray(R"({"links":[{"name":"a","counters":{"rxBytes":1.5}}]})")
                                       << "links[0].counters.rxBytes: expected a number, got 1.5";
        QTest::newRow("route destination") << QByteArray(R"({"tables":{"routes":[{"device":"eth0"}]}})")
                                           << "tables.routes[0].destination: missing";
        QTest::newRow("neighbour address") << QByteArray(R"({"tables":{"neighbours":[{"address":"x"}]}})")
                                           << "tables.neighbours[0].address: ";
        QTest::newRow("fdb destination") << QByteArray(R"({"tables":{"fdb":[{"mac":"c6:d2:32:6f:8f:44","destination":7}]}})")
                                         << "tables.fdb[0].destination: expected a string, got 7";
        QTest::newRow("routes not an array") << QByteArray(R"({"tables":{"routes":{}}})")
                                             << "tables.routes: expected an array, got {}";
        QTest::newRow("on-link prefix") << QByteArray(R"({"external":{"onLinkPrefixes":["x"]}})")
                                        << "external.onLinkPrefixes[0]: ";
    }
    void badReport()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        const auto decoded = decodeNodeReport(text);
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().message().startsWith(error), qPrintable(messageOf(decoded)));
    }

    void digest()
    {
        const KernelTables t = tables();
        const QString digest = tableDigest(t);
        QCOMPARE(digest.size(), 64);
        // Independent of entry order.
        KernelTables shuffled = t;
        std::reverse(shuffled.routes.begin(), shuffled.routes.end());
        std::reverse(shuffled.fdb.begin(), shuffled.fdb.end());
        QCOMPARE(tableDigest(shuffled), digest);
        // Any change of an entry changes it.
        KernelTables changed = t;
        changed.fdb[0].destination = ip("192.168.1.4");
        QVERIFY(tableDigest(changed) != digest);
        // Empty tables: SHA-256 of the empty text.
        QCOMPARE(tableDigest(KernelTables()),
                 QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        // One line: SHA-256 of "route 10.244.2.0/24 dev eth0\n".
        KernelTables one;
        one.routes << Route{net("10.244.2.0/24"), kMainRouteTable, IpAddress(), "eth0", false};
        QCOMPARE(tableDigest(one), QString::fromLatin1(QCryptographicHash::hash("route 10.244.2.0/24 dev eth0\n",
                                                                                QCryptographicHash::Sha256)
                                                           .toHex()));
    }

    void reportKeys_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QByteArray>("reports");
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("default") << "/coreos.com/network" << QByteArray("/coreos.com/network/tartan/reports/")
                                 << QByteArray("/coreos.com/network/tartan/reports/10.244.1.0-24");
        QTest::newRow("trailing slash") << "/x/net/" << QByteArray("/x/net/tartan/reports/")
                                        << QByteArray("/x/net/tartan/reports/10.244.1.0-24");
    }
    void reportKeys()
    {
        QFETCH(QString, prefix);
        QFETCH(QByteArray, reports);
        QFETCH(QByteArray, key);
        const StoreLayout layout(prefix);
        QCOMPARE(layout.reportsPrefix(), reports);
        QCOMPARE(layout.reportKey(::key("10.244.1.0-24")), key);
        QVERIFY(layout.reportsPrefix().startsWith(layout.tartanPrefix()));
        // Outside subnets/: flanneld and the lease watcher never see these keys.
        QVERIFY(!key.startsWith(layout.subnetsPrefix()));
        const auto parsed = layout.parseReportKey(key);
        QVERIFY(parsed.ok());
        QCOMPARE(*parsed, ::key("10.244.1.0-24"));
        QVERIFY(!layout.parseSubnetKey(key).ok());
        QVERIFY(!layout.parseReportKey(layout.subnetKey(::key("10.244.1.0-24"))).ok());
    }
};

QTEST_APPLESS_MAIN(TestNodeReport)
#include "tst_nodereport.moc"
