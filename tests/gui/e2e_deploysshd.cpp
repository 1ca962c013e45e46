// The app's deployment views against Debian's real OpenSSH server (e2e: root, a network namespace
// of its own).
//
// The whole test process moves into a fresh network namespace (unshare) before anything else, so
// that sshd, the app's SSH connections and the HTTP server standing in for an agent all talk on
// that namespace's loopback, and nothing reaches the machine's own network. sshd runs with a
// throwaway host key, a throwaway user key and a temporary config; known_hosts is a temporary
// file. Covered: the wizard's connection test through DeployJob and SshSession (an unknown host
// key asked on the GUI thread with its fingerprint, rejected then accepted and recorded; a changed
// key refused with the warning), and the SSH port forward (AgentTunnel over SshSession::forward)
// carrying HTTP both ways, alone and for AgentReports fetching a full report of an agent that is
// only reachable through the host deployed from the app; the Agents panel's SSH check. NOT covered here: a whole deployment of
// the package, which tests/deploy does with the same deploy core.
#include "drift/agentreports.h"
#include "deploy/agentspanel.h"
#include "deploy/agenttunnel.h"
#include "deploy/deploycontroller.h"
#include "deploy/deployedhosts.h"
#include "deploy/deployjob.h"
#include "deploy/deployhostspage.h"
#include "deploy/deploytestpage.h"
#include "deploy/deploywizard.h"
#include "deploy/hostprompts.h"
#include "deploy/hosttablemodel.h"
#include "fakeagent.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <cstdlib>
#include <sched.h>
#include <unistd.h>

using namespace tartan;
using namespace tartan::gui;

namespace {

constexpr int kSshPort = 2222;

bool run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    return process.waitForFinished(20000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

class TestDeploySshd : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        QDir().mkpath(QStringLiteral("/run/sshd")); // sshd's privilege separation directory
        for (const char *key : {"host_key", "other_host_key", "user_key"})
            QVERIFY(run(QStringLiteral("ssh-keygen"), {"-q", "-t", "ed25519", "-N", "", "-f", path(QString::fromLatin1(key))}));
        QVERIFY(QFile::copy(path(QStringLiteral("user_key.pub")), path(QStringLiteral("authorized_keys"))));
        startSshd(QStringLiteral("host_key"));
    }

    void cleanupTestCase()
    {
        stopSshd();
    }

    void connectionTestAsksForTheHostKey()
    {
        DeployWizard wizard(deploy::DeployConfig{});
        wizard.hostModel()->addHost(target());
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("package"))->setText(QStringLiteral("/unused.deb"));
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("endpoints"))->setText(QStringLiteral("http://127.0.0.1:2379"));
        QStringList asked;
        bool accept = false;
        wizard.prompts()->setAskers(
            [&](const QString &host, const QString &fingerprint) {
                asked << host + QLatin1Char(' ') + fingerprint;
                return accept;
            },
            [](const QString &) { return QString(); });
        wizard.show();
        auto *test = qobject_cast<DeployTestPage *>(wizard.page(DeployWizard::TestPage));
        QSignalSpy tested(test, &DeployTestPage::tested);

        // Rejected: nothing recorded, the host fails with the reason.
        wizard.next();
        QVERIFY(tested.wait(30000));
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().startsWith(QStringLiteral("127.0.0.1 SHA256:")), qPrintable(asked.first()));
        QCOMPARE(test->table()->item(0, 1)->text(), QStringLiteral("failed"));
        QVERIFY(test->table()->item(0, 2)->text().contains(QStringLiteral("not accepted")));
        QVERIFY(!test->isComplete());
        QVERIFY(!QFile::exists(knownHosts()) || QFile(knownHosts()).size() == 0);

        // Accepted: recorded, the probe ran on the host.
        accept = true;
        test->initializePage();
        QVERIFY(tested.wait(30000));
        QCOMPARE(asked.size(), 2);
        QCOMPARE(test->table()->item(0, 1)->text(), QStringLiteral("reachable"));
        QVERIFY2(test->table()->item(0, 2)->text().contains(QStringLiteral("dpkg=")), qPrintable(test->table()->item(0, 2)->text()));
        QVERIFY(test->isComplete());
        QVERIFY(QFile(knownHosts()).size() > 0);

        // Known now: not asked again.
        test->initializePage();
        QVERIFY(tested.wait(30000));
        QCOMPARE(asked.size(), 2);
        QVERIFY(test->isComplete());
    }

    void changedHostKeyIsRefusedWithAWarning()
    {
        QVERIFY(QFile(knownHosts()).size() > 0); // recorded by the test above
        stopSshd();
        startSshd(QStringLiteral("other_host_key"));
        DeployWizard wizard(deploy::DeployConfig{});
        wizard.hostModel()->addHost(target());
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("package"))->setText(QStringLiteral("/unused.deb"));
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("endpoints"))->setText(QStringLiteral("http://127.0.0.1:2379"));
        int asked = 0;
        QStringList warnings;
        wizard.prompts()->setAskers([&](const QString &, const QString &) { return ++asked, true; }, [](const QString &) { return QString(); });
        wizard.prompts()->setWarner([&](const QString &host, const QString &warning) { warnings << host + QLatin1Char(' ') + warning; });
        wizard.show();
        auto *test = qobject_cast<DeployTestPage *>(wizard.page(DeployWizard::TestPage));
        QSignalSpy tested(test, &DeployTestPage::tested);
        wizard.next();
        QVERIFY(tested.wait(30000));
        QCOMPARE(asked, 0); // a changed key is never offered for acceptance
        QCOMPARE(test->table()->item(0, 1)->text(), QStringLiteral("HOST KEY CHANGED"));
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.first().contains(QStringLiteral("ssh-keygen -R 127.0.0.1")));
        QVERIFY(!test->isComplete());
        stopSshd();
        startSshd(QStringLiteral("host_key"));
    }

    void tunnelCarriesHttp()
    {
        test::FakeAgent agent;
        agent.report.summary.agentVersion = QStringLiteral("tunnel-check");
        AgentTunnel tunnel(target(), deploy::SshCallbacks{}, QStringLiteral("127.0.0.1"), agent.serverPort());
        auto url = tunnel.start();
        QVERIFY(url);
        // Two connections at once, each over its own channel.
        QTcpSocket first, second;
        for (QTcpSocket *socket : {&first, &second}) {
            socket->connectToHost(QHostAddress::LocalHost, quint16(QUrl(*url).port()));
            QVERIFY(socket->waitForConnected(5000));
            socket->write("GET /v1/report HTTP/1.1\r\nHost: agent\r\n\r\n");
        }
        for (QTcpSocket *socket : {&first, &second}) {
            QByteArray answer;
            QTRY_VERIFY_WITH_TIMEOUT((answer += socket->readAll()).contains("tunnel-check") || socket->state() == QAbstractSocket::UnconnectedState, 20000);
            answer += socket->readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 200 OK") && answer.contains("tunnel-check"), answer.constData());
        }
        QCOMPARE(agent.reportsServed, 2);
        QVERIFY(tunnel.isRunning());
        QVERIFY(tunnel.error().isEmpty());
    }

    // An agent reachable only through the host deployed from the app: direct access off, the
    // report comes through the controller's port forward.
    void reportsComeThroughTheDeployedHost()
    {
        test::FakeAgent agent;
        agent.report.summary.lease = *SubnetKey::parse(QStringLiteral("10.244.7.0-24"));
        agent.report.summary.publicIp = *IpAddress::parse(QStringLiteral("127.0.0.1"));
        agent.report.summary.endpoint = agent.endpoint();
        ClusterState state;
        state.setSummaries({{agent.report.summary.lease, agent.report.summary}});
        const QString ini = path(QStringLiteral("app.ini"));
        DeployedHosts(ini).remember(target(), QStringLiteral("deploy installed"));
        QWidget window;
        AgentsPanel panel(&state, ini, &window);
        DeployController controller(&panel, &window);
        AgentReports reports(&state);
        reports.setDirectAccess(false);

        // Without the router: refused with the reason, nothing fetched.
        QSignalSpy failed(&reports, &AgentReports::reportFailed);
        reports.fetch(agent.report.summary.lease);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("direct access to agents is off")));
        QCOMPARE(agent.reportsServed, 0);

        reports.setRouter([&](const NodeSummary &summary) { return controller.route(summary); });
        QSignalSpy updated(&reports, &AgentReports::reportUpdated);
        reports.fetch(agent.report.summary.lease);
        QVERIFY(updated.wait(30000));
        QCOMPARE(agent.reportsServed, 1);
        QVERIFY(reports.report(agent.report.summary.lease));
        QVERIFY(reports.agentUrl(agent.report.summary.lease) != agent.endpoint()); // the forward's local port
        // The same forward serves the next fetch.
        const QString url = reports.agentUrl(agent.report.summary.lease);
        reports.fetch(agent.report.summary.lease);
        QVERIFY(updated.wait(30000));
        QCOMPARE(agent.reportsServed, 2);
        QCOMPARE(reports.agentUrl(agent.report.summary.lease), url);
    }

    // The Agents panel's Check for a host whose store has no summary: an SSH probe fills the row.
    void agentsPanelChecksOverSsh()
    {
        const QString ini = path(QStringLiteral("panel.ini"));
        DeployedHosts(ini).remember(target(), QStringLiteral("deploy installed"));
        ClusterState state;
        AgentsPanel panel(&state, ini);
        QCOMPARE(panel.table()->rowCount(), 1);
        QVERIFY(panel.table()->item(0, AgentsPanel::State)->text().startsWith(QStringLiteral("unknown")));
        panel.table()->selectRow(0);
        QPushButton *check = nullptr;
        for (QPushButton *button : panel.findChildren<QPushButton *>())
            if (button->text() == u"C&heck")
                check = button;
        QVERIFY(check && check->isEnabled());
        QSignalSpy finished(&panel, &AgentsPanel::jobFinished);
        check->click();
        QVERIFY(!check->isEnabled()); // one job at a time
        QVERIFY(finished.wait(30000));
        QCOMPARE(panel.table()->item(0, AgentsPanel::Source)->text(), QStringLiteral("SSH"));
        QVERIFY(!panel.table()->item(0, AgentsPanel::State)->text().startsWith(QStringLiteral("unknown (")));
    }

    // Opt-in (TARTAN_DEPLOY_PACKAGE=tartand .deb, TARTAN_SCREENSHOT=FILE): the progress page of a
    // real deployment of that package to three "hosts" on this namespace's loopback, each under its
    // own install root (as tests/deploy does), grabbed once every host is done; then undeployed.
    void screenshotOfTheProgressPage()
    {
        const QString package = qEnvironmentVariable("TARTAN_DEPLOY_PACKAGE");
        const QString file = qEnvironmentVariable("TARTAN_SCREENSHOT");
        if (package.isEmpty() || file.isEmpty())
            QSKIP("set TARTAN_DEPLOY_PACKAGE and TARTAN_SCREENSHOT to make the screenshot");
        deploy::DeployConfig defaults;
        defaults.etcdEndpoints = QStringLiteral("http://127.0.0.1:2379");
        defaults.healthzPort = 0; // no store here: the agents never become ready
        defaults.extraFlags = {QStringLiteral("--report-port=0")}; // three agents on one loopback
        defaults.packageFile = package;
        DeployWizard wizard(defaults);
        QList<deploy::HostEntry> hosts;
        for (int n = 1; n <= 3; ++n) {
            deploy::HostEntry entry = target();
            entry.ssh.host = QStringLiteral("127.0.0.%1").arg(n);
            entry.remoteRoot = path(QStringLiteral("roots/node%1").arg(n));
            wizard.hostModel()->addHost(entry);
            hosts << entry;
        }
        wizard.prompts()->setAskers([](const QString &, const QString &) { return true; }, [](const QString &) { return QString(); });
        QSignalSpy deployed(&wizard, &DeployWizard::deployed);
        wizard.setStartId(DeployWizard::ProgressPage);
        wizard.resize(900, 720);
        wizard.show();
        QVERIFY(deployed.wait(120000));
        const auto results = deployed.first().at(1).value<QList<deploy::HostResult>>();
        for (const deploy::HostResult &result : results)
            QVERIFY2(result.outcome == deploy::HostResult::Outcome::Installed, qPrintable(result.detail));
        QVERIFY(wizard.grab().save(file));

        DeployJob undeploy(DeployJob::Kind::Undeploy, defaults, hosts, wizard.prompts()->callbacks());
        QSignalSpy removed(&undeploy, &DeployJob::finished);
        undeploy.start();
        QVERIFY(removed.wait(60000));
        for (const deploy::HostResult &result : removed.first().at(0).value<QList<deploy::HostResult>>())
            QVERIFY2(result.outcome == deploy::HostResult::Outcome::Removed, qPrintable(result.detail));
    }

private:
    QString path(const QString &name) const { return mDir.filePath(name); }
    QString knownHosts() const { return path(QStringLiteral("known_hosts")); }

    deploy::HostEntry target() const
    {
        deploy::HostEntry entry;
        entry.ssh.host = QStringLiteral("127.0.0.1");
        entry.ssh.port = kSshPort;
        entry.ssh.identityFile = path(QStringLiteral("user_key"));
        entry.ssh.knownHostsFile = knownHosts();
        entry.ssh.timeoutSeconds = 10;
        return entry;
    }

    void startSshd(const QString &hostKey)
    {
        QFile conf(path(QStringLiteral("sshd.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly | QIODevice::Truncate));
        conf.write(QStringLiteral("ListenAddress 0.0.0.0:%1\nHostKey %2\nAuthorizedKeysFile %3\nPidFile %4\n"
                                  "PermitRootLogin yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                                  "UsePAM no\nStrictModes no\nAllowTcpForwarding yes\nSubsystem sftp internal-sftp\n")
                       .arg(kSshPort)
                       .arg(path(hostKey), path(QStringLiteral("authorized_keys")), path(QStringLiteral("sshd.pid")))
                       .toUtf8());
        conf.close();
        mSshd = std::make_unique<QProcess>();
        mSshd->setProcessChannelMode(QProcess::MergedChannels);
        mSshd->setStandardOutputFile(path(QStringLiteral("sshd.log")), QIODevice::Append);
        mSshd->start(QStringLiteral("/usr/sbin/sshd"), {"-D", "-e", "-f", conf.fileName()});
        QVERIFY(mSshd->waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(listening(), 5000);
    }

    void stopSshd()
    {
        if (!mSshd)
            return;
        mSshd->terminate();
        mSshd->waitForFinished(5000);
        mSshd.reset();
    }

    static bool listening()
    {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, kSshPort);
        return probe.waitForConnected(200);
    }

    QTemporaryDir mDir;
    std::unique_ptr<QProcess> mSshd;
};

int main(int argc, char **argv)
{
    if (geteuid() != 0) {
        std::printf("SKIP: needs root (a network namespace of its own and sshd)\n");
        return 77;
    }
    // Before any thread or socket: everything from here on lives in this namespace.
    if (unshare(CLONE_NEWNET) != 0) {
        std::perror("unshare(CLONE_NEWNET)");
        return 77;
    }
    if (std::system("ip link set lo up") != 0) {
        std::printf("SKIP: cannot bring up lo in the test's namespace\n");
        return 77;
    }
    QApplication app(argc, argv);
    TestDeploySshd test;
    return QTest::qExec(&test, argc, argv);
}

#include "e2e_deploysshd.moc"
