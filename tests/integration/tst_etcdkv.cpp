// EtcdClient against one real etcd member: KV range/put/delete, transactions, compaction and
// leases, and the errors a caller sees.
#include "etcdtestutil.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

#include <cstdio>

using namespace tartan;
using namespace tartan::test;

class TestEtcdKv : public QObject
{
    Q_OBJECT
private:
    EtcdFixture mEtcd;
    std::unique_ptr<EtcdClient> mClient;
    std::unique_ptr<SyncEtcd> mSync;

private slots:
    void initTestCase()
    {
        const Status started = mEtcd.start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
        auto client = makeClient(mEtcd.clientUrls());
        TARTAN_VERIFY_OK(client);
        mClient = std::move(client).value();
        mSync = std::make_unique<SyncEtcd>(*mClient);
    }

    void putRangeDelete()
    {
        auto put = mSync->put("/kv/a", "1");
        TARTAN_VERIFY_OK(put);
        QVERIFY(put->header.revision > 1);
        QVERIFY(put->header.clusterId != 0);
        QVERIFY(put->header.memberId != 0);
        QVERIFY(put->header.raftTerm != 0);

        // Values are bytes, not text: every byte value and an empty value survive.
        QByteArray binary;
        for (int i = 0; i < 256; ++i)
            binary.append(char(i));
        TARTAN_VERIFY_OK(mSync->put("/kv/b", binary));
        TARTAN_VERIFY_OK(mSync->put("/kv/c", QByteArray()));

        etcd::PutRequest overwrite;
        overwrite.key = "/kv/a";
        overwrite.value = "2";
        overwrite.prevKv = true;
        auto second = mSync->put(overwrite);
        TARTAN_VERIFY_OK(second);
        QVERIFY(second->prevKv.has_value());
        QCOMPARE(second->prevKv->value, QByteArray("1"));

        auto a = mSync->get("/kv/a");
        TARTAN_VERIFY_OK(a);
        QCOMPARE(a->kvs.size(), 1);
        QCOMPARE(a->kvs[0].key, QByteArray("/kv/a"));
        QCOMPARE(a->kvs[0].value, QByteArray("2"));
        QCOMPARE(a->kvs[0].version, 2);
        QCOMPARE(a->kvs[0].createRevision, put->header.revision);
        QCOMPARE(a->kvs[0].modRevision, second->header.revision);
        QCOMPARE(a->kvs[0].lease, 0);

        auto all = mSync->range(etcd::RangeRequest::withPrefix("/kv/"));
        TARTAN_VERIFY_OK(all);
        QCOMPARE(all->count, 3);
        QCOMPARE(all->kvs.size(), 3);
        QCOMPARE(all->kvs[1].value, binary);
        QCOMPARE(all->kvs[2].value, QByteArray());

        etcd::RangeRequest limited = etcd::RangeRequest::withPrefix("/kv/");
        limited.limit = 2;
        limited.keysOnly = true;
        auto some = mSync->range(limited);
        TARTAN_VERIFY_OK(some);
        QCOMPARE(some->kvs.size(), 2);
        QVERIFY(some->more);
        QCOMPARE(some->count, 3);
        QVERIFY(some->kvs[0].value.isEmpty());

        etcd::RangeRequest counted = etcd::RangeRequest::withPrefix("/kv/");
        counted.countOnly = true;
        auto count = mSync->range(counted);
        TARTAN_VERIFY_OK(count);
        QCOMPARE(count->count, 3);
        QVERIFY(count->kvs.isEmpty());

        // A read at an older revision sees the old value.
        etcd::RangeRequest old;
        old.key = "/kv/a";
        old.revision = put->header.revision;
        auto past = mSync->range(old);
        TARTAN_VERIFY_OK(past);
        QCOMPARE(past->kvs.value(0).value, QByteArray("1"));

        auto missing = mSync->get("/kv/none");
        TARTAN_VERIFY_OK(missing);
        QVERIFY(missing->kvs.isEmpty());
        QCOMPARE(missing->count, 0);

        etcd::DeleteRangeRequest del = etcd::DeleteRangeRequest::withPrefix("/kv/");
        del.prevKv = true;
        auto deleted = mSync->deleteRange(del);
        TARTAN_VERIFY_OK(deleted);
        QCOMPARE(deleted->deleted, 3);
        QCOMPARE(deleted->prevKvs.size(), 3);
        auto none = mSync->range(etcd::RangeRequest::withPrefix("/kv/"));
        TARTAN_VERIFY_OK(none);
        QCOMPARE(none->count, 0);
    }

    // flannel's lease creation: Txn(If Version(key) == 0, Then Put). The second writer loses and
    // sees the winner's value through its failure branch.
    void txnCreateIfAbsent()
    {
        const QByteArray key = "/coreos.com/network/subnets/10.5.52.0-24";
        auto create = [&](const QByteArray &value) {
            etcd::TxnRequest txn;
            txn.compare = {etcd::Compare::version(key, etcd::Compare::Op::Equal, 0)};
            txn.success = {etcd::PutRequest{key, value, 0, false}};
            txn.failure = {etcd::RangeRequest{key, {}, 0, 0, false, false, false}};
            return mSync->txn(txn);
        };
        auto first = create(R"({"PublicIP":"192.168.64.3"})");
        TARTAN_VERIFY_OK(first);
        QVERIFY(first->succeeded);
        QCOMPARE(first->responses.size(), 1);
        QVERIFY(std::holds_alternative<etcd::PutResponse>(first->responses[0]));

        auto second = create(R"({"PublicIP":"192.168.64.4"})");
        TARTAN_VERIFY_OK(second);
        QVERIFY(!second->succeeded);
        QCOMPARE(second->responses.size(), 1);
        const auto *range = std::get_if<etcd::RangeResponse>(&second->responses[0]);
        QVERIFY(range);
        QCOMPARE(range->kvs.value(0).value, QByteArray(R"({"PublicIP":"192.168.64.3"})"));

        // Two writers racing at once: exactly one wins.
        std::optional<Result<etcd::TxnResponse>> a, b;
        const QByteArray raced = "/race/key";
        for (auto *slot : {&a, &b}) {
            etcd::TxnRequest txn;
            txn.compare = {etcd::Compare::version(raced, etcd::Compare::Op::Equal, 0)};
            txn.success = {etcd::PutRequest{raced, slot == &a ? "a" : "b", 0, false}};
            mClient->txn(txn, this, [slot](Result<etcd::TxnResponse> r) { slot->emplace(std::move(r)); });
        }
        QTRY_VERIFY_WITH_TIMEOUT(a && b, 10000);
        TARTAN_VERIFY_OK(*a);
        TARTAN_VERIFY_OK(*b);
        QCOMPARE(int((*a)->succeeded) + int((*b)->succeeded), 1);
    }

    void txnCompares()
    {
        auto grant = mSync->leaseGrant(60);
        TARTAN_VERIFY_OK(grant);
        auto put = mSync->put("/cmp/k", "v1", grant->id);
        TARTAN_VERIFY_OK(put);
        auto current = mSync->get("/cmp/k");
        TARTAN_VERIFY_OK(current);
        const etcd::KeyValue kv = current->kvs.value(0);
        using Op = etcd::Compare::Op;

        struct Case
        {
            const char *name;
            etcd::Compare compare;
            bool holds;
        };
        const QList<Case> cases = {
            {"mod == mod", etcd::Compare::modRevision("/cmp/k", Op::Equal, kv.modRevision), true},
            {"mod < mod", etcd::Compare::modRevision("/cmp/k", Op::Less, kv.modRevision), false},
            {"create == create", etcd::Compare::createRevision("/cmp/k", Op::Equal, kv.createRevision), true},
            {"version > 0", etcd::Compare::version("/cmp/k", Op::Greater, 0), true},
            {"value == v1", etcd::Compare::valueOf("/cmp/k", Op::Equal, "v1"), true},
            {"value != v1", etcd::Compare::valueOf("/cmp/k", Op::NotEqual, "v1"), false},
            {"lease == granted", etcd::Compare::lease("/cmp/k", Op::Equal, grant->id), true},
            {"lease == 0", etcd::Compare::lease("/cmp/k", Op::Equal, 0), false},
        };
        for (const Case &c : cases) {
            etcd::TxnRequest txn;
            txn.compare = {c.compare};
            txn.success = {etcd::RangeRequest{"/cmp/k", {}, 0, 0, false, false, false}};
            txn.failure = {etcd::DeleteRangeRequest{"/cmp/none", {}, false}};
            auto result = mSync->txn(txn);
            TARTAN_VERIFY_OK(result);
            QVERIFY2(result->succeeded == c.holds, c.name);
            QCOMPARE(result->responses.size(), 1);
            QCOMPARE(std::holds_alternative<etcd::RangeResponse>(result->responses[0]), c.holds);
        }

        // Several operations in one transaction, at one revision.
        etcd::TxnRequest batch;
        batch.success = {etcd::PutRequest{"/cmp/x", "1", 0, false}, etcd::PutRequest{"/cmp/y", "2", 0, false},
                         etcd::DeleteRangeRequest{"/cmp/k", {}, true}};
        auto applied = mSync->txn(batch);
        TARTAN_VERIFY_OK(applied);
        QVERIFY(applied->succeeded); // no compares: always true
        QCOMPARE(applied->responses.size(), 3);
        const auto *deleted = std::get_if<etcd::DeleteRangeResponse>(&applied->responses[2]);
        QVERIFY(deleted);
        QCOMPARE(deleted->deleted, 1);
        QCOMPARE(deleted->prevKvs.value(0).value, QByteArray("v1"));
        auto x = mSync->get("/cmp/x");
        auto y = mSync->get("/cmp/y");
        TARTAN_VERIFY_OK(x);
        TARTAN_VERIFY_OK(y);
        QCOMPARE(x->kvs.value(0).modRevision, y->kvs.value(0).modRevision);
        TARTAN_VERIFY_OK(mSync->leaseRevoke(grant->id));
    }

    void leases()
    {
        auto grant = mSync->leaseGrant(30);
        TARTAN_VERIFY_OK(grant);
        QVERIFY(grant->id != 0);
        QCOMPARE(grant->ttl, 30);

        TARTAN_VERIFY_OK(mSync->put("/lease/a", "1", grant->id));
        TARTAN_VERIFY_OK(mSync->put("/lease/b", "2", grant->id));
        TARTAN_VERIFY_OK(mSync->put("/lease/keep", "3"));

        auto ttl = mSync->leaseTimeToLive(grant->id, true);
        TARTAN_VERIFY_OK(ttl);
        QCOMPARE(ttl->id, grant->id);
        QCOMPARE(ttl->grantedTtl, 30);
        QVERIFY(ttl->ttl > 0 && ttl->ttl <= 30);
        QList<QByteArray> keys = ttl->keys;
        std::sort(keys.begin(), keys.end());
        QCOMPARE(keys, (QList<QByteArray>{"/lease/a", "/lease/b"}));

        auto kept = mSync->leaseKeepAliveOnce(grant->id);
        TARTAN_VERIFY_OK(kept);
        QCOMPARE(kept->id, grant->id);
        QCOMPARE(kept->ttl, 30);

        auto withLease = mSync->get("/lease/a");
        TARTAN_VERIFY_OK(withLease);
        QCOMPARE(withLease->kvs.value(0).lease, grant->id);

        TARTAN_VERIFY_OK(mSync->leaseRevoke(grant->id));
        auto gone = mSync->range(etcd::RangeRequest::withPrefix("/lease/"));
        TARTAN_VERIFY_OK(gone);
        QCOMPARE(gone->kvs.size(), 1);
        QCOMPARE(gone->kvs[0].key, QByteArray("/lease/keep"));

        // A revoked lease: keep-alive answers ttl 0, time-to-live -1, revoke an error.
        auto late = mSync->leaseKeepAliveOnce(grant->id);
        TARTAN_VERIFY_OK(late);
        QCOMPARE(late->ttl, 0);
        auto expired = mSync->leaseTimeToLive(grant->id, false);
        TARTAN_VERIFY_OK(expired);
        QCOMPARE(expired->ttl, -1);
        auto again = mSync->leaseRevoke(grant->id);
        QVERIFY(!again.ok());
        QVERIFY2(again.error().message().contains(QLatin1String("/v3/lease/revoke: etcdserver: requested lease not found")),
                 qPrintable(again.error().message()));

        // A chosen id above 2^53 (it only survives as a JSON string), and expiry by itself.
        auto chosen = mSync->leaseGrant(1, 0x7a7a7a7a7a7a7a7a);
        TARTAN_VERIFY_OK(chosen);
        QCOMPARE(chosen->id, 0x7a7a7a7a7a7a7a7a);
        TARTAN_VERIFY_OK(mSync->put("/lease/short", "x", chosen->id));
        QTRY_VERIFY_WITH_TIMEOUT(mSync->get("/lease/short").value().kvs.isEmpty(), 10000);
    }

    void compactedRevisionIsAnError()
    {
        auto first = mSync->put("/compact/k", "1");
        TARTAN_VERIFY_OK(first);
        auto second = mSync->put("/compact/k", "2");
        TARTAN_VERIFY_OK(second);
        TARTAN_VERIFY_OK(mSync->compact(second->header.revision));
        etcd::RangeRequest old;
        old.key = "/compact/k";
        old.revision = first->header.revision;
        auto past = mSync->range(old);
        QVERIFY(!past.ok());
        const QString expected = QStringLiteral("etcd %1 /v3/kv/range: etcdserver: mvcc: required revision has been compacted")
                                     .arg(mEtcd.clientUrl(0).toString());
        QVERIFY2(past.error().message().startsWith(expected), qPrintable(past.error().message()));
    }

    // Nothing listens: the error names endpoint, path and cause, after the bounded retries.
    void connectionRefusedNamesEndpointAndRequest()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        EtcdClientOptions options;
        options.maxAttempts = 3;
        options.backoffMin = std::chrono::milliseconds(10);
        auto client = makeClient({QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))}, options);
        TARTAN_VERIFY_OK(client);
        SyncEtcd sync(**client);
        etcd::TxnRequest txn;
        txn.success = {etcd::PutRequest{"k", "v", 0, false}};
        auto result = sync.txn(txn);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message(),
                 QStringLiteral("etcd http://127.0.0.1:%1 /v3/kv/txn: connection refused (after 3 attempts)").arg(port));
    }

    void badOptionsAreErrors()
    {
        EtcdClientOptions none;
        QVERIFY(!EtcdClient::create(none).ok());
        auto parsed = EtcdClientOptions::parseEndpoints(QStringLiteral("127.0.0.1:2379, https://10.0.0.1:2379"));
        TARTAN_VERIFY_OK(parsed);
        QCOMPARE(*parsed, (QList<QUrl>{QUrl("http://127.0.0.1:2379"), QUrl("https://10.0.0.1:2379")}));
        QVERIFY(!EtcdClientOptions::parseEndpoints(QStringLiteral("ftp://x:1")).ok());
        EtcdClientOptions tls;
        tls.endpoints = {QUrl("https://127.0.0.1:2379")};
        tls.caFile = QStringLiteral("/nonexistent/ca.pem");
        auto bad = EtcdClient::create(tls);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message().contains(QLatin1String("/nonexistent/ca.pem")), qPrintable(bad.error().message()));
    }

    // As etcd's Go client: credentials for a cluster without authentication are no error.
    void credentialsWithoutServerAuth()
    {
        EtcdClientOptions options;
        options.username = QStringLiteral("root");
        options.password = QStringLiteral("unused");
        auto client = makeClient(mEtcd.clientUrls(), options);
        TARTAN_VERIFY_OK(client);
        SyncEtcd sync(**client);
        TARTAN_VERIFY_OK(sync.put("/noauth/a", "1"));
        auto read = sync.get("/noauth/a");
        TARTAN_VERIFY_OK(read);
        QCOMPARE(read->kvs.value(0).value, QByteArray("1"));
    }

    // A callback whose context is gone is dropped, not called into a dead object.
    void deadContextDropsCallback()
    {
        bool called = false;
        auto *context = new QObject;
        mClient->range(etcd::RangeRequest::withPrefix("/"), context, [&called](Result<etcd::RangeResponse>) { called = true; });
        delete context;
        bool probe = false;
        mClient->range(etcd::RangeRequest::withPrefix("/"), this, [&probe](Result<etcd::RangeResponse>) { probe = true; });
        QTRY_VERIFY_WITH_TIMEOUT(probe, 10000);
        QTest::qWait(200);
        QVERIFY(!called);
    }

    void cleanupTestCase()
    {
        mSync.reset();
        mClient.reset();
        mEtcd.stopAll();
    }
};

TARTAN_ETCD_TEST_MAIN(TestEtcdKv)
#include "tst_etcdkv.moc"
