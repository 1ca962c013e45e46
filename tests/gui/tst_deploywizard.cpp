// The app's deployment views, offscreen: the deploy wizard's host table and inventory import
// (under QAbstractItemModelTester), the host-key and password prompts answered on the GUI thread
// for worker threads, the remembered hosts (never a secret), the progress steps, the wizard run
// against the real deploy core with hosts that cannot be reached or a package that cannot be
// read, the Agents panel's state column, and the SSH port forward's failure path. No sshd here:
// the deployment against a real OpenSSH server is tests/deploy (e2e).
#include "deploy/agentspanel.h"
#include "deploy/agenttunnel.h"
#include "deploy/deployedhosts.h"
#include "deploy/deployhostspage.h"
#include "deploy/deployjob.h"
#include "deploy/deployprogresspage.h"
#include "deploy/deploysummarypage.h"
#include "deploy/deploytestpage.h"
#include "deploy/deploywizard.h"
#include "deploy/hostprompts.h"
#include "deploy/hosttablemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace tartan;
using namespace tartan::gui;

namespace {

// A loopback port with nothing listening: bound, then closed.
int closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

deploy::HostEntry host(const QString &name, int port, const QString &key = QStringLiteral("/tmp/none"))
{
    deploy::HostEntry entry;
    entry.ssh.host = name;
    entry.ssh.port = port;
    entry.ssh.identityFile = key;
    entry.ssh.timeoutSeconds = 3;
    return entry;
}

} // namespace

class TestDeployWizard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("tartan-test-deploywizard"));
        QVERIFY(mDir.isValid());
    }

    void hostTableEdits()
    {
        HostTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.problem(), QStringLiteral("Add at least one host."));
        model.addHost(host(QStringLiteral("10.0.0.1"), 22));
        model.addHost(host(QStringLiteral("10.0.0.2"), 2222));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(HostTableModel::ColumnCount));
        QVERIFY(model.problem().isEmpty());

        // Valid edits land in the entries; invalid ones are refused and change nothing.
        QVERIFY(model.setData(model.index(0, HostTableModel::User), QStringLiteral("deployer")));
        QVERIFY(model.setData(model.index(0, HostTableModel::Port), 2200));
        QVERIFY(!model.setData(model.index(0, HostTableModel::Port), 70000));
        QVERIFY(!model.setData(model.index(0, HostTableModel::Port), QStringLiteral("ssh")));
        QVERIFY(!model.setData(model.index(0, HostTableModel::User), QString()));
        QVERIFY(model.setData(model.index(1, HostTableModel::SshAgent), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.setData(model.index(1, HostTableModel::Iface), QStringLiteral(" eth1 ")));
        QCOMPARE(model.hosts().at(0).ssh.user, QStringLiteral("deployer"));
        QCOMPARE(model.hosts().at(0).ssh.port, 2200);
        QVERIFY(model.hosts().at(1).ssh.useAgent);
        QCOMPARE(model.hosts().at(1).iface, QStringLiteral("eth1"));
        QCOMPARE(model.data(model.index(1, HostTableModel::SshAgent), Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(model.flags(model.index(1, HostTableModel::SshAgent)) & Qt::ItemIsUserCheckable);
        QVERIFY(!(model.flags(model.index(1, HostTableModel::SshAgent)) & Qt::ItemIsEditable));

        // Problems the wizard will not go on with.
        QVERIFY(model.setData(model.index(1, HostTableModel::Host), QStringLiteral("10.0.0.1")));
        QVERIFY(model.setData(model.index(1, HostTableModel::Port), 2200));
        QCOMPARE(model.problem(), QStringLiteral("10.0.0.1:2200 is listed twice."));
        QVERIFY(model.removeRows(1, 1));
        QVERIFY(!model.removeRows(1, 1));
        model.addHost(deploy::HostEntry{});
        QCOMPARE(model.problem(), QStringLiteral("Row 2 has no host."));
        QVERIFY(model.setData(model.index(1, HostTableModel::Host), QStringLiteral("10.0.0.9")));
        QCOMPARE(model.problem(), QStringLiteral("10.0.0.9: choose a key file, ssh-agent or password."));
    }

    void inventoryImport_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("rows"); // user@host:port key agent password iface, or the error
        QTest::addColumn<bool>("ok");
        QTest::newRow("one per line") << QStringLiteral("# lab\n10.0.0.1\n\nops@10.0.0.2:2222 key=/k agent=yes iface=eth1 # n2\n")
                                      << QStringList{QStringLiteral("root@10.0.0.1:22  0 0 "),
                                                     QStringLiteral("ops@10.0.0.2:2222 /k 1 0 eth1")} << true;
        QTest::newRow("ipv6 and password") << QStringLiteral("[fd00::5]:23 password=prompt")
                                           << QStringList{QStringLiteral("root@fd00::5:23  0 1 ")} << true;
        QTest::newRow("bad setting") << QStringLiteral("10.0.0.1\n10.0.0.2 colour=red")
                                     << QStringList{QStringLiteral("inventory line 2: unknown setting 'colour=red'")} << false;
        QTest::newRow("bad port") << QStringLiteral("10.0.0.1:99999") << QStringList{QStringLiteral("inventory line 1: host")} << false;
        QTest::newRow("empty") << QStringLiteral("# nothing\n") << QStringList{QStringLiteral("inventory: no hosts")} << false;
    }

    void inventoryImport()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, rows);
        QFETCH(bool, ok);
        HostTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addHost(host(QStringLiteral("existing"), 22));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const Status status = model.importInventory(text, deploy::HostEntry{});
        QCOMPARE(bool(status), ok);
        if (!ok) {
            QVERIFY2(status.error().message().startsWith(rows.first()), qPrintable(status.error().message()));
            QCOMPARE(model.rowCount(), 1); // nothing added
            QCOMPARE(inserted.count(), 0);
            return;
        }
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 1 + rows.size());
        for (int i = 0; i < rows.size(); ++i) {
            const deploy::HostEntry &entry = model.hosts().at(1 + i);
            const QString got = QStringLiteral("%1@%2:%3 %4 %5 %6 %7")
                                    .arg(entry.ssh.user, entry.ssh.host)
                                    .arg(entry.ssh.port)
                                    .arg(entry.ssh.identityFile)
                                    .arg(int(entry.ssh.useAgent))
                                    .arg(int(entry.ssh.passwordPrompt))
                                    .arg(entry.iface);
            QCOMPARE(got, rows.at(i));
            QCOMPARE(model.data(model.index(1 + i, HostTableModel::Host)).toString(), entry.ssh.host);
        }
    }

    void importFileOnPage()
    {
        QFile file(mDir.filePath(QStringLiteral("hosts.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("10.1.0.1 key=/keys/lab\n10.1.0.2 key=/keys/lab\n");
        file.close();
        DeployWizard wizard(deploy::DeployConfig{});
        QVERIFY(wizard.hostsPage()->importFile(file.fileName()));
        QCOMPARE(wizard.hostModel()->rowCount(), 2);
        QVERIFY(!wizard.hostsPage()->importFile(mDir.filePath(QStringLiteral("missing.txt"))));
        QCOMPARE(wizard.hostModel()->rowCount(), 2);
    }

    void clusterDefaultsPrefillThePage()
    {
        deploy::DeployConfig defaults;
        defaults.etcdEndpoints = QStringLiteral("https://10.0.0.10:2379");
        defaults.etcdPrefix = QStringLiteral("/lab/network");
        defaults.etcdCaFile = QStringLiteral("/etc/lab/ca.pem");
        DeployWizard wizard(defaults);
        QVERIFY(!wizard.hostsPage()->isComplete()); // no hosts, no package
        wizard.hostModel()->addHost(host(QStringLiteral("10.0.0.1"), 22));
        QVERIFY(!wizard.hostsPage()->isComplete());
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("package"))->setText(QStringLiteral("/tmp/tartand.deb"));
        QVERIFY(wizard.hostsPage()->isComplete());
        const deploy::DeployConfig config = wizard.config();
        QCOMPARE(config.etcdEndpoints, defaults.etcdEndpoints);
        QCOMPARE(config.etcdPrefix, defaults.etcdPrefix);
        QCOMPARE(config.etcdCaFile, defaults.etcdCaFile);
        QCOMPARE(config.packageFile, QStringLiteral("/tmp/tartand.deb"));
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("endpoints"))->clear();
        QVERIFY(!wizard.hostsPage()->isComplete());
    }

    void hostKeyTexts()
    {
        const QString fingerprint = QStringLiteral("SHA256:abcDEF123");
        const QString text = HostPrompts::unknownKeyText(QStringLiteral("10.0.0.7"), fingerprint);
        QVERIFY(text.contains(fingerprint));
        QVERIFY(text.contains(QStringLiteral("10.0.0.7")));
        // The refusal SshSession gives for a changed key, and one it gives for something else.
        const QString changed = QStringLiteral("ssh root@10.0.0.7:22: REFUSED: the host key changed (now SHA256:x); this may be an attack.");
        QVERIFY(HostPrompts::isChangedKeyRefusal(changed));
        QVERIFY(!HostPrompts::isChangedKeyRefusal(QStringLiteral("ssh root@10.0.0.7:22: unknown host key SHA256:x not accepted")));
        const QString warning = HostPrompts::changedKeyWarning(QStringLiteral("10.0.0.7"), changed);
        QVERIFY(warning.contains(QStringLiteral("ssh-keygen -R 10.0.0.7")));
        QVERIFY(warning.contains(changed));
    }

    void promptsAnswerWorkerThreads()
    {
        QWidget window;
        HostPrompts prompts(&window);
        QStringList asked;
        bool onGuiThread = true;
        prompts.setAskers(
            [&](const QString &host, const QString &fingerprint) {
                onGuiThread = onGuiThread && QThread::currentThread() == qApp->thread(); // dialogs only there
                asked << host + QLatin1Char(' ') + fingerprint;
                return host == u"trusted";
            },
            [&](const QString &userAtHost) {
                asked << userAtHost;
                return QStringLiteral("pw-") + userAtHost;
            });
        deploy::SshCallbacks callbacks = prompts.callbacks();
        bool trusted = false, stranger = true;
        QString password;
        std::unique_ptr<QThread> worker(QThread::create([&] {
            trusted = callbacks.acceptUnknownKey(QStringLiteral("trusted"), QStringLiteral("SHA256:1"));
            stranger = callbacks.acceptUnknownKey(QStringLiteral("stranger"), QStringLiteral("SHA256:2"));
            password = callbacks.password(QStringLiteral("root@trusted"));
        }));
        worker->start();
        QTRY_VERIFY(worker->isFinished());
        QVERIFY(onGuiThread);
        QVERIFY(trusted);
        QVERIFY(!stranger);
        QCOMPARE(password, QStringLiteral("pw-root@trusted"));
        QCOMPARE(asked, (QStringList{QStringLiteral("trusted SHA256:1"), QStringLiteral("stranger SHA256:2"), QStringLiteral("root@trusted")}));

        // Cancelled while a question waits (the GUI thread never gets to it): the worker is refused.
        bool late = true;
        callbacks = prompts.callbacks();
        worker.reset(QThread::create([&] { late = callbacks.acceptUnknownKey(QStringLiteral("trusted"), QStringLiteral("SHA256:3")); }));
        worker->start();
        QThread::msleep(150);
        prompts.cancel();
        QVERIFY(worker->wait(5000));
        QVERIFY(!late);
    }

    void deployedHostsKeepNoSecret()
    {
        const QString ini = mDir.filePath(QStringLiteral("hosts.ini"));
        DeployedHosts hosts(ini);
        deploy::HostEntry entry = host(QStringLiteral("10.0.0.3"), 2222, QStringLiteral("/keys/id"));
        entry.ssh.passwordPrompt = true;
        entry.iface = QStringLiteral("eth1");
        hosts.remember(entry, QStringLiteral("deploy installed"));
        hosts.remember(host(QStringLiteral("10.0.0.4"), 22), QStringLiteral("deploy unchanged"));
        hosts.remember(entry, QStringLiteral("deploy updated")); // replaces, not appends
        const auto read = DeployedHosts(ini).hosts();
        QCOMPARE(read.size(), 2);
        QCOMPARE(read.at(0).entry.ssh.port, 2222);
        QCOMPARE(read.at(0).entry.ssh.identityFile, QStringLiteral("/keys/id"));
        QVERIFY(read.at(0).entry.ssh.passwordPrompt);
        QCOMPARE(read.at(0).entry.iface, QStringLiteral("eth1"));
        QCOMPARE(read.at(0).lastOutcome, QStringLiteral("deploy updated"));
        hosts.forget(QStringLiteral("10.0.0.4"), 22);
        QCOMPARE(DeployedHosts(ini).hosts().size(), 1);
        QFile file(ini);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains("BEGIN")); // a path to the key, never the key
        QVERIFY(text.contains("keyFile=/keys/id"));
    }

    void progressSteps_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("share");
        QTest::newRow("connect") << QStringLiteral("connecting to root@h:22") << 5;
        QTest::newRow("install") << QStringLiteral("installing the package") << 50;
        QTest::newRow("ready") << QStringLiteral("agent ready after 812 ms") << 95;
        QTest::newRow("remote output") << QStringLiteral("  | Selecting previously unselected package") << -1;
    }

    void progressSteps()
    {
        QFETCH(QString, line);
        QFETCH(int, share);
        QCOMPARE(DeployJob::progressOf(line), share);
    }

    // The connection test through the real SshSession: a closed port fails, with the reason, and
    // the wizard does not go on.
    void connectionTestFailsClearly()
    {
        DeployWizard wizard(deploy::DeployConfig{});
        wizard.hostModel()->addHost(host(QStringLiteral("127.0.0.1"), closedPort()));
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("package"))->setText(QStringLiteral("/nonexistent.deb"));
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("endpoints"))->setText(QStringLiteral("http://10.0.0.10:2379"));
        wizard.show();
        auto *test = qobject_cast<DeployTestPage *>(wizard.page(DeployWizard::TestPage));
        QSignalSpy tested(test, &DeployTestPage::tested);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(DeployWizard::TestPage));
        QVERIFY(tested.wait(20000));
        QCOMPARE(test->table()->item(0, 1)->text(), QStringLiteral("failed"));
        QVERIFY2(test->table()->item(0, 2)->text().contains(QStringLiteral("cannot connect")), qPrintable(test->table()->item(0, 2)->text()));
        QVERIFY(!test->isComplete());
    }

    // The deployment page with the real DeployRunner: an unreadable package fails every host at
    // once, each bar ends, and the summary names the reason per host.
    void deploymentReportsEveryHost()
    {
        DeployWizard wizard(deploy::DeployConfig{});
        wizard.hostModel()->addHost(host(QStringLiteral("127.0.0.1"), closedPort()));
        wizard.hostModel()->addHost(host(QStringLiteral("127.0.0.2"), closedPort()));
        wizard.hostsPage()->findChild<QLineEdit *>(QStringLiteral("package"))->setText(mDir.filePath(QStringLiteral("missing.deb")));
        QSignalSpy deployed(&wizard, &DeployWizard::deployed);
        wizard.setStartId(DeployWizard::ProgressPage);
        wizard.show();
        auto *progress = qobject_cast<DeployProgressPage *>(wizard.currentPage());
        QVERIFY(progress);
        QCOMPARE(progress->hostCount(), 2);
        QVERIFY(!progress->isComplete());
        QVERIFY(deployed.wait(20000));
        QVERIFY(progress->isComplete());
        QCOMPARE(progress->bar(1)->value(), 100);
        QTRY_VERIFY(progress->log(0)->toPlainText().contains(QStringLiteral("FAILED: cannot read the package")));
        wizard.next();
        auto *summary = qobject_cast<DeploySummaryPage *>(wizard.currentPage());
        QVERIFY(summary);
        QCOMPARE(summary->table()->rowCount(), 2);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(summary->table()->item(row, 1)->text(), QStringLiteral("failed"));
            QVERIFY(summary->table()->item(row, 3)->text().startsWith(QStringLiteral("cannot read the package")));
        }
        QCOMPARE(summary->table()->item(1, 0)->text(), QStringLiteral("127.0.0.2"));
    }

    void agentsPanelRows()
    {
        const QString ini = mDir.filePath(QStringLiteral("panel.ini"));
        DeployedHosts(ini).remember(host(QStringLiteral("192.168.77.11"), 22), QStringLiteral("deploy installed"));
        DeployedHosts(ini).remember(host(QStringLiteral("192.168.77.12"), 22), QStringLiteral("deploy installed"));
        ClusterState state;
        NodeSummary summary;
        summary.lease = *SubnetKey::parse(QStringLiteral("10.244.1.0-24"));
        summary.publicIp = *IpAddress::parse(QStringLiteral("192.168.77.11"));
        summary.agentVersion = QStringLiteral("0.9.1");
        summary.health = QStringLiteral("ok");
        state.setSummaries({{summary.lease, summary}});
        AgentsPanel panel(&state, ini);
        QCOMPARE(panel.table()->rowCount(), 2);
        QCOMPARE(panel.table()->item(0, AgentsPanel::Version)->text(), QStringLiteral("0.9.1"));
        QCOMPARE(panel.table()->item(0, AgentsPanel::State)->text(), QStringLiteral("ok"));
        QCOMPARE(panel.table()->item(0, AgentsPanel::Source)->text(), QStringLiteral("store"));
        QVERIFY(panel.table()->item(1, AgentsPanel::State)->text().startsWith(QStringLiteral("unknown")));
        QCOMPARE(AgentsPanel::probeValues(QStringLiteral("Linux 6.1, systemd=yes, agent=active, version=0.9.1")).value(QStringLiteral("agent")),
                 QStringLiteral("active"));

        DeployedHosts(ini).remember(host(QStringLiteral("127.0.0.1"), closedPort()), QStringLiteral("deploy installed"));
        panel.reload();
        QCOMPARE(panel.table()->rowCount(), 3);
    }

    void tunnelToUnreachableHostFails()
    {
        AgentTunnel tunnel(host(QStringLiteral("127.0.0.1"), closedPort()), deploy::SshCallbacks{}, QStringLiteral("127.0.0.1"), 8476);
        QSignalSpy failed(&tunnel, &AgentTunnel::failed);
        auto url = tunnel.start();
        QVERIFY(url);
        QVERIFY(url->startsWith(QStringLiteral("http://127.0.0.1:")));
        QVERIFY(failed.wait(20000));
        QVERIFY2(tunnel.error().contains(QStringLiteral("cannot connect")), qPrintable(tunnel.error()));
        QVERIFY(!tunnel.isRunning());
        // The local port is closed with it: a client is refused, not left hanging.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(QUrl(*url).port()));
        QVERIFY(!socket.waitForConnected(2000));
    }

private:
    QTemporaryDir mDir;
};

QTEST_MAIN(TestDeployWizard)
#include "tst_deploywizard.moc"
