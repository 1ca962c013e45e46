// EtcdClient and EtcdWatch against a real 3-member etcd cluster on loopback whose leader is killed:
// requests fail over to the other endpoints and succeed, and the watch moves along.
#include "etcdtestutil.h"

#include <QTest>

#include <cstdio>

using namespace tartan;
using namespace tartan::test;

class TestEtcdCluster : public QObject
{
    Q_OBJECT
private:
    EtcdFixture mEtcd;

private slots:
    void initTestCase()
    {
        const Status started = mEtcd.start(3);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
    }

    void failsOverWhenTheLeaderDies()
    {
        auto leader = mEtcd.leader();
        TARTAN_VERIFY_OK(leader);
        // The leader first, so the client is talking to it when it dies.
        QList<QUrl> endpoints = {mEtcd.clientUrl(*leader)};
        for (int i = 0; i < mEtcd.memberCount(); ++i) {
            if (i != *leader)
                endpoints.append(mEtcd.clientUrl(i));
        }
        auto client = makeClient(endpoints);
        TARTAN_VERIFY_OK(client);
        SyncEtcd sync(**client);
        TARTAN_VERIFY_OK(sync.put("/cl/before", "1"));
        QCOMPARE((*client)->currentEndpoint(), endpoints[0]);

        std::unique_ptr<EtcdWatch> watch((*client)->watch(etcd::WatchOptions::withPrefix("/cl/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        QCOMPARE(watch->endpoint(), endpoints[0]);

        const Status killed = mEtcd.killMember(*leader);
        QVERIFY2(killed.ok(), qPrintable(killed.ok() ? QString() : killed.error().message()));

        // A linearizable read needs a leader: it is retried on the next endpoint until the
        // survivors have elected one.
        auto read = sync.range(etcd::RangeRequest::withPrefix("/cl/"));
        TARTAN_VERIFY_OK(read);
        QCOMPARE(read->kvs.size(), 1);
        QVERIFY((*client)->currentEndpoint() != endpoints[0]);
        const QUrl survivor = (*client)->currentEndpoint();

        auto write = sync.put("/cl/after", "2");
        TARTAN_VERIFY_OK(write);
        QCOMPARE((*client)->currentEndpoint(), survivor); // the good endpoint is remembered

        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 1, 20000);
        QCOMPARE(recorder.events[0].kv.key, QByteArray("/cl/after"));
        QVERIFY(watch->endpoint() != endpoints[0]);
        QVERIFY(!recorder.errors.isEmpty());

        auto newLeader = mEtcd.leader();
        TARTAN_VERIFY_OK(newLeader);
        QVERIFY(*newLeader != *leader);

        // The dead member comes back with its data and catches up.
        const Status restarted = mEtcd.restartMember(*leader);
        QVERIFY2(restarted.ok(), qPrintable(restarted.ok() ? QString() : restarted.error().message()));
        auto direct = makeClient({endpoints[0]});
        TARTAN_VERIFY_OK(direct);
        SyncEtcd directSync(**direct);
        auto caughtUp = directSync.range(etcd::RangeRequest::withPrefix("/cl/"));
        TARTAN_VERIFY_OK(caughtUp);
        QCOMPARE(caughtUp->kvs.size(), 2);
    }

    void allEndpointsDown()
    {
        EtcdClientOptions options;
        options.maxAttempts = 4;
        options.backoffMin = std::chrono::milliseconds(20);
        auto client = makeClient(mEtcd.clientUrls(), options);
        TARTAN_VERIFY_OK(client);
        mEtcd.stopAll();
        SyncEtcd sync(**client);
        auto read = sync.get("/cl/before");
        QVERIFY(!read.ok());
        QVERIFY2(read.error().message().contains(QLatin1String("/v3/kv/range: connection refused (after 4 attempts)")),
                 qPrintable(read.error().message()));
    }
};

TARTAN_ETCD_TEST_MAIN(TestEtcdCluster)
#include "tst_etcdcluster.moc"
