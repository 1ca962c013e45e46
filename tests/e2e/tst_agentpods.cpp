// Pods on different nodes reach each other through tartand, for every backend this kernel can run:
// a Lab (real etcd, one tartand per node namespace) plus real pods made by the built flannel CNI
// plugin with Debian's bridge and host-local (LabPod). Checked from the kernel: each backend's peer
// route exactly as flannel programs it, the pods' MTU, pings both ways, DF pings of exactly the pod
// MTU (no black hole) while one byte more is refused locally, and a bounded TCP transfer at full
// segment size that arrives whole, un-NATed, without any IP fragment on pods or nodes.
//
// The agents run with --ip-masq, as kube-flannel does: then the bridge plugin adds no NAT of its
// own, and flannel's rules leave pod-to-pod traffic alone, so the receiver sees the sender's pod
// address.
#include "labchecks.h"
#include "labpod.h"
#include "podtransfer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <future>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace tartan;
using namespace tartan::test;

namespace {

const QString kPeerUnderlay = QStringLiteral("192.168.77.12"); // node2's eth0 (Lab::nodeAddress(2))
// Big enough for thousands of full-size segments and many congestion-window rounds; small enough
// to take well under a second on a veth lab.
const qint64 kTransferBytes = 4 * 1024 * 1024;

/// Whether this kernel can make an ipip device: probed in a scratch namespace. Empty if it can.
QString ipipUnavailableReason()
{
    NamedNetns probe(QStringLiteral("ipip-probe"));
    if (!probe.ok())
        return QStringLiteral("cannot create a namespace to probe for ipip");
    const auto made = probe.exec({"ip", "link", "add", "name", "probe0", "type", "ipip", "local", "192.0.2.1"});
    return made ? QString() : QStringLiteral("this kernel cannot create ipip devices (no ipip module): %1").arg(made.error().message());
}

/// Ip fragmentation and reassembly counters from /proc/net/snmp as the namespace sees them,
/// summed: any IP fragment created, sent or reassembled there moves the sum.
qint64 fragmentCounters(const QString &netns)
{
    const Outcome snmp = runMergedIn(netns, {"cat", "/proc/net/snmp"});
    if (snmp.exitCode != 0)
        return -1;
    QStringList names, values;
    for (const QString &line : snmp.output.split(u'\n')) {
        if (!line.startsWith(QStringLiteral("Ip: ")))
            continue;
        (names.isEmpty() ? names : values) = line.split(u' ', Qt::SkipEmptyParts);
    }
    if (names.size() != values.size())
        return -1;
    qint64 sum = 0;
    for (const char *counter : {"ReasmReqds", "ReasmOKs", "FragOKs", "FragFails", "FragCreates"}) {
        const qsizetype at = names.indexOf(QLatin1String(counter));
        if (at < 0)
            return -1;
        sum += values[at].toLongLong();
    }
    return sum;
}

} // namespace

class TestAgentPods : public QObject
{
    Q_OBJECT

    std::unique_ptr<Lab> mLab;
    std::unique_ptr<LabPod> mPods[2];
    QString mSubnets[2]; // node1's and node2's subnet addresses

    /// Two nodes with tartand --ip-masq under `config`, and a pod on each. Empty, or why not.
    QString buildLab(const QByteArray &config)
    {
        mPods[0].reset();
        mPods[1].reset();
        mLab = std::make_unique<Lab>();
        if (auto started = mLab->start(2, config); !started)
            return started.error().message();
        for (int n = 1; n <= 2; ++n)
            if (auto agent = mLab->startAgent(n, {QStringLiteral("--ip-masq")}); !agent)
                return agent.error().message();
        for (int n = 1; n <= 2; ++n) {
            auto subnet = mLab->waitForSubnet(n);
            if (!subnet)
                return subnet.error().message();
            mSubnets[n - 1] = *subnet;
            auto pod = LabPod::add(*mLab, n, QStringLiteral("pod%1").arg(n));
            if (!pod)
                return pod.error().message();
            mPods[n - 1] = std::move(pod).value();
        }
        return {};
    }

    bool podPings(int from, int to, const QStringList &options = {})
    {
        return mPods[from]->exec(QStringList{"ping", "-c", "1", "-W", "1"} + options + QStringList{mPods[to]->address()}).ok();
    }

    /// The backend rows both tests run on: the network config, the MTU pods must get through
    /// subnet.env, node1's exact route to node2's subnet, and whether vxlan tunnel entries belong.
    static void backendRows()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<int>("podMtu");
        QTest::addColumn<QString>("route"); // node1's route to node2's subnet; %1 = that subnet's address
        QTest::addColumn<bool>("tunnelEntries"); // vxlan neighbour + FDB entries for the peer
        QTest::newRow("vxlan") << QByteArray(R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})") << 1450
                               << QStringLiteral("%1/24 via %1 dev flannel.1 onlink") << true;
        // Nodes on one L2 segment: the peer route goes straight over eth0, no tunnel state at all.
        QTest::newRow("vxlan-directrouting") << QByteArray(R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan","DirectRouting":true}})")
                                             << 1450 << QStringLiteral("%1/24 via 192.168.77.12 dev eth0") << false;
        QTest::newRow("host-gw") << QByteArray(R"({"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}})") << 1500
                                 << QStringLiteral("%1/24 via 192.168.77.12 dev eth0") << false;
        QTest::newRow("ipip") << QByteArray(R"({"Network":"10.244.0.0/16","Backend":{"Type":"ipip"}})") << 1480
                              << QStringLiteral("%1/24 via 192.168.77.12 dev flannel.ipip onlink") << false;
    }

    /// Why `config`'s backend cannot run on this kernel, or empty.
    static QString unrunnable(const QByteArray &config)
    {
        return config.contains("\"ipip\"") ? ipipUnavailableReason() : QString();
    }

    QString context(int node) const { return mLab ? mLab->agentLog(node) : QString(); }

private slots:
    void initTestCase()
    {
        LabPod::skipSuiteIfUnavailable();
    }

    void cleanup()
    {
        mPods[0].reset();
        mPods[1].reset();
        const int nodes = mLab ? mLab->nodes() : 0;
        mLab.reset();
        removeLabLeftovers(nodes);
    }

    void podToPod_data() { backendRows(); }
    void podToPod()
    {
        QFETCH(QByteArray, config);
        QFETCH(int, podMtu);
        QFETCH(QString, route);
        QFETCH(bool, tunnelEntries);
        if (const QString why = unrunnable(config); !why.isEmpty())
            QSKIP(qPrintable(why));
        QElapsedTimer clock;
        clock.start();
        const QString built = buildLab(config);
        QVERIFY2(built.isEmpty(), qPrintable(built));

        // The pods got the MTU the backend leaves room for, through subnet.env and the plugin.
        QCOMPARE(mPods[0]->mtu(), podMtu);
        QCOMPARE(mPods[1]->mtu(), podMtu);

        // Each node's route to the other's subnet is exactly the backend's.
        const QString routeTo2 = route.arg(mSubnets[1]);
        const QString routeTo1 = QString(route).replace(kPeerUnderlay, QStringLiteral("192.168.77.11")).arg(mSubnets[0]);
        const auto routeOn = [&](int node, const QString &subnet) {
            return show(*mLab, node, {"ip", "route", "show", subnet + QStringLiteral("/24")}).trimmed();
        };
        QVERIFY2(eventually([&] { return routeOn(1, mSubnets[1]) == routeTo2; }, 10000),
                 qPrintable(routeOn(1, mSubnets[1]) + QStringLiteral(" instead of ") + routeTo2 + u'\n' + context(1)));
        QVERIFY2(eventually([&] { return routeOn(2, mSubnets[0]) == routeTo1; }, 10000),
                 qPrintable(routeOn(2, mSubnets[0]) + QStringLiteral(" instead of ") + routeTo1 + u'\n' + context(2)));

        if (config.contains("vxlan")) {
            const QString neigh = show(*mLab, 1, {"ip", "neigh", "show", "dev", "flannel.1"});
            const QString fdb = show(*mLab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"});
            if (tunnelEntries) {
                const QString mac2 = show(*mLab, 2, {"cat", "/sys/class/net/flannel.1/address"}).trimmed();
                QVERIFY(!mac2.isEmpty());
                QVERIFY2(neigh.contains(mSubnets[1] + QStringLiteral(" lladdr ") + mac2 + QStringLiteral(" PERMANENT")), qPrintable(neigh));
                QVERIFY2(fdb.contains(mac2 + QStringLiteral(" dst ") + kPeerUnderlay + QStringLiteral(" self permanent")), qPrintable(fdb));
            } else {
                // DirectRouting: no tunnel state for a peer that is reached directly.
                QVERIFY2(!neigh.contains(mSubnets[1]), qPrintable(neigh));
                QVERIFY2(!fdb.contains(kPeerUnderlay), qPrintable(fdb));
            }
        }
        // The kernel's own choice for pod traffic agrees with the route.
        const QString via = show(*mLab, 1, {"ip", "route", "get", mPods[1]->address()});
        QVERIFY2(via.contains(QStringLiteral("via ") + routeTo2.section(QStringLiteral(" via "), 1).remove(QStringLiteral(" onlink"))), qPrintable(via));

        QVERIFY2(eventually([&] { return podPings(0, 1); }, 10000), qPrintable(context(1)));
        QVERIFY(eventually([&] { return podPings(1, 0); }, 5000));
        // Once up, it stays up: no loss in a short burst, both ways.
        for (const auto &[from, to] : {std::pair{0, 1}, std::pair{1, 0}}) {
            const Outcome burst = runMergedIn(mPods[from]->name(), {"ping", "-c", "5", "-i", "0.2", "-W", "1", mPods[to]->address()});
            QVERIFY2(burst.exitCode == 0 && burst.output.contains(QStringLiteral(" 0% packet loss")), qPrintable(burst.output));
        }
        qInfo("%s: pods %s <-> %s over %s in %lld ms", QTest::currentDataTag(), qPrintable(mPods[0]->address()),
              qPrintable(mPods[1]->address()), qPrintable(routeTo2), static_cast<long long>(clock.elapsed()));
    }

    void fullMtuTcp_data() { backendRows(); }
    void fullMtuTcp()
    {
        QFETCH(QByteArray, config);
        QFETCH(int, podMtu);
        if (const QString why = unrunnable(config); !why.isEmpty())
            QSKIP(qPrintable(why));
        QElapsedTimer clock;
        clock.start();
        const QString built = buildLab(config);
        QVERIFY2(built.isEmpty(), qPrintable(built));
        QCOMPARE(mPods[0]->mtu(), podMtu);
        QVERIFY2(eventually([&] { return podPings(0, 1) && podPings(1, 0); }, 10000), qPrintable(context(1)));

        const QStringList namespaces{mLab->node(1).name(), mLab->node(2).name(), mPods[0]->name(), mPods[1]->name()};
        QList<qint64> fragmentsBefore;
        for (const QString &netns : namespaces) {
            fragmentsBefore << fragmentCounters(netns);
            QVERIFY2(fragmentsBefore.last() >= 0, qPrintable(netns));
        }

        // DF pings of exactly the pod MTU get through both ways: nothing on the path is smaller
        // than what the pods were told (no black hole). One byte more is refused at the sender
        // with the reason, rather than sent and lost.
        const QString fits = QString::number(podMtu - 28); // IPv4 + ICMP headers
        const QString tooBig = QString::number(podMtu - 27);
        for (const auto &[from, to] : {std::pair{0, 1}, std::pair{1, 0}}) {
            const Outcome full = runMergedIn(mPods[from]->name(), {"ping", "-c", "3", "-i", "0.2", "-W", "1", "-M", "do", "-s", fits, mPods[to]->address()});
            QVERIFY2(full.exitCode == 0 && full.output.contains(QStringLiteral(" 0% packet loss")), qPrintable(full.output));
            const Outcome over = runMergedIn(mPods[from]->name(), {"ping", "-c", "1", "-W", "1", "-M", "do", "-s", tooBig, mPods[to]->address()});
            QVERIFY2(over.exitCode != 0 && over.output.contains(QStringLiteral("message too long")), qPrintable(over.output));
        }

        // TCP at full segment size: every byte arrives, in order, from the sending pod's own
        // address, and the path MTU the sender ends with is still the pod MTU (no ICMP "frag
        // needed" came back, no segment was lost to a too-small hop: either would stall or shrink).
        QElapsedTimer transferClock;
        transferClock.start();
        const auto [sent, received] = transfer(mPods[0]->path(), mPods[1]->path(), mPods[1]->address(), kTransferBytes);
        const qint64 transferMs = transferClock.elapsed();
        QVERIFY2(sent.error.isEmpty(), qPrintable(sent.error));
        QVERIFY2(received.error.isEmpty(), qPrintable(received.error));
        QCOMPARE(sent.bytes, kTransferBytes);
        QCOMPARE(received.bytes, kTransferBytes);
        QCOMPARE(received.hash, sent.hash);
        QCOMPARE(received.peer, mPods[0]->address());
        QCOMPARE(int(sent.info.tcpi_pmtu), podMtu);
        // MSS = MTU - IPv4 and TCP headers - the timestamp option (12 bytes, on by default).
        QVERIFY2(int(sent.info.tcpi_snd_mss) >= podMtu - 40 - 12, qPrintable(QString::number(sent.info.tcpi_snd_mss)));

        // No IP fragment was made or reassembled anywhere: pods, nodes (tunnel encapsulation).
        for (int i = 0; i < namespaces.size(); ++i)
            QVERIFY2(fragmentCounters(namespaces[i]) == fragmentsBefore[i], qPrintable(namespaces[i]));
        qInfo("%s: MTU %d, DF ping -s %s ok, %lld bytes in %lld ms (MSS %u, %u retransmits), whole case %lld ms",
              QTest::currentDataTag(), podMtu, qPrintable(fits), static_cast<long long>(received.bytes), static_cast<long long>(transferMs),
              sent.info.tcpi_snd_mss, sent.info.tcpi_total_retrans, static_cast<long long>(clock.elapsed()));
    }
};

TARTAN_E2E_TEST_MAIN(TestAgentPods, "etcd", "etcdctl", "ping", "bridge")
#include "tst_agentpods.moc"
