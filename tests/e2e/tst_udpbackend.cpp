// The udp backend end to end: a Lab of three node namespaces with a real etcd, tartand (udp) on
// node1 and node2 with a real pod each (the built flannel CNI plugin with Debian's bridge and
// host-local), checked from the kernel and from the packets themselves:
// - the device, MTU, address, route and lease exactly as upstream's udp backend makes them;
// - pod to pod: ping both ways, DF pings of exactly the pod MTU (no fragmentation) while one byte
//   more is refused locally, a bulk TCP transfer that arrives whole, and many small TCP flows;
// - TTL: each tartand decrements it (a TTL that reaches the proxy at 1 is dropped), and a
//   destination inside the network without a lease is answered with ICMP network unreachable;
// - wire compatibility: no upstream flanneld binary can be installed here, so node3 runs no agent
//   and the test itself is an upstream-format peer there (support/upstreampeer.h): it writes a
//   lease as upstream's udp backend does ({"PublicIP":...}, no BackendType) and answers on a
//   plain UDP socket on port 8285 speaking flannel-compat.md section 3's format (the raw inner
//   IPv4 packet is the whole UDP payload). It checks what tartand sends is exactly the pod's packet with the TTL decremented,
//   and a pod's ping is answered by echo replies the test sends back in that format;
// - that peer's lease deleted and written back while a ping runs: net unreachable meanwhile,
//   replies again after;
// - corrupt, truncated and unknown-source datagrams, sent from a raw socket, are dropped and
//   counted (tartand's counter log line) and the node keeps forwarding;
// - an agent stopped exits at once (flannel0 goes with it) and its successor serves again.
#include "labchecks.h"
#include "labpod.h"
#include "podtransfer.h"
#include "upstreampeer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <cstdio>
#include <cstdlib>
#include <future>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kUdpConfig = R"({"Network":"10.244.0.0/16","Backend":{"Type":"udp"}})";
const QString kFakeSubnet = QStringLiteral("10.244.250.0");
const QString kFakeHost = QStringLiteral("10.244.250.5");
const int kPodMtu = 1472; // 1500 - 28

/// The counters of tartand's last "udp: datagrams in ..." log line; empty when none was logged.
QMap<QString, qint64> lastCounters(const QString &log)
{
    static const QRegularExpression line(QStringLiteral(
        R"(udp: datagrams in (\d+) out (\d+); dropped: corrupt (\d+) truncated (\d+) unknown-source (\d+) no-route (\d+) ttl-expired (\d+))"));
    QMap<QString, qint64> counters;
    auto matches = line.globalMatch(log);
    while (matches.hasNext()) {
        const auto match = matches.next();
        const char *names[] = {"in", "out", "corrupt", "truncated", "unknown-source", "no-route", "ttl-expired"};
        for (int i = 0; i < 7; ++i)
            counters[QLatin1String(names[i])] = match.captured(i + 1).toLongLong();
    }
    return counters;
}

} // namespace

class TestUdpBackend : public QObject
{
    Q_OBJECT

    std::unique_ptr<Lab> mLab;
    std::unique_ptr<LabPod> mPods[2];
    QString mSubnets[2];
    UpstreamPeer mPeer;

    QString fakeLeaseKey() const { return QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/subnets/") + kFakeSubnet + QStringLiteral("-24"); }
    Result<QString> writeFakeLease() { return mLab->etcdctl({"put", fakeLeaseKey(), QStringLiteral(R"({"PublicIP":"192.168.77.13"})")}); }

    bool podPings(int from, const QString &to, const QStringList &options = {})
    {
        return mPods[from]->exec(QStringList{"ping", "-c", "1", "-W", "2"} + options + QStringList{to}).ok();
    }

    QString context(int node = 1) const { return mLab ? mLab->agentLog(node).right(3000) : QString(); }

private slots:
    void initTestCase()
    {
        LabPod::skipSuiteIfUnavailable();
        if (!QFile::exists(QStringLiteral("/dev/net/tun"))) {
            // QSKIP here would count as passed; 77 is ctest's "skipped".
            std::printf("SKIP: no /dev/net/tun: tartand cannot make flannel0 here\n");
            std::fflush(stdout);
            std::exit(77);
        }
        mLab = std::make_unique<Lab>();
        auto started = mLab->start(3, kUdpConfig);
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message()));
        for (int n = 1; n <= 2; ++n) {
            auto agent = mLab->startAgent(n, {QStringLiteral("--ip-masq")});
            QVERIFY2(agent, qPrintable(agent ? QString() : agent.error().message()));
        }
        for (int n = 1; n <= 2; ++n) {
            auto subnet = mLab->waitForSubnet(n);
            QVERIFY2(subnet, qPrintable(subnet ? QString() : subnet.error().message() + context(n)));
            mSubnets[n - 1] = *subnet;
            auto pod = LabPod::add(*mLab, n, QStringLiteral("pod%1").arg(n));
            QVERIFY2(pod, qPrintable(pod ? QString() : pod.error().message()));
            mPods[n - 1] = std::move(pod).value();
        }
        const QString peer = mPeer.start(QStringLiteral("/run/netns/") + mLab->node(3).name());
        QVERIFY2(peer.isEmpty(), qPrintable(peer));
        QVERIFY(writeFakeLease());
    }

    void cleanupTestCase()
    {
        mPeer.stop();
        mPods[0].reset();
        mPods[1].reset();
        const int nodes = mLab ? mLab->nodes() : 0;
        mLab.reset();
        removeLabLeftovers(nodes);
    }

    void deviceAddressRouteAndLease()
    {
        const QString link = show(*mLab, 1, {"ip", "-d", "-j", "link", "show", "flannel0"});
        const QJsonObject device = QJsonDocument::fromJson(link.toUtf8()).array().first().toObject();
        QCOMPARE(device.value("mtu").toInt(), kPodMtu);
        QCOMPARE(device.value("linkinfo").toObject().value("info_kind").toString(), QStringLiteral("tun"));
        QVERIFY2(device.value("flags").toArray().contains(QStringLiteral("UP")), qPrintable(link));
        QCOMPARE(show(*mLab, 1, {"ip", "-4", "-o", "addr", "show", "dev", "flannel0"}).section(u' ', 3, 3, QString::SectionSkipEmpty),
                 mSubnets[0] + QStringLiteral("/32"));
        QVERIFY(eventually([&] { return show(*mLab, 1, {"ip", "route", "show", "dev", "flannel0"}).trimmed() == QStringLiteral("10.244.0.0/16 scope link"); }, 10000));
        // No per-peer kernel state: the userspace proxy routes.
        QVERIFY(!show(*mLab, 1, {"ip", "route"}).contains(mSubnets[1]));
        QCOMPARE(show(*mLab, 1, {"cat", mLab->nodeDir(1) + QStringLiteral("/subnet.env")}).contains(QStringLiteral("FLANNEL_MTU=1472")), true);

        auto value = mLab->etcdctl({"get", "--print-value-only", QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/subnets/") + mSubnets[0] + QStringLiteral("-24")});
        QVERIFY(value);
        const QJsonObject lease = QJsonDocument::fromJson(value->trimmed().toUtf8()).object();
        QCOMPARE(lease.value("PublicIP").toString(), mLab->nodeAddress(1));
        QVERIFY2(!lease.contains("BackendType") && !lease.contains("BackendData"), qPrintable(*value));
    }

    void podToPod()
    {
        QVERIFY2(eventually([&] { return podPings(0, mPods[1]->address()); }, 10000), qPrintable(context()));
        QVERIFY(podPings(1, mPods[0]->address()));
        QCOMPARE(mPods[0]->mtu(), kPodMtu);
        // Exactly the pod MTU with DF (ICMP payload = MTU - 28) goes through; one byte more is
        // refused by the sender's own stack, so nothing along the way fragments.
        QVERIFY2(podPings(0, mPods[1]->address(), {"-M", "do", "-s", QString::number(kPodMtu - 28)}), qPrintable(context()));
        QVERIFY(!podPings(0, mPods[1]->address(), {"-M", "do", "-s", QString::number(kPodMtu - 27)}));
    }

    void bulkTcp()
    {
        const qint64 bytes = 64 * 1024 * 1024;
        const auto [sent, received] = transfer(mPods[0]->path(), mPods[1]->path(), mPods[1]->address(), bytes);
        QVERIFY2(sent.error.isEmpty(), qPrintable(sent.error + context()));
        QVERIFY2(received.error.isEmpty(), qPrintable(received.error));
        QCOMPARE(received.bytes, bytes);
        QCOMPARE(received.hash, sent.hash);
        QCOMPARE(received.peer, mPods[0]->address()); // not NATed
        QCOMPARE(int(sent.info.tcpi_snd_mss), kPodMtu - 40 - 12); // full-size segments (timestamps on)
        // And back the other way.
        const auto [back, got] = transfer(mPods[1]->path(), mPods[0]->path(), mPods[0]->address(), 8 * 1024 * 1024, 5202);
        QVERIFY2(back.error.isEmpty() && got.error.isEmpty(), qPrintable(back.error + got.error));
        QCOMPARE(got.hash, back.hash);
    }

    void manySmallFlows()
    {
        for (int i = 0; i < 40; ++i) {
            const qint64 bytes = 100 + i * 397;
            const auto [sent, received] = transfer(mPods[i % 2]->path(), mPods[1 - i % 2]->path(), mPods[1 - i % 2]->address(),
                                                   bytes, quint16(6000 + i));
            QVERIFY2(sent.error.isEmpty() && received.error.isEmpty(), qPrintable(QString::number(i) + sent.error + received.error));
            QCOMPARE(received.bytes, bytes);
            QCOMPARE(received.hash, sent.hash);
        }
    }

    void ttlIsDecremented()
    {
        // pod1 -> node1 (forwarding: -1) -> tartand (-1) -> node2 (forwarding: -1) -> pod2. So a
        // TTL of 4 arrives, 3 does not (a kernel tunnel would pass it: the proxy counts as a
        // hop), and with 2 the proxy itself gets it at 1 and drops it.
        QVERIFY(podPings(0, mPods[1]->address(), {"-t", "4"}));
        QVERIFY(!podPings(0, mPods[1]->address(), {"-t", "3"}));
        QVERIFY(!podPings(0, mPods[1]->address(), {"-t", "2"}));
        // The reply leaves pod2 with 64: node2 -1, tartand -1, node1 -1.
        const auto reply = mPods[0]->exec({"ping", "-c", "1", "-W", "2", mPods[1]->address()});
        QVERIFY(reply);
        QVERIFY2(reply->contains(QStringLiteral("ttl=61")), qPrintable(*reply));
        QVERIFY(eventually([&] { return lastCounters(mLab->agentLog(1)).value("ttl-expired") >= 1; }, 5000));
    }

    void netUnreachableWithoutLease()
    {
        const Outcome ping = runMergedIn(mPods[0]->name(), {"ping", "-c", "1", "-W", "2", "10.244.200.1"});
        QVERIFY(ping.exitCode != 0);
        QVERIFY2(ping.output.contains(QStringLiteral("From 10.244.200.1")) && ping.output.contains(QStringLiteral("Destination Net Unreachable")),
                 qPrintable(ping.output));
        QVERIFY(eventually([&] { return lastCounters(mLab->agentLog(1)).value("no-route") >= 1; }, 5000));
    }

    void upstreamFormatPeer()
    {
        mPeer.clear();
        // tartand sends the pod's raw packet to node3:8285; the test's peer answers in kind.
        QVERIFY2(eventually([&] { return podPings(0, kFakeHost); }, 10000), qPrintable(context()));
        QVERIFY2(podPings(0, kFakeHost, {"-s", QString::number(kPodMtu - 28), "-M", "do"}), qPrintable(context()));
        const QList<Seen> seen = mPeer.seen();
        QVERIFY(!seen.isEmpty());
        bool full = false;
        for (const Seen &one : seen) {
            QVERIFY(one.wellFormed);
            QCOMPARE(one.from, mLab->nodeAddress(1));
            QCOMPARE(one.source, mPods[0]->address());
            QCOMPARE(one.destination, kFakeHost);
            QCOMPARE(one.protocol, 1);
            QCOMPARE(one.ttl, 62); // 64, node1's forwarding, tartand's proxy
            full = full || one.length == kPodMtu;
        }
        QVERIFY(full); // a full-MTU inner packet is one datagram of exactly that size
    }

    void peerLeaseGoesAndComesBack()
    {
        // A ping every 0.2 s for 6 s; the lease goes at 2 s and is back at 4 s.
        auto pinging = std::async(std::launch::async, [&] {
            return runMergedIn(mPods[0]->name(), {"ping", "-c", "30", "-i", "0.2", "-W", "1", kFakeHost}, 20000);
        });
        QThread::msleep(2000);
        QVERIFY(mLab->etcdctl({"del", fakeLeaseKey()}));
        QThread::msleep(2000);
        QVERIFY(writeFakeLease());
        const Outcome ping = pinging.get();
        const QString out = ping.output;
        const int firstUnreachable = int(out.indexOf(QStringLiteral("Destination Net Unreachable")));
        const int lastReply = int(out.lastIndexOf(QStringLiteral("bytes from ") + kFakeHost));
        const int firstReply = int(out.indexOf(QStringLiteral("bytes from ") + kFakeHost));
        QVERIFY2(firstReply >= 0 && firstUnreachable > firstReply && lastReply > firstUnreachable, qPrintable(out));
    }

    void badDatagramsAreDroppedAndCounted()
    {
        const QString node3 = QStringLiteral("/run/netns/") + mLab->node(3).name();
        const QString node1 = mLab->nodeAddress(1);
        QVERIFY(mLab->node(3).exec({"ip", "addr", "add", "192.168.77.99/24", "dev", "eth0"}));
        const QMap<QString, qint64> before = lastCounters(mLab->agentLog(1));

        const QByteArray good = icmpEchoPacket(kFakeHost, mPods[0]->address());
        QByteArray badVersion = good;
        badVersion[0] = char(0x65);
        QByteArray badChecksum = good;
        badChecksum[10] = char(badChecksum[10] ^ 0x5a);
        QByteArray trailing = good + QByteArray(10, 'x'); // two packets' worth is not one packet
        QByteArray shortIhl = good;
        shortIhl[0] = char(0x43);
        QByteArray longTotal = good;
        longTotal[3] = char(60); // claims 60 bytes, carries 28
        const QList<QByteArray> corrupt{badVersion, badChecksum, trailing, shortIhl};
        const QList<QByteArray> truncated{good.left(10), longTotal, QByteArray()};
        QString sent = sendRawUdp(node3, mLab->nodeAddress(3), node1, corrupt + truncated);
        QVERIFY2(sent.isEmpty(), qPrintable(sent));
        // A perfectly good packet, but from an address no lease has.
        sent = sendRawUdp(node3, QStringLiteral("192.168.77.99"), node1, {good, good});
        QVERIFY2(sent.isEmpty(), qPrintable(sent));

        const auto moved = [&](const char *name, qint64 by) {
            return lastCounters(mLab->agentLog(1)).value(QLatin1String(name)) - before.value(QLatin1String(name)) == by;
        };
        QVERIFY2(eventually([&] { return moved("corrupt", corrupt.size()) && moved("truncated", truncated.size()) && moved("unknown-source", 2); }, 6000),
                 qPrintable(context()));
        // The agent still forwards: its process (which holds flannel0 open) is alive.
        QVERIFY(podPings(0, mPods[1]->address()));
    }

    void restartTakesOver()
    {
        // SIGTERM: the data-path threads are joined and the TUN goes with the process, quickly.
        QElapsedTimer stopping;
        stopping.start();
        mLab->stopAgent(2);
        QVERIFY2(stopping.elapsed() < 3000, qPrintable(QString::number(stopping.elapsed())));
        QVERIFY(eventually([&] { return !mLab->node(2).exec({"ip", "link", "show", "flannel0"}); }, 3000));
        QVERIFY(!podPings(0, mPods[1]->address()));
        // A new agent takes the same subnet, makes flannel0 again and serves at once.
        QVERIFY(mLab->startAgent(2, {QStringLiteral("--ip-masq")}));
        QVERIFY2(eventually([&] { return podPings(0, mPods[1]->address()); }, 15000), qPrintable(context(2)));
        QCOMPARE(*mLab->waitForSubnet(2), mSubnets[1]);
    }
};

TARTAN_E2E_TEST_MAIN(TestUdpBackend, "ping")

#include "tst_udpbackend.moc"
