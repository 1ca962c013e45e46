// The netlink layer's table dump, batched apply and change listener against the real kernel, in
// the suite's private network namespace: a dual-stack vxlan node (flannel.1 and flannel-v6.1 on a
// veth underlay) whose desired tables come from core's DesiredTables::compute for a few peers.
// Kernel state is read back through the layer (NetlinkDump) and through iproute2's JSON
// (`ip -j route/neigh`, `bridge -j fdb`), and both must equal the desired tables exactly.
#include "desiredtables.h"
#include "json.h"
#include "netlinkaddresses.h"
#include "netlinkapplier.h"
#include "netlinkdump.h"
#include "netlinklinks.h"
#include "netlinklistener.h"
#include "netlinksocket.h"
#include "netns.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace tartan;
using namespace tartan::netlink;
using namespace tartan::test;

namespace {

const QString kUnderlay = QStringLiteral("tt-eth0");
const QString kUnderlayPeer = QStringLiteral("tt-eth1");
const QString kVxlan4 = QStringLiteral("flannel.1");
const QString kVxlan6 = QStringLiteral("flannel-v6.1");

IpAddress ip(const QString &text)
{
    return *IpAddress::parse(text);
}

IpNetwork net(const QString &text)
{
    return *IpNetwork::parse(text);
}

// A peer's lease as flanneld writes it; `n` numbers the subnet (10.244.<n>.0/24, fc00:0:0:<n>::/64).
Lease peerLease(int n, const QString &publicIp, const QString &publicIpv6, const QString &mac, const QString &mac6)
{
    Lease lease;
    lease.subnet = SubnetKey{net(QStringLiteral("10.244.%1.0/24").arg(n)), net(QStringLiteral("fc00:0:0:%1::/64").arg(n))};
    const QString value = QStringLiteral(R"({"PublicIP":"%1","PublicIPv6":"%2","BackendType":"vxlan",)"
                                         R"("BackendData":{"VNI":1,"VtepMAC":"%3"},)"
                                         R"("BackendV6Data":{"VNI":1,"VtepMAC":"%4"}})")
                              .arg(publicIp, publicIpv6, mac, mac6);
    lease.attrs = *LeaseAttrs::decode(value.toUtf8());
    return lease;
}

QString text(const json::Json &object, const char *key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return QString::fromStdString(object[key].get<std::string>());
}

bool listed(const json::Json &object, const char *key, const char *value)
{
    if (!object.is_object() || !object.contains(key))
        return false;
    const json::Json &values = object[key];
    if (values.is_string())
        return values.get<std::string>() == value;
    return values.is_array() && std::find(values.begin(), values.end(), value) != values.end();
}

// For QVERIFY2's message, which is evaluated whether or not the check fails.
QByteArray failures(const ApplyReport &report)
{
    QStringList messages;
    for (const NetlinkError &failure : report.failures)
        messages << failure.message();
    return messages.join(QStringLiteral("; ")).toUtf8();
}

Result<json::Json> ipJson(const QStringList &command)
{
    const auto output = run(command);
    if (!output)
        return output.error();
    // iproute2 prints nothing at all (not "[]") for an empty FDB.
    return json::parse(output->trimmed().isEmpty() ? QByteArray("[]") : output->toUtf8(), command.join(u' '));
}

} // namespace

#define VERIFY_OK(result)                                                                                              \
    QVERIFY2((result).ok(), (result).ok() ? "" : qPrintable((result).error().message()))

class TestNetlinkTables : public QObject
{
    Q_OBJECT

private:
    std::optional<NetlinkSocket> mSocket;
    NetworkConfig mConfig;
    Lease mOwn;
    ExternalInterface mExternal;
    TableOwnership mOwnership;
    QMap<int, Lease> mPeers;
    TableDiff mFirstDiff;

    Result<DesiredTables> desired() const
    {
        return DesiredTables::compute(mConfig, mOwn, mExternal, mPeers.values());
    }

    // What the kernel holds that Tartan owns, through the layer under test.
    Result<KernelTables> ownedDump()
    {
        const auto dumped = NetlinkDump(*mSocket).tables(mOwnership.devices);
        if (!dumped)
            return dumped.error().toError();
        KernelTables owned;
        for (const Route &route : dumped->routes)
            if (mOwnership.owns(route))
                owned.routes << route;
        for (const Neighbour &neighbour : dumped->neighbours)
            if (mOwnership.owns(neighbour))
                owned.neighbours << neighbour;
        for (const FdbEntry &entry : dumped->fdb)
            if (mOwnership.owns(entry))
                owned.fdb << entry;
        owned.sort();
        return owned;
    }

    // The same, read by iproute2: a second opinion that does not share our parsing.
    Result<KernelTables> ownedByIproute()
    {
        KernelTables tables;
        for (const QString &family : {QStringLiteral("-4"), QStringLiteral("-6")}) {
            const auto routes = ipJson({"ip", "-j", family, "route", "show", "table", "main"});
            if (!routes)
                return routes.error();
            for (const json::Json &route : *routes) {
                if (text(route, "protocol") == u"kernel")
                    continue; // address prefix routes: NetlinkDump leaves them out too
                Route entry;
                // A host route is printed without its /32 or /128.
                const QString destination = text(route, "dst");
                const QString hostLength = family == u"-4" ? QStringLiteral("/32") : QStringLiteral("/128");
                entry.destination = net(destination.contains(u'/') ? destination : destination + hostLength);
                if (const QString gateway = text(route, "gateway"); !gateway.isEmpty())
                    entry.gateway = ip(gateway);
                entry.device = text(route, "dev");
                entry.onlink = listed(route, "flags", "onlink");
                if (mOwnership.owns(entry))
                    tables.routes << entry;
            }
        }
        const auto neighbours = ipJson({"ip", "-j", "neigh", "show"});
        if (!neighbours)
            return neighbours.error();
        for (const json::Json &neighbour : *neighbours) {
            Neighbour entry;
            entry.device = text(neighbour, "dev");
            entry.address = ip(text(neighbour, "dst"));
            if (const QString lladdr = text(neighbour, "lladdr"); !lladdr.isEmpty())
                entry.mac = *MacAddress::parse(lladdr);
            entry.permanent = listed(neighbour, "state", "PERMANENT");
            if (mOwnership.owns(entry))
                tables.neighbours << entry;
        }
        for (const QString &device : mOwnership.devices) {
            const auto fdb = ipJson({"bridge", "-j", "fdb", "show", "dev", device});
            if (!fdb)
                return fdb.error();
            for (const json::Json &row : *fdb) {
                if (!listed(row, "flags", "self"))
                    continue;
                FdbEntry entry;
                entry.device = device;
                entry.mac = *MacAddress::parse(text(row, "mac"));
                if (const QString dst = text(row, "dst"); !dst.isEmpty())
                    entry.destination = ip(dst);
                entry.permanent = listed(row, "state", "permanent");
                tables.fdb << entry;
            }
        }
        tables.sort();
        return tables;
    }

    // One reconciler pass: desired vs. dump, apply the difference.
    Result<ApplyReport> reconcile(TableDiff *applied = nullptr)
    {
        const auto wanted = desired();
        if (!wanted)
            return wanted.error();
        const auto dumped = NetlinkDump(*mSocket).tables(mOwnership.devices);
        if (!dumped)
            return dumped.error().toError();
        const TableDiff changes = diff(wanted->tables, *dumped, mOwnership);
        if (applied)
            *applied = changes;
        return toResult(NetlinkApplier(*mSocket).apply(changes));
    }

    // The kernel holds exactly the desired entries, by both readings.
    void verifyKernelMatchesDesired()
    {
        const auto wanted = desired();
        VERIFY_OK(wanted);
        const auto owned = ownedDump();
        VERIFY_OK(owned);
        QCOMPARE(owned->toStrings(), wanted->tables.toStrings());
        const auto iproute = ownedByIproute();
        VERIFY_OK(iproute);
        QCOMPARE(iproute->toStrings(), wanted->tables.toStrings());
    }

private slots:
    void initTestCase()
    {
        for (const QStringList &command : QList<QStringList>{
                 {"ip", "link", "add", kUnderlay, "type", "veth", "peer", "name", kUnderlayPeer},
                 {"ip", "addr", "add", "192.168.1.1/24", "dev", kUnderlay},
                 {"ip", "-6", "addr", "add", "fd00:1::1/64", "dev", kUnderlay, "nodad"},
                 {"ip", "link", "set", kUnderlay, "up"},
                 {"ip", "link", "set", kUnderlayPeer, "up"}}) {
            const auto done = run(command);
            VERIFY_OK(done);
        }
        auto socket = NetlinkSocket::open();
        VERIFY_OK(socket);
        mSocket.emplace(std::move(socket).value());

        const auto config = NetworkConfig::parse(R"({"Network":"10.244.0.0/16","EnableIPv6":true,
            "IPv6Network":"fc00::/48","Backend":{"Type":"vxlan"}})");
        VERIFY_OK(config);
        mConfig = *config;
        mOwn = peerLease(1, "192.168.1.1", "fd00:1::1", "c6:00:00:00:00:01", "c6:00:00:00:00:11");
        mExternal = ExternalInterface{kUnderlay, ip("192.168.1.1"), ip("fd00:1::1"), 1500,
                                      {net("192.168.1.0/24"), net("fd00:1::/64")}};
        mOwnership = tartanOwnership(mConfig, kUnderlay);

        // The devices, as the vxlan backend would set them up from the desired tables.
        const auto plan = desired();
        VERIFY_OK(plan);
        QCOMPARE(plan->devices.size(), 2);
        NetlinkLinks links(*mSocket);
        NetlinkAddresses addresses(*mSocket);
        for (const OverlayDevice &device : plan->devices) {
            VxlanSpec spec;
            spec.name = device.name;
            spec.local = device.local;
            spec.underlay = kUnderlay;
            spec.mtu = device.mtu;
            spec.mac = device.family == IpAddress::Family::V4 ? *MacAddress::parse(u"c6:00:00:00:00:01")
                                                               : *MacAddress::parse(u"c6:00:00:00:00:11");
            const auto ensured = links.ensureVxlan(spec);
            VERIFY_OK(ensured);
            QCOMPARE(ensured->outcome, EnsuredLink::Outcome::Created);
            if (device.family == IpAddress::Family::V6)
                VERIFY_OK(links.setAcceptRa(device.name, false));
            VERIFY_OK(links.setUp(device.name));
            VERIFY_OK(addresses.sync(device.name, device.address, mOwnership.networks));
        }
        QCOMPARE(mOwnership.devices, (QStringList{kVxlan4, kVxlan6}));
    }

    void appliesTheDesiredTables()
    {
        // A and C on the underlay's segment, B behind a router: all through the tunnel.
        mPeers[2] = peerLease(2, "192.168.1.2", "fd00:1::2", "c6:00:00:00:00:02", "c6:00:00:00:00:12");
        mPeers[3] = peerLease(3, "172.16.0.3", "2001:db8::3", "c6:00:00:00:00:03", "c6:00:00:00:00:13");
        mPeers[4] = peerLease(4, "192.168.1.4", "fd00:1::4", "c6:00:00:00:00:04", "c6:00:00:00:00:14");
        const auto wanted = desired();
        VERIFY_OK(wanted);
        QVERIFY2(wanted->exclusions.isEmpty(), wanted->exclusions.isEmpty() ? "" : qPrintable(wanted->exclusions.first().reason));
        QCOMPARE(wanted->tables.size(), 18); // 3 peers x 2 families x (neigh, fdb, route)

        const auto report = reconcile(&mFirstDiff);
        VERIFY_OK(report);
        QCOMPARE(mFirstDiff.neighbours.add.size(), 6);
        QCOMPARE(mFirstDiff.fdb.add.size(), 6);
        QCOMPARE(mFirstDiff.routes.add.size(), 6);
        QCOMPARE(mFirstDiff.changeCount(), 18);
        QVERIFY2(report->ok(), failures(*report).constData());
        QCOMPARE(report->requests, 18);
        QCOMPARE(report->changed, 18);
        verifyKernelMatchesDesired();
        if (QTest::currentTestFailed())
            return;

        // Spot-check the flannel shape in iproute2's own words.
        const auto route = run({"ip", "route", "show", "10.244.3.0/24"});
        VERIFY_OK(route);
        QCOMPARE(route->trimmed(), QStringLiteral("10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink"));
        const auto fdb = run({"bridge", "fdb", "show", "dev", "flannel-v6.1"});
        VERIFY_OK(fdb);
        QVERIFY2(fdb->contains(QStringLiteral("c6:00:00:00:00:13 dst 2001:db8::3 self permanent")), qPrintable(*fdb));
    }

    void secondApplyIsANoOp()
    {
        // Nothing left to do according to the diff ...
        const auto wanted = desired();
        VERIFY_OK(wanted);
        const auto dumped = NetlinkDump(*mSocket).tables(mOwnership.devices);
        VERIFY_OK(dumped);
        QVERIFY2(!diff(wanted->tables, *dumped, mOwnership).hasChanges(),
                 qPrintable(diff(wanted->tables, *dumped, mOwnership).toStrings().join(u'\n')));
        // ... and replaying the same diff is harmless: every add answers EEXIST, counted as done.
        const auto replay = NetlinkApplier(*mSocket).apply(mFirstDiff);
        VERIFY_OK(replay);
        QVERIFY2(replay->ok(), failures(*replay).constData());
        QCOMPARE(replay->changed, 0);
        QCOMPARE(replay->alreadyDone, 18);
        verifyKernelMatchesDesired();
        if (QTest::currentTestFailed())
            return;
    }

    void replacesAPeersNewVtepMac()
    {
        mPeers[3] = peerLease(3, "172.16.0.3", "2001:db8::3", "c6:00:00:00:00:33", "c6:00:00:00:00:13");
        TableDiff changes;
        const auto report = reconcile(&changes);
        VERIFY_OK(report);
        QVERIFY2(report->ok(), failures(*report).constData());
        QCOMPARE(changes.toStrings(),
                 (QStringList{
                     "replace neigh 10.244.3.0 lladdr c6:00:00:00:00:33 dev flannel.1 PERMANENT "
                     "(was 10.244.3.0 lladdr c6:00:00:00:00:03 dev flannel.1 PERMANENT)",
                     "add fdb c6:00:00:00:00:33 dst 172.16.0.3 dev flannel.1 self permanent",
                     "delete fdb c6:00:00:00:00:03 dst 172.16.0.3 dev flannel.1 self permanent"}));
        QCOMPARE(report->changed, 3);
        verifyKernelMatchesDesired();
        if (QTest::currentTestFailed())
            return;
        const auto neighbour = run({"ip", "neigh", "show", "10.244.3.0", "dev", kVxlan4});
        VERIFY_OK(neighbour);
        QVERIFY2(neighbour->contains(QStringLiteral("lladdr c6:00:00:00:00:33 PERMANENT")), qPrintable(*neighbour));
    }

    void replacesTheTunnelEndpointOfAMovedPeer()
    {
        // Same VtepMAC, new PublicIP: the FDB entry keeps its key and is replaced (NLM_F_REPLACE).
        mPeers[2] = peerLease(2, "192.168.1.22", "fd00:1::2", "c6:00:00:00:00:02", "c6:00:00:00:00:12");
        TableDiff changes;
        const auto report = reconcile(&changes);
        VERIFY_OK(report);
        QVERIFY2(report->ok(), failures(*report).constData());
        QCOMPARE(changes.toStrings(),
                 (QStringList{"replace fdb c6:00:00:00:00:02 dst 192.168.1.22 dev flannel.1 self permanent "
                              "(was c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent)"}));
        QCOMPARE(report->changed, 1);
        verifyKernelMatchesDesired();
    }

    void replacesRoutesWhenDirectRoutingIsTurnedOn()
    {
        // On-link peers (A and C) are now routed straight over the underlay: their routes keep the
        // key and are replaced, their neighbour and FDB entries go. B stays in the tunnel.
        mConfig.backend.vxlan.directRouting = true;
        TableDiff changes;
        const auto report = reconcile(&changes);
        VERIFY_OK(report);
        QVERIFY2(report->ok(), failures(*report).constData());
        QCOMPARE(changes.routes.replace.size(), 4);
        QCOMPARE(changes.neighbours.remove.size(), 4);
        QCOMPARE(changes.fdb.remove.size(), 4);
        QCOMPARE(report->changed, 12);
        verifyKernelMatchesDesired();
        if (QTest::currentTestFailed())
            return;
        const auto route = run({"ip", "-6", "route", "show", "fc00:0:0:4::/64"});
        VERIFY_OK(route);
        QVERIFY2(route->startsWith(QStringLiteral("fc00:0:0:4::/64 via fd00:1::4 dev tt-eth0")), qPrintable(*route));

        mConfig.backend.vxlan.directRouting = false;
        const auto back = reconcile();
        VERIFY_OK(back);
        QVERIFY2(back->ok(), failures(*back).constData());
        QCOMPARE(back->changed, 12);
        verifyKernelMatchesDesired();
    }

    void deletesAGonePeer()
    {
        mPeers.remove(4);
        TableDiff changes;
        const auto report = reconcile(&changes);
        VERIFY_OK(report);
        QVERIFY2(report->ok(), failures(*report).constData());
        QCOMPARE(changes.routes.remove.size(), 2);
        QCOMPARE(changes.fdb.remove.size(), 2);
        QCOMPARE(changes.neighbours.remove.size(), 2);
        QCOMPARE(report->changed, 6);
        verifyKernelMatchesDesired();
        if (QTest::currentTestFailed())
            return;
        const auto routes = run({"ip", "route", "show", "10.244.4.0/24"});
        VERIFY_OK(routes);
        QCOMPARE(routes->trimmed(), QString());

        // Deleting what is already gone is done, not failed.
        const auto again = NetlinkApplier(*mSocket).apply(changes);
        VERIFY_OK(again);
        QVERIFY(again->ok());
        QCOMPARE(again->alreadyDone, 6);
    }

    // Someone else changes the tables between the dump and the apply: one entry the diff adds is
    // already there (EEXIST), one it deletes is already gone (ENOENT). Both count as done, the rest
    // is applied, and the kernel ends up exactly as desired.
    void entriesChangedByOthersBetweenDumpAndApply()
    {
        const QMap<int, Lease> before = mPeers;
        mPeers[5] = peerLease(5, "192.168.1.5", "fd00:1::5", "c6:00:00:00:00:05", "c6:00:00:00:00:15");
        mPeers.remove(3);
        const auto wanted = desired();
        VERIFY_OK(wanted);
        const auto dumped = NetlinkDump(*mSocket).tables(mOwnership.devices);
        VERIFY_OK(dumped);
        const TableDiff changes = diff(wanted->tables, *dumped, mOwnership);
        QCOMPARE(changes.routes.add.size(), 2);
        QCOMPARE(changes.routes.remove.size(), 2);

        // The other writer: adds peer 5's IPv4 route through its own socket, and deletes peer 3's
        // IPv4 route with iproute2.
        TableDiff other;
        other.routes.add << changes.routes.add.first();
        QVERIFY(changes.routes.add.first().toString().contains(QLatin1String("10.244.5.0/24")));
        auto otherSocket = NetlinkSocket::open();
        VERIFY_OK(otherSocket);
        const auto added = NetlinkApplier(*otherSocket).apply(other);
        VERIFY_OK(added);
        QCOMPARE(added->changed, 1);
        VERIFY_OK(run({"ip", "route", "del", "10.244.3.0/24", "dev", kVxlan4}));

        const auto report = NetlinkApplier(*mSocket).apply(changes);
        VERIFY_OK(report);
        QVERIFY2(report->ok(), failures(*report).constData());
        QCOMPARE(report->alreadyDone, 2);
        QCOMPARE(report->changed, changes.changeCount() - 2);
        verifyKernelMatchesDesired();

        // Back to the peers the later tests expect.
        mPeers = before;
        const auto restored = reconcile();
        VERIFY_OK(restored);
        QVERIFY2(restored->ok(), failures(*restored).constData());
        verifyKernelMatchesDesired();
    }

    void reportsFailuresPerEntry()
    {
        TableDiff changes;
        // No onlink: the kernel refuses a gateway that no prefix of flannel.1 covers.
        changes.routes.add << Route{net("10.244.9.0/24"), kMainRouteTable, ip("10.244.9.0"), kVxlan4, false};
        changes.routes.add << Route{net("10.244.10.0/24"), kMainRouteTable, ip("10.244.10.0"), "tt-missing", true};
        // Fine: applied although its neighbours in the batch fail.
        changes.neighbours.add << Neighbour{kVxlan4, ip("10.244.9.0"), *MacAddress::parse(u"c6:00:00:00:00:09"), true};
        const auto report = NetlinkApplier(*mSocket).apply(changes);
        VERIFY_OK(report);
        QCOMPARE(report->changed, 1);
        QCOMPARE(report->failures.size(), 2);
        QStringList messages;
        for (const NetlinkError &failure : report->failures)
            messages << failure.message();
        messages.sort();
        QVERIFY2(messages[0].startsWith(
                     QStringLiteral("add route 10.244.10.0/24 via 10.244.10.0 dev tt-missing onlink: No such device")),
                 qPrintable(messages[0]));
        QVERIFY2(messages[1].startsWith(
                     QStringLiteral("add route 10.244.9.0/24 via 10.244.9.0 dev flannel.1: Network is unreachable")),
                 qPrintable(messages[1]));
        qInfo("per-entry failures: %s", qPrintable(messages.join(QStringLiteral(" | "))));
        const auto neighbour = run({"ip", "neigh", "show", "10.244.9.0", "dev", kVxlan4});
        VERIFY_OK(neighbour);
        QVERIFY(neighbour->contains(QStringLiteral("c6:00:00:00:00:09")));

        // The stray neighbour is Tartan's (flannel.1, inside Network): the next pass removes it.
        const auto cleanup = reconcile();
        VERIFY_OK(cleanup);
        QCOMPARE(cleanup->changed, 1);
        verifyKernelMatchesDesired();
        if (QTest::currentTestFailed())
            return;
    }

    void listenerSeesHandDeletions()
    {
        NetlinkListener listener;
        VERIFY_OK(listener.start());
        QSignalSpy spy(&listener, &NetlinkListener::changed);
        const QList<QStringList> deletions{
            {"ip", "neigh", "del", "10.244.2.0", "dev", kVxlan4},
            {"bridge", "fdb", "del", "c6:00:00:00:00:12", "dev", kVxlan6, "dst", "fd00:1::2", "self"},
            {"ip", "route", "del", "10.244.3.0/24", "dev", kVxlan4},
            {"ip", "-6", "route", "del", "fc00:0:0:3::/64", "dev", kVxlan6},
        };
        for (const QStringList &command : deletions) {
            QTest::qWait(150); // let any earlier notification's signal go by
            spy.clear();
            QElapsedTimer elapsed;
            elapsed.start();
            VERIFY_OK(run(command));
            QVERIFY2(spy.wait(1000), qPrintable(QStringLiteral("no changed() within 1 s of `%1`").arg(command.join(u' '))));
            qInfo("`%s`: changed() after %lld ms", qPrintable(command.join(u' ')), elapsed.elapsed());
            QVERIFY(elapsed.elapsed() < 1000);

            // The reconciler's answer: one pass puts the entry back.
            const auto report = reconcile();
            VERIFY_OK(report);
            QVERIFY2(report->ok(), failures(*report).constData());
            QCOMPARE(report->changed, 1);
            verifyKernelMatchesDesired();
        if (QTest::currentTestFailed())
            return;
        }
        QVERIFY(listener.notifications() >= quint64(deletions.size()));
    }
};

TARTAN_E2E_TEST_MAIN(TestNetlinkTables)
#include "tst_netlinktables.moc"
