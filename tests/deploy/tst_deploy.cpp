// tartan_deploy against Debian's real OpenSSH server (e2e, root).
//
// The "hosts" are the nodes of a Lab: each node namespace runs its own /usr/sbin/sshd (throwaway
// host keys, a throwaway authorized user key, a temporary config) on its underlay address, and
// the deployment connects to those addresses with libssh exactly as it connects to real machines:
// host key check, authentication, the remote commands, SFTP uploads of the real tartand .deb
// built by this tree (target tartand_deb), and the /readyz wait through a direct-tcpip channel.
//
// What differs from a real host, and why: the nodes share this machine's filesystem, package
// database and systemd, so each node gets its own install root (HostEntry::remoteRoot). There
// the package is unpacked with `dpkg-deb -x` instead of `dpkg -i`, and tartand is started the way
// tartand.service starts it (the EnvironmentFile sourced, then /usr/bin/tartand $TARTAND_ARGS)
// but without systemd. NOT covered here: dpkg's maintainer scripts, apt-get -f install, and
// systemctl enable/restart/stop; the packages' install, files and purge are checked separately
// in a Debian 12 chroot by installer/check-packages. The refusal of hosts without systemd runs
// here only on machines without a running systemd (it would otherwise install for real).
#include "deployrunner.h"
#include "lab.h"
#include "labchecks.h"
#include "labpod.h"
#include "netns.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/stat.h>

using namespace tartan;
using namespace tartan::deploy;
using namespace tartan::test;

namespace {

constexpr int kNodes = 3;

QString findPackage()
{
    const QStringList debs = QDir(QStringLiteral(TARTAN_PACKAGE_DIR)).entryList({QStringLiteral("tartand_*.deb")}, QDir::Files);
    return debs.isEmpty() ? QString() : QStringLiteral(TARTAN_PACKAGE_DIR "/") + debs.first();
}

QString outputOr(const Result<QString> &result, const QString &fallback)
{
    return result ? *result : fallback;
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace

class TestDeploy : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::unique_ptr<Lab> mLab;
    std::vector<std::unique_ptr<QProcess>> mSshd;
    QString mPackage;
    QStringList mLog;
    QStringList mExtraFlags{QStringLiteral("--reconcile-interval=5")};
    QString mCaFile; ///< uploaded as /etc/tartan/etcd-ca.pem when set
    QMutex mLogMutex;

    QString path(const QString &name) const { return mDir.filePath(name); }
    /// tartanctl's --remote-root DIR puts host H under DIR/H: the same layout.
    QString root(int n) const { return path(QStringLiteral("roots/") + mLab->nodeAddress(n)); }

    void keygen(const QString &file)
    {
        QFile::remove(file);
        QFile::remove(file + QStringLiteral(".pub"));
        QVERIFY2(run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tartan-test", "-f", file}).ok(), qPrintable(file));
    }

    HostEntry host(int n, const QString &knownHosts, const QString &key) const
    {
        HostEntry entry;
        entry.ssh.host = mLab->nodeAddress(n);
        entry.ssh.user = QStringLiteral("root");
        entry.ssh.identityFile = key;
        entry.ssh.knownHostsFile = knownHosts;
        entry.ssh.timeoutSeconds = 10;
        entry.iface = QStringLiteral("eth0");
        entry.remoteRoot = root(n);
        return entry;
    }

    DeployConfig config() const
    {
        DeployConfig config;
        config.packageFile = mPackage;
        config.etcdEndpoints = mLab->etcdEndpoint();
        config.healthzPort = 8475;
        config.extraFlags = mExtraFlags;
        config.etcdCaFile = mCaFile;
        config.readyTimeoutSeconds = 40;
        return config;
    }

    QList<HostResult> runAll(DeployRunner::Action action, const QList<HostEntry> &hosts, SshCallbacks callbacks = {})
    {
        if (!callbacks.acceptUnknownKey)
            callbacks.acceptUnknownKey = [](const QString &, const QString &) { return true; };
        DeployRunner runner(config(), callbacks, [this](const QString &host, const QString &line) {
            QMutexLocker lock(&mLogMutex);
            mLog << host + QStringLiteral(": ") + line;
        }, kNodes);
        return runner.run(action, hosts);
    }

    QList<HostEntry> allHosts()
    {
        QList<HostEntry> hosts;
        for (int n = 1; n <= kNodes; ++n)
            hosts << host(n, path(QStringLiteral("known_hosts")), path(QStringLiteral("user_key")));
        return hosts;
    }

    qint64 agentPid(int n) const
    {
        QFile file(root(n) + QStringLiteral("/run/tartand.pid"));
        return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toLongLong() : 0;
    }

private slots:
    void initTestCase()
    {
        LabPod::skipSuiteIfUnavailable();
        mPackage = findPackage();
        if (mPackage.isEmpty()) {
            std::printf("SKIP: no tartand .deb in %s (build the tartand_deb target)\n", TARTAN_PACKAGE_DIR);
            std::exit(77);
        }
        QVERIFY(mDir.isValid());
        mLab = std::make_unique<Lab>();
        QVERIFY2(mLab->start(kNodes, R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})"),
                 "the lab did not start");
        // sshd refuses to start without its privilege separation directory.
        QDir().mkpath(QStringLiteral("/run/sshd"));
        keygen(path(QStringLiteral("host_key")));
        keygen(path(QStringLiteral("other_host_key")));
        keygen(path(QStringLiteral("user_key")));
        keygen(path(QStringLiteral("stranger_key")));
        QVERIFY(QFile::copy(path(QStringLiteral("user_key.pub")), path(QStringLiteral("authorized_keys"))));
        for (int n = 1; n <= kNodes; ++n) {
            QFile conf(path(QStringLiteral("sshd%1.conf").arg(n)));
            QVERIFY(conf.open(QIODevice::WriteOnly));
            conf.write(QStringLiteral("ListenAddress %1:22\nHostKey %2\nAuthorizedKeysFile %3\nPidFile %4\n"
                                      "PermitRootLogin yes\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\n"
                                      "UsePAM no\nStrictModes no\nSubsystem sftp internal-sftp\nLogLevel VERBOSE\n")
                           .arg(mLab->nodeAddress(n), path(QStringLiteral("host_key")), path(QStringLiteral("authorized_keys")),
                                path(QStringLiteral("sshd%1.pid").arg(n)))
                           .toUtf8());
            conf.close();
            auto sshd = std::make_unique<QProcess>();
            sshd->setProcessChannelMode(QProcess::MergedChannels);
            sshd->setStandardOutputFile(path(QStringLiteral("sshd%1.log").arg(n)));
            sshd->start(QStringLiteral("ip"), {"netns", "exec", mLab->node(n).name(), "/usr/sbin/sshd", "-D", "-e", "-f", conf.fileName()});
            QVERIFY(sshd->waitForStarted());
            mSshd.push_back(std::move(sshd));
        }
        for (int n = 1; n <= kNodes; ++n)
            QVERIFY2(eventually([&] { return mLab->node(n).exec({"sh", "-c", "ss -Hltn | grep -q ':22 '"}).ok(); }, 5000),
                     qPrintable(QStringLiteral("sshd did not listen in node%1").arg(n)));
    }

    void cleanupTestCase()
    {
        for (int n = 1; n <= kNodes; ++n)
            if (qint64 pid = agentPid(n))
                ::kill(pid_t(pid), SIGKILL);
        for (auto &sshd : mSshd) {
            sshd->terminate();
            sshd->waitForFinished(3000);
        }
        mLab.reset();
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            qInfo("deploy log:\n%s", qPrintable(mLog.join(QLatin1Char('\n'))));
        mLog.clear();
    }

    // A known_hosts entry with another key for node1: refused before authenticating, and the
    // host is left untouched.
    void changedHostKeyIsRefused()
    {
        QFile known(path(QStringLiteral("known_hosts_changed")));
        QVERIFY(known.open(QIODevice::WriteOnly));
        QFile other(path(QStringLiteral("other_host_key.pub")));
        QVERIFY(other.open(QIODevice::ReadOnly));
        known.write(mLab->nodeAddress(1).toUtf8() + ' ' + QString::fromUtf8(other.readAll()).section(QLatin1Char(' '), 0, 1).toUtf8() + '\n');
        known.close();
        const auto results = runAll(DeployRunner::Action::Deploy, {host(1, known.fileName(), path(QStringLiteral("user_key")))});
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].outcome, HostResult::Outcome::Failed);
        QVERIFY2(results[0].detail.contains(QLatin1String("REFUSED: the host key changed")), qPrintable(results[0].detail));
        QVERIFY2(results[0].detail.contains(QLatin1String("SHA256:")), qPrintable(results[0].detail));
        QVERIFY2(!QFileInfo::exists(root(1)), "something was installed on a host with a changed key");
    }

    // An unknown key is shown with its SHA256 fingerprint; declined: nothing happens; accepted:
    // recorded in the known_hosts file.
    void unknownHostKeyNeedsConsent()
    {
        const QString known = path(QStringLiteral("known_hosts_new"));
        QString shown;
        SshCallbacks decline;
        decline.acceptUnknownKey = [&](const QString &, const QString &fingerprint) { shown = fingerprint; return false; };
        auto results = runAll(DeployRunner::Action::Deploy, {host(2, known, path(QStringLiteral("user_key")))}, decline);
        QCOMPARE(results[0].outcome, HostResult::Outcome::Failed);
        QVERIFY2(shown.startsWith(QLatin1String("SHA256:")), qPrintable(shown));
        const QString expected = outputOr(run({"ssh-keygen", "-l", "-E", "sha256", "-f", path(QStringLiteral("host_key.pub"))}), QString());
        QVERIFY2(expected.contains(shown), qPrintable(expected + QStringLiteral(" vs ") + shown));
        QVERIFY(!QFileInfo::exists(known) || !QFile(known).size());
        QVERIFY(!QFileInfo::exists(root(2)));
    }

    void badCredentialsFailClearly_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("password");
        QTest::addColumn<QString>("message");
        QTest::newRow("unauthorized key") << QStringLiteral("stranger_key") << false << QStringLiteral("permission denied (tried key");
        QTest::newRow("wrong password") << QString() << true << QStringLiteral("permission denied (tried password)");
        QTest::newRow("missing key file") << QStringLiteral("no_such_key") << false << QStringLiteral("cannot read the key file");
    }

    void badCredentialsFailClearly()
    {
        QFETCH(QString, key);
        QFETCH(bool, password);
        QFETCH(QString, message);
        HostEntry entry = host(3, path(QStringLiteral("known_hosts")), key.isEmpty() ? QString() : path(key));
        entry.ssh.passwordPrompt = password;
        SshCallbacks callbacks;
        int asked = 0;
        callbacks.password = [&](const QString &) { ++asked; return QStringLiteral("not-the-password"); };
        const auto results = runAll(DeployRunner::Action::Deploy, {entry}, callbacks);
        QCOMPARE(results[0].outcome, HostResult::Outcome::Failed);
        QVERIFY2(results[0].detail.contains(message), qPrintable(results[0].detail));
        QCOMPARE(asked, password ? 1 : 0);
        QVERIFY(!QFileInfo::exists(root(3)));
    }

    // A host without a running systemd is refused before anything is uploaded. Production mode
    // (no install root) would install into this machine's own filesystem if the check passed,
    // so the case only runs where it must fail: on a machine that has no systemd running.
    void hostWithoutSystemdIsRefused()
    {
        if (QFileInfo::exists(QStringLiteral("/run/systemd/system")))
            QSKIP("this machine runs systemd: the check would pass and install into it");
        HostEntry entry = host(1, path(QStringLiteral("known_hosts")), path(QStringLiteral("user_key")));
        entry.remoteRoot.clear();
        const auto results = runAll(DeployRunner::Action::Deploy, {entry});
        QCOMPARE(results[0].outcome, HostResult::Outcome::Failed);
        QVERIFY2(results[0].detail.contains(QLatin1String("has no running systemd")), qPrintable(results[0].detail));
        QVERIFY(!mLog.join(QLatin1Char('\n')).contains(QLatin1String("uploading")));
    }

    // The real package on three nodes: agents up, leases, pods talk across nodes.
    void deployBringsUpThreeNodes()
    {
        const auto results = runAll(DeployRunner::Action::Deploy, allHosts());
        for (const HostResult &result : results)
            QVERIFY2(result.outcome == HostResult::Outcome::Installed, qPrintable(result.host + QStringLiteral(": ") + result.detail));
        for (int n = 1; n <= kNodes; ++n) {
            QVERIFY(QFileInfo(root(n) + QStringLiteral("/usr/bin/tartand")).isExecutable());
            QVERIFY(QFileInfo(root(n) + QStringLiteral("/opt/cni/bin/flannel")).isExecutable());
            QVERIFY(QFileInfo::exists(root(n) + QStringLiteral("/lib/systemd/system/tartand.service")));
            QFile defaults(root(n) + QStringLiteral("/etc/default/tartand"));
            QVERIFY(defaults.open(QIODevice::ReadOnly));
            QVERIFY(defaults.readAll().contains("TARTAN_ETCD_ENDPOINTS='" + mLab->etcdEndpoint().toUtf8() + "'"));
            QVERIFY(agentPid(n) > 0);
            // The pods of the lab read subnet.env in the node's directory.
            QVERIFY(QDir().mkpath(mLab->nodeDir(n)));
            QVERIFY(QFile::link(root(n) + QStringLiteral("/run/flannel/subnet.env"), mLab->nodeDir(n) + QStringLiteral("/subnet.env")));
            QVERIFY2(mLab->waitForSubnet(n), qPrintable(QStringLiteral("node%1 has no subnet").arg(n)));
            QVERIFY(mLab->node(n).exec({"ip", "link", "show", "flannel.1"}).ok());
        }
        std::unique_ptr<LabPod> pods[kNodes];
        for (int n = 1; n <= kNodes; ++n) {
            auto pod = LabPod::add(*mLab, n, QStringLiteral("dpod%1").arg(n));
            QVERIFY2(pod, qPrintable(pod ? QString() : pod.error().message()));
            pods[n - 1] = std::move(*pod);
        }
        for (int from = 0; from < kNodes; ++from)
            for (int to = 0; to < kNodes; ++to)
                if (from != to)
                    QVERIFY2(eventually([&] { return pods[from]->exec({"ping", "-c", "1", "-W", "1", pods[to]->address()}).ok(); }, 15000),
                             qPrintable(QStringLiteral("pod on node%1 cannot reach pod on node%2").arg(from + 1).arg(to + 1)));
    }

    // Same package, same config: nothing on the hosts changes, the agents keep running.
    void secondDeployChangesNothing()
    {
        qint64 pids[kNodes];
        QDateTime modified[kNodes];
        for (int n = 1; n <= kNodes; ++n) {
            pids[n - 1] = agentPid(n);
            modified[n - 1] = QFileInfo(root(n) + QStringLiteral("/etc/default/tartand")).lastModified();
        }
        const auto results = runAll(DeployRunner::Action::Deploy, allHosts());
        for (int n = 1; n <= kNodes; ++n) {
            QVERIFY2(results[n - 1].outcome == HostResult::Outcome::Unchanged, qPrintable(results[n - 1].detail));
            QCOMPARE(agentPid(n), pids[n - 1]);
            QCOMPARE(QFileInfo(root(n) + QStringLiteral("/etc/default/tartand")).lastModified(), modified[n - 1]);
        }
        QVERIFY(!mLog.join(QLatin1Char('\n')).contains(QLatin1String("uploading")));
    }

    // tartanctl with an inventory file renders the same config as the library above: unchanged,
    // exit code 0, progress on stderr, the table (here JSON) on stdout.
    void cliDeployFromInventory()
    {
        QFile inventory(path(QStringLiteral("inventory")));
        QVERIFY(inventory.open(QIODevice::WriteOnly));
        for (int n = 1; n <= kNodes; ++n)
            inventory.write(QStringLiteral("# node %1\nroot@%2:22 key=%3 iface=eth0\n")
                                .arg(n)
                                .arg(mLab->nodeAddress(n), path(QStringLiteral("user_key")))
                                .toUtf8());
        inventory.close();
        QProcess ctl;
        ctl.start(QStringLiteral(TARTAN_BIN_DIR "/tartanctl"),
                  {"deploy", "--inventory", inventory.fileName(), "--package", mPackage, "--etcd-endpoints", mLab->etcdEndpoint(),
                   "--known-hosts", path(QStringLiteral("known_hosts")), "--agent-flag=--reconcile-interval=5",
                   "--remote-root", path(QStringLiteral("roots")), "--json"});
        QVERIFY(ctl.waitForFinished(120000));
        const QByteArray err = ctl.readAllStandardError();
        QVERIFY2(ctl.exitCode() == 0, err.constData());
        const QJsonArray rows = QJsonDocument::fromJson(ctl.readAllStandardOutput()).array();
        QCOMPARE(rows.size(), kNodes);
        for (int n = 1; n <= kNodes; ++n) {
            QCOMPARE(rows[n - 1].toObject()[QStringLiteral("host")].toString(), mLab->nodeAddress(n));
            QVERIFY2(rows[n - 1].toObject()[QStringLiteral("result")].toString() == u"unchanged", err.constData());
        }
        QVERIFY2(err.contains(mLab->nodeAddress(2).toUtf8() + ": same package, same config, agent running"), err.constData());
    }

    // Another agent flag and a TLS file: the config is rewritten (the file with mode 0600) and the agent restarted; the package is not
    // uploaded again.
    void changedFlagRewritesConfigOnly()
    {
        qint64 pids[kNodes];
        for (int n = 1; n <= kNodes; ++n)
            pids[n - 1] = agentPid(n);
        mExtraFlags << QStringLiteral("--v=1");
        // A CA file too (unused by the lab's plain-http etcd, but read by the agent at start).
        mCaFile = path(QStringLiteral("ca.pem"));
        QVERIFY(run({"openssl", "req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", path(QStringLiteral("ca.key")),
                     "-out", mCaFile, "-subj", "/CN=tartan-test-ca", "-days", "1"}).ok());
        QFile ca(mCaFile);
        QVERIFY(ca.open(QIODevice::ReadOnly));
        const QByteArray caBytes = ca.readAll();
        const auto results = runAll(DeployRunner::Action::Deploy, allHosts());
        for (int n = 1; n <= kNodes; ++n) {
            QVERIFY2(results[n - 1].outcome == HostResult::Outcome::Updated, qPrintable(results[n - 1].detail));
            QCOMPARE(results[n - 1].detail, QStringLiteral("config written"));
            QVERIFY(QFileInfo::exists(mLab->nodeDir(n) + QStringLiteral("/subnet.env")));
            QVERIFY(agentPid(n) > 0 && agentPid(n) != pids[n - 1]);
            QFile defaults(root(n) + QStringLiteral("/etc/default/tartand"));
            QVERIFY(defaults.open(QIODevice::ReadOnly));
            const QByteArray written = defaults.readAll();
            QVERIFY(written.contains("TARTAND_ARGS='--reconcile-interval=5 --v=1'"));
            const QString remoteCa = root(n) + QStringLiteral("/etc/tartan/etcd-ca.pem");
            QVERIFY(written.contains("TARTAN_ETCD_CAFILE='" + remoteCa.toUtf8() + "'"));
            QFile uploaded(remoteCa);
            QVERIFY(uploaded.open(QIODevice::ReadOnly));
            QCOMPARE(uploaded.readAll(), caBytes);
            struct stat info = {};
            QVERIFY(::stat(QFile::encodeName(remoteCa).constData(), &info) == 0);
            QCOMPARE(info.st_mode & 07777, 0600u);
        }
        QVERIFY(!mLog.join(QLatin1Char('\n')).contains(QLatin1String("uploading")));
    }

    // Uninstall: no agent, no flannel link, no route in the pod network, no file in the root.
    void undeployLeavesNothing()
    {
        const qint64 pid = agentPid(2);
        // The vxlan routes go with flannel.1; a route like host-gw's (a peer subnet via the peer's
        // underlay address on eth0) must be removed by itself. Node1's agent is stopped first, as
        // after a crash: a running agent would remove that route as drift before the undeploy.
        const qint64 stopped = agentPid(1);
        QVERIFY(stopped > 0 && ::kill(pid_t(stopped), SIGTERM) == 0);
        QVERIFY(eventually([&] { return ::kill(pid_t(stopped), 0) != 0; }, 10000));
        QVERIFY(mLab->node(1).exec({"ip", "route", "add", "10.244.250.0/24", "via", mLab->nodeAddress(2), "dev", "eth0"}).ok());
        const auto results = runAll(DeployRunner::Action::Undeploy, allHosts());
        for (const HostResult &result : results)
            QVERIFY2(result.outcome == HostResult::Outcome::Removed, qPrintable(result.detail));
        QCOMPARE(results[0].detail, QStringLiteral("links removed: 1, routes removed: 1"));
        QVERIFY(pid > 0 && ::kill(pid_t(pid), 0) != 0);
        for (int n = 1; n <= kNodes; ++n) {
            const QString links = outputOr(mLab->node(n).exec({"ip", "-o", "link", "show"}), QStringLiteral("?flannel"));
            QVERIFY2(!links.contains(QLatin1String("flannel")), qPrintable(links));
            const QString routes = outputOr(mLab->node(n).exec({"ip", "-4", "route", "show", "root", "10.244.0.0/16"}), QStringLiteral("?"));
            // cni0's own route belongs to the CNI bridge of the test's pods, not to tartand.
            for (const QString &route : routes.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                QVERIFY2(route.contains(QLatin1String("dev cni0 proto kernel")), qPrintable(route));
            // The CNI bridge plugin's rules for the test's pods (comment "cbr0") belong to the
            // container runtime, which would remove them with the pods; tartand's are all gone.
            const QString rules = outputOr(mLab->node(n).exec({"iptables-save"}), QStringLiteral("?FLANNEL"));
            for (const QString &rule : rules.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                QVERIFY2(rule.contains(QLatin1String("cbr0")) || rule.startsWith(QLatin1String(":CNI-"))
                             || (!rule.contains(QLatin1String("FLANNEL")) && !rule.contains(QLatin1String("10.244."))),
                         qPrintable(rule));
            QVERIFY2(filesUnder(root(n)).isEmpty(), qPrintable(filesUnder(root(n)).join(QLatin1Char(' '))));
        }
    }
};

TARTAN_E2E_TEST_MAIN(TestDeploy, "etcd", "etcdctl", "ping", "bridge", "ssh-keygen", "dpkg-deb", "openssl")

#include "tst_deploy.moc"
