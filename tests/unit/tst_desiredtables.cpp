#include "desiredtables.h"
#include "testvalues.h"

#include <QTest>

#include <algorithm>

using namespace tartan;
using namespace tartan::test;

Q_DECLARE_METATYPE(tartan::Lease)

namespace {
json::Json vxlanData(const char *mac)
{
    json::Json data = json::Json::object();
    data["VNI"] = 1;
    data["VtepMAC"] = mac;
    return data;
}

// The cluster of every test: 10.244.0.0/16 in /24s and fc00::/48 in /64s. This node owns
// 10.244.1.0/24 (+ fc00:0:0:1::/64) on eth0 = 192.168.1.1 / fd00:1::1, on-link 192.168.1.0/24 and
// fd00:1::/64. Peer A (10.244.2.0/24) sits on the same segment, peer B (10.244.3.0/24) behind a router.
NetworkConfig config(const QString &backend, const QString &stack, bool directRouting = false)
{
    NetworkConfig config;
    config.enableIPv4 = stack != u"v6" && stack != u"none";
    config.enableIPv6 = stack == u"dual" || stack == u"v6";
    config.ipv4 = AddressPool{net("10.244.0.0/16"), 24, ip("10.244.1.0"), ip("10.244.255.0")};
    config.ipv6 = AddressPool{net("fc00::/48"), 64, ip("fc00:0:0:1::"), ip("fc00:0:0:ffff::")};
    config.backend.type = *backendTypeFromName(backend);
    config.backend.vxlan.directRouting = directRouting;
    config.backend.ipip.directRouting = directRouting;
    return config;
}

Lease makeLease(const char *v4, const char *v6, const char *publicIp, const char *publicIpv6,
                const QString &type, const char *mac, const char *mac6)
{
    Lease lease;
    lease.subnet = SubnetKey{*v4 ? net(v4) : IpNetwork(), *v6 ? net(v6) : IpNetwork()};
    lease.attrs.publicIp = ip(publicIp);
    lease.attrs.publicIpv6 = ip(publicIpv6);
    lease.attrs.backendType = type;
    if (type == u"vxlan") {
        lease.attrs.backendData = vxlanData(mac);
        if (*v6)
            lease.attrs.backendV6Data = vxlanData(mac6);
    }
    return lease;
}

// The BackendType flannel writes for a backend: udp leaves it empty.
QString leaseType(const QString &backend)
{
    return backend == u"udp" ? QString() : backend;
}

Lease own(const QString &backend, const QString &stack)
{
    const char *v4 = stack == u"v6" ? "" : "10.244.1.0/24";
    const char *v6 = stack == u"v4" ? "" : "fc00:0:0:1::/64";
    return makeLease(v4, v6, stack == u"v6" ? "0.0.0.0" : "192.168.1.1", stack == u"v4" ? "" : "fd00:1::1",
                     leaseType(backend), "c6:00:00:00:00:01", "c6:00:00:00:00:11");
}
Lease peerA(const QString &backend)
{
    return makeLease("10.244.2.0/24", "fc00:0:0:2::/64", "192.168.1.2", "fd00:1::2", leaseType(backend),
                     "c6:00:00:00:00:02", "c6:00:00:00:00:12");
}
Lease peerB(const QString &backend)
{
    return makeLease("10.244.3.0/24", "fc00:0:0:3::/64", "172.16.0.3", "2001:db8::3", leaseType(backend),
                     "c6:00:00:00:00:03", "c6:00:00:00:00:13");
}

ExternalInterface eth0(int mtu = 1500)
{
    return ExternalInterface{
        "eth0", ip("192.168.1.1"), ip("fd00:1::1"), mtu, {net("192.168.1.0/24"), net("fd00:1::/64")}};
}

QStringList keys(const QList<SubnetKey> &subnetKeys)
{
    QStringList result;
    for (const SubnetKey &key : subnetKeys)
        result << key.toString();
    return result;
}

QStringList exclusionSummary(const QList<Exclusion> &exclusions)
{
    QStringList result;
    for (const Exclusion &exclusion : exclusions)
        result << exclusion.lease.toString() + u' ' + familyName(exclusion.family);
    return result;
}

const QString kA = QStringLiteral("10.244.2.0-24&fc00:0:0:2::-64");
const QString kB = QStringLiteral("10.244.3.0-24&fc00:0:0:3::-64");
} // namespace

class TestDesiredTables : public QObject
{
    Q_OBJECT
private slots:
    void backends_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("stack");
        QTest::addColumn<bool>("directRouting");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("excluded");
        QTest::addColumn<QStringList>("peers");

        const QStringList both{kA, kB};
        QTest::newRow("vxlan")
            << "vxlan"
            << "v4" << false
            << QStringList{"neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT",
                           "neigh 10.244.3.0 lladdr c6:00:00:00:00:03 dev flannel.1 PERMANENT",
                           "fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent",
                           "fdb c6:00:00:00:00:03 dst 172.16.0.3 dev flannel.1 self permanent",
                           "route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                           "route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink"}
            << QStringList() << both;
        QTest::newRow("vxlan DirectRouting")
            << "vxlan"
            << "v4" << true
            << QStringList{"neigh 10.244.3.0 lladdr c6:00:00:00:00:03 dev flannel.1 PERMANENT",
                           "fdb c6:00:00:00:00:03 dst 172.16.0.3 dev flannel.1 self permanent",
                           "route 10.244.2.0/24 via 192.168.1.2 dev eth0",
                           "route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink"}
            << QStringList() << both;
        QTest::newRow("vxlan dual stack")
            << "vxlan"
            << "dual" << false
            << QStringList{"neigh fc00:0:0:2:: lladdr c6:00:00:00:00:12 dev flannel-v6.1 PERMANENT",
                           "neigh fc00:0:0:3:: lladdr c6:00:00:00:00:13 dev flannel-v6.1 PERMANENT",
                           "neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT",
                           "neigh 10.244.3.0 lladdr c6:00:00:00:00:03 dev flannel.1 PERMANENT",
                           "fdb c6:00:00:00:00:12 dst fd00:1::2 dev flannel-v6.1 self permanent",
                           "fdb c6:00:00:00:00:13 dst 2001:db8::3 dev flannel-v6.1 self permanent",
                           "fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent",
                           "fdb c6:00:00:00:00:03 dst 172.16.0.3 dev flannel.1 self permanent",
                           "route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                           "route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink",
                           "route fc00:0:0:2::/64 via fc00:0:0:2:: dev flannel-v6.1 onlink",
                           "route fc00:0:0:3::/64 via fc00:0:0:3:: dev flannel-v6.1 onlink"}
            << QStringList() << both;
        QTest::newRow("vxlan dual stack DirectRouting")
            << "vxlan"
            << "dual" << true
            << QStringList{"neigh fc00:0:0:3:: lladdr c6:00:00:00:00:13 dev flannel-v6.1 PERMANENT",
                           "neigh 10.244.3.0 lladdr c6:00:00:00:00:03 dev flannel.1 PERMANENT",
                           "fdb c6:00:00:00:00:13 dst 2001:db8::3 dev flannel-v6.1 self permanent",
                           "fdb c6:00:00:00:00:03 dst 172.16.0.3 dev flannel.1 self permanent",
                           "route 10.244.2.0/24 via 192.168.1.2 dev eth0",
                           "route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink",
                           "route fc00:0:0:2::/64 via fd00:1::2 dev eth0",
                           "route fc00:0:0:3::/64 via fc00:0:0:3:: dev flannel-v6.1 onlink"}
            << QStringList() << both;
        QTest::newRow("vxlan IPv6 only")
            << "vxlan"
            << "v6" << false
            << QStringList{"neigh fc00:0:0:2:: lladdr c6:00:00:00:00:12 dev flannel-v6.1 PERMANENT",
                           "neigh fc00:0:0:3:: lladdr c6:00:00:00:00:13 dev flannel-v6.1 PERMANENT",
                           "fdb c6:00:00:00:00:12 dst fd00:1::2 dev flannel-v6.1 self permanent",
                           "fdb c6:00:00:00:00:13 dst 2001:db8::3 dev flannel-v6.1 self permanent",
                           "route fc00:0:0:2::/64 via fc00:0:0:2:: dev flannel-v6.1 onlink",
                           "route fc00:0:0:3::/64 via fc00:0:0:3:: dev flannel-v6.1 onlink"}
            << QStringList() << both;

        QTest::newRow("host-gw") << "host-gw"
                                 << "v4" << false
                                 << QStringList{"route 10.244.2.0/24 via 192.168.1.2 dev eth0"}
                                 << QStringList{kB + " IPv4"} << QStringList{kA};
        QTest::newRow("host-gw ignores DirectRouting")
            << "host-gw"
            << "v4" << true << QStringList{"route 10.244.2.0/24 via 192.168.1.2 dev eth0"}
            << QStringList{kB + " IPv4"} << QStringList{kA};
        QTest::newRow("host-gw dual stack") << "host-gw"
                                            << "dual" << false
                                            << QStringList{"route 10.244.2.0/24 via 192.168.1.2 dev eth0",
                                                           "route fc00:0:0:2::/64 via fd00:1::2 dev eth0"}
                                            << QStringList{kB + " IPv4", kB + " IPv6"} << QStringList{kA};

        QTest::newRow("ipip") << "ipip"
                              << "v4" << false
                              << QStringList{"route 10.244.2.0/24 via 192.168.1.2 dev flannel.ipip onlink",
                                             "route 10.244.3.0/24 via 172.16.0.3 dev flannel.ipip onlink"}
                              << QStringList() << both;
        QTest::newRow("ipip DirectRouting")
            << "ipip"
            << "v4" << true
            << QStringList{"route 10.244.2.0/24 via 192.168.1.2 dev eth0",
                           "route 10.244.3.0/24 via 172.16.0.3 dev flannel.ipip onlink"}
            << QStringList() << both;

        QTest::newRow("udp") << "udp"
                             << "v4" << false << QStringList{"route 10.244.0.0/16 dev flannel0"}
                             << QStringList() << both;
        QTest::newRow("udp ignores DirectRouting")
            << "udp"
            << "v4" << true << QStringList{"route 10.244.0.0/16 dev flannel0"} << QStringList() << both;
    }
    void backends()
    {
        QFETCH(QString, backend);
        QFETCH(QString, stack);
        QFETCH(bool, directRouting);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, excluded);
        QFETCH(QStringList, peers);

        const auto result = DesiredTables::compute(config(backend, stack, directRouting), own(backend, stack),
                                                   eth0(), {peerB(backend), peerA(backend)});
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
        QCOMPARE(result->tables.toStrings(), expected);
        QCOMPARE(exclusionSummary(result->exclusions), excluded);
        QCOMPARE(keys(result->peers), peers);

        // The tables come out sorted, and the input order does not matter.
        KernelTables sorted = result->tables;
        sorted.sort();
        QVERIFY(sorted == result->tables);
        const auto reversed =
            DesiredTables::compute(config(backend, stack, directRouting), own(backend, stack), eth0(),
                                   {peerA(backend), peerB(backend)});
        QVERIFY(reversed->tables == result->tables);
        QCOMPARE(reversed->exclusions, result->exclusions);
    }

    void excludes_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("stack");
        QTest::addColumn<bool>("directRouting");
        QTest::addColumn<QList<Lease>>("peers");
        QTest::addColumn<QStringList>("expected"); // "<key> <family>: <part of the reason>"
        QTest::addColumn<int>("routes");

        const QString vxlan = QStringLiteral("vxlan");
        const Lease a = peerA(vxlan);
        const auto with = [&](auto change) {
            Lease lease = a;
            change(lease);
            return lease;
        };

        QTest::newRow("own lease among peers: skipped silently")
            << vxlan << "v4" << false << QList<Lease>{own(vxlan, "v4"), a} << QStringList() << 1;
        QTest::newRow("subnet outside Network")
            << vxlan << "v4" << false
            << QList<Lease>{with([](Lease &l) { l.subnet.ipv4 = net("10.9.0.0/24"); })}
            << QStringList{"10.9.0.0-24&fc00:0:0:2::-64 IPv4: IPv4 subnet 10.9.0.0/24 is outside Network "
                           "10.244.0.0/16"}
            << 0;
        QTest::newRow("subnet outside IPv6Network, IPv4 kept")
            << vxlan << "dual" << false
            << QList<Lease>{with([](Lease &l) { l.subnet.ipv6 = net("fd99::/64"); })}
            << QStringList{"10.244.2.0-24&fd99::-64 IPv6: IPv6 subnet fd99::/64 is outside IPv6Network "
                           "fc00::/48"}
            << 1;
        QTest::newRow("subnet length not SubnetLen")
            << vxlan << "v4" << false
            << QList<Lease>{with([](Lease &l) { l.subnet.ipv4 = net("10.244.2.0/25"); })}
            << QStringList{"10.244.2.0-25&fc00:0:0:2::-64 IPv4: IPv4 subnet 10.244.2.0/25 is not /24 long "
                           "(SubnetLen)"}
            << 0;
        QTest::newRow("subnet length not IPv6SubnetLen")
            << vxlan << "dual" << false
            << QList<Lease>{with([](Lease &l) { l.subnet.ipv6 = net("fc00:0:0:2::/80"); })}
            << QStringList{"10.244.2.0-24&fc00:0:0:2::-80 IPv6: IPv6 subnet fc00:0:0:2::/80 is not /64 long "
                           "(IPv6SubnetLen)"}
            << 1;
        QTest::newRow("subnet overlaps ours under another key")
            << vxlan << "v4" << false
            << QList<Lease>{with([](Lease &l) { l.subnet.ipv4 = net("10.244.1.0/24"); })}
            << QStringList{"10.244.1.0-24&fc00:0:0:2::-64 IPv4: IPv4 subnet 10.244.1.0/24 overlaps this "
                           "node's subnet "
                           "10.244.1.0/24"}
            << 0;
        QTest::newRow("PublicIP is ours")
            << vxlan << "v4" << false
            << QList<Lease>{with([](Lease &l) { l.attrs.publicIp = ip("192.168.1.1"); })}
            << QStringList{kA + " none: PublicIP 192.168.1.1 is this node's own address"} << 0;
        QTest::newRow("PublicIPv6 is ours")
            << vxlan << "dual" << false
            << QList<Lease>{with([](Lease &l) { l.attrs.publicIpv6 = ip("fd00:1::1"); })}
            << QStringList{kA + " none: PublicIPv6 fd00:1::1 is this node's own address"} << 0;
        QTest::newRow("IPv6-only nodes all write PublicIP 0.0.0.0: not ours")
            << vxlan << "v6" << false << QList<Lease>{with([](Lease &l) {
                   l.subnet.ipv4 = IpNetwork();
                   l.attrs.publicIp = ip("0.0.0.0");
               })}
            << QStringList() << 1;
        QTest::newRow("BackendType of another backend")
            << vxlan << "v4" << false << QList<Lease>{with([](Lease &l) { l.attrs.backendType = "host-gw"; })}
            << QStringList{kA + " none: BackendType \"host-gw\" is not \"vxlan\""} << 0;
        QTest::newRow("BackendType empty (a udp node) under vxlan")
            << vxlan << "v4" << false << QList<Lease>{with([](Lease &l) { l.attrs.backendType.clear(); })}
            << QStringList{kA + " none: BackendType \"\" is not \"vxlan\""} << 0;
        QTest::newRow("BackendType vxlan under host-gw")
            << "host-gw"
            << "v4" << false << QList<Lease>{a}
            << QStringList{kA + " none: BackendType \"vxlan\" is not \"host-gw\""} << 0;
        QTest::newRow("BackendType empty under ipip")
            << "ipip"
            << "v4" << false << QList<Lease>{peerA("udp")}
            << QStringList{kA + " none: BackendType \"\" is not \"ipip\""} << 0;
        QTest::newRow("udp takes any BackendType, as flannel does")
            << "udp"
            << "v4" << false << QList<Lease>{a, peerB("host-gw")} << QStringList() << 1;
        QTest::newRow("BackendData missing")
            << vxlan << "v4" << false << QList<Lease>{with([](Lease &l) { l.attrs.backendData = nullptr; })}
            << QStringList{kA + " IPv4: BackendData"} << 0;
        QTest::newRow("VtepMAC malformed")
            << vxlan << "v4" << false
            << QList<Lease>{with([](Lease &l) { l.attrs.backendData["VtepMAC"] = "zz"; })}
            << QStringList{kA + " IPv4: BackendData.VtepMAC"} << 0;
        QTest::newRow("BackendData malformed even with DirectRouting, as flannel decodes it first")
            << vxlan << "v4" << true << QList<Lease>{with([](Lease &l) { l.attrs.backendData = "1"; })}
            << QStringList{kA + " IPv4: BackendData"} << 0;
        QTest::newRow("BackendV6Data missing, IPv4 kept")
            << vxlan << "dual" << false
            << QList<Lease>{with([](Lease &l) { l.attrs.backendV6Data = nullptr; })}
            << QStringList{kA + " IPv6: BackendV6Data"} << 1;
        QTest::newRow("VtepMAC is ours")
            << vxlan << "v4" << false
            << QList<Lease>{with([](Lease &l) { l.attrs.backendData = vxlanData("c6:00:00:00:00:01"); })}
            << QStringList{kA + " IPv4: VtepMAC c6:00:00:00:00:01 is this node's own"} << 0;
        QTest::newRow("VtepMAC is ours, but the peer is routed directly")
            << vxlan << "v4" << true
            << QList<Lease>{with([](Lease &l) { l.attrs.backendData = vxlanData("c6:00:00:00:00:01"); })}
            << QStringList() << 1;
        QTest::newRow("no PublicIPv6 for the IPv6 subnet, IPv4 kept")
            << vxlan << "dual" << false
            << QList<Lease>{with([](Lease &l) { l.attrs.publicIpv6 = IpAddress(); })}
            << QStringList{kA + " IPv6: no PublicIPv6 for its IPv6 subnet"} << 1;
        QTest::newRow("PublicIP of the wrong family")
            << vxlan << "v4" << false
            << QList<Lease>{with([](Lease &l) { l.attrs.publicIp = ip("fd00:1::9"); })}
            << QStringList{kA + " IPv4: PublicIP fd00:1::9 is not an IPv4 address"} << 0;
        QTest::newRow("host-gw peer behind a router")
            << "host-gw"
            << "v4" << false << QList<Lease>{peerB("host-gw")}
            << QStringList{kB + " IPv4: PublicIP 172.16.0.3 is not on-link on eth0 (host-gw needs"} << 0;
        QTest::newRow("host-gw peer on-link for IPv4 only")
            << "host-gw"
            << "dual" << false << QList<Lease>{[] {
                   Lease lease = peerA("host-gw");
                   lease.attrs.publicIpv6 = ip("2001:db8::2");
                   return lease;
               }()}
            << QStringList{kA + " IPv6: PublicIPv6 2001:db8::2 is not on-link on eth0"} << 1;
        QTest::newRow("no subnet of an enabled family")
            << vxlan << "v4" << false << QList<Lease>{with([](Lease &l) { l.subnet.ipv4 = IpNetwork(); })}
            << QStringList{"0.0.0.0-0&fc00:0:0:2::-64 none: no subnet of an enabled family (IPv4)"} << 0;

        const Lease sameV4 = makeLease("10.244.2.0/24", "fc00:0:0:4::/64", "192.168.1.4", "fd00:1::4", vxlan,
                                       "c6:00:00:00:00:04", "c6:00:00:00:00:14");
        const QString kSameV4 = QStringLiteral("10.244.2.0-24&fc00:0:0:4::-64");
        QTest::newRow("two leases claim one IPv4 subnet: both lose IPv4, keep IPv6")
            << vxlan << "dual" << false << QList<Lease>{sameV4, a}
            << QStringList{kA + " IPv4: IPv4 subnet 10.244.2.0/24 is also claimed by lease " + kSameV4,
                           kSameV4 + " IPv4: IPv4 subnet 10.244.2.0/24 is also claimed by lease " + kA}
            << 2;
        QTest::newRow("one key listed twice") << vxlan << "v4" << false << QList<Lease>{a, a}
                                              << QStringList{kA + " IPv4: is also claimed by lease " + kA,
                                                             kA + " IPv4: is also claimed by lease " + kA}
                                              << 0;
        const Lease sharedMac = [] {
            Lease lease = peerB(QStringLiteral("vxlan"));
            lease.attrs.backendData = vxlanData("c6:00:00:00:00:02");
            return lease;
        }();
        QTest::newRow("two peers advertise one VtepMAC: both excluded")
            << vxlan << "v4" << false << QList<Lease>{sharedMac, a}
            << QStringList{kA + " IPv4: VtepMAC c6:00:00:00:00:02 is also advertised by lease " + kB,
                           kB + " IPv4: VtepMAC c6:00:00:00:00:02 is also advertised by lease " + kA}
            << 0;
        QTest::newRow("shared VtepMAC, but one peer is routed directly: no FDB conflict")
            << vxlan << "v4" << true << QList<Lease>{sharedMac, a} << QStringList() << 2;
        QTest::newRow("three leases in one conflict, each names the other two")
            << "host-gw"
            << "v4" << false
            << QList<Lease>{peerA("host-gw"),
                            makeLease("10.244.2.0/24", "fc00:0:0:5::/64", "192.168.1.5", "", "host-gw", "",
                                      ""),
                            makeLease("10.244.2.0/24", "", "192.168.1.6", "", "host-gw", "", "")}
            << QStringList{"10.244.2.0-24 IPv4: is also claimed by leases " + kA +
                               ", 10.244.2.0-24&fc00:0:0:5::-64",
                           kA + " IPv4: is also claimed by leases 10.244.2.0-24, "
                                "10.244.2.0-24&fc00:0:0:5::-64",
                           "10.244.2.0-24&fc00:0:0:5::-64 IPv4: is also claimed by leases 10.244.2.0-24, " +
                               kA}
            << 0;
    }
    void excludes()
    {
        QFETCH(QString, backend);
        QFETCH(QString, stack);
        QFETCH(bool, directRouting);
        QFETCH(QList<Lease>, peers);
        QFETCH(QStringList, expected);
        QFETCH(int, routes);

        const auto result =
            DesiredTables::compute(config(backend, stack, directRouting), own(backend, stack), eth0(), peers);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
        QStringList actual;
        for (const Exclusion &exclusion : result->exclusions)
            actual << exclusion.lease.toString() + u' ' + familyName(exclusion.family) +
                          QStringLiteral(": ") + exclusion.reason;
        QCOMPARE(actual.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const Exclusion &exclusion = result->exclusions.at(i);
            // Split at ": ", which no key contains (IPv6 keys do contain ':').
            const qsizetype separator = expected.at(i).indexOf(QStringLiteral(": "));
            const QString head = expected.at(i).left(separator);
            const QString problem = expected.at(i).mid(separator + 2);
            QCOMPARE(exclusion.lease.toString() + u' ' + familyName(exclusion.family), head);
            // The reason alone says which lease and what is wrong with it.
            QVERIFY2(
                exclusion.reason.startsWith(QStringLiteral("lease %1: ").arg(exclusion.lease.toString())),
                qPrintable(exclusion.reason));
            QVERIFY2(exclusion.reason.contains(problem),
                     qPrintable(exclusion.reason + QStringLiteral(" / ") + problem));
        }
        QCOMPARE(result->tables.routes.size(), qsizetype(backend == u"udp" ? 1 : routes));
        if (backend == u"udp")
            QCOMPARE(result->peers.size(), qsizetype(routes + 1));

        // Nothing of an excluded family reaches the tables.
        for (const Exclusion &exclusion : result->exclusions) {
            for (const IpNetwork &subnet : {exclusion.lease.ipv4, exclusion.lease.ipv6}) {
                if (subnet.isNull() ||
                    (exclusion.family != IpAddress::Family::None && subnet.family() != exclusion.family))
                    continue;
                for (const Route &route : result->tables.routes)
                    QVERIFY2(route.destination != subnet, qPrintable(route.toString()));
                for (const Neighbour &neighbour : result->tables.neighbours)
                    QVERIFY2(neighbour.address != subnet.address(), qPrintable(neighbour.toString()));
            }
        }

        // Neither the order of the leases nor a duplicate of our own lease changes anything.
        QList<Lease> shuffled(peers.crbegin(), peers.crend());
        shuffled << own(backend, stack);
        const auto again = DesiredTables::compute(config(backend, stack, directRouting), own(backend, stack),
                                                  eth0(), shuffled);
        QCOMPARE(again->exclusions, result->exclusions);
        QVERIFY(again->tables == result->tables);
        QCOMPARE(again->peers, result->peers);
    }

    void devices_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("stack");
        QTest::addColumn<int>("vni");
        QTest::addColumn<int>("mtuOption");
        QTest::addColumn<int>("extMtu");
        QTest::addColumn<QStringList>("devices"); // "<name> <family> <address> <local> mtu <n>"
        QTest::addColumn<int>("mtu");

        QTest::newRow("vxlan: ext - 50")
            << "vxlan"
            << "v4" << 1 << 0 << 1500 << QStringList{"flannel.1 IPv4 10.244.1.0/32 192.168.1.1 mtu 1450"}
            << 1450;
        QTest::newRow("vxlan jumbo") << "vxlan"
                                     << "v4" << 1 << 0 << 9000
                                     << QStringList{"flannel.1 IPv4 10.244.1.0/32 192.168.1.1 mtu 8950"}
                                     << 8950;
        QTest::newRow("vxlan VNI 42")
            << "vxlan"
            << "v4" << 42 << 0 << 1500 << QStringList{"flannel.42 IPv4 10.244.1.0/32 192.168.1.1 mtu 1450"}
            << 1450;
        QTest::newRow("vxlan dual: IPv6 underlay costs 70, pods get the smaller")
            << "vxlan"
            << "dual" << 1 << 0 << 1500
            << QStringList{"flannel.1 IPv4 10.244.1.0/32 192.168.1.1 mtu 1450",
                           "flannel-v6.1 IPv6 fc00:0:0:1::/128 fd00:1::1 mtu 1430"}
            << 1430;
        QTest::newRow("vxlan IPv6 only")
            << "vxlan"
            << "v6" << 1 << 0 << 1500 << QStringList{"flannel-v6.1 IPv6 fc00:0:0:1::/128 fd00:1::1 mtu 1430"}
            << 1430;
        QTest::newRow("vxlan MTU option overrides the interface")
            << "vxlan"
            << "v4" << 1 << 1400 << 9000 << QStringList{"flannel.1 IPv4 10.244.1.0/32 192.168.1.1 mtu 1350"}
            << 1350;
        QTest::newRow("vxlan MTU option, dual")
            << "vxlan"
            << "dual" << 1 << 9000 << 1500
            << QStringList{"flannel.1 IPv4 10.244.1.0/32 192.168.1.1 mtu 8950",
                           "flannel-v6.1 IPv6 fc00:0:0:1::/128 fd00:1::1 mtu 8930"}
            << 8930;
        QTest::newRow("host-gw: no device, ext MTU") << "host-gw"
                                                     << "v4" << 1 << 0 << 1500 << QStringList() << 1500;
        QTest::newRow("host-gw dual") << "host-gw"
                                      << "dual" << 1 << 0 << 9000 << QStringList() << 9000;
        QTest::newRow("ipip: ext - 20")
            << "ipip"
            << "v4" << 1 << 0 << 1500 << QStringList{"flannel.ipip IPv4 10.244.1.0/32 192.168.1.1 mtu 1480"}
            << 1480;
        QTest::newRow("udp: ext - 28, TUN has no tunnel source")
            << "udp"
            << "v4" << 1 << 0 << 1500 << QStringList{"flannel0 IPv4 10.244.1.0/32 - mtu 1472"} << 1472;
        QTest::newRow("vxlan MTU option is not ipip's")
            << "ipip"
            << "v4" << 1 << 9000 << 1500
            << QStringList{"flannel.ipip IPv4 10.244.1.0/32 192.168.1.1 mtu 1480"} << 1480;
    }
    void devices()
    {
        QFETCH(QString, backend);
        QFETCH(QString, stack);
        QFETCH(int, vni);
        QFETCH(int, mtuOption);
        QFETCH(int, extMtu);
        QFETCH(QStringList, devices);
        QFETCH(int, mtu);

        NetworkConfig cfg = config(backend, stack);
        cfg.backend.vxlan.vni = std::uint32_t(vni);
        cfg.backend.vxlan.mtu = mtuOption;
        const auto result = DesiredTables::compute(cfg, own(backend, stack), eth0(extMtu), {});
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
        QStringList actual;
        for (const OverlayDevice &device : result->devices) {
            actual << QStringLiteral("%1 %2 %3 %4 mtu %5")
                          .arg(device.name, familyName(device.family), device.address.toString(),
                               device.local.isNull() ? QStringLiteral("-") : device.local.toString())
                          .arg(device.mtu);
            QCOMPARE(overlayDeviceName(cfg.backend, device.family), device.name);
        }
        QCOMPARE(actual, devices);
        QCOMPARE(result->mtu, mtu);
        QVERIFY(result->exclusions.isEmpty());
        QVERIFY(result->peers.isEmpty());
        // Without peers only udp has an entry: its route for the whole Network.
        QCOMPARE(result->tables.size(), qsizetype(backend == u"udp" ? 1 : 0));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("stack");
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("error"); // empty: must succeed

        QTest::newRow("wireguard")
            << "wireguard"
            << "v4"
            << ""
            << "backend wireguard: not supported by Tartan (vxlan, host-gw, ipip and udp are)";
        QTest::newRow("alloc") << "alloc"
                               << "v4"
                               << ""
                               << "backend alloc: not supported";
        QTest::newRow("ipip with IPv6") << "ipip"
                                        << "dual"
                                        << ""
                                        << "backend ipip: IPv4 only, but EnableIPv6 is set";
        QTest::newRow("udp with IPv6") << "udp"
                                       << "dual"
                                       << ""
                                       << "backend udp: IPv4 only, but EnableIPv6 is set";
        QTest::newRow("no family") << "vxlan"
                                   << "none"
                                   << ""
                                   << "network config: neither IPv4 nor IPv6 is enabled";
        QTest::newRow("interface without a name") << "vxlan"
                                                  << "v4"
                                                  << "no name"
                                                  << "external interface: no name";
        QTest::newRow("interface MTU unknown") << "vxlan"
                                               << "v4"
                                               << "mtu 0"
                                               << "external interface eth0: MTU 0 is not positive";
        QTest::newRow("own lease lacks the IPv6 subnet")
            << "vxlan"
            << "dual"
            << "own v4 only"
            << "own lease 10.244.1.0-24: no IPv6 subnet, but IPv6 is enabled";
        QTest::newRow("vxlan without an IPv4 tunnel source")
            << "vxlan"
            << "v4"
            << "no ipv4"
            << "external interface eth0: no IPv4 address for flannel.1's tunnel";
        QTest::newRow("vxlan without an IPv6 tunnel source")
            << "vxlan"
            << "dual"
            << "no ipv6"
            << "external interface eth0: no IPv6 address for flannel-v6.1's tunnel";
        QTest::newRow("ipip without an IPv4 tunnel source")
            << "ipip"
            << "v4"
            << "no ipv4"
            << "external interface eth0: no IPv4 address for flannel.ipip's tunnel";
        QTest::newRow("host-gw needs no tunnel source") << "host-gw"
                                                        << "dual"
                                                        << "no ipv4"
                                                        << "";
        QTest::newRow("udp needs no tunnel source") << "udp"
                                                    << "v4"
                                                    << "no ipv4"
                                                    << "";
        QTest::newRow("vxlan MTU below IPv4's minimum")
            << "vxlan"
            << "v4"
            << "mtu 100"
            << "flannel.1: MTU 50 (100 - 50) is below the IPv4 minimum of 68";
        QTest::newRow("vxlan MTU below IPv6's minimum")
            << "vxlan"
            << "dual"
            << "mtu 1340"
            << "flannel-v6.1: MTU 1270 (1340 - 70) is below the IPv6 minimum of 1280";
        QTest::newRow("vxlan MTU option below the minimum")
            << "vxlan"
            << "v4"
            << "option 110"
            << "flannel.1: MTU 60 (110 - 50) is below the IPv4 minimum of 68";
        QTest::newRow("ipip MTU at the minimum") << "ipip"
                                                 << "v4"
                                                 << "mtu 88"
                                                 << "";
        QTest::newRow("udp MTU below the minimum")
            << "udp"
            << "v4"
            << "mtu 95"
            << "flannel0: MTU 67 (95 - 28) is below the IPv4 minimum of 68";
    }
    void errors()
    {
        QFETCH(QString, backend);
        QFETCH(QString, stack);
        QFETCH(QString, change);
        QFETCH(QString, error);

        NetworkConfig cfg = config(backend, stack);
        Lease self = own(backend, stack == u"none" ? QStringLiteral("v4") : stack);
        ExternalInterface ext = eth0();
        if (change == u"no name")
            ext.name.clear();
        else if (change.startsWith(u"mtu "))
            ext.mtu = change.mid(4).toInt();
        else if (change.startsWith(u"option "))
            cfg.backend.vxlan.mtu = change.mid(7).toInt();
        else if (change == u"own v4 only")
            self.subnet.ipv6 = IpNetwork();
        else if (change == u"no ipv4")
            ext.ipv4 = IpAddress();
        else if (change == u"no ipv6")
            ext.ipv6 = IpAddress();

        const auto result = DesiredTables::compute(cfg, self, ext, {peerA(backend)});
        if (error.isEmpty()) {
            QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
            return;
        }
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message().startsWith(error), qPrintable(result.error().message()));
    }

    void ownership_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("stack");
        QTest::addColumn<QStringList>("devices");
        QTest::addColumn<QStringList>("networks");
        QTest::newRow("vxlan") << "vxlan"
                               << "v4" << QStringList{"flannel.1"} << QStringList{"10.244.0.0/16"};
        QTest::newRow("vxlan dual") << "vxlan"
                                    << "dual" << QStringList{"flannel.1", "flannel-v6.1"}
                                    << QStringList{"10.244.0.0/16", "fc00::/48"};
        QTest::newRow("vxlan v6") << "vxlan"
                                  << "v6" << QStringList{"flannel-v6.1"} << QStringList{"fc00::/48"};
        QTest::newRow("host-gw") << "host-gw"
                                 << "dual" << QStringList() << QStringList{"10.244.0.0/16", "fc00::/48"};
        QTest::newRow("ipip") << "ipip"
                              << "v4" << QStringList{"flannel.ipip"} << QStringList{"10.244.0.0/16"};
        QTest::newRow("udp") << "udp"
                             << "v4" << QStringList{"flannel0"} << QStringList{"10.244.0.0/16"};
        QTest::newRow("wireguard: nothing Tartan programs")
            << "wireguard"
            << "v4" << QStringList() << QStringList{"10.244.0.0/16"};
    }
    void ownership()
    {
        QFETCH(QString, backend);
        QFETCH(QString, stack);
        QFETCH(QStringList, devices);
        QFETCH(QStringList, networks);
        const TableOwnership rule = tartanOwnership(config(backend, stack), QStringLiteral("eth0"));
        QCOMPARE(rule.devices, devices);
        QCOMPARE(rule.externalDevice, QStringLiteral("eth0"));
        QStringList actualNetworks;
        for (const IpNetwork &network : rule.networks)
            actualNetworks << network.toString();
        QCOMPARE(actualNetworks, networks);
    }

    // The desired tables diffed against themselves under their own ownership rule: nothing to do; and
    // every desired entry is one Tartan would clean up later, so no entry can leak.
    void desiredEntriesAreOwned_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<QString>("stack");
        QTest::addColumn<bool>("directRouting");
        QTest::newRow("vxlan dual DirectRouting") << "vxlan"
                                                  << "dual" << true;
        QTest::newRow("vxlan dual") << "vxlan"
                                    << "dual" << false;
        QTest::newRow("host-gw dual") << "host-gw"
                                      << "dual" << false;
        QTest::newRow("ipip DirectRouting") << "ipip"
                                            << "v4" << true;
        QTest::newRow("udp") << "udp"
                             << "v4" << false;
    }
    void desiredEntriesAreOwned()
    {
        QFETCH(QString, backend);
        QFETCH(QString, stack);
        QFETCH(bool, directRouting);
        const NetworkConfig cfg = config(backend, stack, directRouting);
        const auto result =
            DesiredTables::compute(cfg, own(backend, stack), eth0(), {peerA(backend), peerB(backend)});
        QVERIFY(result.ok());
        QVERIFY(!result->tables.isEmpty());
        const TableOwnership rule = tartanOwnership(cfg, QStringLiteral("eth0"));
        for (const Route &route : result->tables.routes)
            QVERIFY2(rule.owns(route), qPrintable(route.toString()));
        for (const Neighbour &neighbour : result->tables.neighbours)
            QVERIFY2(rule.owns(neighbour), qPrintable(neighbour.toString()));
        for (const FdbEntry &entry : result->tables.fdb)
            QVERIFY2(rule.owns(entry), qPrintable(entry.toString()));
        QVERIFY(!diff(result->tables, result->tables, rule).hasChanges());
        // Everything desired disappears when the peers do.
        const auto alone = DesiredTables::compute(cfg, own(backend, stack), eth0(), {});
        QCOMPARE(diff(alone->tables, result->tables, rule).changeCount(),
                 result->tables.size() - alone->tables.size());
    }

    void onLink()
    {
        const ExternalInterface ext = eth0();
        QVERIFY(ext.isOnLink(ip("192.168.1.200")));
        QVERIFY(ext.isOnLink(ip("fd00:1::2")));
        QVERIFY(!ext.isOnLink(ip("192.168.2.1")));
        QVERIFY(!ext.isOnLink(IpAddress()));
        QVERIFY(!ExternalInterface().isOnLink(ip("192.168.1.2")));
    }

    void deviceNames()
    {
        BackendConfig backend;
        backend.type = BackendType::Vxlan;
        backend.vxlan.vni = 7;
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::V4), QStringLiteral("flannel.7"));
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::V6), QStringLiteral("flannel-v6.7"));
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::None), QString());
        backend.type = BackendType::IpIp;
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::V4), QStringLiteral("flannel.ipip"));
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::V6), QString());
        backend.type = BackendType::Udp;
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::V4), QStringLiteral("flannel0"));
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::V6), QString());
        backend.type = BackendType::HostGw;
        QCOMPARE(overlayDeviceName(backend, IpAddress::Family::V4), QString());
    }
};

QTEST_APPLESS_MAIN(TestDesiredTables)
#include "tst_desiredtables.moc"
