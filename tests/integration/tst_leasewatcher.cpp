// LeaseWatcher against a real etcd: every event of every response, changes by value, rejected
// values, compaction while cut off, and etcd down for 20 s.
#include "etcdtestutil.h"
#include "leasewatcher.h"
#include "tcprelay.h"

#include <QSignalSpy>
#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

const StoreLayout kLayout(QStringLiteral("/test.example/network"));

QByteArray vxlanValue(const QString &publicIp, const QString &mac)
{
    return QStringLiteral(R"({"PublicIP":"%1","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"%2"}})")
        .arg(publicIp, mac)
        .toUtf8();
}

QByteArray keyOf(int third)
{
    return kLayout.subnetsPrefix() + QByteArrayLiteral("10.") + QByteArray::number(200 + third / 256) + '.' +
           QByteArray::number(third % 256) + QByteArrayLiteral(".0-24");
}

QString macOf(int n)
{
    return QStringLiteral("02:00:00:00:%1:%2").arg((n >> 8) & 0xff, 2, 16, QLatin1Char('0')).arg(n & 0xff, 2, 16, QLatin1Char('0'));
}

/// What the watcher told, for assertions.
struct Recorder
{
    explicit Recorder(LeaseWatcher &watcher)
        : added(&watcher, &LeaseWatcher::leaseAdded),
          changed(&watcher, &LeaseWatcher::leaseChanged),
          removed(&watcher, &LeaseWatcher::leaseRemoved),
          rejected(&watcher, &LeaseWatcher::leaseRejected),
          synced(&watcher, &LeaseWatcher::synced)
    {
    }
    QSignalSpy added, changed, removed, rejected, synced;
};

} // namespace

class TestLeaseWatcher : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        TARTAN_VERIFY_OK(startEtcdWithClient(mEtcd, mClient));
    }
    void cleanup()
    {
        mClient.reset();
        mEtcd.reset();
    }

    void listsThenFollowsEveryChange()
    {
        SyncEtcd etcd(*mClient);
        for (int i = 1; i <= 3; ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(QStringLiteral("192.168.0.%1").arg(i), macOf(i))));
        LeaseWatcher watcher(mClient.get(), kLayout);
        Recorder record(watcher);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(record.synced.size(), 1, 10000);
        QCOMPARE(watcher.leases().size(), 3);
        QCOMPARE(record.added.size(), 3);

        TARTAN_VERIFY_OK(etcd.put(keyOf(4), vxlanValue(QStringLiteral("192.168.0.4"), macOf(4))));
        QTRY_COMPARE_WITH_TIMEOUT(record.added.size(), 4, 10000);

        // A new VTEP MAC is a change; the same value written again is not.
        TARTAN_VERIFY_OK(etcd.put(keyOf(2), vxlanValue(QStringLiteral("192.168.0.2"), macOf(99))));
        QTRY_COMPARE_WITH_TIMEOUT(record.changed.size(), 1, 10000);
        const Lease after = record.changed.first().at(1).value<Lease>();
        QCOMPARE(after.attrs.vxlanData()->vtepMac.toString(), macOf(99));
        TARTAN_VERIFY_OK(etcd.put(keyOf(2), vxlanValue(QStringLiteral("192.168.0.2"), macOf(99))));
        TARTAN_VERIFY_OK(etcd.put(keyOf(3), vxlanValue(QStringLiteral("192.168.0.30"), macOf(3))));
        QTRY_COMPARE_WITH_TIMEOUT(record.changed.size(), 2, 10000);
        QCOMPARE(record.changed.last().at(1).value<Lease>().attrs.publicIp.toString(), QStringLiteral("192.168.0.30"));

        etcd::DeleteRangeRequest del;
        del.key = keyOf(1);
        TARTAN_VERIFY_OK(etcd.deleteRange(del));
        QTRY_COMPARE_WITH_TIMEOUT(record.removed.size(), 1, 10000);
        QCOMPARE(watcher.leases().size(), 3);
        QCOMPARE(record.changed.size(), 2);
    }

    void rejectsBadValuesOnce()
    {
        SyncEtcd etcd(*mClient);
        LeaseWatcher watcher(mClient.get(), kLayout);
        Recorder record(watcher);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(record.synced.size(), 1, 10000);

        TARTAN_VERIFY_OK(etcd.put(keyOf(7), vxlanValue(QStringLiteral("192.168.0.7"), macOf(7))));
        QTRY_COMPARE_WITH_TIMEOUT(record.added.size(), 1, 10000);
        // The value turns to garbage: the lease is gone for peers, and the reason is told once.
        TARTAN_VERIFY_OK(etcd.put(keyOf(7), QByteArrayLiteral("{\"PublicIP\":\"not an address\"}")));
        QTRY_COMPARE_WITH_TIMEOUT(record.rejected.size(), 1, 10000);
        QCOMPARE(record.removed.size(), 1);
        QVERIFY(record.rejected.first().at(1).value<Error>().message().contains(QStringLiteral("PublicIP")));
        TARTAN_VERIFY_OK(etcd.put(keyOf(7), QByteArrayLiteral("{\"PublicIP\":\"not an address\"}")));
        TARTAN_VERIFY_OK(etcd.put(kLayout.subnetsPrefix() + "not-a-subnet", vxlanValue(QStringLiteral("192.168.0.8"), macOf(8))));
        QTRY_COMPARE_WITH_TIMEOUT(record.rejected.size(), 2, 10000);
        QCOMPARE(watcher.rejected().size(), 2);
        TARTAN_VERIFY_OK(etcd.put(keyOf(7), vxlanValue(QStringLiteral("192.168.0.7"), macOf(7))));
        QTRY_COMPARE_WITH_TIMEOUT(record.added.size(), 2, 10000);
        QCOMPARE(watcher.rejected().size(), 1);
    }

    void seesEveryPutOfBatchedTransactions()
    {
        SyncEtcd etcd(*mClient);
        LeaseWatcher watcher(mClient.get(), kLayout);
        Recorder record(watcher);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(record.synced.size(), 1, 10000);
        for (int batch = 0; batch < 10; ++batch) {
            etcd::TxnRequest txn;
            for (int i = 0; i < 100; ++i) {
                const int n = batch * 100 + i;
                etcd::PutRequest put;
                put.key = keyOf(n);
                put.value = vxlanValue(QStringLiteral("192.168.%1.%2").arg(n / 250).arg(n % 250 + 1), macOf(n));
                txn.success.append(put);
            }
            TARTAN_VERIFY_OK(etcd.txn(txn));
        }
        QTRY_COMPARE_WITH_TIMEOUT(record.added.size(), 1000, 30000);
        QTest::qWait(300);
        QCOMPARE(record.added.size(), 1000); // none twice
        QCOMPARE(watcher.leases().size(), 1000);
        QCOMPARE(record.changed.size(), 0);
    }

    void convergesAfterCompactionWhileCutOff()
    {
        SyncEtcd etcd(*mClient);
        for (int i = 0; i < 20; ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(QStringLiteral("192.168.1.%1").arg(i + 1), macOf(i))));

        // The watcher reaches etcd through a relay the test can cut.
        TcpRelay relay(mEtcd->clientUrl(0).port());
        QVERIFY(relay.listen());
        EtcdClientOptions options;
        options.maxAttempts = 2;
        auto cutClient = makeClient({QUrl(QStringLiteral("http://127.0.0.1:%1").arg(relay.port()))}, options);
        TARTAN_VERIFY_OK(cutClient);
        LeaseWatcher watcher(cutClient->get(), kLayout);
        Recorder record(watcher);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(record.synced.size(), 1, 10000);
        QCOMPARE(watcher.leases().size(), 20);

        relay.setBlocked(true);
        QTest::qWait(200);
        // While it is cut off: 5 deleted, 5 changed (new MAC), 5 added, and history compacted away.
        for (int i = 0; i < 5; ++i) {
            etcd::DeleteRangeRequest del;
            del.key = keyOf(i);
            TARTAN_VERIFY_OK(etcd.deleteRange(del));
        }
        for (int i = 5; i < 10; ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(QStringLiteral("192.168.1.%1").arg(i + 1), macOf(500 + i))));
        qint64 last = 0;
        for (int i = 20; i < 25; ++i) {
            auto put = etcd.put(keyOf(i), vxlanValue(QStringLiteral("192.168.1.%1").arg(i + 1), macOf(i)));
            TARTAN_VERIFY_OK(put);
            last = put->header.revision;
        }
        TARTAN_VERIFY_OK(etcd.compact(last));
        relay.setBlocked(false);

        QTRY_COMPARE_WITH_TIMEOUT(record.synced.size(), 2, 30000);
        QCOMPARE(record.removed.size(), 5);
        QCOMPARE(record.changed.size(), 5);
        QCOMPARE(record.added.size(), 25);
        // The view is exactly the store.
        auto listing = etcd.range(etcd::RangeRequest::withPrefix(kLayout.subnetsPrefix()));
        TARTAN_VERIFY_OK(listing);
        QCOMPARE(watcher.leases().size(), int(listing->kvs.size()));
        for (const etcd::KeyValue &kv : listing->kvs) {
            const auto subnet = kLayout.parseSubnetKey(kv.key);
            QVERIFY(watcher.leases().contains(*subnet));
            QCOMPARE(watcher.leases().value(*subnet).attrs.encode(), kv.value);
        }
        // And it keeps following after the re-list.
        TARTAN_VERIFY_OK(etcd.put(keyOf(30), vxlanValue(QStringLiteral("192.168.1.31"), macOf(30))));
        QTRY_COMPARE_WITH_TIMEOUT(record.added.size(), 26, 10000);
    }

    void resumesAfterEtcdIsDownFor20Seconds()
    {
        SyncEtcd etcd(*mClient);
        LeaseWatcher watcher(mClient.get(), kLayout);
        Recorder record(watcher);
        QSignalSpy problems(&watcher, &LeaseWatcher::problem);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(record.synced.size(), 1, 10000);
        for (int i = 0; i < 5; ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(QStringLiteral("192.168.2.%1").arg(i + 1), macOf(i))));
        QTRY_COMPARE_WITH_TIMEOUT(record.added.size(), 5, 10000);

        TARTAN_VERIFY_OK(mEtcd->stopMember(0));
        QTest::qWait(20000);
        QVERIFY(!problems.isEmpty());
        TARTAN_VERIFY_OK(mEtcd->restartMember(0));
        for (int i = 5; i < 10; ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(QStringLiteral("192.168.2.%1").arg(i + 1), macOf(i))));
        QTRY_COMPARE_WITH_TIMEOUT(record.added.size(), 10, 30000);
        QTest::qWait(500);
        QCOMPARE(record.added.size(), 10); // nothing repeated
        QCOMPARE(record.synced.size(), 1); // resumed, not re-listed
    }

    void readsFlanneldValuesExactly()
    {
        // Values exactly as flanneld v0.20.2 writes them decode, and encode back to the same bytes.
        const QList<QByteArray> values = {
            R"({"PublicIP":"192.168.64.3","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}})",
            R"({"PublicIP":"10.0.0.2","PublicIPv6":null,"BackendType":"host-gw"})",
            R"({"PublicIP":"10.0.0.3","PublicIPv6":null})",
        };
        SyncEtcd etcd(*mClient);
        for (int i = 0; i < values.size(); ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), values[i]));
        LeaseWatcher watcher(mClient.get(), kLayout);
        QSignalSpy synced(&watcher, &LeaseWatcher::synced);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, 10000);
        QCOMPARE(watcher.leases().size(), values.size());
        for (int i = 0; i < values.size(); ++i)
            QCOMPARE(watcher.leases().value(*kLayout.parseSubnetKey(keyOf(i))).attrs.encode(), values[i]);
    }

private:
    std::unique_ptr<EtcdFixture> mEtcd;
    std::unique_ptr<EtcdClient> mClient;
};

TARTAN_ETCD_TEST_MAIN(TestLeaseWatcher)
#include "tst_leasewatcher.moc"
