// tartanctl --kubeconfig (leases, leases --watch, config get, doctor, and their errors) against
// KubeStandIn (kubestandin.h): no real API server can be installed here, so the stand-in implements
// the subset Tartan uses, shaped like the API reference. doctor and trace against real agents are
// in tests/e2e/tst_kubeagent.cpp.
#include "kubestandin.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using tartan::test::KubeStandIn;

namespace {

json::Json node(const QString &name, const QString &cidr, bool managed, const QString &publicIp)
{
    json::Json annotations = json::Json::object();
    if (managed)
        annotations = {{"flannel.alpha.coreos.com/backend-data", R"({"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:85"})"},
                       {"flannel.alpha.coreos.com/backend-type", "vxlan"},
                       {"flannel.alpha.coreos.com/kube-subnet-manager", "true"},
                       {"flannel.alpha.coreos.com/public-ip", publicIp.toStdString()}};
    return json::Json{{"kind", "Node"}, {"apiVersion", "v1"},
                      {"metadata", {{"name", name.toStdString()}, {"annotations", annotations}}},
                      {"spec", {{"podCIDR", cidr.toStdString()}}}};
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

const QByteArray kNetConf = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

/// A kubeconfig for `server` with contexts "ok" (current, user "good") and "denied" (user "bad",
/// a token the server refuses).
QString writeKubeconfig(const QTemporaryDir &dir, const QUrl &server)
{
    const QString path = dir.filePath(QStringLiteral("config"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("current-context: ok\nclusters:\n- name: c\n  cluster: {server: '" + server.toEncoded()
               + "'}\nusers:\n- name: good\n  user: {token: viewer-token}\n- name: bad\n  user: {token: nope}\n"
                 "contexts:\n- name: ok\n  context: {cluster: c, user: good}\n- name: denied\n  context: {cluster: c, user: bad}\n");
    return path;
}

/// Runs tartanctl while this thread's event loop keeps serving the stand-in.
Run tartanctl(const QStringList &arguments)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(TARTAN_BIN_DIR "/tartanctl"), arguments);
    if (!finished.wait(20000))
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestKubeCtl : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral(TARTAN_BIN_DIR "/tartanctl")))
            QSKIP("tartanctl is not built (TARTAN_BUILD_PROGRAMS=OFF)");
    }

    void listsLeasesFromNodes()
    {
        KubeStandIn server;
        QVERIFY(server.start({QStringLiteral("viewer-token")}));
        server.putNode(node(QStringLiteral("worker-1"), QStringLiteral("10.244.1.0/24"), true, QStringLiteral("192.168.1.11")));
        server.putNode(node(QStringLiteral("worker-2"), QStringLiteral("10.244.2.0/24"), true, QStringLiteral("192.168.1.12")));
        server.putNode(node(QStringLiteral("other"), QStringLiteral("10.244.3.0/24"), false, {}));
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());

        const Run table = tartanctl({QStringLiteral("leases"), QStringLiteral("--kubeconfig"), kubeconfig});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        const QStringList lines = table.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines[0].startsWith(QStringLiteral("NODE")), qPrintable(table.out));
        QVERIFY2(lines[1].contains(QStringLiteral("worker-1")) && lines[1].contains(QStringLiteral("10.244.1.0-24"))
                     && lines[1].contains(QStringLiteral("192.168.1.11")) && lines[1].contains(QStringLiteral("ae:8c:cb:7d:27:85")),
                 qPrintable(table.out));
        QVERIFY2(lines[2].contains(QStringLiteral("worker-2")), qPrintable(table.out));
        QCOMPARE(lines[3], QStringLiteral("2 lease(s) on the Nodes of context 'ok'"));

        const Run json = tartanctl({QStringLiteral("leases"), QStringLiteral("--json"), QStringLiteral("--kubeconfig"), kubeconfig});
        QCOMPARE(json.exitCode, 0);
        auto parsed = json::parse(json.out.toUtf8(), QStringLiteral("output"));
        QVERIFY(parsed && parsed->is_array());
        QCOMPARE(parsed->size(), size_t(2));
        QCOMPARE(QString::fromStdString((*parsed)[1]["attrs"]["PublicIP"].get<std::string>()), QStringLiteral("192.168.1.12"));

        const Run denied = tartanctl({QStringLiteral("leases"), QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--context"), QStringLiteral("denied")});
        QCOMPARE(denied.exitCode, 2);
        QCOMPARE(denied.err.trimmed(),
                 QStringLiteral("tartanctl: kube GET %1/api/v1/nodes: HTTP 401 Unauthorized: Unauthorized (the API server does not "
                                "accept the credentials of user 'bad' of kubeconfig context 'denied')").arg(server.url().toString()));

        // The watch says refused credentials at once instead of retrying them for ever.
        const Run deniedWatch = tartanctl({QStringLiteral("leases"), QStringLiteral("--watch"), QStringLiteral("--kubeconfig"), kubeconfig,
                                           QStringLiteral("--context"), QStringLiteral("denied")});
        QCOMPARE(deniedWatch.exitCode, 2);
        QCOMPARE(deniedWatch.err.trimmed(), denied.err.trimmed());

        const Run unknown = tartanctl({QStringLiteral("leases"), QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--context"), QStringLiteral("x")});
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(unknown.err.trimmed(), QStringLiteral("tartanctl: kubeconfig '%1': context 'x' not found").arg(kubeconfig));

        const Run reserve = tartanctl({QStringLiteral("leases"), QStringLiteral("release"), QStringLiteral("10.244.1.0/24"),
                                       QStringLiteral("--kubeconfig"), kubeconfig});
        QCOMPARE(reserve.exitCode, 1);
        QVERIFY2(reserve.err.contains(QStringLiteral("the subnets belong to the controller manager")), qPrintable(reserve.err));
    }

    void configGet_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output"); // stdout, or stderr when failing
        QTest::newRow("default") << QStringList() << 0 << QString::fromUtf8(kNetConf);
        QTest::newRow("other configmap") << QStringList{QStringLiteral("--configmap"), QStringLiteral("kube-system/tartan-cfg:net.json")} << 0
                                         << QStringLiteral(R"({"Network":"10.9.0.0/16"})");
        QTest::newRow("no such key") << QStringList{QStringLiteral("--configmap"), QStringLiteral("kube-system/tartan-cfg")} << 1
                                     << QStringLiteral("tartanctl: no network config in ConfigMap kube-system/tartan-cfg: it has no key net-conf.json");
        QTest::newRow("no such configmap") << QStringList{QStringLiteral("--configmap"), QStringLiteral("kube-system/nope")} << 1
                                           << QStringLiteral("tartanctl: reading ConfigMap kube-system/nope: kube GET URL/api/v1/namespaces/kube-system/"
                                                             "configmaps/nope: HTTP 404 Not Found: configmaps \"nope\" not found");
        QTest::newRow("bad ref") << QStringList{QStringLiteral("--configmap"), QStringLiteral("tartan-cfg")} << 1
                                 << QStringLiteral("tartanctl: --configmap: ConfigMap 'tartan-cfg': no '/' between namespace and name; "
                                                   "expected NAMESPACE/NAME[:KEY], e.g. kube-flannel/kube-flannel-cfg:net-conf.json");
        QTest::newRow("401") << QStringList{QStringLiteral("--context"), QStringLiteral("denied")} << 2
                             << QStringLiteral("tartanctl: reading ConfigMap kube-flannel/kube-flannel-cfg: kube GET URL/api/v1/namespaces/kube-flannel/"
                                               "configmaps/kube-flannel-cfg: HTTP 401 Unauthorized: Unauthorized (the API server does not accept "
                                               "the credentials of user 'bad' of kubeconfig context 'denied')");
        QTest::newRow("set refused") << QStringList{QStringLiteral("set"), QStringLiteral("x.json")} << 1
                                     << QStringLiteral("tartanctl: config set does not write to a Kubernetes cluster: edit the ConfigMap "
                                                       "(kubectl edit, or the tartan app), then restart the agents");
    }

    void configGet()
    {
        QFETCH(QStringList, flags);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        KubeStandIn server;
        QVERIFY(server.start({QStringLiteral("viewer-token")}));
        server.putConfigMap(QStringLiteral("kube-flannel"), QStringLiteral("kube-flannel-cfg"),
                            {{QStringLiteral("cni-conf.json"), QStringLiteral("{}")}, {QStringLiteral("net-conf.json"), QString::fromUtf8(kNetConf)}});
        server.putConfigMap(QStringLiteral("kube-system"), QStringLiteral("tartan-cfg"), {{QStringLiteral("net.json"), QStringLiteral(R"({"Network":"10.9.0.0/16"})")}});
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());
        QStringList arguments{QStringLiteral("config")};
        if (flags.value(0) == QLatin1String("set"))
            arguments << flags;
        else
            arguments << QStringLiteral("get") << flags;
        const Run run = tartanctl(arguments << QStringLiteral("--kubeconfig") << kubeconfig);
        QVERIFY2(run.exitCode == exitCode, qPrintable(run.err));
        output.replace(QStringLiteral("URL"), server.url().toString());
        QCOMPARE(exitCode == 0 ? run.out.trimmed() : run.err.trimmed(), output);
        if (exitCode == 0)
            QCOMPARE(run.err, QString());
    }

    void errorsAreClear()
    {
        KubeStandIn server;
        QVERIFY(server.start({QStringLiteral("viewer-token")}));
        server.putConfigMap(QStringLiteral("kube-flannel"), QStringLiteral("kube-flannel-cfg"), {{QStringLiteral("net-conf.json"), QString::fromUtf8(kNetConf)}});
        server.forbid(QStringLiteral("configmaps"));
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());

        // 403: RBAC's reason, the user, and where the permission comes from.
        const Run forbidden = tartanctl({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("--kubeconfig"), kubeconfig});
        QCOMPARE(forbidden.exitCode, 2);
        QVERIFY2(forbidden.err.contains(QStringLiteral("HTTP 403 Forbidden: configmaps is forbidden: User \"token:viewer-token\" cannot get "
                                                       "resource \"configmaps\" in API group \"\" in the namespace \"kube-flannel\" (user 'good' "
                                                       "of kubeconfig context 'ok' lacks the permission; the tartan-viewer ClusterRole")),
                 qPrintable(forbidden.err));

        // No kubeconfig file.
        const QString missing = dir.filePath(QStringLiteral("nope"));
        const Run noFile = tartanctl({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), missing});
        QCOMPARE(noFile.exitCode, 1);
        QVERIFY2(noFile.err.startsWith(QStringLiteral("tartanctl: kubeconfig '%1'").arg(missing)), qPrintable(noFile.err));

        // No API server: the request and the transport's reason.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        QUrl gone;
        gone.setScheme(QStringLiteral("http"));
        gone.setHost(QStringLiteral("127.0.0.1"));
        gone.setPort(closed.serverPort());
        closed.close();
        QTemporaryDir other;
        const Run unreachable = tartanctl({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), writeKubeconfig(other, gone)});
        QCOMPARE(unreachable.exitCode, 2);
        QVERIFY2(unreachable.err.startsWith(QStringLiteral("tartanctl: reading ConfigMap kube-flannel/kube-flannel-cfg: kube GET %1/api/v1/"
                                                           "namespaces/kube-flannel/configmaps/kube-flannel-cfg: ").arg(gone.toString()))
                     && unreachable.err.contains(QStringLiteral("refused")),
                 qPrintable(unreachable.err));

        const Run badPort = tartanctl({QStringLiteral("trace"), QStringLiteral("10.244.1.2"), QStringLiteral("10.244.2.2"),
                                       QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--agent-port"), QStringLiteral("0")});
        QCOMPARE(badPort.exitCode, 1);
        QCOMPARE(badPort.err.trimmed(), QStringLiteral("tartanctl: --agent-port: '0' is not a port from 1 to 65535"));
    }

    void doctorSaysWhichAgentsItCannotReach()
    {
        // The agents' endpoints are their public IPs: loopback here, on a port nobody listens on.
        KubeStandIn server;
        QVERIFY(server.start({QStringLiteral("viewer-token")}));
        server.putConfigMap(QStringLiteral("kube-flannel"), QStringLiteral("kube-flannel-cfg"), {{QStringLiteral("net-conf.json"), QString::fromUtf8(kNetConf)}});
        server.putNode(node(QStringLiteral("worker-1"), QStringLiteral("10.244.1.0/24"), true, QStringLiteral("127.0.0.1")));
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const QString port = QString::number(closed.serverPort());
        closed.close();
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());
        const Run doctor = tartanctl({QStringLiteral("doctor"), QStringLiteral("--json"), QStringLiteral("--kubeconfig"), kubeconfig,
                                      QStringLiteral("--agent-port"), port});
        QVERIFY2(doctor.exitCode == 1, qPrintable(doctor.out + doctor.err)); // nothing says the node is fine
        auto report = json::parse(doctor.out.toUtf8(), QStringLiteral("doctor"));
        QVERIFY2(report, qPrintable(doctor.out));
        const json::Json &row = (*report)["nodes"][0];
        QCOMPARE(QString::fromStdString(row["state"].get<std::string>()), QStringLiteral("unreachable"));
        QCOMPARE(QString::fromStdString(row["endpoint"].get<std::string>()), QStringLiteral("http://127.0.0.1:") + port);
        QVERIFY(row["failing"].get<bool>());
        QVERIFY(row["summary"].is_null());
        QCOMPARE((*report)["clean"].get<bool>(), false);

        const Run text = tartanctl({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--agent-port"), port});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains(QStringLiteral("10.244.1.0-24")) && text.out.contains(QStringLiteral(": unreachable: "))
                     && text.out.contains(QStringLiteral("1 node(s): 0 drifting, 1 unreachable, 0 without report")),
                 qPrintable(text.out));
    }

    void watchFollowsNodes()
    {
        KubeStandIn server;
        QVERIFY(server.start({QStringLiteral("viewer-token")}));
        server.putNode(node(QStringLiteral("worker-1"), QStringLiteral("10.244.1.0/24"), true, QStringLiteral("192.168.1.11")));
        server.putNode(node(QStringLiteral("other"), QStringLiteral("10.244.3.0/24"), false, {}));
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());

        QProcess process;
        process.start(QStringLiteral(TARTAN_BIN_DIR "/tartanctl"), {QStringLiteral("leases"), QStringLiteral("--watch"), QStringLiteral("--kubeconfig"), kubeconfig});
        QVERIFY(process.waitForStarted());
        QStringList lines;
        const auto linesSoFar = [&] {
            while (process.canReadLine())
                lines << QString::fromUtf8(process.readLine()).trimmed();
            return lines.size();
        };
        // The etcd watch's format: time, event, subnet, public IP, backend, VTEP MAC.
        const QRegularExpression format(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (ADDED|CHANGED|REMOVED) +(\S+) (\S+) (\S+) (\S+)$)"));
        QTRY_COMPARE_WITH_TIMEOUT(linesSoFar(), 1, 10000);
        QTRY_COMPARE(server.openWatches(), 1);
        server.putNode(node(QStringLiteral("worker-2"), QStringLiteral("10.244.2.0/24"), true, QStringLiteral("192.168.1.12")));
        QTRY_COMPARE(linesSoFar(), 2);
        server.putNode(node(QStringLiteral("worker-1"), QStringLiteral("10.244.1.0/24"), true, QStringLiteral("192.168.1.21")));
        QTRY_COMPARE(linesSoFar(), 3);
        server.deleteNode(QStringLiteral("worker-2"));
        QTRY_COMPARE(linesSoFar(), 4);
        server.deleteNode(QStringLiteral("other")); // not a lease: no line
        QTest::qWait(300);
        process.kill();
        process.waitForFinished();
        linesSoFar();
        QCOMPARE(lines.size(), 4);
        const QList<QStringList> expected{
            {QStringLiteral("ADDED"), QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.11"), QStringLiteral("vxlan"), QStringLiteral("ae:8c:cb:7d:27:85")},
            {QStringLiteral("ADDED"), QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.12"), QStringLiteral("vxlan"), QStringLiteral("ae:8c:cb:7d:27:85")},
            {QStringLiteral("CHANGED"), QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.21"), QStringLiteral("vxlan"), QStringLiteral("ae:8c:cb:7d:27:85")},
            {QStringLiteral("REMOVED"), QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.12"), QStringLiteral("vxlan"), QStringLiteral("ae:8c:cb:7d:27:85")}};
        for (int i = 0; i < 4; ++i) {
            const auto match = format.match(lines[i]);
            QVERIFY2(match.hasMatch(), qPrintable(lines[i]));
            QCOMPARE(match.capturedTexts().mid(1), expected[i]);
        }
    }
};

QTEST_GUILESS_MAIN(TestKubeCtl)
#include "tst_kubectl.moc"
