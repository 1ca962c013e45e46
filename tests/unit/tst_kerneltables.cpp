#include "kerneltables.h"
#include "testvalues.h"

#include <QTest>

using namespace tartan;
using namespace tartan::test;

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
} // namespace

class TestKernelTables : public QObject
{
    Q_OBJECT
private slots:
    void routeToString_data()
    {
        QTest::addColumn<Route>("route");
        QTest::addColumn<QString>("text");
        QTest::newRow("vxlan") << route("10.244.1.0/24", "10.244.1.0", "flannel.1", true)
                               << "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink";
        QTest::newRow("host-gw") << route("10.244.1.0/24", "192.168.1.2", "eth0")
                                 << "10.244.1.0/24 via 192.168.1.2 dev eth0";
        QTest::newRow("udp, no gateway")
            << route("10.244.0.0/16", "", "flannel0") << "10.244.0.0/16 dev flannel0";
        QTest::newRow("v6") << route("fc00:0:0:2::/64", "fc00:0:0:2::", "flannel-v6.1", true)
                            << "fc00:0:0:2::/64 via fc00:0:0:2:: dev flannel-v6.1 onlink";
        QTest::newRow("other table") << route("10.244.1.0/24", "", "flannel.1", false, 100)
                                     << "10.244.1.0/24 dev flannel.1 table 100";
    }
    void routeToString()
    {
        QFETCH(Route, route);
        QFETCH(QString, text);
        QCOMPARE(route.toString(), text);
    }

    void neighbourToString_data()
    {
        QTest::addColumn<Neighbour>("neighbour");
        QTest::addColumn<QString>("text");
        QTest::newRow("permanent") << Neighbour{"flannel.1", ip("10.244.1.0"), mac("c6:d2:32:6f:8f:44"), true}
                                   << "10.244.1.0 lladdr c6:d2:32:6f:8f:44 dev flannel.1 PERMANENT";
        QTest::newRow("learned") << Neighbour{"flannel.1", ip("10.244.1.0"), mac("c6:d2:32:6f:8f:44"), false}
                                 << "10.244.1.0 lladdr c6:d2:32:6f:8f:44 dev flannel.1";
        QTest::newRow("incomplete") << Neighbour{"flannel.1", ip("10.244.1.0"), MacAddress(), false}
                                    << "10.244.1.0 dev flannel.1";
        QTest::newRow("v6") << Neighbour{"flannel-v6.1", ip("fc00:0:0:2::"), mac("c6:d2:32:6f:8f:45"), true}
                            << "fc00:0:0:2:: lladdr c6:d2:32:6f:8f:45 dev flannel-v6.1 PERMANENT";
    }
    void neighbourToString()
    {
        QFETCH(Neighbour, neighbour);
        QFETCH(QString, text);
        QCOMPARE(neighbour.toString(), text);
    }

    void fdbToString_data()
    {
        QTest::addColumn<FdbEntry>("entry");
        QTest::addColumn<QString>("text");
        QTest::newRow("permanent") << FdbEntry{"flannel.1", mac("c6:d2:32:6f:8f:44"), ip("192.168.1.2"), true}
                                   << "c6:d2:32:6f:8f:44 dst 192.168.1.2 dev flannel.1 self permanent";
        QTest::newRow("learned") << FdbEntry{"flannel.1", mac("c6:d2:32:6f:8f:44"), ip("192.168.1.2"), false}
                                 << "c6:d2:32:6f:8f:44 dst 192.168.1.2 dev flannel.1 self";
        QTest::newRow("no dst") << FdbEntry{"flannel.1", mac("c6:d2:32:6f:8f:44"), IpAddress(), true}
                                << "c6:d2:32:6f:8f:44 dev flannel.1 self permanent";
        QTest::newRow("v6 dst") << FdbEntry{"flannel-v6.1", mac("c6:d2:32:6f:8f:44"), ip("fd00::2"), true}
                                << "c6:d2:32:6f:8f:44 dst fd00::2 dev flannel-v6.1 self permanent";
    }
    void fdbToString()
    {
        QFETCH(FdbEntry, entry);
        QFETCH(QString, text);
        QCOMPARE(entry.toString(), text);
    }

    // Two entries share a key exactly when the kernel would treat them as the same slot.
    void keys()
    {
        const Route a = route("10.244.1.0/24", "10.244.1.0", "flannel.1", true);
        const Route otherGateway = route("10.244.1.0/24", "192.168.1.2", "eth0");
        const Route otherTable = route("10.244.1.0/24", "10.244.1.0", "flannel.1", true, 100);
        QVERIFY(a.key() == otherGateway.key());
        QVERIFY(a != otherGateway);
        QVERIFY(a.key() != otherTable.key());
        QVERIFY(otherTable.key() < a.key()); // same destination: by table number
        QVERIFY(a == route("10.244.1.0/24", "10.244.1.0", "flannel.1", true));
        QVERIFY(a != route("10.244.1.0/24", "10.244.1.0", "flannel.1", false));

        const Neighbour n{"flannel.1", ip("10.244.1.0"), mac("c6:d2:32:6f:8f:44"), true};
        QVERIFY(n.key() == (Neighbour{"flannel.1", ip("10.244.1.0"), mac("c6:d2:32:6f:8f:45"), true}.key()));
        QVERIFY(n.key() != (Neighbour{"flannel.2", ip("10.244.1.0"), mac("c6:d2:32:6f:8f:44"), true}.key()));
        QVERIFY(n != (Neighbour{"flannel.1", ip("10.244.1.0"), mac("c6:d2:32:6f:8f:44"), false}));

        const FdbEntry f{"flannel.1", mac("c6:d2:32:6f:8f:44"), ip("192.168.1.2"), true};
        QVERIFY(f.key() == (FdbEntry{"flannel.1", mac("c6:d2:32:6f:8f:44"), ip("192.168.1.3"), true}.key()));
        QVERIFY(f != (FdbEntry{"flannel.1", mac("c6:d2:32:6f:8f:44"), ip("192.168.1.3"), true}));
        QVERIFY(f.key() != (FdbEntry{"flannel.1", mac("c6:d2:32:6f:8f:45"), ip("192.168.1.2"), true}.key()));
    }

    void sortsByKeyThenValueAndKeepsDuplicates()
    {
        KernelTables tables;
        tables.routes = {route("fc00:0:0:2::/64", "fc00:0:0:2::", "flannel-v6.1", true),
                         route("10.244.3.0/24", "10.244.3.0", "flannel.1", true),
                         route("10.244.2.0/24", "192.168.1.2", "eth0"),
                         route("10.244.2.0/24", "10.244.2.0", "flannel.1", true),
                         route("10.244.2.0/24", "10.244.2.0", "flannel.1", true)};
        tables.neighbours = {Neighbour{"flannel.1", ip("10.244.3.0"), mac("c6:00:00:00:00:03"), true},
                             Neighbour{"flannel-v6.1", ip("fc00:0:0:2::"), mac("c6:00:00:00:00:12"), true},
                             Neighbour{"flannel.1", ip("10.244.2.0"), mac("c6:00:00:00:00:02"), true}};
        tables.fdb = {FdbEntry{"flannel.1", mac("c6:00:00:00:00:03"), ip("192.168.1.3"), true},
                      FdbEntry{"flannel.1", mac("c6:00:00:00:00:02"), ip("192.168.1.2"), true}};
        KernelTables reversed = tables;
        std::reverse(reversed.routes.begin(), reversed.routes.end());
        std::reverse(reversed.neighbours.begin(), reversed.neighbours.end());
        std::reverse(reversed.fdb.begin(), reversed.fdb.end());
        QVERIFY(tables != reversed);
        tables.sort();
        reversed.sort();
        QCOMPARE(tables == reversed, true);

        const QStringList expected{
            "neigh fc00:0:0:2:: lladdr c6:00:00:00:00:12 dev flannel-v6.1 PERMANENT",
            "neigh 10.244.2.0 lladdr c6:00:00:00:00:02 dev flannel.1 PERMANENT",
            "neigh 10.244.3.0 lladdr c6:00:00:00:00:03 dev flannel.1 PERMANENT",
            "fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent",
            "fdb c6:00:00:00:00:03 dst 192.168.1.3 dev flannel.1 self permanent",
            "route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
            "route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
            "route 10.244.2.0/24 via 192.168.1.2 dev eth0",
            "route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink",
            "route fc00:0:0:2::/64 via fc00:0:0:2:: dev flannel-v6.1 onlink",
        };
        QCOMPARE(tables.toStrings(), expected);
        QCOMPARE(tables.size(), qsizetype(10));
        QVERIFY(!tables.isEmpty());
        QVERIFY(KernelTables().isEmpty());
        QCOMPARE(KernelTables().size(), qsizetype(0));
        QVERIFY(KernelTables().toStrings().isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestKernelTables)
#include "tst_kerneltables.moc"
