// A full sync of a large cluster through the netlink layer: 10,000 vxlan peers (30,000 entries:
// neighbour, FDB entry and route each), applied in the suite's private namespace and read back,
// and the same entries written by `ip -batch` + `bridge -batch` in a second fresh namespace as the
// yardstick. Both timings and their ratio are printed; timing is never asserted (conventions.md).
// Also checks that the change listener survives the burst of 30,000 notifications (an overrun is
// answered with changed(), and it keeps listening).
#include "desiredtables.h"
#include "netlinkapplier.h"
#include "netlinkdump.h"
#include "netlinklinks.h"
#include "netlinklistener.h"
#include "netlinksocket.h"
#include "netns.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <utility>

using namespace tartan;
using namespace tartan::netlink;
using namespace tartan::test;

namespace {

constexpr int kPeers = 10000;
const QString kUnderlay = QStringLiteral("tt-eth0");
const QString kUnderlayPeer = QStringLiteral("tt-eth1");
const QString kDevice = QStringLiteral("flannel.1");
const QString kYardstickNetns = QStringLiteral("tt-ipbatch");

// Peer i: subnet 10.<(i+2) / 256>.<(i+2) % 256>.0/24, PublicIP 172.16.<i / 250>.<i % 250 + 1>.
Lease peerLease(int i)
{
    const int subnet = i + 2;
    Lease lease;
    lease.subnet.ipv4 = IpNetwork(IpAddress::fromV4((10u << 24) | (std::uint32_t(subnet) << 8)), 24);
    const QString value = QStringLiteral(R"({"PublicIP":"172.16.%1.%2","BackendType":"vxlan",)"
                                         R"("BackendData":{"VNI":1,"VtepMAC":"c6:01:00:%3:%4:01"}})")
                              .arg(i / 250)
                              .arg(i % 250 + 1)
                              .arg(i / 256, 2, 16, QLatin1Char('0'))
                              .arg(i % 256, 2, 16, QLatin1Char('0'));
    lease.attrs = *LeaseAttrs::decode(value.toUtf8());
    return lease;
}

bool writeLines(const QString &path, const QStringList &lines)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write((lines.join(u'\n') + u'\n').toUtf8()) > 0;
}

double seconds(qint64 nanoseconds)
{
    return double(nanoseconds) / 1e9;
}

} // namespace

#define VERIFY_OK(result)                                                                                              \
    QVERIFY2((result).ok(), (result).ok() ? "" : qPrintable((result).error().message()))

class TestNetlinkBatch : public QObject
{
    Q_OBJECT

private slots:
    void tenThousandPeers()
    {
        // The node: an underlay and flannel.1, as the vxlan backend sets them up.
        for (const QStringList &command : QList<QStringList>{
                 {"ip", "link", "add", kUnderlay, "type", "veth", "peer", "name", kUnderlayPeer},
                 {"ip", "addr", "add", "192.168.1.1/24", "dev", kUnderlay},
                 {"ip", "link", "set", kUnderlay, "up"},
                 {"ip", "link", "set", kUnderlayPeer, "up"}}) {
            VERIFY_OK(run(command));
        }
        auto opened = NetlinkSocket::open();
        VERIFY_OK(opened);
        NetlinkSocket socket = std::move(opened).value();
        NetlinkLinks links(socket);
        VxlanSpec spec;
        spec.name = kDevice;
        spec.local = *IpAddress::parse(u"192.168.1.1");
        spec.underlay = kUnderlay;
        spec.mac = *MacAddress::parse(u"c6:00:00:00:00:01");
        spec.mtu = 1450;
        VERIFY_OK(links.ensureVxlan(spec));
        VERIFY_OK(links.setUp(kDevice));

        // Desired tables for 10,000 peers, from core.
        const auto config = NetworkConfig::parse(R"({"Network":"10.0.0.0/8","Backend":{"Type":"vxlan"}})");
        VERIFY_OK(config);
        Lease own;
        own.subnet.ipv4 = *IpNetwork::parse(u"10.0.1.0/24");
        own.attrs = *LeaseAttrs::decode(
            R"({"PublicIP":"192.168.1.1","BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"c6:00:00:00:00:01"}})");
        const ExternalInterface external{kUnderlay, *IpAddress::parse(u"192.168.1.1"), {}, 1500,
                                         {*IpNetwork::parse(u"192.168.1.0/24")}};
        QList<Lease> peers;
        peers.reserve(kPeers);
        for (int i = 0; i < kPeers; ++i)
            peers << peerLease(i);
        QElapsedTimer timer;
        timer.start();
        const auto desired = DesiredTables::compute(*config, own, external, peers);
        const qint64 computeNs = timer.nsecsElapsed();
        VERIFY_OK(desired);
        QCOMPARE(desired->exclusions.size(), 0);
        QCOMPARE(desired->tables.size(), 3 * kPeers);
        const TableOwnership ownership = tartanOwnership(*config, kUnderlay);

        NetlinkListener listener;
        VERIFY_OK(listener.start());
        QSignalSpy changed(&listener, &NetlinkListener::changed);

        // Ours: dump, diff, apply, all in one pass as the reconciler does it.
        timer.restart();
        const auto before = NetlinkDump(socket).tables(ownership.devices);
        VERIFY_OK(before);
        const TableDiff changes = diff(desired->tables, *before, ownership);
        const qint64 diffNs = timer.nsecsElapsed();
        QCOMPARE(changes.changeCount(), qsizetype(3 * kPeers));
        timer.restart();
        const auto report = NetlinkApplier(socket).apply(changes);
        const qint64 applyNs = timer.nsecsElapsed();
        VERIFY_OK(report);
        QVERIFY2(report->ok(), report->ok() ? "" : qPrintable(report->failures.first().message()));
        QCOMPARE(report->changed, qsizetype(3 * kPeers));

        // Read back: exactly the desired entries.
        timer.restart();
        const auto after = NetlinkDump(socket).tables(ownership.devices);
        const qint64 dumpNs = timer.nsecsElapsed();
        VERIFY_OK(after);
        KernelTables owned;
        for (const Route &route : after->routes)
            if (ownership.owns(route))
                owned.routes << route;
        for (const Neighbour &neighbour : after->neighbours)
            if (ownership.owns(neighbour))
                owned.neighbours << neighbour;
        owned.fdb = after->fdb;
        QCOMPARE(owned.size(), desired->tables.size());
        QVERIFY(owned == desired->tables);
        QVERIFY(!diff(desired->tables, *after, ownership).hasChanges());

        // The listener lived through 30,000 notifications.
        QVERIFY2(changed.count() > 0 || changed.wait(1000), "no changed() after the apply");
        qInfo("listener: %llu notifications, %llu overruns (ENOBUFS), %lld changed() signals",
              listener.notifications(), listener.overruns(), qlonglong(changed.count()));
        QTest::qWait(150);
        changed.clear();
        VERIFY_OK(run({"ip", "neigh", "del", "10.0.2.0", "dev", kDevice}));
        QVERIFY2(changed.wait(1000), "the listener stopped after the burst");

        // The yardstick: the same 30,000 entries through iproute2 in a fresh namespace.
        NamedNetns yardstick(kYardstickNetns);
        QVERIFY(yardstick.ok());
        for (const QStringList &command : QList<QStringList>{
                 {"ip", "link", "add", kUnderlay, "type", "veth", "peer", "name", kUnderlayPeer},
                 {"ip", "addr", "add", "192.168.1.1/24", "dev", kUnderlay},
                 {"ip", "link", "set", kUnderlay, "up"},
                 {"ip", "link", "set", kUnderlayPeer, "up"},
                 {"ip", "link", "add", kDevice, "address", "c6:00:00:00:00:01", "mtu", "1450", "type", "vxlan", "id",
                  "1", "local", "192.168.1.1", "dev", kUnderlay, "dstport", "8472", "nolearning"},
                 {"ip", "link", "set", kDevice, "up"}}) {
            VERIFY_OK(yardstick.exec(command));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QStringList neighbourLines, fdbLines, routeLines;
        for (const Neighbour &entry : desired->tables.neighbours)
            neighbourLines << QStringLiteral("neigh add %1 lladdr %2 dev %3 nud permanent")
                                  .arg(entry.address.toString(), entry.mac.toString(), entry.device);
        for (const FdbEntry &entry : desired->tables.fdb)
            fdbLines << QStringLiteral("fdb add %1 dev %2 dst %3 self permanent")
                            .arg(entry.mac.toString(), entry.device, entry.destination.toString());
        for (const Route &entry : desired->tables.routes)
            routeLines << QStringLiteral("route add %1 via %2 dev %3 onlink")
                              .arg(entry.destination.toString(), entry.gateway.toString(), entry.device);
        QVERIFY(writeLines(dir.filePath("neigh"), neighbourLines));
        QVERIFY(writeLines(dir.filePath("fdb"), fdbLines));
        QVERIFY(writeLines(dir.filePath("route"), routeLines));
        // In the applier's order: neighbours, FDB entries, routes.
        qint64 iproute2Ns = 0;
        QStringList perKind;
        for (const auto &[program, file] : {std::pair{"ip", "neigh"}, {"bridge", "fdb"}, {"ip", "route"}}) {
            timer.restart();
            VERIFY_OK(run({program, "-n", kYardstickNetns, "-batch", dir.filePath(file)}, 120000));
            const qint64 elapsed = timer.nsecsElapsed();
            iproute2Ns += elapsed;
            perKind << QStringLiteral("%1 %2 s").arg(QLatin1String(file)).arg(seconds(elapsed), 0, 'f', 3);
        }
        const auto routes = yardstick.exec({"ip", "-o", "route", "show", "dev", kDevice});
        VERIFY_OK(routes);
        QCOMPARE(routes->count(u'\n'), kPeers);

        qInfo("setup: %d vxlan peers, %d entries (neigh + fdb + route each), one run each, IPv4, veth underlay",
              kPeers, 3 * kPeers);
        qInfo("core DesiredTables::compute: %.3f s; dump (empty) + diff: %.3f s; dump of %d entries: %.3f s",
              seconds(computeNs), seconds(diffNs), 3 * kPeers, seconds(dumpNs));
        qInfo("netlink layer apply: %.3f s (%d requests); ip -batch + bridge -batch: %.3f s (%s); "
              "ratio ours/iproute2: %.2f",
              seconds(applyNs), int(report->requests), seconds(iproute2Ns), qPrintable(perKind.join(u", ")),
              double(applyNs) / double(iproute2Ns));
    }
};

TARTAN_E2E_TEST_MAIN(TestNetlinkBatch)
#include "tst_netlinkbatch.moc"
