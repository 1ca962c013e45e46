#include "repairpolicy.h"
#include "testvalues.h"

#include <QTest>

using namespace tartan;
using namespace tartan::test;

Q_DECLARE_METATYPE(tartan::KernelTables)

namespace {

const TableOwnership kOwnership{{"flannel.1"}, "eth0", {net("10.244.0.0/16")}};

Neighbour neigh(const char *address, const char *macText)
{
    return Neighbour{"flannel.1", ip(address), mac(macText), true};
}
FdbEntry fdb(const char *macText, const char *destination)
{
    return FdbEntry{"flannel.1", mac(macText), ip(destination), true};
}
Route route(const char *destination, const char *gateway)
{
    return Route{net(destination), kMainRouteTable, ip(gateway), "flannel.1", true};
}

// Two peers: node 2 and node 3.
KernelTables twoPeers()
{
    KernelTables t;
    t.neighbours = {neigh("10.244.2.0", "aa:00:00:00:00:02"), neigh("10.244.3.0", "aa:00:00:00:00:03")};
    t.fdb = {fdb("aa:00:00:00:00:02", "192.168.1.2"), fdb("aa:00:00:00:00:03", "192.168.1.3")};
    t.routes = {route("10.244.2.0/24", "10.244.2.0"), route("10.244.3.0/24", "10.244.3.0")};
    t.sort();
    return t;
}

} // namespace

class TestRepairPolicy : public QObject
{
    Q_OBJECT
private slots:
    void policy_data()
    {
        QTest::addColumn<KernelTables>("previous");
        QTest::addColumn<KernelTables>("desired");
        QTest::addColumn<KernelTables>("actual");
        QTest::addColumn<QStringList>("leaseDriven");
        QTest::addColumn<int>("drift");

        const KernelTables all = twoPeers();
        KernelTables fdbGone = all;
        fdbGone.fdb.removeFirst();
        QTest::newRow("fdb deleted by hand") << all << all << fdbGone << QStringList() << 1;

        KernelTables neighChanged = all;
        neighChanged.neighbours[0].mac = mac("aa:00:00:00:00:09");
        QTest::newRow("neighbour changed by hand") << all << all << neighChanged << QStringList() << 1;

        KernelTables extra = all;
        extra.routes << route("10.244.9.0/24", "10.244.9.0");
        QTest::newRow("route added by hand") << all << all << extra << QStringList() << 1;

        KernelTables oneGone = all;
        oneGone.neighbours.removeLast();
        oneGone.fdb.removeLast();
        oneGone.routes.removeLast();
        QTest::newRow("lease removed")
            << all << oneGone << all
            << QStringList{"delete neigh 10.244.3.0 lladdr aa:00:00:00:00:03 dev flannel.1 PERMANENT",
                           "delete fdb aa:00:00:00:00:03 dst 192.168.1.3 dev flannel.1 self permanent",
                           "delete route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink"}
            << 3;
        QTest::newRow("lease added")
            << oneGone << all << oneGone
            << QStringList{"add neigh 10.244.3.0 lladdr aa:00:00:00:00:03 dev flannel.1 PERMANENT",
                           "add fdb aa:00:00:00:00:03 dst 192.168.1.3 dev flannel.1 self permanent",
                           "add route 10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink"}
            << 3;

        KernelTables moved = all;
        moved.fdb[1].destination = ip("192.168.1.7");
        QTest::newRow("peer's public ip changed")
            << all << moved << all
            << QStringList{"replace fdb aa:00:00:00:00:03 dst 192.168.1.7 dev flannel.1 self permanent "
                           "(was aa:00:00:00:00:03 dst 192.168.1.3 dev flannel.1 self permanent)"}
            << 1;
        QTest::newRow("in step") << all << all << all << QStringList() << 0;
    }
    void policy()
    {
        QFETCH(KernelTables, previous);
        QFETCH(KernelTables, desired);
        QFETCH(KernelTables, actual);
        QFETCH(QStringList, leaseDriven);
        QFETCH(int, drift);
        const TableDiff changes = diff(desired, actual, kOwnership);
        QCOMPARE(driftCount(changes), drift);
        QCOMPARE(leaseDrivenChanges(changes, previous).toStrings(), leaseDriven);
    }

    void blockedEntriesStay()
    {
        TableDiff changes;
        changes.routes.blocked << EntryPair<Route>{route("10.244.2.0/24", "192.168.9.9"), route("10.244.2.0/24", "10.244.2.0")};
        const TableDiff driven = leaseDrivenChanges(changes, twoPeers());
        QCOMPARE(driven.routes.blocked.size(), 1);
        QVERIFY(!driven.hasChanges());
        QCOMPARE(driftCount(changes), 1);
    }
};

QTEST_APPLESS_MAIN(TestRepairPolicy)
#include "tst_repairpolicy.moc"
