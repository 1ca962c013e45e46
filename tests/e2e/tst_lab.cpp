// `tartanctl lab`, the project's embedded default, driven as a person would drive it: the built
// tartanctl brings up a lab (etcd, real tartand agents, pods wired by the real flannel/bridge/
// host-local CNI plugins), reports on it, runs commands in it and removes it, also after crashes.
// The suite runs isolated (TARTAN_E2E_TEST_MAIN): the lab's named namespaces and its loopback relay
// live in the test's own network namespace, and a private tmpfs over /run/tartan-lab keeps its state
// dir private too, so nothing reaches the machine. Every lab has a per-run name; cleanup() removes
// it whatever happened.
#include "json.h"
#include "labchecks.h"
#include "netns.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tartan;
using namespace tartan::test;

namespace {

const QString kTartanctl = QStringLiteral(TARTAN_BIN_DIR "/tartanctl");
const QString kStateRoot = QStringLiteral("/run/tartan-lab");

using Ctl = ProgramRun;

Ctl tartanctl(const QStringList &arguments, int timeoutMs = 60000)
{
    return runProgram(kTartanctl, arguments, {}, timeoutMs);
}

std::string str(const json::Json &value, const char *pointer)
{
    const json::Json::json_pointer at(pointer);
    return value.contains(at) && value.at(at).is_string() ? value.at(at).get<std::string>() : std::string();
}

QStringList labNamespaces(const QString &lab)
{
    QStringList found;
    const auto listed = run({"ip", "netns", "list"});
    if (listed)
        for (const QString &line : listed->split(u'\n', Qt::SkipEmptyParts))
            if (line.startsWith(lab + u'-'))
                found << line.section(u' ', 0, 0);
    return found;
}

/// Live (non-zombie) processes whose command line mentions the lab: etcd and tartand name its
/// state dir, the relay its name.
QStringList labProcesses(const QString &lab)
{
    QStringList found;
    const QString stateDir = kStateRoot + u'/' + lab;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray status = stat.readAll();
        if (status.mid(status.lastIndexOf(')') + 2, 1) == "Z")
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QStringList argv = QString::fromLocal8Bit(cmdline.readAll()).split(QChar(0));
        bool mentions = false;
        for (qsizetype i = 0; i < argv.size(); ++i)
            mentions = mentions || argv[i].contains(stateDir + u'/') || argv[i].endsWith(u'=' + stateDir) ||
                       (argv[i] == u"--name" && argv.value(i + 1) == lab);
        if (mentions)
            found << entry + u' ' + argv.join(u' ');
    }
    return found;
}

json::Json labJson(const QString &lab)
{
    QFile file(kStateRoot + u'/' + lab + QStringLiteral("/lab.json"));
    return file.open(QIODevice::ReadOnly) ? parseJsonOutput(QString::fromUtf8(file.readAll())) : json::Json();
}

bool pings(const QString &podNetns, const QString &ip)
{
    return run({"ip", "netns", "exec", podNetns, "ping", "-c", "1", "-W", "1", ip}, 5000).ok();
}

} // namespace

class TestLab : public QObject
{
    Q_OBJECT

    const QString mLab = QStringLiteral("tl%1").arg(::getpid());
    const QString mCrashLab = QStringLiteral("tl%1-crash").arg(::getpid());
    bool mMadeStateRoot = false;

    void expectGone(const QString &lab)
    {
        QVERIFY2(labNamespaces(lab).isEmpty(), qPrintable(labNamespaces(lab).join(u' ')));
        QVERIFY2(eventually([&] { return labProcesses(lab).isEmpty(); }, 3000), qPrintable(labProcesses(lab).join(u'\n')));
        QVERIFY(!QFileInfo::exists(kStateRoot + u'/' + lab));
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (!QFileInfo(kTartanctl).isExecutable() || !QFileInfo(QStringLiteral(TARTAN_BIN_DIR "/tartand")).isExecutable() ||
            !QFileInfo(QStringLiteral(TARTAN_BIN_DIR "/flannel")).isExecutable())
            why = QStringLiteral("tartanctl, tartand or flannel is not built in " TARTAN_BIN_DIR);
        for (const char *plugin : {"/usr/lib/cni/bridge", "/usr/lib/cni/host-local"})
            if (!QFileInfo(QString::fromLatin1(plugin)).isExecutable())
                why = QStringLiteral("%1 is missing (Debian package containernetworking-plugins)").arg(QLatin1String(plugin));
        if (!why.isEmpty()) {
            std::printf("SKIP: %s\n", qPrintable(why)); // QSKIP here would count as passed
            std::fflush(stdout);
            std::exit(77);
        }
        // The lab keeps its state under /run/tartan-lab: in this suite's private mount namespace a
        // tmpfs there keeps it private, and it vanishes with the process.
        mMadeStateRoot = ::mkdir(QFile::encodeName(kStateRoot).constData(), 0755) == 0;
        QVERIFY(::mount("tmpfs", QFile::encodeName(kStateRoot).constData(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") == 0);
    }

    void cleanupTestCase()
    {
        // Leave the machine's /run as it was (the directory is empty below the private tmpfs).
        ::umount2(QFile::encodeName(kStateRoot).constData(), MNT_DETACH);
        if (mMadeStateRoot)
            ::rmdir(QFile::encodeName(kStateRoot).constData());
    }

    void cleanup()
    {
        for (const QString &lab : {mLab, mCrashLab})
            tartanctl({"lab", "down", "--name", lab});
    }

    void refusesWhatItCannotBuild()
    {
        Ctl wireguard = tartanctl({"lab", "up", "--name", mLab, "--backend", "wireguard"});
        QCOMPARE(wireguard.exitCode, 1);
        QVERIFY2(wireguard.err.contains(QStringLiteral("is not a backend")), qPrintable(wireguard.err));
        if (!QFileInfo::exists(QStringLiteral("/sys/module/ipip"))) {
            Ctl ipip = tartanctl({"lab", "up", "--name", mLab, "--backend", "ipip"});
            QCOMPARE(ipip.exitCode, 1);
            QVERIFY2(ipip.err.contains(QStringLiteral("no ipip module")), qPrintable(ipip.err));
        }
        Ctl badName = tartanctl({"lab", "up", "--name", "Bad_Name"});
        QCOMPARE(badName.exitCode, 1);
        QVERIFY2(badName.err.contains(QStringLiteral("lab name")), qPrintable(badName.err));
        Ctl tooMany = tartanctl({"lab", "up", "--name", mLab, "--nodes", "0"});
        QCOMPARE(tooMany.exitCode, 1);
        QVERIFY2(tooMany.err.contains(QStringLiteral("--nodes")), qPrintable(tooMany.err));
        expectGone(mLab);
    }

    void upStatusExecDown()
    {
        Ctl up = tartanctl({"lab", "up", "--name", mLab, "--nodes", "2", "--pods-per-node", "1"}, 120000);
        QVERIFY2(up.exitCode == 0, qPrintable(up.all()));
        QVERIFY2(up.err.contains(QStringLiteral("waiting for tartand in node2 to lease a subnet")), qPrintable(up.err));
        const QRegularExpressionMatch endpointLine =
            QRegularExpression(QStringLiteral("^etcd: (http://127\\.0\\.0\\.1:\\d+)$"), QRegularExpression::MultilineOption).match(up.out);
        QVERIFY2(endpointLine.hasMatch(), qPrintable(up.out));
        const QString endpoint = endpointLine.captured(1);

        // lab.json: both nodes with distinct subnets, one pod each with an address in its node's subnet.
        const json::Json lab = labJson(mLab);
        QVERIFY2(lab.is_object() && lab.at("nodes").size() == 2, lab.dump().c_str());
        QCOMPARE(QString::fromStdString(str(lab, "/etcdEndpoint")), endpoint);
        const QString subnet1 = QString::fromStdString(str(lab, "/nodes/0/subnet"));
        const QString subnet2 = QString::fromStdString(str(lab, "/nodes/1/subnet"));
        QVERIFY2(subnet1.startsWith(QStringLiteral("10.244.")) && subnet1.endsWith(QStringLiteral(".0/24")) && subnet1 != subnet2, lab.dump().c_str());
        const QString pod1 = QString::fromStdString(str(lab, "/nodes/0/pods/0/ip"));
        const QString pod2 = QString::fromStdString(str(lab, "/nodes/1/pods/0/ip"));
        QVERIFY2(pod1.startsWith(subnet1.section(u'.', 0, 2) + u'.') && pod2.startsWith(subnet2.section(u'.', 0, 2) + u'.'), lab.dump().c_str());
        QVERIFY(up.out.contains(QStringLiteral("n1-p1 ") + pod1) && up.out.contains(subnet2));

        // Pods reach each other across the overlay, both ways.
        QVERIFY2(eventually([&] { return pings(mLab + QStringLiteral("-n1-p1"), pod2); }, 15000), "n1-p1 cannot ping n2-p1");
        QVERIFY(pings(mLab + QStringLiteral("-n2-p1"), pod1));

        // The store, through the relay on loopback: both leases.
        Ctl leases = tartanctl({"leases", "--json", "--etcd-endpoints", endpoint});
        QVERIFY2(leases.exitCode == 0, qPrintable(leases.all()));
        const json::Json leaseList = parseJsonOutput(leases.out);
        QVERIFY2(leaseList.is_array() && leaseList.size() == 2, qPrintable(leases.out));
        QStringList leased{QString::fromStdString(str(leaseList, "/0/subnet")), QString::fromStdString(str(leaseList, "/1/subnet"))};
        QVERIFY2(leased.contains(subnet1) && leased.contains(subnet2), qPrintable(leases.out));

        // status: healthy, with every pod reaching the other node.
        Ctl status = tartanctl({"lab", "status", "--name", mLab});
        QVERIFY2(status.exitCode == 0, qPrintable(status.all()));
        QVERIFY2(status.out.contains(QStringLiteral("healthy")) && status.out.contains(QStringLiteral("node2 ok")), qPrintable(status.out));
        Ctl statusJson = tartanctl({"lab", "status", "--name", mLab, "--json"});
        QVERIFY2(parseJsonOutput(statusJson.out).value("healthy", false), qPrintable(statusJson.out));

        // exec: node1's routing table has the route to node2's subnet; exit codes pass through.
        Ctl routes = tartanctl({"lab", "exec", "--name", mLab, "node1", "--", "ip", "-j", "route"});
        QVERIFY2(routes.exitCode == 0, qPrintable(routes.all()));
        bool peerRoute = false;
        for (const json::Json &route : parseJsonOutput(routes.out))
            peerRoute = peerRoute || (route.is_object() && route.value("dst", std::string()) == subnet2.toStdString());
        QVERIFY2(peerRoute, qPrintable(routes.out));
        QCOMPARE(tartanctl({"lab", "exec", "--name", mLab, "n2-p1", "--", "sh", "-c", "exit 3"}).exitCode, 3);
        QCOMPARE(tartanctl({"lab", "exec", "--name", mLab, "node7", "--", "true"}).exitCode, 1);

        // Nothing was added to the suite's own namespace (standing in for the machine's): only lo.
        const auto links = run({"ip", "-o", "link", "show"});
        QVERIFY(links);
        QCOMPARE(links->trimmed().split(u'\n').size(), 1);

        // A second `up` refuses; `down` removes everything; a second `down` is fine.
        Ctl again = tartanctl({"lab", "up", "--name", mLab, "--nodes", "2"});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QStringLiteral("exists already")), qPrintable(again.err));
        Ctl down = tartanctl({"lab", "down", "--name", mLab});
        QVERIFY2(down.exitCode == 0, qPrintable(down.all()));
        expectGone(mLab);
        Ctl downAgain = tartanctl({"lab", "down", "--name", mLab});
        QVERIFY2(downAgain.exitCode == 0 && downAgain.out.contains(QStringLiteral("nothing to remove")), qPrintable(downAgain.all()));
        // The relay went with the lab.
        QVERIFY(tartanctl({"leases", "--etcd-endpoints", endpoint}, 30000).exitCode != 0);
    }

    void udpBackend()
    {
        // tartand's userspace udp backend: pods reach each other through flannel0 on both nodes.
        Ctl up = tartanctl({"lab", "up", "--name", mLab, "--nodes", "2", "--pods-per-node", "1", "--backend", "udp"}, 120000);
        QVERIFY2(up.exitCode == 0, qPrintable(up.all()));
        const json::Json lab = labJson(mLab);
        const QString pod1 = QString::fromStdString(str(lab, "/nodes/0/pods/0/ip"));
        const QString pod2 = QString::fromStdString(str(lab, "/nodes/1/pods/0/ip"));
        QVERIFY2(eventually([&] { return pings(mLab + QStringLiteral("-n1-p1"), pod2); }, 15000), "n1-p1 cannot ping n2-p1");
        QVERIFY(pings(mLab + QStringLiteral("-n2-p1"), pod1));
        Ctl device = tartanctl({"lab", "exec", "--name", mLab, "node1", "--", "ip", "-d", "link", "show", "flannel0"});
        QVERIFY2(device.exitCode == 0 && device.out.contains(QStringLiteral("mtu 1472")) && device.out.contains(QStringLiteral("tun")),
                 qPrintable(device.all()));
        QVERIFY2(tartanctl({"lab", "down", "--name", mLab}).exitCode == 0, "lab down failed");
        expectGone(mLab);
    }

    void downCleansUpAfterCrashes()
    {
        // `lab up` killed halfway, while it waits for etcd to boot (hundreds of milliseconds): the
        // underlay and the etcd and relay processes exist, no node and no lab.json yet.
        QProcess up;
        up.start(kTartanctl, {"lab", "up", "--name", mCrashLab, "--nodes", "2", "--pods-per-node", "1"});
        QVERIFY(up.waitForStarted());
        QString progress;
        QVERIFY2(eventually([&] {
                     up.waitForReadyRead(200); // there is no event loop to read for us
                     progress += QString::fromUtf8(up.readAllStandardError());
                     return progress.contains(QStringLiteral("waiting for etcd"));
                 }, 60000),
                 qPrintable(progress));
        up.kill();
        up.waitForFinished();
        QVERIFY2(!QFileInfo::exists(kStateRoot + u'/' + mCrashLab + QStringLiteral("/lab.json")), "lab up finished before it was killed");
        QVERIFY(!labNamespaces(mCrashLab).isEmpty());
        QVERIFY(!labProcesses(mCrashLab).isEmpty());
        Ctl status = tartanctl({"lab", "status", "--name", mCrashLab});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.err.contains(QStringLiteral("incomplete")), qPrintable(status.err));
        Ctl down = tartanctl({"lab", "down", "--name", mCrashLab});
        QVERIFY2(down.exitCode == 0, qPrintable(down.all()));
        expectGone(mCrashLab);

        // A running lab whose processes were all SIGKILLed and whose state dir lost its records.
        Ctl built = tartanctl({"lab", "up", "--name", mCrashLab, "--nodes", "2", "--pods-per-node", "0"}, 120000);
        QVERIFY2(built.exitCode == 0, qPrintable(built.all()));
        const QStringList processes = labProcesses(mCrashLab);
        QVERIFY2(processes.size() >= 4, qPrintable(processes.join(u'\n'))); // etcd, relay, 2 tartand
        for (const QString &process : processes)
            ::kill(process.section(u' ', 0, 0).toInt(), SIGKILL);
        QVERIFY(QDir(kStateRoot + u'/' + mCrashLab + QStringLiteral("/pids")).removeRecursively());
        QVERIFY(QFile::remove(kStateRoot + u'/' + mCrashLab + QStringLiteral("/lab.json")));
        Ctl status2 = tartanctl({"lab", "status", "--name", mCrashLab});
        QCOMPARE(status2.exitCode, 1);
        Ctl down2 = tartanctl({"lab", "down", "--name", mCrashLab});
        QVERIFY2(down2.exitCode == 0, qPrintable(down2.all()));
        expectGone(mCrashLab);

        // A crash that left only a running tartand in a node namespace (no records at all).
        Ctl rebuilt = tartanctl({"lab", "up", "--name", mCrashLab, "--nodes", "1", "--pods-per-node", "0"}, 120000);
        QVERIFY2(rebuilt.exitCode == 0, qPrintable(rebuilt.all()));
        QVERIFY(QDir(kStateRoot + u'/' + mCrashLab).removeRecursively());
        Ctl down3 = tartanctl({"lab", "down", "--name", mCrashLab});
        QVERIFY2(down3.exitCode == 0, qPrintable(down3.all()));
        expectGone(mCrashLab);
    }
};

TARTAN_E2E_TEST_MAIN(TestLab, "etcd", "ip", "ping")
#include "tst_lab.moc"
