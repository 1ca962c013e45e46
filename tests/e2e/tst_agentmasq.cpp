// tartand --ip-masq in a Lab node: the node's `iptables -t nat -S` and `iptables -S` are exactly
// flanneld's rule set for the network and the node's subnet (flannel-compat.md section 4, spelled out
// as in tst_ipmasq), the rules do their job for a real pod (made by the flannel CNI plugin), a
// rule deleted by hand is rebuilt by the agent's resync, and SIGTERM leaves no FLANNEL-* chain.
// netfilter state belongs to the node's namespace, so nothing here touches the machine's tables.
#include "labchecks.h"
#include "labpod.h"

#include "iptables.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kVxlan = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";
const QStringList kNatPolicies{"-P PREROUTING ACCEPT", "-P INPUT ACCEPT", "-P OUTPUT ACCEPT", "-P POSTROUTING ACCEPT"};
const QStringList kFilterPolicies{"-P INPUT ACCEPT", "-P FORWARD ACCEPT", "-P OUTPUT ACCEPT"};
// On the lab's underlay, outside the flannel network: reachable from a pod only through masquerade,
// since nothing there routes 10.244.0.0/16 back.
const QString kOutside = QStringLiteral("192.168.77.1");

} // namespace

class TestAgentMasq : public QObject
{
    Q_OBJECT

    QStringList rules(const Lab &lab, const QString &table) const
    {
        QStringList command{"iptables"};
        if (!table.isEmpty())
            command << "-t" << table;
        command << "-S";
        const auto out = lab.node(1).exec(command);
        return out ? out->split(u'\n', Qt::SkipEmptyParts) : QStringList{QStringLiteral("<iptables failed: %1>").arg(out.error().message())};
    }

private slots:
    void initTestCase()
    {
        LabPod::skipSuiteIfUnavailable();
    }

    void rulesAreExactlyFlannelsAndGoneAfterSigterm()
    {
        Lab lab;
        QElapsedTimer clock;
        clock.start();
        const auto started = lab.start(1, kVxlan);
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message()));
        QVERIFY(lab.startAgent(1, {QStringLiteral("--ip-masq")}));
        const auto subnet = lab.waitForSubnet(1);
        QVERIFY2(subnet, qPrintable(subnet ? QString() : subnet.error().message()));
        const QString s = *subnet + QStringLiteral("/24");

        // The same probe the agent makes: --random-fully only where iptables and the kernel have it.
        const QString rf = Iptables(IpAddress::Family::V4).supportsRandomFully() ? QStringLiteral(" --random-fully") : QString();
        const QString c = QStringLiteral(" -m comment --comment \"flanneld masq\"");
        const QStringList nat = kNatPolicies + QStringList{
            "-N FLANNEL-POSTRTG",
            "-A POSTROUTING" + c + " -j FLANNEL-POSTRTG",
            "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000" + c + " -j RETURN",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16" + c + " -j RETURN",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4" + c + " -j MASQUERADE" + rf,
            "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d " + s + c + " -j RETURN",
            "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16" + c + " -j MASQUERADE" + rf,
        };
        const QString f = QStringLiteral(" -m comment --comment \"flanneld forward\"");
        const QStringList filter = kFilterPolicies + QStringList{
            "-N FLANNEL-FWD",
            "-A FORWARD" + f + " -j FLANNEL-FWD",
            "-A FLANNEL-FWD -s 10.244.0.0/16" + f + " -j ACCEPT",
            "-A FLANNEL-FWD -d 10.244.0.0/16" + f + " -j ACCEPT",
        };
        // The rules are set up before subnet.env is written (flanneld's order), so they are there now.
        QCOMPARE(rules(lab, "nat"), nat);
        QCOMPARE(rules(lab, {}), filter);
        QFile env(lab.nodeDir(1) + QStringLiteral("/subnet.env"));
        QVERIFY(env.open(QIODevice::ReadOnly));
        QVERIFY(env.readAll().contains("FLANNEL_IPMASQ=true\n"));

        // They work: a pod reaches an address outside the network, which cannot route replies to
        // 10.244.0.0/16, so only masquerading brings them back. (With FLANNEL_IPMASQ=true the bridge
        // plugin adds no NAT of its own: these rules are the only ones.)
        auto pod = LabPod::add(lab, 1, QStringLiteral("pod1"));
        QVERIFY2(pod, qPrintable(pod ? QString() : pod.error().message()));
        QVERIFY2(eventually([&] { return (*pod)->exec({"ping", "-c", "1", "-W", "1", kOutside}).ok(); }, 5000), qPrintable(lab.agentLog(1)));
        QCOMPARE(rules(lab, "nat"), nat);

        // A rule deleted by hand is rebuilt at the next resync (default 5 s), in place.
        QVERIFY(lab.node(1).exec({"iptables", "-t", "nat", "-D", "FLANNEL-POSTRTG", "4"}).ok());
        QVERIFY(rules(lab, "nat") != nat);
        QVERIFY2(eventually([&] { return rules(lab, "nat") == nat; }, 8000, 200), qPrintable(rules(lab, "nat").join(u'\n')));
        QVERIFY(lab.agentLog(1).contains(QStringLiteral("iptables rules were missing")));

        // SIGTERM: flanneld removes its rules on exit; nothing FLANNEL-* is left in either table.
        lab.stopAgent(1);
        QCOMPARE(rules(lab, "nat"), kNatPolicies);
        QCOMPARE(rules(lab, {}), kFilterPolicies);
        // ... and so the pod's traffic to the outside is no longer masqueraded (a new ping, a new
        // ICMP id, a new conntrack entry).
        QVERIFY(!(*pod)->exec({"ping", "-c", "1", "-W", "1", kOutside}).ok());
        qInfo("rules exact%s, masquerade works, rebuilt after a deletion, gone after SIGTERM; %lld ms", qPrintable(rf),
              static_cast<long long>(clock.elapsed()));
    }
};

TARTAN_E2E_TEST_MAIN(TestAgentMasq, "etcd", "etcdctl", "ping", "iptables")
#include "tst_agentmasq.moc"
