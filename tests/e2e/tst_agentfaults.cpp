// tartand when the file system under subnet.env fails it, in a Lab (real etcd, real tartand per
// node namespace): the directory on a read-only file system, and the file system full. The file
// system is a tiny tmpfs mounted in the test's own private mount namespace (isolateProcess()), so
// the machine's mounts are never touched; remounting it read-write or deleting the filler clears
// the fault. In both cases the agent logs the cause and that it retries, keeps programming the
// kernel, does not become ready, writes the file once it can, and every node's routes then match
// the leases.
#include "labchecks.h"

#include "subnetenv.h"

#include <QDir>
#include <QSet>
#include <QTest>

#include <sys/mount.h>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kVxlan = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

/// The subnets node n routes through flannel.1 ("10.244.7.0/24 via 10.244.7.0 ..." -> "10.244.7.0").
QSet<QString> routedSubnets(const Lab &lab, int n)
{
    QSet<QString> subnets;
    for (const QString &line : show(lab, n, {"ip", "route", "show", "dev", "flannel.1"}).split(u'\n', Qt::SkipEmptyParts))
        subnets.insert(line.section(u'/', 0, 0));
    return subnets;
}

QString subnetIn(const QString &file)
{
    const auto env = SubnetEnv::readFile(file);
    return env && !env->subnet().isNull() ? env->subnet().address().toString() : QString();
}

} // namespace

#define TARTAN_VERIFY_OK(result)                                                                                      \
    QVERIFY2((result).ok(), (result).ok() ? "" : qPrintable((result).error().message()))

class TestAgentFaults : public QObject
{
    Q_OBJECT

    std::unique_ptr<Lab> mLab;
    QString mMount;

private slots:
    void cleanup()
    {
        // Unmounted first: the lab's temporary directory holding the mount point goes with the lab.
        if (!mMount.isEmpty())
            ::umount2(qPrintable(mMount), MNT_DETACH);
        mMount.clear();
        mLab.reset();
        removeLabLeftovers(2);
    }

    void subnetFileSystemFails_data()
    {
        QTest::addColumn<bool>("full"); // false: read-only
        QTest::addColumn<QString>("cause");
        QTest::newRow("read-only") << false << QStringLiteral("Read-only file system");
        QTest::newRow("full") << true << QStringLiteral("No space left on device");
    }
    void subnetFileSystemFails()
    {
        QFETCH(bool, full);
        QFETCH(QString, cause);
        mLab = std::make_unique<Lab>();
        TARTAN_VERIFY_OK(mLab->start(2, kVxlan));
        TARTAN_VERIFY_OK(mLab->startAgent(1));
        const auto subnet1 = mLab->waitForSubnet(1);
        TARTAN_VERIFY_OK(subnet1);

        // Node 2's subnet.env lives on a 16 KiB tmpfs of its own.
        mMount = mLab->nodeDir(2) + QStringLiteral("-run");
        QVERIFY(QDir().mkpath(mMount));
        QCOMPARE(::mount("tmpfs", qPrintable(mMount), "tmpfs", MS_NOSUID | MS_NODEV, "size=16k,mode=0755"), 0);
        const QString file = mMount + QStringLiteral("/flannel/subnet.env");
        if (full) {
            QVERIFY(QDir().mkpath(mMount + QStringLiteral("/flannel")));
            // Fills every block; dd's own "No space left" exit is the point.
            (void)run({"dd", "if=/dev/zero", "of=" + mMount + "/filler", "bs=4096"});
            QVERIFY(!run({"sh", "-c", "echo x > " + mMount + "/probe"}).ok());
        } else {
            // Read-only at the file system (superblock) level, where the agent's copy of the mount
            // (`ip netns exec` gives it a mount namespace of its own) sees it too: a remount makes
            // both the file system and our mount read-only, a bind remount makes our mount
            // read-write again, and the one remount read-write below clears it for everybody.
            QCOMPARE(::mount(nullptr, qPrintable(mMount), nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr), 0);
            QCOMPARE(::mount(nullptr, qPrintable(mMount), nullptr, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV, nullptr), 0);
        }
        TARTAN_VERIFY_OK(mLab->startAgent(2, {QStringLiteral("--subnet-file=") + file}));

        // The failure is logged with its cause and a retry; the agent keeps running and programs
        // the peer, but has not written the file.
        QVERIFY2(eventually([&] {
                     const QString log = mLab->agentLog(2);
                     return log.contains(cause) && log.contains(QLatin1String("retrying in"));
                 }, 15000),
                 qPrintable(mLab->agentLog(2)));
        QVERIFY2(mLab->agentLog(2).contains(file), qPrintable(mLab->agentLog(2)));
        QVERIFY2(eventually([&] { return routedSubnets(*mLab, 2).contains(*subnet1); }, 10000), qPrintable(mLab->agentLog(2)));
        QVERIFY(mLab->agentPid(2) != 0);
        QVERIFY(!QFile::exists(file));

        // The fault clears.
        if (full)
            QVERIFY(QFile::remove(mMount + QStringLiteral("/filler")));
        else
            QCOMPARE(::mount(nullptr, qPrintable(mMount), nullptr, MS_REMOUNT | MS_NOSUID | MS_NODEV, nullptr), 0);
        QVERIFY2(eventually([&] { return !subnetIn(file).isEmpty(); }, 40000), qPrintable(mLab->agentLog(2)));
        QVERIFY(mLab->agentPid(2) != 0);
        QVERIFY2(eventually([&] { return mLab->agentLog(2).contains(QLatin1String("wrote ") + file); }, 5000),
                 qPrintable(mLab->agentLog(2)));

        // The kernel matches the leases: each node routes exactly to the other's subnet.
        const QString subnet2 = subnetIn(file);
        QVERIFY(subnet2 != *subnet1);
        QVERIFY2(eventually([&] { return routedSubnets(*mLab, 1) == QSet<QString>{subnet2}; }, 10000), qPrintable(mLab->agentLog(1)));
        QCOMPARE(routedSubnets(*mLab, 2), QSet<QString>{*subnet1});
        const auto keys = mLab->etcdctl({"get", "--prefix", "--keys-only", QString::fromLatin1(Lab::kPrefix) + "/subnets/"});
        TARTAN_VERIFY_OK(keys);
        QCOMPARE(keys->split(u'\n', Qt::SkipEmptyParts).size(), 2);
        QVERIFY(keys->contains(subnet2 + QStringLiteral("-24")));
    }
};

TARTAN_E2E_TEST_MAIN(TestAgentFaults, "etcd", "etcdctl", "dd")
#include "tst_agentfaults.moc"
