// The udp backend end to end: a Lab of three node namespaces with a real etcd, tartand (udp) on
// node1 and node2 with a real pod each (the built flannel CNI plugin with Debian's bridge and
// host-local), checked from the kernel and from the packets themselves:
// - the device, MTU, address, route and lease exactly as upstream's udp backend makes them;
// - pod to pod: ping both ways, DF pings of exactly the pod MTU (no fragmentation) while one byte
//   more is refused locally, a bulk TCP transfer that arrives whole, and many small TCP flows;
// - TTL: each tartand decrements it (a TTL that reaches the proxy at 1 is dropped), and a
//   destination inside the network without a lease is answered with ICMP network unreachable;
// - wire compatibility: no upstream flanneld binary can be installed here, so node3 runs no agent
//   and the test itself is an upstream-format peer there: it writes a lease as upstream's udp
//   backend does ({"PublicIP":...}, no BackendType) and answers on a plain UDP socket on port 8285
//   speaking flannel-compat.md section 3's format (the raw inner IPv4 packet is the whole UDP
//   payload). It checks what tartand sends is exactly the pod's packet with the TTL decremented,
//   and a pod's ping is answered by echo replies the test sends back in that format;
// - that peer's lease deleted and written back while a ping runs: net unreachable meanwhile,
//   replies again after;
// - corrupt, truncated and unknown-source datagrams, sent from a raw socket, are dropped and
//   counted (tartand's counter log line) and the node keeps forwarding;
// - an agent stopped exits at once (flannel0 goes with it) and its successor serves again.
#include "labchecks.h"
#include "labpod.h"
#include "podtransfer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kUdpConfig = R"({"Network":"10.244.0.0/16","Backend":{"Type":"udp"}})";
const QString kFakeSubnet = QStringLiteral("10.244.250.0");
const QString kFakeHost = QStringLiteral("10.244.250.5");
const quint16 kPort = 8285;
const int kPodMtu = 1472; // 1500 - 28

quint16 checksum(const unsigned char *data, size_t length, quint32 sum = 0)
{
    for (size_t i = 0; i + 1 < length; i += 2)
        sum += quint32(data[i] << 8 | data[i + 1]);
    if (length & 1)
        sum += quint32(data[length - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

QString ipText(const unsigned char *at)
{
    return QStringLiteral("%1.%2.%3.%4").arg(at[0]).arg(at[1]).arg(at[2]).arg(at[3]);
}

/// What the upstream-format peer saw of one datagram from tartand.
struct Seen
{
    QString from;
    int length = 0;
    bool wellFormed = false; // one whole IPv4 packet with a valid header checksum
    QString source, destination;
    int ttl = 0;
    int protocol = 0;
};

/// The test's upstream-format peer on node3: a plain UDP socket on port 8285. Every datagram
/// must be one raw IPv4 packet; an ICMP echo request is answered with the echo reply, itself a
/// raw IPv4 packet as the whole payload, sent back to the sender's port 8285.
class UpstreamPeer
{
public:
    ~UpstreamPeer() { stop(); }

    QString start(const QString &netnsPath)
    {
        std::promise<QString> ready;
        auto started = ready.get_future();
        mThread = std::thread([this, netnsPath, &ready] {
            if (const QString entered = enter(netnsPath); !entered.isEmpty())
                return ready.set_value(entered);
            mSocket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_port = htons(kPort);
            if (::bind(mSocket, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
                return ready.set_value(QStringLiteral("bind :8285: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
            ready.set_value(QString());
            loop();
        });
        return started.get();
    }

    void stop()
    {
        mStop = true;
        if (mThread.joinable())
            mThread.join();
        if (mSocket >= 0)
            ::close(mSocket);
        mSocket = -1;
    }

    QList<Seen> seen()
    {
        std::lock_guard lock(mMutex);
        return mSeen;
    }
    void clear()
    {
        std::lock_guard lock(mMutex);
        mSeen.clear();
    }

private:
    void loop()
    {
        unsigned char buffer[65536];
        while (!mStop) {
            pollfd waiting{mSocket, POLLIN, 0};
            if (::poll(&waiting, 1, 100) != 1)
                continue;
            sockaddr_in from{};
            socklen_t fromLength = sizeof from;
            const ssize_t n = ::recvfrom(mSocket, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr *>(&from), &fromLength);
            if (n < 0)
                continue;
            Seen seen;
            seen.from = ipText(reinterpret_cast<const unsigned char *>(&from.sin_addr));
            seen.length = int(n);
            const int headerLength = n >= 20 ? (buffer[0] & 15) * 4 : 0;
            seen.wellFormed = n >= 20 && (buffer[0] >> 4) == 4 && headerLength >= 20 && headerLength <= n
                && (buffer[2] << 8 | buffer[3]) == n && checksum(buffer, size_t(headerLength)) == 0;
            if (seen.wellFormed) {
                seen.source = ipText(buffer + 12);
                seen.destination = ipText(buffer + 16);
                seen.ttl = buffer[8];
                seen.protocol = buffer[9];
            }
            {
                std::lock_guard lock(mMutex);
                mSeen << seen;
            }
            if (seen.wellFormed && seen.protocol == 1 && n >= headerLength + 8 && buffer[headerLength] == 8)
                answerEcho(buffer, size_t(n), size_t(headerLength), from);
        }
    }

    void answerEcho(unsigned char *packet, size_t length, size_t headerLength, sockaddr_in to)
    {
        // Swap the addresses, echo reply, fresh TTL; both checksums recomputed.
        unsigned char address[4];
        std::memcpy(address, packet + 12, 4);
        std::memcpy(packet + 12, packet + 16, 4);
        std::memcpy(packet + 16, address, 4);
        packet[8] = 64;
        packet[10] = packet[11] = 0;
        const quint16 ipSum = checksum(packet, headerLength);
        packet[10] = quint8(ipSum >> 8);
        packet[11] = quint8(ipSum);
        unsigned char *icmp = packet + headerLength;
        icmp[0] = 0;
        icmp[2] = icmp[3] = 0;
        const quint16 icmpSum = checksum(icmp, length - headerLength);
        icmp[2] = quint8(icmpSum >> 8);
        icmp[3] = quint8(icmpSum);
        to.sin_port = htons(kPort);
        ::sendto(mSocket, packet, length, 0, reinterpret_cast<sockaddr *>(&to), sizeof to);
    }

    std::thread mThread;
    std::atomic<bool> mStop{false};
    int mSocket = -1;
    std::mutex mMutex;
    QList<Seen> mSeen;
};

/// Sends each payload as one UDP datagram to `to`:8285 from `source`, through a raw socket
/// (IP_HDRINCL) in the namespace at `netnsPath`, so the source can be any address.
QString sendRaw(const QString &netnsPath, const QString &source, const QString &to, const QList<QByteArray> &payloads)
{
    QString error;
    std::thread sender([&] {
        if (const QString entered = enter(netnsPath); !entered.isEmpty()) {
            error = entered;
            return;
        }
        const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
        if (fd < 0) {
            error = QStringLiteral("raw socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        sockaddr_in destination{};
        destination.sin_family = AF_INET;
        ::inet_pton(AF_INET, to.toLatin1().constData(), &destination.sin_addr);
        for (const QByteArray &payload : payloads) {
            QByteArray datagram(28, '\0');
            auto *ip = reinterpret_cast<unsigned char *>(datagram.data());
            const int total = 28 + int(payload.size());
            ip[0] = 0x45;
            ip[2] = quint8(total >> 8);
            ip[3] = quint8(total);
            ip[8] = 64;
            ip[9] = IPPROTO_UDP;
            ::inet_pton(AF_INET, source.toLatin1().constData(), ip + 12);
            std::memcpy(ip + 16, &destination.sin_addr, 4);
            const quint16 ipSum = checksum(ip, 20);
            ip[10] = quint8(ipSum >> 8);
            ip[11] = quint8(ipSum);
            ip[20] = quint8(kPort >> 8); // source port 8285, as a peer's
            ip[21] = quint8(kPort);
            ip[22] = quint8(kPort >> 8);
            ip[23] = quint8(kPort);
            ip[24] = quint8((8 + payload.size()) >> 8);
            ip[25] = quint8(8 + payload.size()); // UDP checksum 0: none, allowed over IPv4
            datagram += payload;
            if (::sendto(fd, datagram.constData(), size_t(datagram.size()), 0, reinterpret_cast<sockaddr *>(&destination),
                         sizeof destination)
                < 0) {
                error = QStringLiteral("raw sendto: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
                break;
            }
        }
        ::close(fd);
    });
    sender.join();
    return error;
}

/// A valid 28-byte IPv4/ICMP echo request from `source` to `destination`, for mangling.
QByteArray innerPacket(const QString &source, const QString &destination)
{
    QByteArray packet(28, '\0');
    auto *ip = reinterpret_cast<unsigned char *>(packet.data());
    ip[0] = 0x45;
    ip[3] = 28;
    ip[8] = 64;
    ip[9] = 1;
    ::inet_pton(AF_INET, source.toLatin1().constData(), ip + 12);
    ::inet_pton(AF_INET, destination.toLatin1().constData(), ip + 16);
    const quint16 ipSum = checksum(ip, 20);
    ip[10] = quint8(ipSum >> 8);
    ip[11] = quint8(ipSum);
    ip[20] = 8;
    const quint16 icmpSum = checksum(ip + 20, 8);
    ip[22] = quint8(icmpSum >> 8);
    ip[23] = quint8(icmpSum);
    return packet;
}

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

        const QByteArray good = innerPacket(kFakeHost, mPods[0]->address());
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
        QString sent = sendRaw(node3, mLab->nodeAddress(3), node1, corrupt + truncated);
        QVERIFY2(sent.isEmpty(), qPrintable(sent));
        // A perfectly good packet, but from an address no lease has.
        sent = sendRaw(node3, QStringLiteral("192.168.77.99"), node1, {good, good});
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
