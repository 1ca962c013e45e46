// Drift and path tracing against real kernels: a lab built by the real tartanctl (agents with
// --auto-repair=false, so that a hand-made change stays); one FDB entry, neighbour entry or route
// deleted by hand on node1, then `tartanctl doctor` and `tartanctl trace` must both name exactly
// that entry on that node, and after `tartanctl doctor --repair` both must be clean again.
// Isolated like tst_lab (TARTAN_E2E_TEST_MAIN, a private tmpfs over /run/tartan-lab); the lab has a
// per-run name and cleanup() removes it whatever happened.
#include "json.h"
#include "labchecks.h"
#include "netns.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tartan;
using namespace tartan::test;

namespace {

/// The end of a trace's text, where a stop is explained (QVERIFY2 cuts long messages).
QByteArray stopOf(const QString &trace)
{
    const qsizetype at = trace.indexOf(QStringLiteral("STOPPED"));
    return (at < 0 ? trace.right(600) : trace.mid(at)).toUtf8();
}

const QString kTartanctl = QStringLiteral(TARTAN_BIN_DIR "/tartanctl");
const QString kStateRoot = QStringLiteral("/run/tartan-lab");

using Ctl = ProgramRun;

Ctl tartanctl(const QStringList &arguments, const QStringList &environment = {}, int timeoutMs = 60000)
{
    return runProgram(kTartanctl, arguments, environment, timeoutMs);
}

QString str(const json::Json &value, const char *pointer)
{
    const json::Json::json_pointer at(pointer);
    return value.contains(at) && value.at(at).is_string() ? QString::fromStdString(value.at(at).get<std::string>()) : QString();
}

/// The FDB entries of flannel.1 in a namespace, as "MAC dst IP".
QStringList fdbEntries(const QString &netns)
{
    QStringList entries;
    const auto shown = run({"ip", "netns", "exec", netns, "bridge", "-j", "fdb", "show", "dev", "flannel.1"});
    if (!shown)
        return entries;
    for (const json::Json &entry : parseJsonOutput(*shown))
        if (entry.is_object() && entry.contains("dst"))
            entries << QStringLiteral("%1 dst %2").arg(QString::fromStdString(entry.value("mac", std::string())),
                                                       QString::fromStdString(entry.value("dst", std::string())));
    return entries;
}

} // namespace

class TestDrift : public QObject
{
    Q_OBJECT

    const QString mLab = QStringLiteral("td%1").arg(::getpid());
    bool mMadeStateRoot = false;
    QString mEndpoint;

    Ctl ctl(QStringList arguments) { return tartanctl(arguments << QStringLiteral("--etcd-endpoints") << mEndpoint); }

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
        mMadeStateRoot = ::mkdir(QFile::encodeName(kStateRoot).constData(), 0755) == 0;
        QVERIFY(::mount("tmpfs", QFile::encodeName(kStateRoot).constData(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") == 0);
    }

    void cleanupTestCase()
    {
        tartanctl({"lab", "down", "--name", mLab});
        ::umount2(QFile::encodeName(kStateRoot).constData(), MNT_DETACH);
        if (mMadeStateRoot)
            ::rmdir(QFile::encodeName(kStateRoot).constData());
    }

    void labIsClean()
    {
        // The agents inherit lab up's environment: TARTAN_AUTO_REPAIR=false is their --auto-repair=false.
        const Ctl up = tartanctl({"lab", "up", "--name", mLab, "--nodes", "2", "--pods-per-node", "1", "--json"},
                                 {QStringLiteral("TARTAN_AUTO_REPAIR=false")}, 120000);
        QVERIFY2(up.exitCode == 0, qPrintable(up.all()));
        mState = parseJsonOutput(up.out);
        mEndpoint = str(mState, "/etcdEndpoint");
        QVERIFY2(!mEndpoint.isEmpty() && !str(mState, "/nodes/1/pods/0/ip").isEmpty(), qPrintable(up.out));
        QVERIFY2(str(mState, "/nodes/0/reportRelay").startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(up.out));

        // Every agent reports, nothing drifts, the packet arrives.
        Ctl doctor;
        QVERIFY2(eventually([&] { return (doctor = ctl({"doctor"})).exitCode == 0; }, 20000), qPrintable(doctor.all()));
        QVERIFY2(doctor.err.contains(QStringLiteral("lab %1: reaching its agents through their loopback relays").arg(mLab)), qPrintable(doctor.err));
        const Ctl trace = ctl({"trace", str(mState, "/nodes/0/pods/0/ip"), str(mState, "/nodes/1/pods/0/ip")});
        QVERIFY2(trace.exitCode == 0, stopOf(trace.all()).constData());
    }

    void deletedEntryIsNamedThenRepaired_data()
    {
        QTest::addColumn<QString>("table"); // as doctor names it
        QTest::addColumn<QString>("stage"); // where trace stops
        QTest::newRow("fdb") << "fdb" << "fdb";
        QTest::newRow("neighbour") << "neigh" << "neighbour";
        QTest::newRow("route") << "route" << "route lookup";
    }

    void deletedEntryIsNamedThenRepaired()
    {
        QFETCH(QString, table);
        QFETCH(QString, stage);
        if (mEndpoint.isEmpty())
            QSKIP("no lab (labIsClean failed)");
        const QString node1 = str(mState, "/nodes/0/netns");
        const QString subnet2 = str(mState, "/nodes/1/subnet");
        const QString pod1 = str(mState, "/nodes/0/pods/0/ip");
        const QString pod2 = str(mState, "/nodes/1/pods/0/ip");
        const QString key1 = str(mState, "/nodes/0/subnet").replace(u'/', u'-');
        const QString key2 = QString(subnet2).replace(u'/', u'-');
        const QString gateway2 = subnet2.section(u'/', 0, 0);

        // node1's entry towards node2, from node2's lease; delete it by hand.
        QString mac2, ip2;
        for (const json::Json &lease : parseJsonOutput(ctl({"leases", "--json"}).out))
            if (QString::fromStdString(lease.value("subnet", std::string())) == subnet2) {
                mac2 = QString::fromStdString(lease.value("vtepMAC", std::string()));
                ip2 = QString::fromStdString(lease.value("publicIP", std::string()));
            }
        QVERIFY(!mac2.isEmpty() && !ip2.isEmpty());
        QString expected;
        QStringList command{"ip", "netns", "exec", node1};
        if (table == u"fdb") {
            expected = QStringLiteral("%1 dst %2 dev flannel.1 self permanent").arg(mac2, ip2);
            QVERIFY2(fdbEntries(node1).contains(mac2 + QStringLiteral(" dst ") + ip2), qPrintable(fdbEntries(node1).join(u'\n')));
            command << QStringList{"bridge", "fdb", "del", mac2, "dev", "flannel.1", "dst", ip2, "self"};
        } else if (table == u"neigh") {
            expected = QStringLiteral("%1 lladdr %2 dev flannel.1 PERMANENT").arg(gateway2, mac2);
            command << QStringList{"ip", "neigh", "del", gateway2, "dev", "flannel.1"};
        } else {
            expected = QStringLiteral("%1 via %2 dev flannel.1 onlink").arg(subnet2, gateway2);
            command << QStringList{"ip", "route", "del", subnet2};
        }
        const auto deleted = run(command);
        QVERIFY2(deleted, qPrintable(deleted ? QString() : deleted.error().message()));
        if (table == u"fdb")
            QVERIFY(!fdbEntries(node1).contains(mac2 + QStringLiteral(" dst ") + ip2));

        // doctor: exactly that entry, on node1, explained by node2's lease; node2 clean.
        Ctl doctor = ctl({"doctor", "--json"});
        QCOMPARE(doctor.exitCode, 1);
        const json::Json report = parseJsonOutput(doctor.out);
        QVERIFY2(report.is_object() && report["nodes"].size() == 2, qPrintable(doctor.all()));
        // Nodes come sorted by lease key, which need not be node1 first.
        const int first = str(report, "/nodes/0/node") == key1 ? 0 : 1;
        const QByteArray drifting = QStringLiteral("/nodes/%1").arg(first).toUtf8();
        const QByteArray other = QStringLiteral("/nodes/%1").arg(1 - first).toUtf8();
        const auto at = [&](const QByteArray &node, const char *member) { return str(report, (node + member).constData()); };
        QCOMPARE(at(drifting, "/node"), key1);
        QCOMPARE(at(drifting, "/state"), QStringLiteral("drifts"));
        QVERIFY2(report["nodes"][first]["drift"].size() == 1, report["nodes"][first]["drift"].dump().c_str());
        QCOMPARE(at(drifting, "/drift/0/kind"), QStringLiteral("missing"));
        QCOMPARE(at(drifting, "/drift/0/table"), table);
        QCOMPARE(at(drifting, "/drift/0/desired"), expected);
        QCOMPARE(at(drifting, "/drift/0/lease"), key2);
        QCOMPARE(at(other, "/node"), key2);
        QCOMPARE(at(other, "/state"), QStringLiteral("clean"));

        // trace: stops at that entry on node1; the way back does not use it and arrives.
        Ctl trace = ctl({"trace", pod1, pod2, "--json"});
        QCOMPARE(trace.exitCode, 1);
        const json::Json path = parseJsonOutput(trace.out);
        QCOMPARE(str(path, "/stop/stage"), stage);
        QCOMPARE(str(path, "/stop/node"), key1);
        QCOMPARE(str(path, "/stop/expected"), expected);
        QCOMPARE(str(path, "/stop/lease"), key2);
        trace = ctl({"trace", pod2, pod1});
        QVERIFY2(trace.exitCode == 0, stopOf(trace.all()).constData());

        // The agent keeps the change (auto-repair off) until asked; then all is clean again.
        QThread::msleep(2500);
        QCOMPARE(ctl({"doctor"}).exitCode, 1);
        doctor = ctl({"doctor", "--repair"});
        QVERIFY2(doctor.exitCode == 0, qPrintable(doctor.all()));
        QVERIFY2(doctor.out.contains(QStringLiteral("asked %1 to reconcile").arg(key1)), qPrintable(doctor.out));
        if (table == u"fdb")
            QVERIFY2(fdbEntries(node1).contains(mac2 + QStringLiteral(" dst ") + ip2), qPrintable(fdbEntries(node1).join(u'\n')));
        QCOMPARE(ctl({"doctor"}).exitCode, 0);
        trace = ctl({"trace", pod1, pod2});
        QVERIFY2(trace.exitCode == 0 && trace.out.endsWith(QStringLiteral("arrived\n")), stopOf(trace.all()).constData());
        QVERIFY(run({"ip", "netns", "exec", str(mState, "/nodes/0/pods/0/netns"), "ping", "-c", "1", "-W", "2", pod2}, 5000));
    }

private:
    json::Json mState; ///< lab.json, as `lab up --json` printed it
};

TARTAN_E2E_TEST_MAIN(TestDrift, "etcd", "ip", "bridge", "ping")
#include "tst_drift.moc"
