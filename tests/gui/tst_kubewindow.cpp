// The app on a Kubernetes cluster, offscreen: the agents' summaries asked from their endpoints
// (AgentSummaryPoller against FakeAgent), the connect dialog's Kubernetes tab and its connection
// test, the recent list, and the whole window connected through a kubeconfig to KubeStandIn
// (tests/integration/kubestandin.h: no Kubernetes API server can be installed on the test machines,
// so the stand-in implements the subset Tartan uses, shaped like the API reference).
#include "agentsummarypoller.h"
#include "clusterstate.h"
#include "connect/connectdialog.h"
#include "connect/kubeconnectpage.h"
#include "connect/recentclusters.h"
#include "connect/startpage.h"
#include "etcdtestutil.h"
#include "fakeagent.h"
#include "kubestandin.h"
#include "mainwindow.h"
#include "panels/leasetablepanel.h"
#include "topology/topologyscene.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tartan;
using namespace tartan::gui;
using namespace tartan::test;

namespace {

const QString kToken = QStringLiteral("viewer-token");

Lease lease(int n)
{
    Lease made;
    made.subnet = *SubnetKey::parse(QStringLiteral("10.244.%1.0-24").arg(n));
    made.attrs.publicIp = *IpAddress::parse(QStringLiteral("192.168.50.%1").arg(n));
    made.attrs.backendType = QStringLiteral("vxlan");
    return made;
}

json::Json leaseNode(int n)
{
    const std::string prefix = "flannel.alpha.coreos.com/";
    const std::string cidr = QStringLiteral("10.244.%1.0/24").arg(n).toStdString();
    json::Json annotations = {{prefix + "kube-subnet-manager", "true"},
                              {prefix + "backend-type", "vxlan"},
                              {prefix + "backend-data", QStringLiteral(R"({"VNI":1,"VtepMAC":"aa:00:00:00:00:%1"})").arg(n, 2, 10, QLatin1Char('0')).toStdString()},
                              {prefix + "public-ip", QStringLiteral("192.168.50.%1").arg(n).toStdString()}};
    return json::Json{{"kind", "Node"}, {"apiVersion", "v1"},
                      {"metadata", {{"name", QStringLiteral("node%1").arg(n).toStdString()}, {"annotations", annotations}}},
                      {"spec", {{"podCIDR", cidr}, {"podCIDRs", {cidr}}}},
                      {"status", json::Json::object()}};
}

QString published(int n)
{
    return QStringLiteral("http://192.168.50.%1:8476").arg(n);
}

/// An agent whose summary is that of lease(n), healthy.
std::unique_ptr<FakeAgent> agentFor(int n)
{
    auto agent = std::make_unique<FakeAgent>();
    agent->report.summary.lease = lease(n).subnet;
    agent->report.summary.publicIp = lease(n).attrs.publicIp;
    agent->report.summary.backend = QStringLiteral("vxlan");
    agent->report.summary.health = QStringLiteral("ok");
    agent->report.summary.agentVersion = QStringLiteral("0.1.0");
    agent->report.summary.endpoint = QStringLiteral("http://0.0.0.0:8476"); // what an agent listening everywhere says
    return agent;
}

/// A kubeconfig with two contexts on `server`: "good" (the token the stand-in accepts, current)
/// and "bad" (user "intruder", a token it refuses).
QString writeKubeconfig(const QTemporaryDir &dir, const QUrl &server)
{
    const QString path = dir.filePath(QStringLiteral("kubeconfig"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("apiVersion: v1\nkind: Config\ncurrent-context: good\nclusters:\n- name: standin\n  cluster: {server: '" + server.toEncoded()
               + "'}\nusers:\n- name: viewer\n  user: {token: " + kToken.toUtf8()
               + "}\n- name: intruder\n  user: {token: wrong}\ncontexts:\n- name: bad\n  context: {cluster: standin, user: intruder}\n"
                 "- name: good\n  context: {cluster: standin, user: viewer}\n");
    return path;
}

} // namespace

class TestKubeWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TartanTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_kubewindow"));
        RecentClusters().clear();
    }

    void summaryPollerAsksEveryAgent()
    {
        ClusterState state;
        QMap<SubnetKey, Lease> leases;
        for (int n = 1; n <= 5; ++n)
            leases.insert(lease(n).subnet, lease(n));
        state.resetLeases(leases);
        // Agents 1-3 answer; 4 is unreachable; 5 is another node's agent (a stale address).
        std::vector<std::unique_ptr<FakeAgent>> agents;
        QHash<QString, QString> map;
        for (int n = 1; n <= 3; ++n) {
            agents.push_back(agentFor(n));
            map.insert(published(n), agents.back()->endpoint());
        }
        map.insert(published(4), QStringLiteral("http://127.0.0.1:1"));
        agents.push_back(agentFor(7));
        map.insert(published(5), agents.back()->endpoint());

        AgentSummaryPoller poller(&state);
        poller.setEndpointMap(map);
        poller.setMaxInFlight(2);
        poller.setInterval(std::chrono::milliseconds(100));
        QSignalSpy polled(&poller, &AgentSummaryPoller::polled);
        QSignalSpy changed(&state, &ClusterState::summaryChanged);
        poller.start();
        QVERIFY(polled.wait(10000));
        QVERIFY(state.summariesKnown());
        QCOMPARE(state.summaries().keys(), (QList<SubnetKey>{lease(1).subnet, lease(2).subnet, lease(3).subnet}));
        // The summary names the endpoint the agent was reached at, not the one it listens on.
        QCOMPARE(state.summary(lease(2).subnet)->endpoint, published(2));
        QCOMPARE(state.summary(lease(2).subnet)->health, QStringLiteral("ok"));
        QCOMPARE(poller.peakInFlight(), 2);
        QVERIFY2(!poller.error(lease(4).subnet).isEmpty(), "no error for an unreachable agent");
        QVERIFY2(poller.error(lease(5).subnet).contains(QStringLiteral("reports lease 10.244.7.0-24")), qPrintable(poller.error(lease(5).subnet)));
        QVERIFY(poller.error(lease(1).subnet).isEmpty());
        QCOMPARE(changed.size(), 3);

        // A later round brings what changed, and only that.
        agents[1]->report.summary.health = QStringLiteral("degraded");
        agents[1]->report.summary.driftCount = 2;
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 4, 5000);
        QCOMPARE(state.summary(lease(2).subnet)->driftCount, 2);
        // A lease that goes takes its summary with it at the next round.
        state.removeLease(lease(3));
        QTRY_VERIFY_WITH_TIMEOUT(!state.summary(lease(3).subnet), 5000);
        poller.stop();
        const int served = agents[0]->summariesServed;
        QTest::qWait(300);
        QCOMPARE(agents[0]->summariesServed, served);
    }

    void connectDialogTestsAKubeconfig()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(leaseNode(1));
        server.putNode(leaseNode(2));
        json::Json plain = leaseNode(3);
        plain["metadata"]["annotations"] = json::Json::object();
        server.putNode(plain);
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());

        ConnectDialog dialog;
        KubeTarget target;
        target.kubeconfig = kubeconfig;
        dialog.setKubeTarget(target);
        QCOMPARE(dialog.kind(), ConnectDialog::Kind::Kube);
        auto *contexts = dialog.findChild<QComboBox *>(QStringLiteral("context"));
        QVERIFY(contexts);
        QCOMPARE(contexts->count(), 2);
        QCOMPARE(contexts->currentText(), QStringLiteral("good")); // the current-context

        QSignalSpy finished(&dialog, &ConnectDialog::testFinished);
        dialog.testConnection();
        QVERIFY(finished.wait(10000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(dialog.resultText()));
        QVERIFY2(dialog.resultText().contains(QStringLiteral("3 node(s)")) && dialog.resultText().contains(QStringLiteral("2 with a flannel lease")),
                 qPrintable(dialog.resultText()));

        // A refused user is named, with the server's answer.
        contexts->setCurrentIndex(contexts->findText(QStringLiteral("bad")));
        finished.clear();
        dialog.testConnection();
        QVERIFY(finished.wait(10000));
        QVERIFY(!finished.first().at(0).toBool());
        QVERIFY2(dialog.resultText().contains(QStringLiteral("user 'intruder'")) && dialog.resultText().contains(QStringLiteral("401")),
                 qPrintable(dialog.resultText()));

        // The entry remembered for it, and how the start page lists it.
        auto entry = dialog.entry();
        QVERIFY(entry.ok());
        QVERIFY(entry->isKube());
        QCOMPARE(entry->kubeTarget().context, QStringLiteral("bad"));
        QTemporaryDir settings;
        RecentClusters recents(settings.filePath(QStringLiteral("recent.ini")));
        recents.remember(*entry);
        QCOMPARE(recents.entries().size(), 1);
        QCOMPARE(recents.entries().constFirst().kubeTarget(), entry->kubeTarget());
        StartPage page(recents);
        auto *list = page.findChild<QListWidget *>(QStringLiteral("recentList"));
        QVERIFY(list);
        QCOMPARE(list->count(), 1);
        QVERIFY(list->item(0)->text().contains(QStringLiteral("bad")));
        QSignalSpy requested(&page, &StartPage::kubeConnectRequested);
        page.activateRecent(0);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().value<KubeTarget>().kubeconfig, kubeconfig);
    }

    void windowShowsAKubernetesCluster()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(leaseNode(1));
        server.putNode(leaseNode(2));
        server.putConfigMap(QStringLiteral("kube-flannel"), QStringLiteral("kube-flannel-cfg"),
                            {{QStringLiteral("net-conf.json"), QStringLiteral(R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})")}});
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());
        auto agent1 = agentFor(1);
        auto agent2 = agentFor(2);

        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::loaded);
        KubeTarget target;
        target.kubeconfig = kubeconfig;
        TARTAN_VERIFY_OK(window.connectToKube(target));
        window.setAgentEndpointMap({{published(1), agent1->endpoint()}, {published(2), agent2->endpoint()}});
        window.show();
        QVERIFY(loaded.wait(15000));
        QCOMPARE(window.clusterState()->clusterId(), QStringLiteral("kube://127.0.0.1:%1/good").arg(server.url().port()));
        QVERIFY(window.windowTitle().contains(QStringLiteral("kube://")));
        QVERIFY(window.clusterState()->config().ok());
        QCOMPARE(window.topologyScene()->nodeCount(), 2);
        auto *table = window.findChild<LeaseTablePanel *>();
        QVERIFY(table);
        QCOMPARE(table->view()->model()->rowCount(), 2);

        // The agents' summaries, asked from their endpoints, reach the views.
        QTRY_COMPARE_WITH_TIMEOUT(window.clusterState()->summaries().size(), 2, 10000);
        QCOMPARE(window.clusterState()->summary(lease(1).subnet)->health, QStringLiteral("ok"));

        // Live: a node joins.
        server.putNode(leaseNode(3));
        QTRY_COMPARE_WITH_TIMEOUT(window.topologyScene()->nodeCount(), 3, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(table->view()->model()->rowCount(), 3, 10000);

        window.disconnectFromCluster();
        QCOMPARE(window.clusterState()->connection(), ClusterState::Connection::Disconnected);
        QCOMPARE(window.topologyScene()->nodeCount(), 0);
    }

    void screenshotThroughAKubeconfig()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(leaseNode(1));
        server.putNode(leaseNode(2));
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, server.url());
        const QString png = dir.filePath(QStringLiteral("kube.png"));
        QProcess tartan;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path()); // not the user's settings
        tartan.setProcessEnvironment(environment);
        // The stand-in answers from this thread: wait with the event loop running.
        QSignalSpy finished(&tartan, &QProcess::finished);
        tartan.start(QStringLiteral(TARTAN_BIN_DIR "/tartan"), {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--context"),
                                                                QStringLiteral("good"), QStringLiteral("--screenshot"), png});
        QVERIFY(finished.wait(60000));
        QVERIFY2(tartan.exitCode() == 0, tartan.readAllStandardError().constData());
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(server.requests().contains(QStringLiteral("GET /api/v1/nodes")));
    }
};

QTEST_MAIN(TestKubeWindow)
#include "tst_kubewindow.moc"
