// EtcdClient with etcd's username/password authentication on a real etcd: a root user is created
// and authentication enabled through the gateway; tokens live 2 s so that expiry is exercised.
#include "etcdtestutil.h"

#include <QTest>

#include <cstdio>

using namespace tartan;
using namespace tartan::test;

class TestEtcdAuth : public QObject
{
    Q_OBJECT
private:
    EtcdFixture mEtcd;

    Result<std::unique_ptr<EtcdClient>> client(const QString &user, const QString &password)
    {
        EtcdClientOptions options;
        options.username = user;
        options.password = password;
        return makeClient(mEtcd.clientUrls(), options);
    }

private slots:
    void initTestCase()
    {
        const Status started = mEtcd.start(1, {QStringLiteral("--auth-token-ttl=2")});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
        // What `etcdctl user add root && etcdctl auth enable` does.
        TARTAN_VERIFY_OK(mEtcd.post(0, QStringLiteral("/v3/auth/user/add"), {{"name", "root"}, {"password", "s3cret"}}));
        TARTAN_VERIFY_OK(mEtcd.post(0, QStringLiteral("/v3/auth/role/add"), {{"name", "root"}}));
        TARTAN_VERIFY_OK(mEtcd.post(0, QStringLiteral("/v3/auth/user/grant"), {{"user", "root"}, {"role", "root"}}));
        TARTAN_VERIFY_OK(mEtcd.post(0, QStringLiteral("/v3/auth/enable"), json::Json::object()));
    }

    void rightPasswordWorks()
    {
        auto root = client(QStringLiteral("root"), QStringLiteral("s3cret"));
        TARTAN_VERIFY_OK(root);
        SyncEtcd sync(**root);
        TARTAN_VERIFY_OK(sync.put("/auth/a", "1"));
        auto read = sync.get("/auth/a");
        TARTAN_VERIFY_OK(read);
        QCOMPARE(read->kvs.value(0).value, QByteArray("1"));

        // Watches carry the token too.
        std::unique_ptr<EtcdWatch> watch((*root)->watch(etcd::WatchOptions::withPrefix("/auth/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        TARTAN_VERIFY_OK(sync.put("/auth/b", "2"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 1, 10000);
        QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
    }

    // A token unused for longer than --auth-token-ttl is invalid; the client authenticates again.
    void expiredTokenIsRenewed()
    {
        auto token = mEtcd.post(0, QStringLiteral("/v3/auth/authenticate"), {{"name", "root"}, {"password", "s3cret"}});
        TARTAN_VERIFY_OK(token);
        auto root = client(QStringLiteral("root"), QStringLiteral("s3cret"));
        TARTAN_VERIFY_OK(root);
        SyncEtcd sync(**root);
        TARTAN_VERIFY_OK(sync.put("/auth/c", "1"));
        QTest::qWait(3500);
        // Proof that tokens did expire meanwhile.
        auto stale = mEtcd.post(0, QStringLiteral("/v3/kv/range"), {{"key", "L2F1dGgvYw=="}},
                                QByteArray::fromStdString((*token)["token"].get<std::string>()));
        QVERIFY(!stale.ok());
        QVERIFY2(stale.error().message().contains(QLatin1String("invalid auth token")), qPrintable(stale.error().message()));
        auto read = sync.get("/auth/c");
        TARTAN_VERIFY_OK(read);
        QCOMPARE(read->kvs.value(0).value, QByteArray("1"));
        TARTAN_VERIFY_OK(sync.put("/auth/c", "2")); // a mutation after expiry too
        QTest::qWait(3500);
        TARTAN_VERIFY_OK(sync.put("/auth/c", "3"));
    }

    void wrongPasswordIsAClearError()
    {
        auto wrong = client(QStringLiteral("root"), QStringLiteral("wrong"));
        TARTAN_VERIFY_OK(wrong);
        SyncEtcd sync(**wrong);
        auto put = sync.put("/auth/x", "1");
        QVERIFY(!put.ok());
        QCOMPARE(put.error().message(),
                 QStringLiteral("etcd %1 /v3/kv/put: cannot authenticate as 'root': etcdserver: authentication failed, invalid user ID or password")
                     .arg(mEtcd.clientUrl(0).toString()));

        std::unique_ptr<EtcdWatch> watch((*wrong)->watch(etcd::WatchOptions::withPrefix("/auth/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_VERIFY_WITH_TIMEOUT(!recorder.errors.isEmpty(), 10000);
        QVERIFY2(recorder.errors.front().contains(QLatin1String("/v3/watch: cannot authenticate as 'root'")), qPrintable(recorder.errors.front()));
        QVERIFY(watch->state() != EtcdWatch::State::Watching);
    }

    void noCredentialsIsAClearError()
    {
        auto anonymous = makeClient(mEtcd.clientUrls());
        TARTAN_VERIFY_OK(anonymous);
        SyncEtcd sync(**anonymous);
        auto read = sync.get("/auth/a");
        QVERIFY(!read.ok());
        QCOMPARE(read.error().message(),
                 QStringLiteral("etcd %1 /v3/kv/range: etcdserver: user name is empty").arg(mEtcd.clientUrl(0).toString()));
    }
};

TARTAN_ETCD_TEST_MAIN(TestEtcdAuth)
#include "tst_etcdauth.moc"
