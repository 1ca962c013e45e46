// KubeClient and KubeNodeWatcher against KubeStandIn (kubestandin.h): no real API server can be
// installed here, so the stand-in implements the subset Tartan uses, shaped like the API reference.
#include "etcdfixture.h"
#include "kubeclient.h"
#include "kubeconfig.h"
#include "kubenodewatcher.h"
#include "kubestandin.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using tartan::test::EtcdFixture;
using tartan::test::KubeStandIn;

namespace {

const QString kToken = QStringLiteral("s3cret-token");

json::Json makeNode(const QString &name, const QString &podCidr)
{
    return json::Json{{"kind", "Node"}, {"apiVersion", "v1"},
                      {"metadata", {{"name", name.toStdString()}, {"annotations", json::Json::object()}}},
                      {"spec", {{"podCIDR", podCidr.toStdString()}, {"podCIDRs", {podCidr.toStdString()}}}},
                      {"status", {{"conditions", json::Json::array({{{"type", "Ready"}, {"status", "True"}},
                                                                    {{"type", "NetworkUnavailable"}, {"status", "True"}, {"reason", "NoRouteCreated"}}})}}}};
}

std::unique_ptr<KubeClient> clientFor(const KubeStandIn &server, const QByteArray &token = kToken.toUtf8())
{
    KubeClientOptions options;
    options.server = server.url();
    options.bearerToken = token;
    options.requestTimeout = std::chrono::milliseconds(5000);
    return std::move(KubeClient::create(options)).value();
}

template <typename T>
Result<T, KubeError> await(std::function<void(KubeClient::Callback<T>)> call)
{
    std::optional<Result<T, KubeError>> answer;
    call([&answer](Result<T, KubeError> result) { answer.emplace(std::move(result)); });
    QElapsedTimer timer;
    timer.start();
    while (!answer && timer.elapsed() < 10000)
        QTest::qWait(5);
    if (!answer)
        return KubeError{0, QStringLiteral("test: no answer in 10 s")};
    return *answer;
}

} // namespace

class TestKubeClient : public QObject
{
    Q_OBJECT
private slots:
    void listGetAndPatch()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(makeNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24")));
        auto client = clientFor(server);

        auto list = await<json::Json>([&](auto done) { client->listNodes(this, done); });
        QVERIFY2(list, list ? "" : qPrintable(list.error().message));
        QCOMPARE((*list)["items"].size(), size_t(1));
        QCOMPARE(kubeResourceVersion(*list), QString::number(server.resourceVersion()));

        auto missing = await<json::Json>([&](auto done) { client->getNode(QStringLiteral("nope"), this, done); });
        QVERIFY(!missing);
        QCOMPARE(missing.error().httpStatus, 404);
        QCOMPARE(missing.error().message,
                 QStringLiteral("kube GET %1/api/v1/nodes/nope: HTTP 404 Not Found: nodes \"nope\" not found").arg(server.url().toString()));

        // Annotations through nodes/status, as flanneld writes them; a condition merged by type.
        const json::Json patch{{"metadata", {{"annotations", {{"flannel.alpha.coreos.com/public-ip", "10.0.0.1"}}}}},
                               {"status", {{"conditions", {{{"type", "NetworkUnavailable"}, {"status", "False"}, {"reason", "FlannelIsUp"}}}}}}};
        auto patched = await<json::Json>([&](auto done) { client->patchNode(QStringLiteral("n1"), patch, true, this, done); });
        QVERIFY2(patched, patched ? "" : qPrintable(patched.error().message));
        const json::Json stored = server.node(QStringLiteral("n1"));
        QCOMPARE(QString::fromStdString((stored["metadata"]["annotations"]["flannel.alpha.coreos.com/public-ip"]).get<std::string>()), QStringLiteral("10.0.0.1"));
        QCOMPARE(stored["status"]["conditions"].size(), size_t(2));
        QCOMPARE(QString::fromStdString((stored["status"]["conditions"][0]["type"]).get<std::string>()), QStringLiteral("Ready"));
        QCOMPARE(QString::fromStdString((stored["status"]["conditions"][1]["reason"]).get<std::string>()), QStringLiteral("FlannelIsUp"));
        QCOMPARE(json::dump(*patched), json::dump(stored));
        QCOMPARE(server.requests().last(), QStringLiteral("PATCH /api/v1/nodes/n1/status"));
    }

    void authFailuresAreClear()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        auto client = clientFor(server, "wrong");
        auto list = await<json::Json>([&](auto done) { client->listNodes(this, done); });
        QVERIFY(!list);
        QCOMPARE(list.error().httpStatus, 401);
        QCOMPARE(list.error().message, QStringLiteral("kube GET %1/api/v1/nodes: HTTP 401 Unauthorized: Unauthorized").arg(server.url().toString()));
        QCOMPARE(server.rejectedRequests(), 1);

        KubeNodeWatcher watcher(client.get());
        watcher.retryMin = std::chrono::milliseconds(50);
        QSignalSpy problems(&watcher, &KubeNodeWatcher::problem);
        QSignalSpy refused(&watcher, &KubeNodeWatcher::refused);
        watcher.start();
        QTRY_VERIFY(problems.size() >= 2); // reported, and retried
        QVERIFY(problems.first().first().value<Error>().message().contains(QStringLiteral("HTTP 401 Unauthorized")));
        QVERIFY(refused.size() >= 2); // each refusal is said as one
        QCOMPARE(refused.first().first().value<KubeError>().httpStatus, 401);
        QVERIFY(!watcher.isSynced());
    }

    void watchResumesAndRelists()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putNode(makeNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24")));
        server.putNode(makeNode(QStringLiteral("n2"), QStringLiteral("10.244.2.0/24")));
        auto client = clientFor(server);
        KubeNodeWatcher watcher(client.get());
        QSignalSpy added(&watcher, &KubeNodeWatcher::nodeAdded);
        QSignalSpy changed(&watcher, &KubeNodeWatcher::nodeChanged);
        QSignalSpy removed(&watcher, &KubeNodeWatcher::nodeRemoved);
        watcher.start();
        QTRY_VERIFY(watcher.isSynced());
        QCOMPARE(added.size(), 2);
        QTRY_COMPARE(server.openWatches(), 1);

        // Live events.
        server.putNode(makeNode(QStringLiteral("n3"), QStringLiteral("10.244.3.0/24")));
        QTRY_COMPARE(added.size(), 3);
        server.deleteNode(QStringLiteral("n1"));
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(kubeName(removed.first().first().value<json::Json>()), QStringLiteral("n1"));

        // A bookmark moves the version without an event.
        server.bookmark();
        QTRY_COMPARE(watcher.resourceVersion(), QString::number(server.resourceVersion()));

        // The watch ends (server timeout); the next one resumes from the last version: nothing
        // twice, nothing lost, no re-list.
        server.endWatches();
        server.putNode(makeNode(QStringLiteral("n4"), QStringLiteral("10.244.4.0/24")));
        QTRY_COMPARE(added.size(), 4);
        QCOMPARE(watcher.listCount(), 1);
        QCOMPARE(watcher.nodes().size(), 3);

        // Compaction while the watch is down: 410, re-list, and only the difference reported.
        server.endWatches();
        server.deleteNode(QStringLiteral("n2"));
        json::Json moved = makeNode(QStringLiteral("n3"), QStringLiteral("10.244.33.0/24"));
        server.putNode(moved);
        server.compact();
        QTRY_COMPARE(watcher.listCount(), 2);
        QTRY_COMPARE(removed.size(), 2);
        QCOMPARE(kubeName(removed.last().first().value<json::Json>()), QStringLiteral("n2"));
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(QString::fromStdString((changed.first().at(1).value<json::Json>()["spec"]["podCIDR"]).get<std::string>()), QStringLiteral("10.244.33.0/24"));
        QCOMPARE(added.size(), 4);
        QCOMPARE(watcher.nodes().keys(), (QStringList{QStringLiteral("n3"), QStringLiteral("n4")}));
        QTRY_COMPARE(server.openWatches(), 1);
    }

    void clientCertificateOverTls()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed");
        QTemporaryDir dir;
        auto files = EtcdFixture::makeTlsFiles(dir.path());
        QVERIFY2(files, files ? "" : qPrintable(files.error().message()));
        const auto read = [](const QString &path) {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        KubeStandIn::Tls tls;
        tls.certificate = QSslCertificate(read(files->serverCertFile), QSsl::Pem);
        tls.key = QSslKey(read(files->serverKeyFile), QSsl::Ec, QSsl::Pem);
        tls.clientCas = QSslCertificate::fromData(read(files->caFile), QSsl::Pem);
        KubeStandIn server;
        QVERIFY(server.start({}, tls));
        server.putNode(makeNode(QStringLiteral("n1"), QStringLiteral("10.244.1.0/24")));

        // A kubeconfig as kubectl would have it, with the PEM data inline.
        const QByteArray config = "current-context: lab\nclusters:\n- name: lab\n  cluster:\n    server: " + server.url().toEncoded()
            + "\n    certificate-authority-data: " + read(files->caFile).toBase64() + "\nusers:\n- name: admin\n  user:\n"
            + "    client-certificate-data: " + read(files->clientCertFile).toBase64() + "\n    client-key-data: "
            + read(files->clientKeyFile).toBase64() + "\ncontexts:\n- name: lab\n  context: {cluster: lab, user: admin}\n";
        auto options = KubeConfig::parse(config, dir.filePath(QStringLiteral("config")))->resolve();
        QVERIFY2(options, options ? "" : qPrintable(options.error().message()));
        auto client = KubeClient::create(*options);
        QVERIFY2(client, client ? "" : qPrintable(client.error().message()));
        auto list = await<json::Json>([&](auto done) { (*client)->listNodes(this, done); });
        QVERIFY2(list, list ? "" : qPrintable(list.error().message));
        QCOMPARE((*list)["items"].size(), size_t(1));

        // Without the client certificate the handshake fails, and the message says where.
        KubeClientOptions anonymous = *options;
        anonymous.clientCertPem.clear();
        anonymous.clientKeyPem.clear();
        auto bare = std::move(KubeClient::create(anonymous)).value();
        auto refused = await<json::Json>([&](auto done) { bare->listNodes(this, done); });
        QVERIFY(!refused);
        QCOMPARE(refused.error().httpStatus, 0);
        QVERIFY2(refused.error().message.startsWith(QStringLiteral("kube GET %1/api/v1/nodes: ").arg(server.url().toString())),
                 qPrintable(refused.error().message));
    }
};

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
