#include "tablediff.h"
#include "testvalues.h"

#include <QTest>

using namespace tartan;
using namespace tartan::test;

Q_DECLARE_METATYPE(tartan::KernelTables)
Q_DECLARE_METATYPE(tartan::Route)
Q_DECLARE_METATYPE(tartan::Neighbour)
Q_DECLARE_METATYPE(tartan::FdbEntry)

namespace {
Route route(const char *destination, const char *gateway, const char *device, bool onlink = false,
            std::uint32_t table = kMainRouteTable)
{
    return Route{net(destination), table, *gateway ? ip(gateway) : IpAddress(), QString::fromLatin1(device),
                 onlink};
}
Neighbour neigh(const char *device, const char *address, const char *lladdr, bool permanent = true)
{
    return Neighbour{QString::fromLatin1(device), ip(address), *lladdr ? mac(lladdr) : MacAddress(),
                     permanent};
}
FdbEntry fdb(const char *device, const char *lladdr, const char *destination)
{
    return FdbEntry{QString::fromLatin1(device), mac(lladdr), ip(destination), true};
}
KernelTables tables(QList<Route> routes, QList<Neighbour> neighbours = {}, QList<FdbEntry> entries = {})
{
    return KernelTables{std::move(routes), std::move(neighbours), std::move(entries)};
}

// A vxlan node in a dual-stack cluster 10.244.0.0/16 + fc00::/48 on eth0.
TableOwnership ownership()
{
    return TableOwnership{{"flannel.1", "flannel-v6.1"}, "eth0", {net("10.244.0.0/16"), net("fc00::/48")}};
}

const Route kVxlanRoute2 = route("10.244.2.0/24", "10.244.2.0", "flannel.1", true);
const Route kVxlanRoute3 = route("10.244.3.0/24", "10.244.3.0", "flannel.1", true);
} // namespace

class TestTableDiff : public QObject
{
    Q_OBJECT
private slots:
    void diffs_data()
    {
        QTest::addColumn<KernelTables>("desired");
        QTest::addColumn<KernelTables>("actual");
        QTest::addColumn<QStringList>("expected");

        const Neighbour n2 = neigh("flannel.1", "10.244.2.0", "c6:00:00:00:00:02");
        const FdbEntry f2 = fdb("flannel.1", "c6:00:00:00:00:02", "192.168.1.2");

        QTest::newRow("both empty") << KernelTables() << KernelTables() << QStringList();
        QTest::newRow("in sync") << tables({kVxlanRoute2}, {n2}, {f2}) << tables({kVxlanRoute2}, {n2}, {f2})
                                 << QStringList();
        QTest::newRow("add all three kinds")
            << tables({kVxlanRoute2}, {n2}, {f2}) << KernelTables()
            << QStringList{"add neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT",
                           "add fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent",
                           "add route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"};
        QTest::newRow("delete all three kinds")
            << KernelTables() << tables({kVxlanRoute2}, {n2}, {f2})
            << QStringList{"delete neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT",
                           "delete fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent",
                           "delete route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"};

        QTest::newRow("replace route gateway, device moves to eth0 (DirectRouting turned on)")
            << tables({route("10.244.2.0/24", "192.168.1.2", "eth0")}) << tables({kVxlanRoute2})
            << QStringList{"replace route 10.244.2.0/24 via 192.168.1.2 dev eth0 (was 10.244.2.0/24 via "
                           "10.244.2.0 dev flannel.1 onlink)"};
        QTest::newRow("replace route back to the tunnel")
            << tables({kVxlanRoute2}) << tables({route("10.244.2.0/24", "192.168.1.2", "eth0")})
            << QStringList{
                   "replace route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink (was 10.244.2.0/24 via "
                   "192.168.1.2 dev eth0)"};
        QTest::newRow("replace route onlink flag")
            << tables({kVxlanRoute2}) << tables({route("10.244.2.0/24", "10.244.2.0", "flannel.1", false)})
            << QStringList{
                   "replace route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink (was 10.244.2.0/24 via "
                   "10.244.2.0 dev flannel.1)"};
        QTest::newRow("replace neighbour MAC (peer's VtepMAC changed)")
            << tables({}, {n2}) << tables({}, {neigh("flannel.1", "10.244.2.0", "c6:00:00:00:00:99")})
            << QStringList{"replace neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT (was "
                           "10.244.2.0 lladdr c6:00:00:00:00:99 dev flannel.1 PERMANENT)"};
        QTest::newRow("replace stale neighbour with permanent")
            << tables({}, {n2}) << tables({}, {neigh("flannel.1", "10.244.2.0", "", false)})
            << QStringList{"replace neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT (was "
                           "10.244.2.0 dev flannel.1)"};
        QTest::newRow("replace fdb destination (peer's PublicIP changed)")
            << tables({}, {}, {f2}) << tables({}, {}, {fdb("flannel.1", "c6:00:00:00:00:02", "192.168.1.77")})
            << QStringList{"replace fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent (was "
                           "c6:00:00:00:00:02 dst 192.168.1.77 dev flannel.1 self permanent)"};

        QTest::newRow("stale route on eth0 inside Network is deleted (host-gw leftover)")
            << KernelTables() << tables({route("10.244.9.0/24", "192.168.1.9", "eth0")})
            << QStringList{"delete route 10.244.9.0/24 via 192.168.1.9 dev eth0"};
        QTest::newRow("v6 route and neighbour deleted")
            << KernelTables()
            << tables({route("fc00:0:0:2::/64", "fc00:0:0:2::", "flannel-v6.1", true)},
                      {neigh("flannel-v6.1", "fc00:0:0:2::", "c6:00:00:00:00:12")})
            << QStringList{"delete neigh fc00:0:0:2:: lladdr c6:00:00:00:00:12 dev flannel-v6.1 PERMANENT",
                           "delete route fc00:0:0:2::/64 via fc00:0:0:2:: dev flannel-v6.1 onlink"};

        const KernelTables foreign =
            tables({route("0.0.0.0/0", "192.168.1.254", "eth0"),                  // default route
                    route("192.168.1.0/24", "", "eth0"),                          // connected
                    route("10.244.1.0/24", "", "cni0"),                           // own pods' bridge
                    route("10.244.5.0/24", "10.244.5.0", "flannel.2", true),      // another instance
                    route("10.244.6.0/24", "10.244.6.0", "flannel.1", true, 100), // other table
                    route("fe80::/64", "", "flannel-v6.1"),                       // kernel's link-local route
                    route("172.16.0.0/16", "", "flannel.1")}, // operator's, outside Network
                   {neigh("eth0", "192.168.1.254", "00:11:22:33:44:55"),
                    neigh("eth0", "10.244.7.1", "00:11:22:33:44:56"),
                    neigh("flannel-v6.1", "fe80::1", "c6:00:00:00:00:77", false),
                    neigh("flannel.2", "10.244.5.0", "c6:00:00:00:00:05")},
                   {fdb("vxlan0", "c6:00:00:00:00:08", "192.168.1.8"),
                    fdb("eth0", "00:11:22:33:44:55", "192.168.1.254")});
        QTest::newRow("entries Tartan does not own are never touched")
            << KernelTables() << foreign << QStringList();

        QTest::newRow("desired key held by a foreign route: blocked, not replaced")
            << tables({route("10.244.1.0/24", "10.244.1.0", "flannel.1", true)}) << foreign
            << QStringList{
                   "blocked route 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink (held by 10.244.1.0/24 "
                   "dev cni0, not Tartan's)"};
        QTest::newRow("a neighbour on another device has another key: added")
            << tables({}, {neigh("flannel.1", "10.244.5.0", "c6:00:00:00:00:05")}) << foreign
            << QStringList{"add neigh 10.244.5.0 lladdr c6:00:00:00:00:05 dev flannel.1 PERMANENT"};

        QTest::newRow("duplicates in a dump: first owned replaced, rest deleted")
            << tables({kVxlanRoute2})
            << tables({route("10.244.2.0/24", "192.168.1.3", "eth0"),
                       route("10.244.2.0/24", "192.168.1.2", "eth0")})
            << QStringList{
                   "replace route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink (was 10.244.2.0/24 via "
                   "192.168.1.2 dev eth0)",
                   "delete route 10.244.2.0/24 via 192.168.1.3 dev eth0"};
        QTest::newRow("duplicates in a dump: the equal one kept, the other owned one deleted")
            << tables({kVxlanRoute2}) << tables({route("10.244.2.0/24", "192.168.1.2", "eth0"), kVxlanRoute2})
            << QStringList{"delete route 10.244.2.0/24 via 192.168.1.2 dev eth0"};
        QTest::newRow("duplicates in a dump: equal one kept, foreign one left")
            << tables({kVxlanRoute2}) << tables({route("10.244.2.0/24", "", "cni0"), kVxlanRoute2})
            << QStringList();
        QTest::newRow("blocked, and the owned entry under the same key deleted")
            << tables({kVxlanRoute2})
            << tables({route("10.244.2.0/24", "", "cni0"), route("10.244.2.0/24", "192.168.1.2", "eth0")})
            << QStringList{
                   "delete route 10.244.2.0/24 via 192.168.1.2 dev eth0",
                   "blocked route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink (held by 10.244.2.0/24 "
                   "dev cni0, not Tartan's)"};
        QTest::newRow("two desired entries for one key: the first in value order wins")
            << tables({route("10.244.2.0/24", "192.168.1.2", "eth0"), kVxlanRoute2}) << KernelTables()
            << QStringList{"add route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"};

        QTest::newRow("order: by kind, then add/replace/delete, each by key, whatever the input order")
            << tables({kVxlanRoute3, route("fc00:0:0:3::/64", "fc00:0:0:3::", "flannel-v6.1", true),
                       route("10.244.4.0/24", "192.168.1.4", "eth0"), kVxlanRoute2},
                      {neigh("flannel.1", "10.244.3.0", "c6:00:00:00:00:03"), n2}, {f2})
            << tables({route("10.244.9.0/24", "10.244.9.0", "flannel.1", true),
                       route("10.244.4.0/24", "10.244.4.0", "flannel.1", true),
                       route("10.244.8.0/24", "10.244.8.0", "flannel.1", true), kVxlanRoute3},
                      {neigh("flannel.1", "10.244.9.0", "c6:00:00:00:00:09")},
                      {fdb("flannel.1", "c6:00:00:00:00:09", "192.168.1.9"),
                       fdb("flannel.1", "c6:00:00:00:00:01", "192.168.1.1")})
            << QStringList{
                   "add neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT",
                   "add neigh 10.244.3.0 lladdr c6:00:00:00:00:03 dev flannel.1 PERMANENT",
                   "delete neigh 10.244.9.0 lladdr c6:00:00:00:00:09 dev flannel.1 PERMANENT",
                   "add fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent",
                   "delete fdb c6:00:00:00:00:01 dst 192.168.1.1 dev flannel.1 self permanent",
                   "delete fdb c6:00:00:00:00:09 dst 192.168.1.9 dev flannel.1 self permanent",
                   "add route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                   "add route fc00:0:0:3::/64 via fc00:0:0:3:: dev flannel-v6.1 onlink",
                   "replace route 10.244.4.0/24 via 192.168.1.4 dev eth0 (was 10.244.4.0/24 via 10.244.4.0 "
                   "dev "
                   "flannel.1 onlink)",
                   "delete route 10.244.8.0/24 via 10.244.8.0 dev flannel.1 onlink",
                   "delete route 10.244.9.0/24 via 10.244.9.0 dev flannel.1 onlink",
               };
    }
    void diffs()
    {
        QFETCH(KernelTables, desired);
        QFETCH(KernelTables, actual);
        QFETCH(QStringList, expected);
        const TableDiff result = diff(desired, actual, ownership());
        QCOMPARE(result.toStrings(), expected);

        const qsizetype blocked =
            result.neighbours.blocked.size() + result.fdb.blocked.size() + result.routes.blocked.size();
        QCOMPARE(result.changeCount() + blocked, expected.size());
        QCOMPARE(result.hasChanges(), result.changeCount() > 0);

        // Applying the diff to the dump gives the desired tables (plus whatever is not Tartan's).
        KernelTables applied = actual;
        const auto apply = [](auto &list, const auto &changes) {
            for (const auto &entry : changes.remove)
                QVERIFY(list.removeOne(entry));
            for (const auto &pair : changes.replace) {
                QVERIFY(list.removeOne(pair.actual));
                list << pair.desired;
            }
            list << changes.add;
        };
        apply(applied.neighbours, result.neighbours);
        apply(applied.fdb, result.fdb);
        apply(applied.routes, result.routes);
        const TableDiff again = diff(desired, applied, ownership());
        QVERIFY2(!again.hasChanges(), qPrintable(again.toStrings().join(u'\n')));
        QCOMPARE(again.routes.blocked, result.routes.blocked);
    }

    void typedResult()
    {
        const TableDiff result = diff(tables({kVxlanRoute2}),
                                      tables({route("10.244.2.0/24", "192.168.1.2", "eth0")}), ownership());
        QCOMPARE(result.routes.replace.size(), qsizetype(1));
        QCOMPARE(result.routes.replace.first().desired, kVxlanRoute2);
        QCOMPARE(result.routes.replace.first().actual, route("10.244.2.0/24", "192.168.1.2", "eth0"));
        QVERIFY(result.routes.add.isEmpty());
        QVERIFY(result.routes.remove.isEmpty());
        QVERIFY(!result.neighbours.hasChanges());
        QVERIFY(!result.fdb.hasChanges());
        QVERIFY(result.hasChanges());
        QCOMPARE(result.changeCount(), qsizetype(1));
        QVERIFY(diff(KernelTables(), KernelTables(), ownership()) == TableDiff());
    }

    void summary()
    {
        QCOMPARE(TableDiff().summary(), QStringLiteral("no change"));
        const KernelTables desired = tables({kVxlanRoute2, kVxlanRoute3}, {neigh("flannel.1", "10.244.2.0", "02:00:00:00:00:02")},
                                            {fdb("flannel.1", "02:00:00:00:00:02", "192.168.1.2")});
        const KernelTables actual = tables({route("10.244.2.0/24", "192.168.1.2", "eth0"), route("10.244.9.0/24", "192.168.1.9", "eth0")},
                                           {}, {fdb("flannel.1", "02:00:00:00:00:02", "192.168.1.2")});
        QCOMPARE(diff(desired, actual, ownership()).summary(),
                 QStringLiteral("neigh: 1 added; route: 1 added, 1 replaced, 1 deleted"));
    }

    void ownsRoute_data()
    {
        QTest::addColumn<Route>("route");
        QTest::addColumn<bool>("owned");
        QTest::newRow("overlay device, inside Network") << kVxlanRoute2 << true;
        QTest::newRow("v6 overlay device, inside IPv6Network")
            << route("fc00:0:0:2::/64", "fc00:0:0:2::", "flannel-v6.1", true) << true;
        QTest::newRow("eth0, inside Network") << route("10.244.2.0/24", "192.168.1.2", "eth0") << true;
        QTest::newRow("the Network itself (udp)") << route("10.244.0.0/16", "", "flannel.1") << true;
        QTest::newRow("eth0, outside Network") << route("192.168.1.0/24", "", "eth0") << false;
        QTest::newRow("eth0, larger than Network") << route("10.0.0.0/8", "192.168.1.254", "eth0") << false;
        QTest::newRow("overlay device, outside Network") << route("fe80::/64", "", "flannel-v6.1") << false;
        QTest::newRow("other device, inside Network") << route("10.244.1.0/24", "", "cni0") << false;
        QTest::newRow("overlay device, other table")
            << route("10.244.2.0/24", "", "flannel.1", false, 255) << false;
    }
    void ownsRoute()
    {
        QFETCH(Route, route);
        QFETCH(bool, owned);
        QCOMPARE(ownership().owns(route), owned);
    }

    void ownsNeighbourAndFdb()
    {
        const TableOwnership rule = ownership();
        QVERIFY(rule.owns(neigh("flannel.1", "10.244.2.0", "c6:00:00:00:00:02")));
        QVERIFY(rule.owns(neigh("flannel-v6.1", "fc00:0:0:2::", "c6:00:00:00:00:02")));
        QVERIFY(!rule.owns(neigh("flannel-v6.1", "fe80::1", "c6:00:00:00:00:02")));
        QVERIFY(!rule.owns(neigh("eth0", "10.244.2.0", "c6:00:00:00:00:02")));
        QVERIFY(rule.owns(fdb("flannel.1", "c6:00:00:00:00:02", "192.168.1.2")));
        QVERIFY(!rule.owns(fdb("eth0", "c6:00:00:00:00:02", "192.168.1.2")));

        // Without an external interface name, routes on an unnamed device are not taken.
        const TableOwnership noExternal{{"flannel.1"}, QString(), {net("10.244.0.0/16")}};
        QVERIFY(!noExternal.owns(route("10.244.2.0/24", "", "")));
        QVERIFY(noExternal.owns(kVxlanRoute2));
    }
};

QTEST_APPLESS_MAIN(TestTableDiff)
#include "tst_tablediff.moc"
