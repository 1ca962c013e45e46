// tartanctl leases --kubeconfig against KubeStandIn (kubestandin.h): no real API server can be
// installed here, so the stand-in implements the subset Tartan uses, shaped like the API reference.
#include "kubestandin.h"

#include <QProcess>
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
        const QString kubeconfig = dir.filePath(QStringLiteral("config"));
        QFile file(kubeconfig);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("current-context: ok\nclusters:\n- name: c\n  cluster: {server: '" + server.url().toEncoded()
                   + "'}\nusers:\n- name: good\n  user: {token: viewer-token}\n- name: bad\n  user: {token: nope}\n"
                     "contexts:\n- name: ok\n  context: {cluster: c, user: good}\n- name: denied\n  context: {cluster: c, user: bad}\n");
        file.close();

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
                 QStringLiteral("tartanctl: kube GET %1/api/v1/nodes: HTTP 401 Unauthorized: Unauthorized").arg(server.url().toString()));

        const Run unknown = tartanctl({QStringLiteral("leases"), QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--context"), QStringLiteral("x")});
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(unknown.err.trimmed(), QStringLiteral("tartanctl: kubeconfig '%1': context 'x' not found").arg(kubeconfig));
    }
};

QTEST_GUILESS_MAIN(TestKubeCtl)
#include "tst_kubectl.moc"
