// tartand when the cluster around it changes or breaks, in a Lab (real etcd, one real tartand per
// node namespace, real pods from the flannel CNI plugin where pod traffic is the point):
// - a peer that comes back with a new VTEP MAC is reachable from every node within 2 s of
//   publishing it (flannel#1330, #1795: stale neighbour/FDB entries black-hole the peer);
// - etcd down for 30 s costs no pod packet, and the agents pick up where they left off after;
// - 20 agents started at once all get distinct subnets and all program all 19 peers.
#include "labchecks.h"
#include "labpod.h"

#include "json.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kVxlan = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

QString subnetsKey(const QString &subnet)
{
    return QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/subnets/") + subnet + QStringLiteral("-24");
}

/// The subnets node n routes through flannel.1 ("10.244.7.0/24 via 10.244.7.0 ..." -> "10.244.7.0").
QSet<QString> routedSubnets(const Lab &lab, int n)
{
    QSet<QString> subnets;
    for (const QString &line : show(lab, n, {"ip", "route", "show", "dev", "flannel.1"}).split(u'\n', Qt::SkipEmptyParts))
        subnets.insert(line.section(u'/', 0, 0));
    return subnets;
}

QString macOf(const Lab &lab, int n)
{
    return show(lab, n, {"cat", "/sys/class/net/flannel.1/address"}).trimmed();
}

} // namespace

class TestAgentResilience : public QObject
{
    Q_OBJECT

    std::unique_ptr<Lab> mLab;

    /// A lab of `nodes` with agents on the first `agents` of them, each holding a subnet. Empty, or why not.
    QString buildLab(int nodes, int agents)
    {
        mLab = std::make_unique<Lab>();
        if (auto started = mLab->start(nodes, kVxlan); !started)
            return started.error().message();
        for (int n = 1; n <= agents; ++n)
            if (auto agent = mLab->startAgent(n); !agent)
                return agent.error().message();
        for (int n = 1; n <= agents; ++n)
            if (auto subnet = mLab->waitForSubnet(n); !subnet)
                return subnet.error().message();
        return {};
    }

    bool nodePings(int from, const QString &to, const char *wait = "1")
    {
        return mLab->node(from).exec({"ping", "-c", "1", "-W", QString::fromLatin1(wait), to}).ok();
    }

private slots:
    void initTestCase()
    {
        LabPod::skipSuiteIfUnavailable();
    }

    void cleanup()
    {
        const int nodes = mLab ? mLab->nodes() : 0;
        mLab.reset();
        removeLabLeftovers(nodes);
    }

    void peerWithNewMacIsReachableWithinTwoSeconds()
    {
        const QString built = buildLab(3, 3);
        QVERIFY2(built.isEmpty(), qPrintable(built));
        const QString subnet3 = *mLab->waitForSubnet(3);
        for (int n = 1; n <= 2; ++n)
            QVERIFY2(eventually([&] { return nodePings(n, subnet3); }, 10000), qPrintable(mLab->agentLog(n)));
        const QString oldMac = macOf(*mLab, 3);
        QVERIFY(!oldMac.isEmpty());

        // Node3 "reboots" and loses its state: no device, no kept MAC. Its lease stays in etcd.
        const auto revision = mLab->etcdctl({"get", subnetsKey(subnet3), "-w", "json"});
        QVERIFY(revision);
        const auto header = json::parse(revision->toUtf8(), QStringLiteral("etcdctl get -w json"));
        QVERIFY(header && header->contains("header"));
        const qint64 afterRevision = header->at("header").value("revision", qint64(0)) + 1;
        mLab->stopAgent(3);
        QVERIFY(QFile::remove(mLab->nodeDir(3) + QStringLiteral("/flannel.1.mac")));
        QVERIFY(mLab->node(3).exec({"ip", "link", "del", "flannel.1"}).ok());

        // Watch node3's lease from the revision before the restart, so no put can slip by unseen.
        QProcess watch;
        watch.setProcessChannelMode(QProcess::MergedChannels);
        watch.setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGKILL); }); // never outlives a crashed test
        watch.start(QStringLiteral("etcdctl"), {QStringLiteral("--endpoints"), mLab->etcdEndpoint(), QStringLiteral("watch"),
                                                subnetsKey(subnet3), QStringLiteral("--rev=%1").arg(afterRevision)});
        QVERIFY(watch.waitForStarted());
        QVERIFY(mLab->startAgent(3));

        static const QRegularExpression vtepMac(QStringLiteral(R"re("VtepMAC":"([0-9a-f:]{17})")re"));
        QString published;
        QElapsedTimer sincePublished;
        QDeadlineTimer deadline(15000);
        QByteArray seen;
        while (published.isEmpty() && !deadline.hasExpired() && watch.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            seen += watch.readAll();
            for (auto match = vtepMac.globalMatch(QString::fromUtf8(seen)); match.hasNext();) {
                const QString mac = match.next().captured(1);
                if (mac != oldMac) {
                    published = mac;
                    sincePublished.start();
                    break;
                }
            }
        }
        QVERIFY2(!published.isEmpty(), qPrintable(QStringLiteral("node3 published no new VtepMAC; watch saw: ") + QString::fromUtf8(seen) + mLab->agentLog(3)));

        // From the moment the new value is in etcd: every node reaches node3 within 2 s.
        QList<qint64> reachedAfter;
        for (int n = 1; n <= 2; ++n) {
            bool reached = false;
            while (!reached && sincePublished.elapsed() < 2000)
                reached = nodePings(n, subnet3, "0.2");
            reachedAfter << sincePublished.elapsed();
            QVERIFY2(reached, qPrintable(QStringLiteral("node%1 cannot reach node3 %2 ms after its new MAC %3 was published:\n%4\n%5\n%6")
                                             .arg(n)
                                             .arg(reachedAfter.last())
                                             .arg(published, show(*mLab, n, {"ip", "neigh", "show", "dev", "flannel.1"}),
                                                  show(*mLab, n, {"bridge", "fdb", "show", "dev", "flannel.1"}), mLab->agentLog(n))));
        }
        watch.kill();
        watch.waitForFinished();

        // The peers hold the MAC node3 has now, and nothing of the old one.
        const QString newMac = macOf(*mLab, 3);
        QVERIFY(newMac != oldMac);
        for (int n = 1; n <= 2; ++n) {
            QVERIFY(eventually([&] { return show(*mLab, n, {"ip", "neigh", "show", subnet3, "dev", "flannel.1"}).contains(newMac); }, 2000));
            QVERIFY(eventually([&] { return !show(*mLab, n, {"bridge", "fdb", "show", "dev", "flannel.1"}).contains(oldMac); }, 2000));
        }
        qInfo("node3 VTEP MAC %s -> %s: node1 reached it %lld ms, node2 %lld ms after the new lease value", qPrintable(oldMac),
              qPrintable(published), static_cast<long long>(reachedAfter[0]), static_cast<long long>(reachedAfter[1]));
    }

    void etcdOutageCostsNoPodPacket()
    {
        // Node3 stays empty until etcd is back: its agent is the "new peer" the others must program.
        const QString built = buildLab(3, 2);
        QVERIFY2(built.isEmpty(), qPrintable(built));
        auto pod1 = LabPod::add(*mLab, 1, QStringLiteral("pod1"));
        QVERIFY2(pod1, qPrintable(pod1 ? QString() : pod1.error().message()));
        auto pod2 = LabPod::add(*mLab, 2, QStringLiteral("pod2"));
        QVERIFY2(pod2, qPrintable(pod2 ? QString() : pod2.error().message()));
        const QString target = (*pod2)->address();
        QVERIFY2(eventually([&] { return (*pod1)->exec({"ping", "-c", "1", "-W", "1", target}).ok(); }, 10000), qPrintable(mLab->agentLog(1)));

        // A ping every 200 ms across the whole outage: 2 s before, 30 s down, 3 s after.
        constexpr int kOutageMs = 30000;
        constexpr int kPings = (2000 + kOutageMs + 3000) / 200;
        QProcess ping;
        ping.setProcessChannelMode(QProcess::MergedChannels);
        ping.start(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("exec"), (*pod1)->name(), QStringLiteral("ping"), QStringLiteral("-c"),
                                          QString::number(kPings), QStringLiteral("-i"), QStringLiteral("0.2"), QStringLiteral("-W"),
                                          QStringLiteral("1"), target});
        QVERIFY(ping.waitForStarted());
        QThread::msleep(2000);

        mLab->stopEtcd();
        QElapsedTimer outage;
        outage.start();
        QVERIFY2(!mLab->etcdctl({"endpoint", "health", "--command-timeout=1s"}), "etcd still answers after being stopped");
        // Half way through, the kernel still holds everything the agents programmed.
        QThread::msleep(kOutageMs / 2);
        QVERIFY(routedSubnets(*mLab, 1).contains(*mLab->waitForSubnet(2)));
        QThread::msleep(std::max<qint64>(0, kOutageMs - outage.elapsed()));
        const QString restarted = [&] {
            auto started = mLab->startEtcd();
            return started ? QString() : started.error().message();
        }();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        const qint64 outageMs = outage.elapsed();
        QElapsedTimer sinceBack;
        sinceBack.start();

        QVERIFY(ping.waitForFinished(20000));
        const QString pinged = QString::fromUtf8(ping.readAll());
        const QString expected = QStringLiteral("%1 packets transmitted, %1 received, 0% packet loss").arg(kPings);
        QVERIFY2(ping.exitCode() == 0 && pinged.contains(expected), qPrintable(pinged.right(400)));
        // The agents did lose the store (their watch failed and backed off), so the zero loss above means something.
        for (int n = 1; n <= 2; ++n) {
            const QString log = mLab->agentLog(n);
            QVERIFY2(log.contains(QStringLiteral("watching leases: ")) && log.contains(QStringLiteral("reconnecting in")), qPrintable(log));
        }

        // The agents resumed: a node joining now is programmed by both, and reachable.
        QElapsedTimer resume;
        resume.start();
        QVERIFY(mLab->startAgent(3));
        const auto subnet3 = mLab->waitForSubnet(3);
        QVERIFY2(subnet3, qPrintable(subnet3 ? QString() : subnet3.error().message()));
        for (int n = 1; n <= 2; ++n) {
            QVERIFY2(eventually([&] { return routedSubnets(*mLab, n).contains(*subnet3); }, 15000), qPrintable(mLab->agentLog(n)));
            QVERIFY2(eventually([&] { return nodePings(n, *subnet3); }, 5000), qPrintable(mLab->agentLog(n)));
        }
        qInfo("etcd down %lld ms: %d pings, none lost; node3's agent started %lld ms after etcd was back and was programmed "
              "on both nodes %lld ms later",
              static_cast<long long>(outageMs), kPings, static_cast<long long>(sinceBack.elapsed() - resume.elapsed()),
              static_cast<long long>(resume.elapsed()));
    }

    void twentyAgentsAtOnceSeeEveryPeer()
    {
        constexpr int kNodes = 20;
        mLab = std::make_unique<Lab>();
        const auto started = mLab->start(kNodes, kVxlan);
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message()));
        QElapsedTimer clock;
        clock.start();
        for (int n = 1; n <= kNodes; ++n)
            QVERIFY(mLab->startAgent(n));
        const qint64 spreadMs = clock.elapsed();

        QStringList subnets;
        for (int n = 1; n <= kNodes; ++n) {
            const auto subnet = mLab->waitForSubnet(n, 30000);
            QVERIFY2(subnet, qPrintable(subnet ? QString() : subnet.error().message()));
            subnets << *subnet;
        }
        const qint64 leasedMs = clock.elapsed();
        // Distinct subnets, and etcd holds exactly these leases.
        QCOMPARE(QSet<QString>(subnets.begin(), subnets.end()).size(), kNodes);
        const auto keys = mLab->etcdctl({"get", QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/subnets/"), "--prefix", "--keys-only"});
        QVERIFY(keys);
        QStringList expectedKeys;
        for (const QString &subnet : std::as_const(subnets))
            expectedKeys << subnetsKey(subnet);
        QStringList actualKeys = keys->split(u'\n', Qt::SkipEmptyParts);
        expectedKeys.sort();
        actualKeys.sort();
        QCOMPARE(actualKeys, expectedKeys);

        // Every node routes to exactly the other 19, with a neighbour and an FDB entry for each.
        const auto complete = [&](int n) {
            QSet<QString> others(subnets.begin(), subnets.end());
            others.remove(subnets[n - 1]);
            return routedSubnets(*mLab, n) == others;
        };
        QList<int> pending;
        for (int n = 1; n <= kNodes; ++n)
            pending << n;
        QVERIFY(eventually(
            [&] {
                pending.removeIf(complete);
                return pending.isEmpty();
            },
            30000, 200));
        const qint64 meshMs = clock.elapsed();
        for (int n = 1; n <= kNodes; ++n) {
            QVERIFY2(complete(n), qPrintable(QStringLiteral("node%1").arg(n)));
            QCOMPARE(show(*mLab, n, {"ip", "neigh", "show", "dev", "flannel.1"}).count(QStringLiteral(" PERMANENT")), kNodes - 1);
            QCOMPARE(show(*mLab, n, {"bridge", "fdb", "show", "dev", "flannel.1"}).count(QStringLiteral(" dst 192.168.77.")), kNodes - 1);
        }
        // And the mesh carries traffic: the first node reaches the last and the other way round.
        QVERIFY(nodePings(1, subnets.last()));
        QVERIFY(nodePings(kNodes, subnets.first()));
        qInfo("%d agents started within %lld ms; all leased after %lld ms; full mesh (%d routes each) after %lld ms", kNodes,
              static_cast<long long>(spreadMs), static_cast<long long>(leasedMs), kNodes - 1, static_cast<long long>(meshMs));
    }
};

TARTAN_E2E_TEST_MAIN(TestAgentResilience, "etcd", "etcdctl", "ping", "bridge")
#include "tst_agentresilience.moc"
