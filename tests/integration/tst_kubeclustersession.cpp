// KubeClusterSession (the app's view of a Kubernetes cluster) against KubeStandIn
// (kubestandin.h): no real API server can be installed here, so the stand-in implements the subset
// Tartan uses, shaped like the API reference. Checked through the ClusterState it fills: leases
// from the Nodes (added, changed, deleted, re-listed after 410 Gone), rejected nodes, the network
// config from the ConfigMap, config writes and their conflicts, and the connection state.
#include "clusterstate.h"
#include "kubeclient.h"
#include "kubeclustersession.h"
#include "kubenodewatcher.h"
#include "kubestandin.h"

#include <QSignalSpy>
#include <QTest>

using namespace tartan;
using tartan::test::KubeStandIn;

namespace {

const QString kToken = QStringLiteral("viewer-token");
const QString kNs = QStringLiteral("kube-flannel");
const QString kCm = QStringLiteral("kube-flannel-cfg");
const QByteArray kNetConf = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

json::Json leaseNode(const QString &name, const QString &podCidr, const QString &ip, const QString &mac)
{
    const std::string prefix = "flannel.alpha.coreos.com/";
    json::Json annotations = {{prefix + "kube-subnet-manager", "true"},
                              {prefix + "backend-type", "vxlan"},
                              {prefix + "backend-data", QStringLiteral(R"({"VNI":1,"VtepMAC":"%1"})").arg(mac).toStdString()},
                              {prefix + "public-ip", ip.toStdString()}};
    return json::Json{{"kind", "Node"}, {"apiVersion", "v1"},
                      {"metadata", {{"name", name.toStdString()}, {"annotations", annotations}}},
                      {"spec", {{"podCIDR", podCidr.toStdString()}, {"podCIDRs", {podCidr.toStdString()}}}},
                      {"status", json::Json::object()}};
}

SubnetKey key(const char *text)
{
    return *SubnetKey::parse(QString::fromLatin1(text));
}

} // namespace

class TestKubeClusterSession : public QObject
{
    Q_OBJECT

    std::unique_ptr<KubeClusterSession> sessionFor(const KubeStandIn &server, ClusterState *state)
    {
        KubeSessionOptions options;
        options.client.server = server.url();
        options.client.bearerToken = kToken.toUtf8();
        options.client.contextName = QStringLiteral("lab");
        auto session = KubeClusterSession::create(options, state);
        if (!session)
            qFatal("%s", qPrintable(session.error().message()));
        auto made = std::move(session).value();
        made->setConfigInterval(std::chrono::milliseconds(100));
        made->setSummaryInterval(std::chrono::milliseconds(200));
        made->nodeWatcher()->retryMin = std::chrono::milliseconds(50);
        made->nodeWatcher()->retryMax = std::chrono::milliseconds(200);
        return made;
    }

private slots:
    void fillsTheStateFromNodesAndConfigMap()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(leaseNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"), QStringLiteral("aa:00:00:00:00:01")));
        server.putNode(leaseNode(QStringLiteral("n2"), QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2"), QStringLiteral("aa:00:00:00:00:02")));
        // A node without flannel's annotations is no lease (a node not run by a flannel agent).
        json::Json bare = leaseNode(QStringLiteral("bare"), QStringLiteral("10.244.9.0/24"), QStringLiteral("192.168.1.9"), QStringLiteral("aa:00:00:00:00:09"));
        bare["metadata"]["annotations"] = json::Json::object();
        server.putNode(bare);
        server.putConfigMap(kNs, kCm, {{QStringLiteral("net-conf.json"), QString::fromUtf8(kNetConf)}});

        ClusterState state;
        auto session = sessionFor(server, &state);
        session->start(); // clears the state (one leasesReset) before anything is read
        QSignalSpy resets(&state, &ClusterState::leasesReset);
        QSignalSpy added(&state, &ClusterState::leaseAdded);
        QSignalSpy changed(&state, &ClusterState::leaseChanged);
        QSignalSpy removed(&state, &ClusterState::leaseRemoved);
        QCOMPARE(state.connection(), ClusterState::Connection::Connecting);
        QCOMPARE(state.clusterId(), QStringLiteral("kube://127.0.0.1:%1/lab").arg(server.url().port()));
        QTRY_COMPARE(state.connection(), ClusterState::Connection::Connected);
        QVERIFY(state.isSynced());
        QCOMPARE(resets.size(), 1);
        QCOMPARE(added.size(), 0); // the first list arrives as one reset
        QCOMPARE(state.leases().keys(), (QList<SubnetKey>{key("10.244.1.0-24"), key("10.244.2.0-24")}));
        QCOMPARE(state.leases().value(key("10.244.2.0-24")).attrs.publicIp.toString(), QStringLiteral("192.168.1.2"));
        QCOMPARE(state.configText(), kNetConf);
        QVERIFY(state.config().ok());
        QCOMPARE(state.config()->ipv4.network.toString(), QStringLiteral("10.244.0.0/16"));

        // A node joins, one moves to another address, one leaves: each as it happens.
        server.putNode(leaseNode(QStringLiteral("n3"), QStringLiteral("10.244.3.0/24"), QStringLiteral("192.168.1.3"), QStringLiteral("aa:00:00:00:00:03")));
        QTRY_COMPARE(added.size(), 1);
        QCOMPARE(added.first().first().value<Lease>().subnet, key("10.244.3.0-24"));
        server.putNode(leaseNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.101"), QStringLiteral("aa:00:00:00:00:01")));
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(1).value<Lease>().attrs.publicIp.toString(), QStringLiteral("192.168.1.101"));
        QCOMPARE(state.leases().value(key("10.244.1.0-24")).attrs.publicIp.toString(), QStringLiteral("192.168.1.101"));
        server.deleteNode(QStringLiteral("n2"));
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.first().first().value<Lease>().subnet, key("10.244.2.0-24"));
        QCOMPARE(state.leases().keys(), (QList<SubnetKey>{key("10.244.1.0-24"), key("10.244.3.0-24")}));

        // A node whose annotations do not decode is rejected under its name, and forgotten once fixed.
        json::Json broken = leaseNode(QStringLiteral("n4"), QStringLiteral("10.244.4.0/24"), QStringLiteral("192.168.1.4"), QStringLiteral("aa:00:00:00:00:04"));
        broken["metadata"]["annotations"]["flannel.alpha.coreos.com/backend-data"] = "{not json";
        server.putNode(broken);
        QTRY_VERIFY(state.rejected().contains("node/n4"));
        QVERIFY2(state.rejected().value("node/n4").contains(QStringLiteral("n4")), qPrintable(state.rejected().value("node/n4")));
        QVERIFY(!state.leases().contains(key("10.244.4.0-24")));
        server.putNode(leaseNode(QStringLiteral("n4"), QStringLiteral("10.244.4.0/24"), QStringLiteral("192.168.1.4"), QStringLiteral("aa:00:00:00:00:04")));
        QTRY_VERIFY(state.leases().contains(key("10.244.4.0-24")));
        QVERIFY(!state.rejected().contains("node/n4"));

        // The config follows the ConfigMap.
        const QByteArray hostGw = R"({"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}})";
        server.putConfigMap(kNs, kCm, {{QStringLiteral("net-conf.json"), QString::fromUtf8(hostGw)}});
        QTRY_COMPARE(state.configText(), hostGw);
        QCOMPARE(state.config()->backend.type, BackendType::HostGw);

        session->stop();
        QCOMPARE(state.connection(), ClusterState::Connection::Disconnected);
        QCOMPARE(state.leases().size(), 3); // the content stays for a last look
    }

    void relistsAfterGoneAndAppliesTheDifference()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(leaseNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"), QStringLiteral("aa:00:00:00:00:01")));
        server.putNode(leaseNode(QStringLiteral("n2"), QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2"), QStringLiteral("aa:00:00:00:00:02")));
        server.putConfigMap(kNs, kCm, {{QStringLiteral("net-conf.json"), QString::fromUtf8(kNetConf)}});
        ClusterState state;
        auto session = sessionFor(server, &state);
        session->start();
        QTRY_COMPARE(state.connection(), ClusterState::Connection::Connected);
        QTRY_COMPARE(server.openWatches(), 1);
        QSignalSpy resets(&state, &ClusterState::leasesReset);
        QSignalSpy removed(&state, &ClusterState::leaseRemoved);
        QSignalSpy added(&state, &ClusterState::leaseAdded);

        // While no watch is open the history is compacted: the watch resumes with 410 Gone, the
        // session lists again and the state ends up equal to the cluster.
        server.endWatches();
        server.deleteNode(QStringLiteral("n1"));
        server.putNode(leaseNode(QStringLiteral("n5"), QStringLiteral("10.244.5.0/24"), QStringLiteral("192.168.1.5"), QStringLiteral("aa:00:00:00:00:05")));
        server.compact();
        QTRY_COMPARE(session->nodeWatcher()->listCount(), 2);
        QTRY_COMPARE(resets.size(), 1);
        QCOMPARE(state.leases().keys(), (QList<SubnetKey>{key("10.244.2.0-24"), key("10.244.5.0-24")}));
        QCOMPARE(removed.size(), 1); // what happened while away is in the event log too
        QCOMPARE(added.size(), 1);
        QTRY_COMPARE(state.connection(), ClusterState::Connection::Connected);
    }

    void writesTheConfigAndRefusesAConflict()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putConfigMap(kNs, kCm, {{QStringLiteral("net-conf.json"), QString::fromUtf8(kNetConf)}, {QStringLiteral("cni-conf.json"), QStringLiteral("{}")}});
        ClusterState state;
        auto session = sessionFor(server, &state);
        session->setConfigInterval(std::chrono::seconds(60)); // only the write's own read brings the value
        session->start();
        QTRY_COMPARE(state.connection(), ClusterState::Connection::Connected);
        QCOMPARE(state.leases().size(), 0);

        const QByteArray udp = R"({"Network":"10.244.0.0/16","Backend":{"Type":"udp"}})";
        std::optional<Status> written;
        session->writeConfig(udp, kNetConf, nullptr, [&written](Status status) { written = status; });
        QTRY_VERIFY(written.has_value());
        QVERIFY2(written->ok(), written->ok() ? "" : qPrintable(written->error().message()));
        const json::Json stored = server.configMap(kNs, kCm);
        QCOMPARE(QByteArray::fromStdString(stored["data"]["net-conf.json"].get<std::string>()), udp);
        QCOMPARE(QByteArray::fromStdString(stored["data"]["cni-conf.json"].get<std::string>()), QByteArray("{}")); // other keys kept
        QTRY_COMPARE(state.configText(), udp);

        // Someone else changed it since the editor opened the old text: refused, nothing written.
        server.putConfigMap(kNs, kCm, {{QStringLiteral("net-conf.json"), QString::fromUtf8(kNetConf)}});
        written.reset();
        session->writeConfig(R"({"Network":"10.9.0.0/16"})", udp, nullptr, [&written](Status status) { written = status; });
        QTRY_VERIFY(written.has_value());
        QVERIFY(!written->ok());
        QVERIFY2(written->error().message().contains(QStringLiteral("changed")), qPrintable(written->error().message()));
        QCOMPARE(QByteArray::fromStdString(server.configMap(kNs, kCm)["data"]["net-conf.json"].get<std::string>()), kNetConf);
    }

    void connectionFollowsTheServer()
    {
        // No ConfigMap: the cluster is shown, with no config (as an absent etcd key).
        auto server = std::make_unique<KubeStandIn>();
        QVERIFY(server->start({kToken}));
        server->putNode(leaseNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"), QStringLiteral("aa:00:00:00:00:01")));
        ClusterState state;
        auto session = sessionFor(*server, &state);
        session->start();
        QTRY_COMPARE(state.connection(), ClusterState::Connection::Connected);
        QVERIFY(state.configText().isEmpty());
        QVERIFY(!state.config().ok());

        // A wrong token: Connecting, with the server's answer as the reason.
        KubeSessionOptions options;
        options.client.server = server->url();
        options.client.bearerToken = "wrong";
        options.client.contextName = QStringLiteral("lab");
        ClusterState refused;
        auto denied = std::move(KubeClusterSession::create(options, &refused)).value();
        denied->start();
        QTRY_VERIFY(refused.connectionDetail().contains(QStringLiteral("401")));
        QCOMPARE(refused.connection(), ClusterState::Connection::Connecting);
        denied.reset();

        // The server goes away: Reconnecting, with the cause; the leases stay on show.
        server.reset();
        QTRY_COMPARE(state.connection(), ClusterState::Connection::Reconnecting);
        QVERIFY(!state.connectionDetail().isEmpty());
        QCOMPARE(state.leases().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestKubeClusterSession)
#include "tst_kubeclustersession.moc"
