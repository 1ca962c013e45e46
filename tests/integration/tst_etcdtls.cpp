// EtcdClient over TLS with client certificates against a real etcd whose certificates are made
// for the test with openssl (a throwaway CA, a server certificate for 127.0.0.1, a client one).
#include "etcdtestutil.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace tartan;
using namespace tartan::test;

class TestEtcdTls : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir mCertDir;
    EtcdFixture::TlsFiles mFiles;
    EtcdFixture mEtcd;

private slots:
    void initTestCase()
    {
        QVERIFY(mCertDir.isValid());
        auto files = EtcdFixture::makeTlsFiles(mCertDir.path());
        TARTAN_VERIFY_OK(files);
        mFiles = *files;
        const Status started = mEtcd.start(1, {}, mFiles);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
        QCOMPARE(mEtcd.clientUrl(0).scheme(), QStringLiteral("https"));
    }

    void clientCertificateWorks()
    {
        EtcdClientOptions options;
        options.caFile = mFiles.caFile;
        options.certFile = mFiles.clientCertFile;
        options.keyFile = mFiles.clientKeyFile;
        auto client = makeClient(mEtcd.clientUrls(), options);
        TARTAN_VERIFY_OK(client);
        SyncEtcd sync(**client);
        TARTAN_VERIFY_OK(sync.put("/tls/a", "1"));
        auto read = sync.get("/tls/a");
        TARTAN_VERIFY_OK(read);
        QCOMPARE(read->kvs.value(0).value, QByteArray("1"));

        std::unique_ptr<EtcdWatch> watch((*client)->watch(etcd::WatchOptions::withPrefix("/tls/")));
        WatchRecorder recorder(watch.get());
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(watch->state(), EtcdWatch::State::Watching, 10000);
        TARTAN_VERIFY_OK(sync.put("/tls/b", "2"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 1, 10000);
    }

    void unknownServerIsRejected()
    {
        EtcdClientOptions options; // no CA: the system's CAs do not know the test CA
        options.certFile = mFiles.clientCertFile;
        options.keyFile = mFiles.clientKeyFile;
        options.maxAttempts = 1;
        auto client = makeClient(mEtcd.clientUrls(), options);
        TARTAN_VERIFY_OK(client);
        SyncEtcd sync(**client);
        auto read = sync.get("/tls/a");
        QVERIFY(!read.ok());
        QVERIFY2(read.error().message().startsWith(QStringLiteral("etcd %1 /v3/kv/range: TLS handshake failed").arg(mEtcd.clientUrl(0).toString())),
                 qPrintable(read.error().message()));
    }

    void missingClientCertificateIsRejected()
    {
        EtcdClientOptions options;
        options.caFile = mFiles.caFile;
        options.maxAttempts = 1;
        auto client = makeClient(mEtcd.clientUrls(), options);
        TARTAN_VERIFY_OK(client);
        SyncEtcd sync(**client);
        auto read = sync.get("/tls/a");
        QVERIFY(!read.ok());
        QVERIFY2(read.error().message().startsWith(QStringLiteral("etcd %1 /v3/kv/range: TLS").arg(mEtcd.clientUrl(0).toString())),
                 qPrintable(read.error().message()));
        QVERIFY2(read.error().message().contains(QLatin1String("bad certificate")), qPrintable(read.error().message()));
    }

    void keyWithoutCertificateIsAnOptionError()
    {
        EtcdClientOptions options;
        options.keyFile = mFiles.clientKeyFile;
        auto client = makeClient(mEtcd.clientUrls(), options);
        QVERIFY(!client.ok());
        QVERIFY2(client.error().message().contains(QLatin1String("needs its key")), qPrintable(client.error().message()));
    }
};

TARTAN_ETCD_TEST_MAIN(TestEtcdTls, QStringLiteral("openssl"))
#include "tst_etcdtls.moc"
