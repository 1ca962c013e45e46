// The Kubernetes lease side (KubeLeaseManager, KubeLeaseWatcher, findKubeNodeName) against
// KubeStandIn (kubestandin.h): no real API server can be installed here, so the stand-in
// implements the subset Tartan uses, shaped like the Kubernetes API reference.
#include "kubeclient.h"
#include "kubeleasemanager.h"
#include "kubeleasewatcher.h"
#include "kubenodename.h"
#include "kubenodewatcher.h"
#include "kubestandin.h"

#include <QSignalSpy>
#include <QTest>

using namespace tartan;
using tartan::test::KubeStandIn;

namespace {

const QString kToken = QStringLiteral("agent-token");
const QString kPrefix = QStringLiteral("flannel.alpha.coreos.com/");

json::Json makeNode(const QString &name, const QString &podCidr, json::Json annotations = json::Json::object())
{
    json::Json spec = json::Json::object();
    if (!podCidr.isEmpty())
        spec = {{"podCIDR", podCidr.toStdString()}, {"podCIDRs", {podCidr.toStdString()}}};
    return json::Json{{"kind", "Node"}, {"apiVersion", "v1"},
                      {"metadata", {{"name", name.toStdString()}, {"annotations", annotations}}}, {"spec", spec},
                      {"status", {{"conditions", json::Json::array({{{"type", "NetworkUnavailable"}, {"status", "True"}, {"reason", "NoRouteCreated"}}})}}}};
}

LeaseAttrs vxlanSelf(const QString &ip, const QString &mac)
{
    LeaseAttrs self;
    self.publicIp = *IpAddress::parse(ip);
    self.backendType = QStringLiteral("vxlan");
    self.backendData = json::Json{{"VNI", 1}, {"VtepMAC", mac.toStdString()}};
    return self;
}

NetworkConfig netConf()
{
    return *NetworkConfig::parse(R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})");
}

KubeAnnotations names()
{
    return *KubeAnnotations::withPrefix(QStringLiteral("flannel.alpha.coreos.com"));
}

int patches(const KubeStandIn &server)
{
    int count = 0;
    for (const QString &request : server.requests())
        count += request.startsWith(QStringLiteral("PATCH ")) ? 1 : 0;
    return count;
}

} // namespace

class TestKubeLease : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<KubeClient> clientFor(const KubeStandIn &server)
    {
        KubeClientOptions options;
        options.server = server.url();
        options.bearerToken = kToken.toUtf8();
        return std::move(KubeClient::create(options)).value();
    }
    KubeLeaseManager::Options fast()
    {
        KubeLeaseManager::Options options;
        options.retryMin = std::chrono::milliseconds(50);
        options.retryMax = std::chrono::milliseconds(200);
        return options;
    }

private slots:
    void writesFlannelAnnotationsOnlyWhenChanged()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(makeNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24")));
        auto client = clientFor(server);
        const LeaseAttrs self = vxlanSelf(QStringLiteral("192.168.1.10"), QStringLiteral("ae:8c:cb:7d:27:85"));
        {
            KubeLeaseManager manager(client.get(), nullptr, names(), QStringLiteral("n1"), netConf(), self, fast());
            QSignalSpy acquired(&manager, &KubeLeaseManager::acquired);
            manager.start();
            QTRY_COMPARE(acquired.size(), 1);
            QCOMPARE(acquired.first().first().value<Lease>().subnet.toString(), QStringLiteral("10.244.1.0-24"));
            QTRY_COMPARE(patches(server), 2); // the annotations, then the condition
        }
        const json::Json node = server.node(QStringLiteral("n1"));
        // Byte for byte what flanneld writes.
        const json::Json expected{{"flannel.alpha.coreos.com/backend-data", R"({"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:85"})"},
                                  {"flannel.alpha.coreos.com/backend-type", "vxlan"},
                                  {"flannel.alpha.coreos.com/kube-subnet-manager", "true"},
                                  {"flannel.alpha.coreos.com/public-ip", "192.168.1.10"}};
        QCOMPARE(json::dump(node["metadata"]["annotations"]), json::dump(expected));
        const json::Json &condition = node["status"]["conditions"][0];
        QCOMPARE(QString::fromStdString((condition["type"]).get<std::string>()), QStringLiteral("NetworkUnavailable"));
        QCOMPARE(QString::fromStdString((condition["status"]).get<std::string>()), QStringLiteral("False"));
        QCOMPARE(QString::fromStdString((condition["reason"]).get<std::string>()), QStringLiteral("FlannelIsUp"));
        QCOMPARE(node["status"]["conditions"].size(), size_t(1));
        QVERIFY(server.requests().contains(QStringLiteral("PATCH /api/v1/nodes/n1/status")));

        // A restart with the same attributes writes no annotation: only the condition again.
        KubeLeaseManager again(client.get(), nullptr, names(), QStringLiteral("n1"), netConf(), self, fast());
        QSignalSpy acquired(&again, &KubeLeaseManager::acquired);
        again.start();
        QTRY_COMPARE(acquired.size(), 1);
        QTRY_COMPARE(again.patchesSent(), 1);
        QTRY_COMPARE(patches(server), 3);
        QCOMPARE(json::dump(server.node(QStringLiteral("n1"))["metadata"]["annotations"]), json::dump(expected));

        // A new VTEP MAC: one PATCH with that one annotation.
        again.setAttrs(vxlanSelf(QStringLiteral("192.168.1.10"), QStringLiteral("ae:8c:cb:7d:27:86")));
        QTRY_COMPARE(acquired.size(), 2);
        QCOMPARE(again.patchesSent(), 2);
        QCOMPARE(QString::fromStdString((server.node(QStringLiteral("n1"))["metadata"]["annotations"]["flannel.alpha.coreos.com/backend-data"]).get<std::string>()), QStringLiteral(R"({"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:86"})"));
    }

    void waitsForPodCidrAndHonoursOverwrite()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(makeNode(QStringLiteral("n1"), {}, {{"flannel.alpha.coreos.com/public-ip-overwrite", "203.0.113.7"}}));
        auto client = clientFor(server);
        KubeLeaseManager manager(client.get(), nullptr, names(), QStringLiteral("n1"), netConf(),
                                 vxlanSelf(QStringLiteral("192.168.1.10"), QStringLiteral("ae:8c:cb:7d:27:85")), fast());
        QSignalSpy acquired(&manager, &KubeLeaseManager::acquired);
        QSignalSpy problems(&manager, &KubeLeaseManager::problem);
        manager.start();
        QTRY_VERIFY(problems.size() >= 2);
        QCOMPARE(problems.first().first().value<Error>().message(), QStringLiteral("node 'n1': pod cidr not assigned"));
        QCOMPARE(acquired.size(), 0);

        json::Json assigned = server.node(QStringLiteral("n1"));
        assigned["spec"] = {{"podCIDR", "10.245.0.0/24"}}; // outside Network
        server.putNode(assigned);
        QTRY_VERIFY(problems.last().first().value<Error>().message().contains(QStringLiteral("is not inside Network 10.244.0.0/16")));
        assigned["spec"] = {{"podCIDR", "10.244.9.0/24"}};
        server.putNode(assigned);
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 5000);
        const Lease lease = acquired.first().first().value<Lease>();
        QCOMPARE(lease.subnet.toString(), QStringLiteral("10.244.9.0-24"));
        QCOMPARE(lease.attrs.publicIp.toString(), QStringLiteral("203.0.113.7"));
        QCOMPARE(QString::fromStdString((server.node(QStringLiteral("n1"))["metadata"]["annotations"]["flannel.alpha.coreos.com/public-ip"]).get<std::string>()), QStringLiteral("203.0.113.7"));
    }

    void peersPodCidrChangeAndDeletion()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        const json::Json peerAnnotations{{"flannel.alpha.coreos.com/backend-data", R"({"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:99"})"},
                                         {"flannel.alpha.coreos.com/backend-type", "vxlan"},
                                         {"flannel.alpha.coreos.com/kube-subnet-manager", "true"},
                                         {"flannel.alpha.coreos.com/public-ip", "192.168.1.20"}};
        server.putNode(makeNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24")));
        server.putNode(makeNode(QStringLiteral("n2"), QStringLiteral("10.244.2.0/24"), peerAnnotations));
        server.putNode(makeNode(QStringLiteral("plain"), QStringLiteral("10.244.3.0/24"))); // not managed by flannel
        auto client = clientFor(server);
        KubeNodeWatcher nodes(client.get());
        KubeLeaseWatcher leases(&nodes, names());
        KubeLeaseManager manager(client.get(), &nodes, names(), QStringLiteral("n1"), netConf(),
                                 vxlanSelf(QStringLiteral("192.168.1.10"), QStringLiteral("ae:8c:cb:7d:27:85")), fast());
        QSignalSpy added(&leases, &KubeLeaseWatcher::leaseAdded);
        QSignalSpy changed(&leases, &KubeLeaseWatcher::leaseChanged);
        QSignalSpy removed(&leases, &KubeLeaseWatcher::leaseRemoved);
        QSignalSpy lost(&manager, &KubeLeaseManager::lost);
        QSignalSpy acquired(&manager, &KubeLeaseManager::acquired);
        nodes.start();
        manager.start();
        QTRY_COMPARE(acquired.size(), 1);
        QTRY_COMPARE(leases.leases().size(), 2); // n2, and n1 once its annotations are written
        QCOMPARE(leases.leases().value(*SubnetKey::parse(u"10.244.2.0-24")).attrs.publicIp.toString(), QStringLiteral("192.168.1.20"));
        QVERIFY(!leases.leases().contains(*SubnetKey::parse(u"10.244.3.0-24")));

        // A peer's annotation changes (an operator sets public-ip-overwrite).
        json::Json n2 = server.node(QStringLiteral("n2"));
        n2["metadata"]["annotations"]["flannel.alpha.coreos.com/public-ip-overwrite"] = "198.51.100.2";
        server.putNode(n2);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(1).value<Lease>().attrs.publicIp.toString(), QStringLiteral("198.51.100.2"));

        // Our podCIDR changes: the lease is lost and taken again with the new subnet.
        json::Json n1 = server.node(QStringLiteral("n1"));
        n1["spec"] = {{"podCIDR", "10.244.11.0/24"}, {"podCIDRs", {"10.244.11.0/24"}}};
        server.putNode(n1);
        QTRY_COMPARE(lost.size(), 1);
        QVERIFY(lost.first().first().value<Error>().message().contains(QStringLiteral("podCIDR changed from 10.244.1.0-24 to 10.244.11.0-24")));
        QTRY_COMPARE(acquired.size(), 2);
        QCOMPARE(acquired.last().first().value<Lease>().subnet.toString(), QStringLiteral("10.244.11.0-24"));
        QTRY_VERIFY(leases.leases().contains(*SubnetKey::parse(u"10.244.11.0-24")));
        QVERIFY(!leases.leases().contains(*SubnetKey::parse(u"10.244.1.0-24")));

        // A peer deleted; then our own node.
        server.deleteNode(QStringLiteral("n2"));
        QTRY_VERIFY(!leases.leases().contains(*SubnetKey::parse(u"10.244.2.0-24")));
        server.deleteNode(QStringLiteral("n1"));
        QTRY_COMPARE(lost.size(), 2);
        QCOMPARE(lost.last().first().value<Error>().message(), QStringLiteral("node 'n1' was deleted"));
        QTRY_VERIFY(leases.leases().isEmpty());
        QVERIFY(removed.size() >= 3);
        QVERIFY(!manager.hasLease());
    }

    void nodeNameFromEnvironment()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putPod(QStringLiteral("kube-flannel"), QStringLiteral("kube-flannel-ds-abcde"), QStringLiteral("worker-3"));
        auto client = clientFor(server);
        const auto find = [&](const QProcessEnvironment &env) {
            std::optional<Result<QString>> answer;
            findKubeNodeName(client.get(), env, this, [&answer](Result<QString> name) { answer.emplace(std::move(name)); });
            QElapsedTimer timer;
            timer.start();
            while (!answer && timer.elapsed() < 5000)
                QTest::qWait(5);
            return answer.value_or(Error(QStringLiteral("no answer")));
        };
        QProcessEnvironment env;
        auto none = find(env);
        QVERIFY(!none);
        QCOMPARE(none.error().message(), QStringLiteral("kube node name: neither NODE_NAME nor POD_NAME and POD_NAMESPACE are set"));
        env.insert(QStringLiteral("POD_NAME"), QStringLiteral("kube-flannel-ds-abcde"));
        env.insert(QStringLiteral("POD_NAMESPACE"), QStringLiteral("kube-flannel"));
        auto fromPod = find(env);
        QVERIFY2(fromPod, fromPod ? "" : qPrintable(fromPod.error().message()));
        QCOMPARE(*fromPod, QStringLiteral("worker-3"));
        env.insert(QStringLiteral("NODE_NAME"), QStringLiteral("worker-9"));
        QCOMPARE(*find(env), QStringLiteral("worker-9"));
        env.remove(QStringLiteral("NODE_NAME"));
        env.insert(QStringLiteral("POD_NAME"), QStringLiteral("gone"));
        auto missing = find(env);
        QVERIFY(!missing);
        QVERIFY2(missing.error().message().startsWith(QStringLiteral("kube node name from pod kube-flannel/gone: kube GET ")),
                 qPrintable(missing.error().message()));
        QVERIFY(missing.error().message().endsWith(QStringLiteral("HTTP 404 Not Found: pods \"gone\" not found")));
    }
};

QTEST_GUILESS_MAIN(TestKubeLease)
#include "tst_kubelease.moc"
