// tartand in a lab of network namespaces (Lab): real etcd, real kernel VXLAN, real agents. Traffic
// crosses the overlay; hand-deleted entries come back; a restart keeps subnet and VTEP MAC;
// malicious leases are never programmed.
#include "lab.h"
#include "labchecks.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace tartan::test;

namespace {

const QByteArray kVxlan = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";
const QByteArray kHostGw = R"({"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}})";

bool pings(const Lab &lab, int from, const QString &to)
{
    return lab.node(from).exec({"ping", "-c", "1", "-W", "1", to}).ok();
}

} // namespace

class TestAgent : public QObject
{
    Q_OBJECT
private:
    /// A lab of `nodes` with an agent on each, every agent holding a subnet.
    std::unique_ptr<Lab> startLab(int nodes, const QByteArray &config)
    {
        auto lab = std::make_unique<Lab>();
        if (auto started = lab->start(nodes, config); !started) {
            qWarning("%s", qPrintable(started.error().message()));
            return nullptr;
        }
        for (int n = 1; n <= nodes; ++n)
            if (!lab->startAgent(n))
                return nullptr;
        for (int n = 1; n <= nodes; ++n)
            if (!lab->waitForSubnet(n))
                return nullptr;
        return lab;
    }

private slots:
    void vxlanCarriesTrafficAndRepairsEveryEntry()
    {
        auto lab = startLab(2, kVxlan);
        QVERIFY(lab);
        const QString subnet2 = *lab->waitForSubnet(2);
        QVERIFY2(eventually([&] { return pings(*lab, 1, subnet2); }, 10000), qPrintable(lab->agentLog(1)));
        QVERIFY(pings(*lab, 2, *lab->waitForSubnet(1)));

        // The device is flannel's: VNI 1, port 8472, nolearning, local = eth0's address.
        const QString link = show(*lab, 1, {"ip", "-d", "link", "show", "flannel.1"});
        QVERIFY2(link.contains(QStringLiteral("vxlan id 1 local 192.168.77.11 dev eth0")) && link.contains(QStringLiteral("dstport 8472")) &&
                     link.contains(QStringLiteral("nolearning")) && link.contains(QStringLiteral("mtu 1450")),
                 qPrintable(link));

        // Each kind of entry deleted by hand is back well within 10 s.
        const QString route = show(*lab, 1, {"ip", "route", "show", "dev", "flannel.1"}).section(u'\n', 0, 0).section(u' ', 0, 0);
        QVERIFY(!route.isEmpty());
        QVERIFY(lab->node(1).exec({"ip", "route", "del", route}).ok());
        QVERIFY(eventually([&] { return show(*lab, 1, {"ip", "route"}).contains(route); }, 10000));
        QVERIFY(lab->node(1).exec({"ip", "neigh", "del", subnet2, "dev", "flannel.1"}).ok());
        QVERIFY(eventually([&] { return show(*lab, 1, {"ip", "neigh", "show", "dev", "flannel.1"}).contains(subnet2); }, 10000));
        const QString fdb = show(*lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).section(u'\n', 0, 0);
        const QString mac = fdb.section(u' ', 0, 0);
        QVERIFY2(fdb.contains(QStringLiteral("dst 192.168.77.12")), qPrintable(fdb));
        QVERIFY(lab->node(1).exec({"bridge", "fdb", "del", mac, "dev", "flannel.1", "dst", "192.168.77.12"}).ok());
        QVERIFY(eventually([&] { return show(*lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).contains(mac); }, 10000));
        QVERIFY(pings(*lab, 1, subnet2));
    }

    void restartKeepsSubnetAndVtepMac()
    {
        auto lab = startLab(2, kVxlan);
        QVERIFY(lab);
        const QString subnet = *lab->waitForSubnet(1);
        const auto macOf = [&] {
            static const QRegularExpression ether(QStringLiteral("link/ether ([0-9a-f:]{17})"));
            return ether.match(show(*lab, 1, {"ip", "link", "show", "flannel.1"})).captured(1);
        };
        const QString mac = macOf();
        QVERIFY(!mac.isEmpty());
        lab->stopAgent(1);
        // Even with the device gone (a reboot), the MAC comes back from --state-dir.
        QVERIFY(lab->node(1).exec({"ip", "link", "del", "flannel.1"}).ok());
        QVERIFY(QFile::remove(lab->nodeDir(1) + QStringLiteral("/subnet.env")));
        QVERIFY(lab->startAgent(1));
        QVERIFY(lab->waitForSubnet(1));
        QCOMPARE(*lab->waitForSubnet(1), subnet);
        QVERIFY(eventually([&] { return macOf() == mac; }, 5000));
        QVERIFY(eventually([&] { return pings(*lab, 2, subnet); }, 10000));
    }

    void answersHealthAndReadiness()
    {
        auto lab = std::make_unique<Lab>();
        // No network config yet: the agent runs (healthz 200) but cannot be ready (readyz 503).
        QVERIFY(lab->start(1, "{}"));
        QVERIFY(lab->etcdctl({"del", QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/config")}));
        QVERIFY(lab->startAgent(1, {"--healthz-ip=127.0.0.1", "--healthz-port=8471"}));
        const auto get = [&](const char *path) {
            const QString script = QStringLiteral("exec 3<>/dev/tcp/127.0.0.1/8471 && printf 'GET %1 HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3")
                                       .arg(QLatin1String(path));
            return show(*lab, 1, {"bash", "-c", script});
        };
        QVERIFY(eventually([&] { return get("/healthz").contains(QStringLiteral(" 200")); }, 5000));
        QVERIFY2(get("/readyz").contains(QStringLiteral(" 503")), qPrintable(get("/readyz")));
        QVERIFY(lab->etcdctl({"put", QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/config"), QString::fromUtf8(kVxlan)}));
        QVERIFY(lab->waitForSubnet(1));
        QVERIFY(eventually([&] { return get("/readyz").contains(QStringLiteral(" 200")); }, 5000));
    }

    void hostGwRoutesViaThePeer()
    {
        auto lab = startLab(2, kHostGw);
        QVERIFY(lab);
        const QString subnet2 = *lab->waitForSubnet(2);
        QVERIFY(eventually([&] { return show(*lab, 1, {"ip", "route"}).contains(subnet2 + QStringLiteral("/24 via 192.168.77.12 dev eth0")); }, 10000));
        // host-gw has no device: give node2 an address in its subnet to answer on.
        const QString address2 = subnet2.section(u'.', 0, 2) + QStringLiteral(".1");
        QVERIFY(lab->node(2).exec({"ip", "addr", "add", address2 + QStringLiteral("/32"), "dev", "lo"}).ok());
        QVERIFY(eventually([&] { return pings(*lab, 1, address2); }, 10000));
    }

    void neverProgramsMaliciousLeases()
    {
        auto lab = startLab(2, kVxlan);
        QVERIFY(lab);
        const QString own = *lab->waitForSubnet(1);
        const QString prefix = QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/subnets/");
        const QString vxlan = QStringLiteral(R"({"PublicIP":"%1","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"02:66:66:66:66:66"}})");
        // Outside the network, overlapping node1's own subnet, node1's own address, garbage.
        QVERIFY(lab->etcdctl({"put", prefix + QStringLiteral("10.99.0.0-24"), vxlan.arg(QStringLiteral("192.168.77.66"))}));
        QVERIFY(lab->etcdctl({"put", prefix + own + QStringLiteral("-25"), vxlan.arg(QStringLiteral("192.168.77.67"))}));
        QVERIFY(lab->etcdctl({"put", prefix + QStringLiteral("10.244.250.0-24"), vxlan.arg(QStringLiteral("192.168.77.11"))}));
        QVERIFY(lab->etcdctl({"put", prefix + QStringLiteral("10.244.251.0-24"), QStringLiteral("{not json")}));
        // The four puts arrive as separate events: wait for every verdict, not only the first three.
        QVERIFY(eventually([&] {
            const QString log = lab->agentLog(1);
            return log.count(QStringLiteral("not programming")) >= 3
                && log.contains(QStringLiteral("ignoring /coreos.com/network/subnets/10.244.251.0-24"));
        }, 10000));
        const QString routes = show(*lab, 1, {"ip", "route"});
        for (const char *bad : {"10.99.0.0", "10.244.250.0", "10.244.251.0"})
            QVERIFY2(!routes.contains(QLatin1String(bad)), qPrintable(routes));
        QVERIFY(!show(*lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).contains(QStringLiteral("02:66:66:66:66:66")));
        // The good peer still works, and the agent is alive.
        QVERIFY(pings(*lab, 1, *lab->waitForSubnet(2)));
    }
};

TARTAN_E2E_TEST_MAIN(TestAgent, "etcd", "etcdctl", "ping", "bridge")
#include "tst_agent.moc"
