// tartand in Kubernetes mode (--kube-subnet-mgr) in a Lab: two nodes whose agents read their
// podCIDRs from, and write flannel's annotations to, a KubeStandIn (tests/integration/kubestandin.h:
// no Kubernetes API server can be installed on these machines, so the stand-in implements the
// subset Tartan uses, shaped like the API reference). Checked: the annotations and the
// NetworkUnavailable condition each agent wrote, subnet.env from the podCIDR, the vxlan peer route
// programmed from the peer's annotations, and pods on the two nodes pinging each other. Then
// tartanctl with --kubeconfig, reading the config from the ConfigMap and asking the agents at their
// node addresses (--report-ip): doctor finds both clean, names an FDB entry deleted by hand, and
// --repair restores it; trace follows a packet from pod to pod to its arrival.
//
// The stand-in runs on its own thread: the lab's helpers block the test's thread while they wait.
#include "kubestandin.h"
#include "labchecks.h"
#include "labpod.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace tartan;
using namespace tartan::test;

namespace {

const QString kToken = QStringLiteral("lab-agent-token");

json::Json labNode(int n)
{
    const std::string cidr = QStringLiteral("10.244.%1.0/24").arg(10 + n).toStdString();
    return json::Json{{"kind", "Node"}, {"apiVersion", "v1"},
                      {"metadata", {{"name", QStringLiteral("node%1").arg(n).toStdString()}, {"annotations", json::Json::object()}}},
                      {"spec", {{"podCIDR", cidr}, {"podCIDRs", {cidr}}}},
                      {"status", {{"conditions", json::Json::array({{{"type", "NetworkUnavailable"}, {"status", "True"}, {"reason", "NoRouteCreated"}}})}}}};
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class TestKubeAgent : public QObject
{
    Q_OBJECT

    QThread mApiThread;
    KubeStandIn *mApi = nullptr;

    /// Runs `f` on the stand-in's thread and returns its result.
    template <typename F>
    auto onApi(F f)
    {
        std::invoke_result_t<F> result{};
        QMetaObject::invokeMethod(mApi, [&] { result = f(); }, Qt::BlockingQueuedConnection);
        return result;
    }

private slots:
    void initTestCase()
    {
        LabPod::skipSuiteIfUnavailable();
        mApiThread.start();
    }

    void cleanupTestCase()
    {
        if (mApi)
            QMetaObject::invokeMethod(mApi, [this] { delete mApi; }, Qt::BlockingQueuedConnection);
        mApiThread.quit();
        mApiThread.wait();
    }

    void podsTalkThroughTheKubernetesStore()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray netConf = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";
        const QString netConfPath = dir.filePath(QStringLiteral("net-conf.json"));
        QVERIFY(writeFile(netConfPath, netConf));

        Lab lab;
        // The lab's etcd is left empty: in this mode the agents never read it.
        QVERIFY2(lab.start(2, "{}").ok(), "lab did not start");

        mApi = new KubeStandIn;
        mApi->moveToThread(&mApiThread);
        QVERIFY(onApi([this] { return mApi->start({kToken}, KubeStandIn::Tls(), QHostAddress(QStringLiteral("192.168.77.1"))); }));
        const QUrl url = onApi([this] { return mApi->url(); });
        onApi([this] {
            mApi->putNode(labNode(1));
            mApi->putNode(labNode(2));
            return true;
        });
        const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(writeFile(kubeconfig, "current-context: lab\nclusters:\n- name: lab\n  cluster: {server: '" + url.toEncoded()
                                          + "'}\nusers:\n- name: agent\n  user: {token: " + kToken.toUtf8()
                                          + "}\ncontexts:\n- name: lab\n  context: {cluster: lab, user: agent}\n"));

        for (int n = 1; n <= 2; ++n) {
            qputenv("NODE_NAME", QStringLiteral("node%1").arg(n).toUtf8()); // the agent's environment is copied at start
            // Reports on the node address, as a DaemonSet with --report-ip=$(status.hostIP) has them;
            // no auto-repair, so that an entry deleted by hand stays missing until doctor --repair.
            const auto started = lab.startAgent(n, {QStringLiteral("--ip-masq"), QStringLiteral("--kube-subnet-mgr"),
                                                    QStringLiteral("--kubeconfig-file=") + kubeconfig,
                                                    QStringLiteral("--net-config-path=") + netConfPath,
                                                    QStringLiteral("--report-ip=") + lab.nodeAddress(n), QStringLiteral("--auto-repair=false")});
            QVERIFY2(started.ok(), "cannot start tartand");
        }
        qunsetenv("NODE_NAME");
        for (int n = 1; n <= 2; ++n) {
            auto subnet = lab.waitForSubnet(n);
            QVERIFY2(subnet, subnet ? "" : qPrintable(subnet.error().message()));
            QCOMPARE(*subnet, QStringLiteral("10.244.%1.0").arg(10 + n)); // the podCIDR, not a choice of the agent
        }

        // Each agent wrote flannel's annotations, with its own VTEP MAC and address.
        for (int n = 1; n <= 2; ++n) {
            const QString mac = show(lab, n, {"cat", "/sys/class/net/flannel.1/address"}).trimmed();
            QVERIFY(!mac.isEmpty());
            const QString expected = QStringLiteral(R"({"VNI":1,"VtepMAC":"%1"})").arg(mac);
            QVERIFY2(eventually([&] {
                         const json::Json node = onApi([this, n] { return mApi->node(QStringLiteral("node%1").arg(n)); });
                         const json::Json &annotations = node["metadata"]["annotations"];
                         return annotations.value("flannel.alpha.coreos.com/backend-data", "") == expected.toStdString()
                             && annotations.value("flannel.alpha.coreos.com/backend-type", "") == "vxlan"
                             && annotations.value("flannel.alpha.coreos.com/kube-subnet-manager", "") == "true"
                             && annotations.value("flannel.alpha.coreos.com/public-ip", "") == lab.nodeAddress(n).toStdString()
                             && node["status"]["conditions"][0].value("reason", "") == "FlannelIsUp";
                     }, 10000),
                     qPrintable(QString::fromUtf8(json::dump(onApi([this, n] { return mApi->node(QStringLiteral("node%1").arg(n)); })))
                                + u'\n' + lab.agentLog(n)));
        }

        // The peer route comes from the peer's Node, and pods reach each other over it.
        QVERIFY2(eventually([&] { return show(lab, 1, {"ip", "route", "show", "10.244.12.0/24"}).contains(QStringLiteral("dev flannel.1")); }, 10000),
                 qPrintable(lab.agentLog(1)));
        QVERIFY2(eventually([&] { return show(lab, 2, {"ip", "route", "show", "10.244.11.0/24"}).contains(QStringLiteral("dev flannel.1")); }, 10000),
                 qPrintable(lab.agentLog(2)));
        auto pod1 = LabPod::add(lab, 1, QStringLiteral("pod1"));
        QVERIFY2(pod1, pod1 ? "" : qPrintable(pod1.error().message()));
        auto pod2 = LabPod::add(lab, 2, QStringLiteral("pod2"));
        QVERIFY2(pod2, pod2 ? "" : qPrintable(pod2.error().message()));
        const auto pings = [](const LabPod &from, const LabPod &to) {
            return from.exec({"ping", "-c", "1", "-W", "1", to.address()}).ok();
        };
        QVERIFY2(eventually([&] { return pings(**pod1, **pod2); }, 10000), qPrintable(lab.agentLog(1)));
        QVERIFY2(eventually([&] { return pings(**pod2, **pod1); }, 10000), qPrintable(lab.agentLog(2)));

        if (!QFile::exists(QStringLiteral(TARTAN_BIN_DIR "/tartanctl")))
            QSKIP("tartanctl is not built (TARTAN_BUILD_PROGRAMS=OFF): its Kubernetes mode is not checked");
        // tartanctl in Kubernetes mode: the config from flannel's ConfigMap, the agents at
        // http://<node address>:8476 (the test process shares the lab's underlay).
        onApi([this, netConf] {
            mApi->putConfigMap(QStringLiteral("kube-flannel"), QStringLiteral("kube-flannel-cfg"), {{QStringLiteral("net-conf.json"), QString::fromUtf8(netConf)}});
            return true;
        });
        const auto ctl = [&kubeconfig](QStringList arguments) {
            return runProgram(QStringLiteral(TARTAN_BIN_DIR "/tartanctl"), arguments << QStringLiteral("--kubeconfig") << kubeconfig);
        };
        const QString key1 = QStringLiteral("10.244.11.0-24"), key2 = QStringLiteral("10.244.12.0-24");
        ProgramRun doctor;
        QVERIFY2(eventually([&] { return (doctor = ctl({"doctor", "--json"})).exitCode == 0; }, 20000), qPrintable(doctor.all()));
        json::Json report = parseJsonOutput(doctor.out);
        QCOMPARE(report["nodes"].size(), size_t(2));
        for (int n = 0; n < 2; ++n) {
            const json::Json &row = report["nodes"][n];
            QCOMPARE(row.value("state", ""), std::string("clean"));
            QCOMPARE(row.value("endpoint", ""), QStringLiteral("http://%1:8476").arg(lab.nodeAddress(n + 1)).toStdString());
            QCOMPARE(row["summary"].value("health", ""), std::string("ok")); // the report's own summary
        }

        // node1 loses its FDB entry for node2's VTEP: doctor names exactly it.
        const QString mac2 = show(lab, 2, {"cat", "/sys/class/net/flannel.1/address"}).trimmed();
        const QString ip2 = lab.nodeAddress(2);
        QVERIFY2(run({"ip", "netns", "exec", lab.node(1).name(), "bridge", "fdb", "del", mac2, "dev", "flannel.1", "dst", ip2, "self"}),
                 "cannot delete the FDB entry");
        doctor = ctl({"doctor", "--json"});
        QCOMPARE(doctor.exitCode, 1);
        report = parseJsonOutput(doctor.out);
        const int first = report["nodes"][0].value("node", "") == key1.toStdString() ? 0 : 1;
        const json::Json drifting = report["nodes"][first];
        QCOMPARE(drifting.value("state", ""), std::string("drifts"));
        QVERIFY2(drifting["drift"].size() == 1, drifting["drift"].dump().c_str());
        QCOMPARE(drifting["drift"][0].value("kind", ""), std::string("missing"));
        QCOMPARE(drifting["drift"][0].value("table", ""), std::string("fdb"));
        QCOMPARE(drifting["drift"][0].value("lease", ""), key2.toStdString());
        QCOMPARE(report["nodes"][1 - first].value("state", ""), std::string("clean"));

        doctor = ctl({"doctor", "--repair"});
        QVERIFY2(doctor.exitCode == 0, qPrintable(doctor.all()));
        QVERIFY2(doctor.out.contains(QStringLiteral("asked %1 to reconcile").arg(key1)), qPrintable(doctor.out));
        QVERIFY2(show(lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).contains(QStringLiteral("%1 dst %2").arg(mac2, ip2)),
                 qPrintable(show(lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"})));

        const ProgramRun trace = ctl({"trace", (*pod1)->address(), (*pod2)->address()});
        QVERIFY2(trace.exitCode == 0 && trace.out.endsWith(QStringLiteral("arrived\n")), qPrintable(trace.all()));
        lab.stopAgent(1);
        lab.stopAgent(2);
    }
};

TARTAN_E2E_TEST_MAIN(TestKubeAgent, "etcd", "etcdctl", "ping", "bridge")
#include "tst_kubeagent.moc"
