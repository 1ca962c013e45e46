// EtcdWatch against one real etcd member: every event of every response, catching up from an old
// revision, compaction while the watch is cut off, and an etcd outage of ~20 s.
#include "etcdtestutil.h"
#include "tcprelay.h"

#include <QSet>
#include <QTest>

#include <cstdio>

using namespace tartan;
using namespace tartan::test;

namespace {

QByteArray numbered(const char *prefix, int i)
{
    return QByteArray(prefix) + QByteArray::number(i).rightJustified(4, '0');
}

/// Events must be the keys `prefix`0000.. in order, each once, with revisions never going back.
QString checkSequence(const QList<etcd::Event> &events, const char *prefix, int first, int count)
{
    if (events.size() != count)
        return QStringLiteral("%1 events, expected %2").arg(events.size()).arg(count);
    qint64 lastRevision = 0;
    for (int i = 0; i < count; ++i) {
        const etcd::Event &event = events[i];
        if (event.kv.key != numbered(prefix, first + i))
            return QStringLiteral("event %1 is %2, expected %3").arg(i).arg(QString::fromUtf8(event.kv.key), QString::fromUtf8(numbered(prefix, first + i)));
        if (event.kv.value != QByteArray::number(first + i))
            return QStringLiteral("event %1 has value %2").arg(i).arg(QString::fromUtf8(event.kv.value));
        if (event.kv.modRevision < lastRevision)
            return QStringLiteral("event %1 goes back to revision %2").arg(i).arg(event.kv.modRevision);
        lastRevision = event.kv.modRevision;
    }
    return {};
}

} // namespace

class TestEtcdWatch : public QObject
{
    Q_OBJECT
private:
    EtcdFixture mEtcd;
    std::unique_ptr<EtcdClient> mClient;
    std::unique_ptr<SyncEtcd> mSync;

    static EtcdClientOptions fastOptions()
    {
        EtcdClientOptions options;
        options.requestTimeout = std::chrono::milliseconds(3000);
        return options;
    }

private slots:
    void initTestCase()
    {
        // Progress notifications every 500 ms instead of etcd's 10 min, so idle watches get them.
        const Status started = mEtcd.start(1, {QStringLiteral("--experimental-watch-progress-notify-interval=500ms")});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
        auto client = makeClient(mEtcd.clientUrls(), fastOptions());
        TARTAN_VERIFY_OK(client);
        mClient = std::move(client).value();
        mSync = std::make_unique<SyncEtcd>(*mClient);
    }

    // 1000 puts as 10 transactions of 100: each transaction is one revision and one watch response
    // with 100 events; all of them arrive, in order, once (upstream v0.20.2 kept only Events[0]).
    void everyEventOfEveryResponse()
    {
        std::unique_ptr<EtcdWatch> watch(mClient->watch(etcd::WatchOptions::withPrefix("/w1000/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        QVERIFY(watch->nextRevision() > 0);

        qint64 firstRevision = 0;
        for (int t = 0; t < 10; ++t) {
            etcd::TxnRequest txn;
            for (int i = 0; i < 100; ++i) {
                const int n = t * 100 + i;
                txn.success.append(etcd::PutRequest{numbered("/w1000/", n), QByteArray::number(n), 0, false});
            }
            auto applied = mSync->txn(txn);
            TARTAN_VERIFY_OK(applied);
            if (t == 0)
                firstRevision = applied->header.revision;
        }
        QTRY_VERIFY_WITH_TIMEOUT(recorder.events.size() >= 1000, 20000);
        QTest::qWait(300); // nothing more may come
        const QString problem = checkSequence(recorder.events, "/w1000/", 0, 1000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(recorder.batches, 10);
        QCOMPARE(recorder.events.front().kv.modRevision, firstRevision);
        QCOMPARE(recorder.events.back().kv.modRevision, firstRevision + 9);
        QCOMPARE(watch->nextRevision(), firstRevision + 10);

        // A second watch from the first revision catches up on history: etcd then sends old
        // revisions with the current header revision, which must not be taken as the resume point.
        std::unique_ptr<EtcdWatch> late(mClient->watch(etcd::WatchOptions::withPrefix("/w1000/", firstRevision)));
        WatchRecorder lateRecorder(late.get());
        late->start();
        QTRY_VERIFY_WITH_TIMEOUT(lateRecorder.events.size() >= 1000, 20000);
        QTest::qWait(300);
        const QString lateProblem = checkSequence(lateRecorder.events, "/w1000/", 0, 1000);
        QVERIFY2(lateProblem.isEmpty(), qPrintable(lateProblem));
        QVERIFY(recorder.errors.isEmpty());
    }

    void deletesAndPrevKv()
    {
        etcd::WatchOptions options = etcd::WatchOptions::withPrefix("/wd/");
        options.prevKv = true;
        std::unique_ptr<EtcdWatch> watch(mClient->watch(options));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        TARTAN_VERIFY_OK(mSync->put("/wd/a", "1"));
        TARTAN_VERIFY_OK(mSync->put("/wd/a", "2"));
        TARTAN_VERIFY_OK(mSync->deleteRange(etcd::DeleteRangeRequest::withPrefix("/wd/")));
        TARTAN_VERIFY_OK(mSync->put("/other", "x")); // outside the prefix
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 3, 10000);
        QCOMPARE(recorder.events[0].type, etcd::Event::Type::Put);
        QVERIFY(!recorder.events[0].prevKv.has_value());
        QCOMPARE(recorder.events[1].prevKv->value, QByteArray("1"));
        QCOMPARE(recorder.events[2].type, etcd::Event::Type::Delete);
        QCOMPARE(recorder.events[2].kv.key, QByteArray("/wd/a"));
        QCOMPARE(recorder.events[2].prevKv->value, QByteArray("2"));
    }

    // An idle watch on a quiet prefix still advances its resume revision through etcd's empty
    // progress responses, so writes elsewhere and a compaction do not force it to re-list.
    void progressAdvancesIdleWatch()
    {
        std::unique_ptr<EtcdWatch> watch(mClient->watch(etcd::WatchOptions::withPrefix("/quiet/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        qint64 elsewhere = 0;
        for (int i = 0; i < 3; ++i) {
            auto put = mSync->put("/loud/" + QByteArray::number(i), "x");
            TARTAN_VERIFY_OK(put);
            elsewhere = put->header.revision;
        }
        QTRY_VERIFY_WITH_TIMEOUT(watch->nextRevision() > elsewhere, 5000);
        QVERIFY(recorder.events.isEmpty());
        TARTAN_VERIFY_OK(mSync->compact(elsewhere));
        watch->stop();
        watch->start();
        TARTAN_VERIFY_OK(mSync->put("/quiet/a", "1"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 1, 10000);
        QVERIFY(recorder.compactions.isEmpty());
    }

    // The watch's client loses its endpoint (a relay in front of etcd is cut) while others write
    // and compact; when the endpoint is back the watch reports the compaction, and after a re-list
    // it resumes from the snapshot with nothing lost.
    void compactionWhileDisconnected()
    {
        TcpRelay relay(mEtcd.clientUrl(0).port());
        QVERIFY(relay.listen());
        auto client = makeClient({QUrl(QStringLiteral("http://127.0.0.1:%1").arg(relay.port()))}, fastOptions());
        TARTAN_VERIFY_OK(client);
        std::unique_ptr<EtcdWatch> watch((*client)->watch(etcd::WatchOptions::withPrefix("/cw/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        TARTAN_VERIFY_OK(mSync->put("/cw/0000", "0"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 1, 10000);

        relay.setBlocked(true);
        QTRY_VERIFY_WITH_TIMEOUT(!recorder.errors.isEmpty(), 10000);
        QVERIFY(watch->state() != EtcdWatch::State::Watching);
        qint64 last = 0;
        for (int i = 1; i <= 5; ++i) {
            auto put = mSync->put(numbered("/cw/", i), QByteArray::number(i));
            TARTAN_VERIFY_OK(put);
            last = put->header.revision;
        }
        TARTAN_VERIFY_OK(mSync->compact(last));
        relay.setBlocked(false);

        QTRY_COMPARE_WITH_TIMEOUT(recorder.compactions.size(), 1, 15000);
        QCOMPARE(recorder.compactions.front(), last);
        QCOMPARE(watch->state(), EtcdWatch::State::Compacted);
        QCOMPARE(recorder.events.size(), 1); // nothing from the compacted history

        // The caller's recovery: re-list, then resume after the listing's revision.
        SyncEtcd sync(**client);
        auto listing = sync.range(etcd::RangeRequest::withPrefix("/cw/"));
        TARTAN_VERIFY_OK(listing);
        QCOMPARE(listing->kvs.size(), 6);
        watch->restartFrom(listing->header.revision + 1);
        TARTAN_VERIFY_OK(mSync->put("/cw/0006", "6"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 2, 10000);
        QCOMPARE(recorder.events.back().kv.key, QByteArray("/cw/0006"));
        QCOMPARE(watch->state(), EtcdWatch::State::Watching);
    }

    // etcd down for ~20 s, then back with the same data: the watch resumes by itself and events
    // written right after the restart arrive exactly once; reconnects back off up to 5 s.
    void resumesAfterOutage()
    {
        std::unique_ptr<EtcdWatch> watch(mClient->watch(etcd::WatchOptions::withPrefix("/rs/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        for (int i = 0; i < 3; ++i)
            TARTAN_VERIFY_OK(mSync->put(numbered("/rs/", i), QByteArray::number(i)));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 3, 10000);

        const Status stopped = mEtcd.stopMember(0);
        QVERIFY2(stopped.ok(), qPrintable(stopped.ok() ? QString() : stopped.error().message()));
        QTest::qWait(20000);
        QVERIFY(watch->state() != EtcdWatch::State::Watching);
        // 100 ms doubling to 5 s: about 9 attempts in 20 s; without back-off there would be hundreds.
        const qsizetype attempts = recorder.errors.size();
        QVERIFY2(attempts >= 4 && attempts <= 14, qPrintable(QStringLiteral("%1 reconnect attempts").arg(attempts)));
        QVERIFY2(recorder.errors.back().startsWith(QStringLiteral("etcd %1 /v3/watch: ").arg(mEtcd.clientUrl(0).toString())),
                 qPrintable(recorder.errors.back()));

        const Status restarted = mEtcd.restartMember(0);
        QVERIFY2(restarted.ok(), qPrintable(restarted.ok() ? QString() : restarted.error().message()));
        for (int i = 3; i < 13; ++i)
            TARTAN_VERIFY_OK(mSync->put(numbered("/rs/", i), QByteArray::number(i)));
        QTRY_VERIFY_WITH_TIMEOUT(recorder.events.size() >= 13, 15000);
        QTest::qWait(500);
        const QString problem = checkSequence(recorder.events, "/rs/", 0, 13);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(watch->state(), EtcdWatch::State::Watching);
        QVERIFY(recorder.connections.size() >= 2);
    }

    void cleanupTestCase()
    {
        mSync.reset();
        mClient.reset();
        mEtcd.stopAll();
    }
};

TARTAN_ETCD_TEST_MAIN(TestEtcdWatch)
#include "tst_etcdwatch.moc"
