// tartanctl's store commands, run as the real binary against a real etcd: config get/set/validate,
// the lease table and watch, reserve/release, flags from the environment, and exit codes.
#include "etcdtestutil.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kPrefix = "/test.example/network";

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString tartanctl()
{
    return QStringLiteral(TARTAN_BIN_DIR "/tartanctl");
}

} // namespace

class TestTartanctl : public QObject
{
    Q_OBJECT
private:
    Run run(const QStringList &arguments, const QStringList &extraEnvironment = {}, const QByteArray &input = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TARTAN_ETCD_ENDPOINTS"), mEtcd->clientUrl(0).toString());
        environment.insert(QStringLiteral("TARTAN_ETCD_PREFIX"), QString::fromLatin1(kPrefix));
        for (const QString &entry : extraEnvironment)
            environment.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
        process.setProcessEnvironment(environment);
        process.start(tartanctl(), arguments);
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(60000))
            process.kill();
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
    }

    QString file(const QByteArray &content)
    {
        const QString path = mDir.filePath(QStringLiteral("file%1.json").arg(++mFiles));
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return path;
    }

private slots:
    void initTestCase()
    {
        if (!QFile::exists(tartanctl()))
            QSKIP("tartanctl is not built (TARTAN_BUILD_PROGRAMS=OFF)");
        TARTAN_VERIFY_OK(startEtcdWithClient(mEtcd, mClient));
    }
    void cleanupTestCase()
    {
        mClient.reset();
        mEtcd.reset();
    }

    void validatesConfigFiles()
    {
        const Run good = run({QStringLiteral("config"), QStringLiteral("validate"),
                              file(R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})")});
        QCOMPARE(good.exitCode, 0);
        QVERIFY(good.out.contains(QStringLiteral("10.244.0.0/16, /24 per node, 10.244.1.0 to 10.244.255.0")));
        QVERIFY(good.out.contains(QStringLiteral("vxlan (VNI 1, port 8472)")));

        const Run bad = run({QStringLiteral("config"), QStringLiteral("validate"), file(R"({"Network":"10.244.0.0/16","SubnetLen":31})")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("SubnetLen")), qPrintable(bad.err));

        const Run json = run({QStringLiteral("config"), QStringLiteral("validate"), QStringLiteral("--json"),
                              file(R"({"Network":"10.5.0.0/16"})")});
        QCOMPARE(json.exitCode, 0);
        const auto parsed = json::parse(json.out.toUtf8(), QStringLiteral("output"));
        TARTAN_VERIFY_OK(parsed);
        QCOMPARE((*parsed)["backend"].get<std::string>(), std::string("udp"));
        QCOMPARE((*parsed)["ipv4"]["subnetMin"].get<std::string>(), std::string("10.5.1.0"));

        const Run missing = run({QStringLiteral("config"), QStringLiteral("validate"), QStringLiteral("/nonexistent/x.json")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(QStringLiteral("cannot read")));
    }

    void setsAndGetsConfigWithDiff()
    {
        const QByteArray first = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";
        const Run set = run({QStringLiteral("config"), QStringLiteral("set"), file(first)});
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        QVERIFY(set.out.contains(QStringLiteral("+  \"Network\": \"10.244.0.0/16\"")));
        const Run get = run({QStringLiteral("config"), QStringLiteral("get")});
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(get.out.toUtf8(), first + '\n');

        // A change shows exactly the changed line; --dry-run writes nothing.
        const QByteArray second = R"({"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}})";
        const Run dry = run({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("-"), QStringLiteral("--dry-run")}, {}, second);
        QCOMPARE(dry.exitCode, 0);
        QVERIFY2(dry.out.contains(QStringLiteral("-    \"Type\": \"vxlan\"\n+    \"Type\": \"host-gw\"")), qPrintable(dry.out));
        QCOMPARE(run({QStringLiteral("config"), QStringLiteral("get")}).out.toUtf8(), first + '\n');

        // An invalid config is refused and the store keeps the old one.
        const Run invalid = run({QStringLiteral("config"), QStringLiteral("set"), file(R"({"Network":"10.244.0.0/30"})")});
        QCOMPARE(invalid.exitCode, 1);
        QVERIFY2(invalid.err.contains(QStringLiteral("Network:")) && invalid.err.contains(QStringLiteral("nothing written")),
                 qPrintable(invalid.err));
        QCOMPARE(run({QStringLiteral("config"), QStringLiteral("get")}).out.toUtf8(), first + '\n');

        const Run same = run({QStringLiteral("config"), QStringLiteral("set"), file(first)});
        QCOMPARE(same.exitCode, 0);
        QVERIFY(same.out.contains(QStringLiteral("no change")));
    }

    void listsLeasesFlanneldWrote()
    {
        SyncEtcd etcd(*mClient);
        auto grant = etcd.leaseGrant(3600);
        TARTAN_VERIFY_OK(grant);
        TARTAN_VERIFY_OK(etcd.put(kPrefix + "/subnets/10.244.1.0-24",
                                  R"({"PublicIP":"192.168.64.3","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}})",
                                  grant->id));
        TARTAN_VERIFY_OK(etcd.put(kPrefix + "/subnets/10.244.2.0-24", R"({"PublicIP":"192.168.64.4","PublicIPv6":null})"));
        TARTAN_VERIFY_OK(etcd.put(kPrefix + "/subnets/10.244.3.0-24", "garbage"));

        const Run table = run({QStringLiteral("leases")});
        QCOMPARE(table.exitCode, 0);
        const QStringList lines = table.out.split(u'\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.value(0).startsWith(QStringLiteral("SUBNET")), qPrintable(table.out));
        QVERIFY2(lines.value(1).contains(QRegularExpression(QStringLiteral(
                     R"(^10\.244\.1\.0/24\s+192\.168\.64\.3\s+vxlan\s+c6:d2:32:6f:8f:44\s+(0h59m\d\ds|1h00m00s)$)"))),
                 qPrintable(lines.value(1)));
        QVERIFY2(lines.value(2).contains(QRegularExpression(QStringLiteral(R"(^10\.244\.2\.0/24\s+192\.168\.64\.4\s+-\s+-\s+reserved$)"))),
                 qPrintable(lines.value(2)));
        QVERIFY(table.err.contains(QStringLiteral("10.244.3.0-24")));

        const Run json = run({QStringLiteral("leases"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const auto parsed = json::parse(json.out.toUtf8(), QStringLiteral("output"));
        TARTAN_VERIFY_OK(parsed);
        QCOMPARE(parsed->size(), size_t(2));
        QCOMPARE((*parsed)[0]["vtepMAC"].get<std::string>(), std::string("c6:d2:32:6f:8f:44"));
        QVERIFY((*parsed)[0]["expiresIn"].get<int>() > 3500);
        QVERIFY((*parsed)[1]["reservation"].get<bool>());
        QVERIFY((*parsed)[1]["expiresIn"].is_null());
    }

    void reservesAndReleases()
    {
        // The config from setsAndGetsConfigWithDiff: 10.244.0.0/16 in /24s.
        const Run reserve = run({QStringLiteral("leases"), QStringLiteral("reserve"), QStringLiteral("10.244.9.0/24"), QStringLiteral("192.168.64.9")});
        QVERIFY2(reserve.exitCode == 0, qPrintable(reserve.err));
        SyncEtcd etcd(*mClient);
        auto stored = etcd.get(kPrefix + "/subnets/10.244.9.0-24");
        QCOMPARE(stored->kvs.size(), 1);
        QCOMPARE(stored->kvs.first().value, QByteArray(R"({"PublicIP":"192.168.64.9","PublicIPv6":null})"));
        QCOMPARE(stored->kvs.first().lease, 0);

        const Run taken = run({QStringLiteral("leases"), QStringLiteral("reserve"), QStringLiteral("10.244.9.0-24"), QStringLiteral("192.168.64.10")});
        QCOMPARE(taken.exitCode, 1);
        QVERIFY(taken.err.contains(QStringLiteral("leased by 192.168.64.9")));
        const Run outside = run({QStringLiteral("leases"), QStringLiteral("reserve"), QStringLiteral("10.9.0.0/24"), QStringLiteral("192.168.64.10")});
        QCOMPARE(outside.exitCode, 1);
        QVERIFY(outside.err.contains(QStringLiteral("not a subnet this network leases")));
        const Run hostBits = run({QStringLiteral("leases"), QStringLiteral("reserve"), QStringLiteral("10.244.9.1/24"), QStringLiteral("192.168.64.10")});
        QCOMPARE(hostBits.exitCode, 1);
        QVERIFY(hostBits.err.contains(QStringLiteral("did you mean 10.244.9.0/24")));

        // A leased subnet reserved for its own holder becomes permanent.
        auto grant = etcd.leaseGrant(3600);
        TARTAN_VERIFY_OK(etcd.put(kPrefix + "/subnets/10.244.10.0-24", R"({"PublicIP":"192.168.64.11","PublicIPv6":null})", grant->id));
        const Run convert = run({QStringLiteral("leases"), QStringLiteral("reserve"), QStringLiteral("10.244.10.0/24"), QStringLiteral("192.168.64.11")});
        QCOMPARE(convert.exitCode, 0);
        QCOMPARE(etcd.get(kPrefix + "/subnets/10.244.10.0-24")->kvs.first().lease, 0);

        const Run release = run({QStringLiteral("leases"), QStringLiteral("release"), QStringLiteral("10.244.9.0/24")});
        QCOMPARE(release.exitCode, 0);
        QVERIFY(release.out.contains(QStringLiteral("was 192.168.64.9")));
        QCOMPARE(etcd.get(kPrefix + "/subnets/10.244.9.0-24")->kvs.size(), 0);
        QCOMPARE(run({QStringLiteral("leases"), QStringLiteral("release"), QStringLiteral("10.244.9.0/24")}).exitCode, 1);
    }

    void watchPrintsOneLinePerEvent()
    {
        QProcess watch;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("FLANNELD_ETCD_ENDPOINTS"), mEtcd->clientUrl(0).toString());
        watch.setProcessEnvironment(environment);
        // Flags after the command word, and the prefix from the command line.
        watch.start(tartanctl(), {QStringLiteral("leases"), QStringLiteral("--watch"), QStringLiteral("--json"),
                                  QStringLiteral("--etcd-prefix"), QString::fromLatin1(kPrefix)});
        QVERIFY(watch.waitForStarted());
        QByteArray output;
        const auto lines = [&] {
            output += watch.readAllStandardOutput();
            return output.count('\n');
        };
        QTRY_VERIFY_WITH_TIMEOUT(lines() >= 3, 10000); // the leases already there, as "added"
        const int before = lines();
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(kPrefix + "/subnets/10.244.20.0-24",
                                  R"({"PublicIP":"192.168.64.20","PublicIPv6":null,"BackendType":"host-gw"})"));
        etcd::DeleteRangeRequest del;
        del.key = kPrefix + "/subnets/10.244.20.0-24";
        TARTAN_VERIFY_OK(etcd.deleteRange(del));
        QTRY_VERIFY_WITH_TIMEOUT(lines() >= before + 2, 10000);
        watch.kill();
        watch.waitForFinished();
        const QList<QByteArray> all = output.trimmed().split('\n');
        const auto added = json::parse(all[before], QStringLiteral("line"));
        const auto removed = json::parse(all[before + 1], QStringLiteral("line"));
        TARTAN_VERIFY_OK(added);
        QCOMPARE((*added)["event"].get<std::string>(), std::string("added"));
        QCOMPARE((*added)["lease"]["subnet"].get<std::string>(), std::string("10.244.20.0/24"));
        QCOMPARE((*removed)["event"].get<std::string>(), std::string("removed"));
    }

    void reportsUnreachableStoreAndBadFlags()
    {
        const Run unreachable = run({QStringLiteral("leases")}, {QStringLiteral("TARTAN_ETCD_ENDPOINTS=http://127.0.0.1:1")});
        QCOMPARE(unreachable.exitCode, 2);
        QVERIFY2(unreachable.err.contains(QStringLiteral("127.0.0.1:1")), qPrintable(unreachable.err));
        const Run badFlag = run({QStringLiteral("leases"), QStringLiteral("--etcd-endpoints=ftp://x")});
        QCOMPARE(badFlag.exitCode, 1);
        QVERIFY(badFlag.err.contains(QStringLiteral("--etcd-endpoints")));
        QCOMPARE(run({QStringLiteral("bogus")}).exitCode, 1);
        QCOMPARE(run({QStringLiteral("leases"), QStringLiteral("reserve"), QStringLiteral("x")}).exitCode, 1);
    }

private:
    std::unique_ptr<EtcdFixture> mEtcd;
    std::unique_ptr<EtcdClient> mClient;
    QTemporaryDir mDir;
    int mFiles = 0;
};

TARTAN_ETCD_TEST_MAIN(TestTartanctl)
#include "tst_tartanctl.moc"
