// LeaseManager against a real etcd: acquire, reuse, renew, revoke-and-reacquire, reservations,
// config changes, and 50 nodes acquiring at once.
#include "etcdtestutil.h"
#include "leasemanager.h"
#include "tcprelay.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

const StoreLayout kLayout(QStringLiteral("/test.example/network"));

NetworkConfig config(const char *json = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})")
{
    auto parsed = NetworkConfig::parse(QByteArray(json));
    Q_ASSERT(parsed.ok());
    return *parsed;
}

LeaseAttrs node(int n)
{
    LeaseAttrs attrs;
    attrs.publicIp = IpAddress::fromV4(0xc0a80000u + quint32(n)); // 192.168.x.y
    attrs.backendType = QStringLiteral("vxlan");
    VxlanBackendData data;
    data.vni = 1;
    data.vtepMac = *MacAddress::parse(QStringLiteral("02:00:00:00:%1:%2")
                                          .arg((n >> 8) & 0xff, 2, 16, QLatin1Char('0'))
                                          .arg(n & 0xff, 2, 16, QLatin1Char('0')));
    attrs.backendData = data.toJson();
    return attrs;
}

LeaseManager::Options shortLived()
{
    LeaseManager::Options options;
    options.ttl = std::chrono::seconds(6);
    options.renewMargin = std::chrono::seconds(4);
    return options;
}

} // namespace

class TestLeaseManager : public QObject
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

    void acquiresAndWritesFlannelBytes()
    {
        LeaseManager manager(mClient.get(), kLayout, config(), node(10), {});
        QSignalSpy acquired(&manager, &LeaseManager::acquired);
        manager.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        const Lease lease = manager.lease();
        QVERIFY(config().ipv4.fits(lease.subnet.ipv4));
        QVERIFY(lease.storeLeaseId != 0);
        QVERIFY(QDateTime::currentDateTimeUtc().secsTo(lease.expiration) > 86000);

        SyncEtcd etcd(*mClient);
        auto stored = etcd.get(kLayout.subnetKey(lease.subnet));
        TARTAN_VERIFY_OK(stored);
        QCOMPARE(stored->kvs.size(), 1);
        QCOMPARE(stored->kvs.first().value,
                 QByteArray(R"({"PublicIP":"192.168.0.10","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"02:00:00:00:00:0a"}})"));
        auto ttl = etcd.leaseTimeToLive(lease.storeLeaseId);
        TARTAN_VERIFY_OK(ttl);
        QCOMPARE(ttl->grantedTtl, 86400);
    }

    void restartReusesTheSameLease()
    {
        Lease first;
        {
            LeaseManager manager(mClient.get(), kLayout, config(), node(11), {});
            QSignalSpy acquired(&manager, &LeaseManager::acquired);
            manager.start();
            QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
            first = manager.lease();
            manager.stop();
        }
        // The node comes back with a new VTEP MAC: same subnet, same etcd lease, new value.
        LeaseAttrs changed = node(11);
        VxlanBackendData data = *changed.vxlanData();
        data.vtepMac = *MacAddress::parse(u"02:aa:bb:cc:dd:ee");
        changed.backendData = data.toJson();
        LeaseManager again(mClient.get(), kLayout, config(), changed, {});
        QSignalSpy acquired(&again, &LeaseManager::acquired);
        again.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        QCOMPARE(again.lease().subnet, first.subnet);
        QCOMPARE(again.lease().storeLeaseId, first.storeLeaseId);

        SyncEtcd etcd(*mClient);
        auto all = etcd.range(etcd::RangeRequest::withPrefix(kLayout.subnetsPrefix()));
        QCOMPARE(all->kvs.size(), 1);
        QCOMPARE(LeaseAttrs::decode(all->kvs.first().value)->vxlanData()->vtepMac.toString(), QStringLiteral("02:aa:bb:cc:dd:ee"));
    }

    void takesThePreviousSubnetWhenFree()
    {
        LeaseManager::Options options;
        options.previousSubnet = *SubnetKey::parse(u"10.244.77.0-24");
        LeaseManager manager(mClient.get(), kLayout, config(), node(12), options);
        QSignalSpy acquired(&manager, &LeaseManager::acquired);
        QSignalSpy notes(&manager, &LeaseManager::note);
        manager.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        QCOMPARE(manager.lease().subnet.toString(), QStringLiteral("10.244.77.0-24"));

        // Another node with the same previous subnet must get a different one.
        LeaseManager other(mClient.get(), kLayout, config(), node(13), options);
        QSignalSpy otherAcquired(&other, &LeaseManager::acquired);
        QSignalSpy otherNotes(&other, &LeaseManager::note);
        other.start();
        QTRY_COMPARE_WITH_TIMEOUT(otherAcquired.size(), 1, 10000);
        QVERIFY(other.lease().subnet != manager.lease().subnet);
        QCOMPARE(otherNotes.size(), 1);
        QVERIFY(otherNotes.first().first().toString().contains(QStringLiteral("10.244.77.0-24")));
    }

    // The agent hands the manager the watcher's first list. One taken before another node won the
    // subnet it offers must cost a lost transaction and a re-list, never a shared subnet.
    void startsFromAStaleListingWithoutSharingASubnet()
    {
        SyncEtcd etcd(*mClient);
        auto stale = etcd.range(etcd::RangeRequest::withPrefix(kLayout.subnetsPrefix()));
        TARTAN_VERIFY_OK(stale);
        QVERIFY(stale->kvs.isEmpty());

        LeaseManager::Options options;
        options.previousSubnet = *SubnetKey::parse(u"10.244.78.0-24");
        LeaseManager first(mClient.get(), kLayout, config(), node(14), options);
        QSignalSpy firstAcquired(&first, &LeaseManager::acquired);
        first.start();
        QTRY_COMPARE_WITH_TIMEOUT(firstAcquired.size(), 1, 10000);
        QCOMPARE(first.lease().subnet.toString(), QStringLiteral("10.244.78.0-24"));

        LeaseManager late(mClient.get(), kLayout, config(), node(15), options);
        QSignalSpy lateAcquired(&late, &LeaseManager::acquired);
        late.start(*stale);
        QTRY_COMPARE_WITH_TIMEOUT(lateAcquired.size(), 1, 10000);
        QCOMPARE(late.racesLost(), 1);
        QVERIFY(late.lease().subnet != first.lease().subnet);
        auto all = etcd.range(etcd::RangeRequest::withPrefix(kLayout.subnetsPrefix()));
        QCOMPARE(all->kvs.size(), 2);
    }

    void renewsBeforeExpiry()
    {
        LeaseManager manager(mClient.get(), kLayout, config(), node(14), shortLived());
        QSignalSpy acquired(&manager, &LeaseManager::acquired);
        QSignalSpy renewed(&manager, &LeaseManager::renewed);
        QSignalSpy lost(&manager, &LeaseManager::lost);
        manager.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        // Three TTLs later the key is still there, renewed several times, never lost.
        QTest::qWait(18000);
        QVERIFY2(renewed.size() >= 3, QByteArray::number(renewed.size()));
        QCOMPARE(lost.size(), 0);
        SyncEtcd etcd(*mClient);
        QCOMPARE(etcd.get(kLayout.subnetKey(manager.lease().subnet))->kvs.size(), 1);
    }

    void retriesAFailedRenewal()
    {
        // The manager reaches etcd through a relay that is cut when the first renewal is due.
        TcpRelay relay(mEtcd->clientUrl(0).port());
        QVERIFY(relay.listen());
        EtcdClientOptions options;
        options.maxAttempts = 1;
        options.requestTimeout = std::chrono::milliseconds(500);
        auto cutClient = makeClient({QUrl(QStringLiteral("http://127.0.0.1:%1").arg(relay.port()))}, options);
        TARTAN_VERIFY_OK(cutClient);
        LeaseManager manager(cutClient->get(), kLayout, config(), node(19), shortLived());
        QSignalSpy acquired(&manager, &LeaseManager::acquired);
        QSignalSpy renewed(&manager, &LeaseManager::renewed);
        QSignalSpy problems(&manager, &LeaseManager::problem);
        QSignalSpy lost(&manager, &LeaseManager::lost);
        manager.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        relay.setBlocked(true);
        QTRY_VERIFY_WITH_TIMEOUT(!problems.isEmpty(), 10000);
        QVERIFY(problems.first().first().value<Error>().message().contains(QStringLiteral("renewing lease")));
        relay.setBlocked(false);
        QTRY_VERIFY_WITH_TIMEOUT(!renewed.isEmpty(), 10000);
        QCOMPARE(lost.size(), 0);
        QCOMPARE(acquired.size(), 1);
        SyncEtcd etcd(*mClient);
        QCOMPARE(etcd.get(kLayout.subnetKey(manager.lease().subnet))->kvs.size(), 1);
    }

    void reacquiresTheSameSubnetWhenRevoked()
    {
        LeaseManager manager(mClient.get(), kLayout, config(), node(15), {});
        QSignalSpy acquired(&manager, &LeaseManager::acquired);
        QSignalSpy lost(&manager, &LeaseManager::lost);
        manager.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        const Lease before = manager.lease();

        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.leaseRevoke(before.storeLeaseId));
        QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 2, 10000);
        QCOMPARE(manager.lease().subnet, before.subnet);
        QVERIFY(manager.lease().storeLeaseId != before.storeLeaseId);
        QCOMPARE(etcd.get(kLayout.subnetKey(before.subnet))->kvs.size(), 1);
    }

    void keepsReservations()
    {
        // A key with no etcd lease naming our PublicIP is ours for good, and stays lease-less.
        SyncEtcd etcd(*mClient);
        const QByteArray key = kLayout.subnetKey(*SubnetKey::parse(u"10.244.200.0-24"));
        TARTAN_VERIFY_OK(etcd.put(key, QByteArray(R"({"PublicIP":"192.168.0.16","PublicIPv6":null})")));
        LeaseManager manager(mClient.get(), kLayout, config(), node(16), shortLived());
        QSignalSpy acquired(&manager, &LeaseManager::acquired);
        manager.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        QCOMPARE(manager.lease().subnet.toString(), QStringLiteral("10.244.200.0-24"));
        QVERIFY(manager.lease().isReservation());
        auto stored = etcd.get(key);
        QCOMPARE(stored->kvs.first().lease, 0);
        QCOMPARE(stored->kvs.first().value, node(16).encode()); // our attributes published on it
        QTest::qWait(8000); // longer than the TTL: still there
        QCOMPARE(etcd.get(key)->kvs.size(), 1);

        // Another node never gets a reserved subnet.
        LeaseManager::Options wantsIt;
        wantsIt.previousSubnet = *SubnetKey::parse(u"10.244.200.0-24");
        LeaseManager other(mClient.get(), kLayout, config(), node(17), wantsIt);
        QSignalSpy otherAcquired(&other, &LeaseManager::acquired);
        other.start();
        QTRY_COMPARE_WITH_TIMEOUT(otherAcquired.size(), 1, 10000);
        QVERIFY(other.lease().subnet != manager.lease().subnet);
    }

    void replacesAnOwnLeaseTheConfigNoLongerAllows()
    {
        SyncEtcd etcd(*mClient);
        auto grant = etcd.leaseGrant(600);
        TARTAN_VERIFY_OK(grant);
        const QByteArray oldKey = kLayout.subnetKey(*SubnetKey::parse(u"10.244.3.0-24"));
        TARTAN_VERIFY_OK(etcd.put(oldKey, node(18).encode(), grant->id));
        // The network now leases /26s: the old /24 does not fit.
        LeaseManager manager(mClient.get(), kLayout,
                             config(R"({"Network":"10.244.0.0/16","SubnetLen":26,"Backend":{"Type":"vxlan"}})"), node(18), {});
        QSignalSpy acquired(&manager, &LeaseManager::acquired);
        QSignalSpy notes(&manager, &LeaseManager::note);
        manager.start();
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, 10000);
        QCOMPARE(manager.lease().subnet.ipv4.prefixLength(), 26);
        QCOMPARE(etcd.get(oldKey)->kvs.size(), 0);
        QCOMPARE(notes.size(), 1);
    }

    void fiftyNodesAtOnceGetFiftyDistinctSubnets()
    {
        std::vector<std::unique_ptr<LeaseManager>> managers;
        std::vector<std::unique_ptr<QSignalSpy>> acquired, problems;
        for (int n = 0; n < 50; ++n) {
            managers.push_back(std::make_unique<LeaseManager>(mClient.get(), kLayout, config(), node(100 + n),
                                                              LeaseManager::Options{}));
            acquired.push_back(std::make_unique<QSignalSpy>(managers.back().get(), &LeaseManager::acquired));
            problems.push_back(std::make_unique<QSignalSpy>(managers.back().get(), &LeaseManager::problem));
        }
        for (auto &manager : managers)
            manager->start();
        const auto allAcquired = [&] {
            return std::all_of(acquired.begin(), acquired.end(), [](const auto &spy) { return spy->size() == 1; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(allAcquired(), 60000);
        QSet<SubnetKey> subnets;
        int races = 0;
        for (int n = 0; n < 50; ++n) {
            subnets.insert(managers[n]->lease().subnet);
            if (!problems[n]->isEmpty())
                QFAIL(qPrintable(problems[n]->first().first().value<Error>().message()));
            races += managers[n]->racesLost();
        }
        QCOMPARE(subnets.size(), 50);
        SyncEtcd etcd(*mClient);
        QCOMPARE(etcd.range(etcd::RangeRequest::withPrefix(kLayout.subnetsPrefix()))->kvs.size(), 50);
        qInfo("50 managers: %d lost races, all resolved", races);
    }

private:
    std::unique_ptr<EtcdFixture> mEtcd;
    std::unique_ptr<EtcdClient> mClient;
};

TARTAN_ETCD_TEST_MAIN(TestLeaseManager)
#include "tst_leasemanager.moc"
