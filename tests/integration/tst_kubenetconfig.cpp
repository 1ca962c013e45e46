// KubeNetConfig and KubeClient's ConfigMap calls against KubeStandIn (kubestandin.h): no real API
// server can be installed here, so the stand-in implements the subset Tartan uses, shaped like the
// API reference (ConfigMap, Status, 404/409 semantics of GET and PUT).
#include "kubeclient.h"
#include "kubenetconfig.h"
#include "kubestandin.h"

#include <QElapsedTimer>
#include <QTest>

#include <optional>

using namespace tartan;
using tartan::test::KubeStandIn;

namespace {

const QString kToken = QStringLiteral("s3cret-token");
const QString kNs = QStringLiteral("kube-flannel");
const QString kName = QStringLiteral("kube-flannel-cfg");
const QByteArray kOld = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";
const QByteArray kNew = R"({"Network":"10.245.0.0/16","Backend":{"Type":"vxlan"}})";
const QString kCni = QStringLiteral(R"({"name":"cbr0","cniVersion":"0.3.1"})");

std::unique_ptr<KubeClient> clientFor(const KubeStandIn &server)
{
    KubeClientOptions options;
    options.server = server.url();
    options.bearerToken = kToken.toUtf8();
    options.requestTimeout = std::chrono::milliseconds(5000);
    return std::move(KubeClient::create(options)).value();
}

template <typename T>
std::optional<T> await(const std::function<void(std::function<void(T)>)> &call)
{
    std::optional<T> answer;
    call([&answer](T result) { answer.emplace(std::move(result)); });
    QElapsedTimer timer;
    timer.start();
    while (!answer && timer.elapsed() < 10000)
        QTest::qWait(5);
    return answer;
}

QString dataOf(const KubeStandIn &server, const char *key)
{
    const json::Json data = server.configMap(kNs, kName)["data"];
    return data.contains(key) ? json::toQString(data[key].get<std::string>()) : QStringLiteral("<absent>");
}

} // namespace

class TestKubeNetConfig : public QObject
{
    Q_OBJECT
private slots:
    void parseRef_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // toString(), or the start of the error
        QTest::newRow("name") << "kube-flannel/kube-flannel-cfg" << "kube-flannel/kube-flannel-cfg:net-conf.json";
        QTest::newRow("key") << "kube-system/tartan:net.json" << "kube-system/tartan:net.json";
        QTest::newRow("dotted name") << "ns/cfg.v2:my_key.json" << "ns/cfg.v2:my_key.json";
        QTest::newRow("no slash") << "kube-flannel-cfg" << "error: ConfigMap 'kube-flannel-cfg': no '/' between namespace and name";
        QTest::newRow("empty ns") << "/cfg" << "error: ConfigMap '/cfg': '' is not a namespace name";
        QTest::newRow("upper name") << "ns/Cfg" << "error: ConfigMap 'ns/Cfg': 'Cfg' is not a ConfigMap name";
        QTest::newRow("empty key") << "ns/cfg:" << "error: ConfigMap 'ns/cfg:': '' is not a ConfigMap key";
        QTest::newRow("slash in key") << "ns/cfg:a/b" << "error: ConfigMap 'ns/cfg:a/b': 'a/b' is not a ConfigMap key";
    }

    void parseRef()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto ref = KubeConfigMapRef::parse(text);
        if (expected.startsWith(QStringLiteral("error: "))) {
            QVERIFY(!ref);
            QVERIFY2(ref.error().message().startsWith(expected.mid(7)), qPrintable(ref.error().message()));
        } else {
            QVERIFY2(ref, ref ? "" : qPrintable(ref.error().message()));
            QCOMPARE(ref->toString(), expected);
        }
        QCOMPARE(KubeConfigMapRef().toString(), QStringLiteral("kube-flannel/kube-flannel-cfg:net-conf.json"));
    }

    void clientGetAndReplace()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        server.putConfigMap(kNs, kName, {{QStringLiteral("net-conf.json"), QString::fromUtf8(kOld)}});
        auto client = clientFor(server);
        using Answer = Result<json::Json, KubeError>;
        auto got = await<Answer>([&](auto done) { client->getConfigMap(kNs, kName, this, done); });
        QVERIFY(got && *got);
        const json::Json read = **got;
        QCOMPARE(read["data"]["net-conf.json"].get<std::string>(), kOld.toStdString());

        json::Json body = read;
        body["data"]["net-conf.json"] = kNew.toStdString();
        auto put = await<Answer>([&](auto done) { client->replaceConfigMap(kNs, kName, body, this, done); });
        QVERIFY2(put && *put, put && !*put ? qPrintable(put->error().message) : "");
        QCOMPARE(dataOf(server, "net-conf.json"), QString::fromUtf8(kNew));
        QCOMPARE(server.requests().last(), QStringLiteral("PUT /api/v1/namespaces/kube-flannel/configmaps/kube-flannel-cfg"));
        QVERIFY(kubeVersion((**put)) != kubeVersion(read));

        // The same body again carries the old version now: refused, the message names the call.
        auto stale = await<Answer>([&](auto done) { client->replaceConfigMap(kNs, kName, body, this, done); });
        QVERIFY(stale && !*stale);
        QCOMPARE(stale->error().httpStatus, 409);
        QVERIFY2(stale->error().message.startsWith(
                     QStringLiteral("kube PUT %1/api/v1/namespaces/kube-flannel/configmaps/kube-flannel-cfg: HTTP 409 Conflict: "
                                    "Operation cannot be fulfilled").arg(server.url().toString())),
                 qPrintable(stale->error().message));
        QCOMPARE(dataOf(server, "net-conf.json"), QString::fromUtf8(kNew));

        auto missing = await<Answer>([&](auto done) { client->getConfigMap(kNs, QStringLiteral("nope"), this, done); });
        QVERIFY(missing && !*missing);
        QCOMPARE(missing->error().httpStatus, 404);
        auto putMissing = await<Answer>([&](auto done) { client->replaceConfigMap(kNs, QStringLiteral("nope"), body, this, done); });
        QVERIFY(putMissing && !*putMissing);
        QCOMPARE(putMissing->error().httpStatus, 404);
    }

    void readConfig()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        auto client = clientFor(server);
        using Answer = Result<KubeNetConfigText>;
        const KubeConfigMapRef ref;

        auto absent = await<Answer>([&](auto done) { KubeNetConfig::read(client.get(), ref, this, done); });
        QVERIFY(absent && !*absent);
        QCOMPARE(absent->error().message(),
                 QStringLiteral("reading ConfigMap kube-flannel/kube-flannel-cfg: kube GET %1/api/v1/namespaces/kube-flannel/configmaps/"
                                "kube-flannel-cfg: HTTP 404 Not Found: configmaps \"kube-flannel-cfg\" not found").arg(server.url().toString()));

        server.putConfigMap(kNs, kName, {{QStringLiteral("cni-conf.json"), kCni}});
        auto noKey = await<Answer>([&](auto done) { KubeNetConfig::read(client.get(), ref, this, done); });
        QVERIFY(noKey && *noKey);
        QCOMPARE((*noKey)->text, QByteArray());

        server.putConfigMap(kNs, kName, {{QStringLiteral("cni-conf.json"), kCni}, {QStringLiteral("net-conf.json"), QString::fromUtf8(kOld)}});
        auto read = await<Answer>([&](auto done) { KubeNetConfig::read(client.get(), ref, this, done); });
        QVERIFY(read && *read);
        QCOMPARE((*read)->text, kOld);
        QCOMPARE((*read)->resourceVersion, QString::number(server.resourceVersion()));
    }

    void writeConfig_data()
    {
        QTest::addColumn<QByteArray>("stored");   // net-conf.json before; "<absent>": no such key
        QTest::addColumn<QByteArray>("expected"); // what the editor opened
        QTest::addColumn<QByteArray>("raced");    // written by someone else between read and PUT; empty: nobody
        QTest::addColumn<QString>("error");       // empty: the write succeeds
        const QString changed = QStringLiteral("writing ConfigMap kube-flannel/kube-flannel-cfg: the config changed in the cluster since you opened it");
        QTest::newRow("replace") << kOld << kOld << QByteArray() << QString();
        QTest::newRow("create key") << QByteArray("<absent>") << QByteArray() << QByteArray() << QString();
        QTest::newRow("stale") << kOld << QByteArray(R"({"Network":"10.1.0.0/16"})") << QByteArray() << changed + QStringLiteral("; open it again");
        QTest::newRow("key deleted") << QByteArray("<absent>") << kOld << QByteArray() << changed + QStringLiteral(" (it has been deleted)");
        QTest::newRow("key created") << kOld << QByteArray() << QByteArray() << changed + QStringLiteral(" (there was none, and now there is one)");
        QTest::newRow("race 409") << kOld << kOld << QByteArray(R"({"Network":"10.9.0.0/16"})") << changed + QStringLiteral("; open it again");
    }

    void writeConfig()
    {
        QFETCH(QByteArray, stored);
        QFETCH(QByteArray, expected);
        QFETCH(QByteArray, raced);
        QFETCH(QString, error);
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        QMap<QString, QString> data{{QStringLiteral("cni-conf.json"), kCni}};
        if (stored != "<absent>")
            data.insert(QStringLiteral("net-conf.json"), QString::fromUtf8(stored));
        server.putConfigMap(kNs, kName, data);
        if (!raced.isEmpty()) {
            server.beforeRequest = [&](const QString &request) {
                if (request.startsWith(QStringLiteral("PUT "))) {
                    data.insert(QStringLiteral("net-conf.json"), QString::fromUtf8(raced));
                    server.putConfigMap(kNs, kName, data);
                }
            };
        }
        auto client = clientFor(server);
        auto status = await<Status>([&](auto done) { KubeNetConfig::write(client.get(), KubeConfigMapRef(), kNew, expected, this, done); });
        QVERIFY(status);
        if (error.isEmpty()) {
            QVERIFY2(*status, *status ? "" : qPrintable(status->error().message()));
            QCOMPARE(dataOf(server, "net-conf.json"), QString::fromUtf8(kNew));
        } else {
            QVERIFY(!*status);
            QVERIFY2(status->error().message().startsWith(error), qPrintable(status->error().message()));
            QCOMPARE(dataOf(server, "net-conf.json"), raced.isEmpty() ? QString::fromUtf8(stored) : QString::fromUtf8(raced));
        }
        QCOMPARE(dataOf(server, "cni-conf.json"), kCni); // other keys are kept
    }

    void writeToMissingConfigMap()
    {
        KubeStandIn server;
        QVERIFY(server.start({kToken}));
        auto client = clientFor(server);
        auto fresh = await<Status>([&](auto done) { KubeNetConfig::write(client.get(), KubeConfigMapRef(), kNew, {}, this, done); });
        QVERIFY(fresh && !*fresh);
        QVERIFY2(fresh->error().message().startsWith(QStringLiteral("writing ConfigMap kube-flannel/kube-flannel-cfg: kube GET ")),
                 qPrintable(fresh->error().message()));
        QVERIFY(fresh->error().message().endsWith(QStringLiteral("HTTP 404 Not Found: configmaps \"kube-flannel-cfg\" not found")));
        auto gone = await<Status>([&](auto done) { KubeNetConfig::write(client.get(), KubeConfigMapRef(), kNew, kOld, this, done); });
        QVERIFY(gone && !*gone);
        QVERIFY2(gone->error().message().contains(QStringLiteral("since you opened it (the ConfigMap has been deleted)")),
                 qPrintable(gone->error().message()));
        QVERIFY(server.configMap(kNs, kName).is_null());
    }

private:
    static QString kubeVersion(const json::Json &object) { return json::toQString(object["metadata"]["resourceVersion"].get<std::string>()); }
};

QTEST_GUILESS_MAIN(TestKubeNetConfig)
#include "tst_kubenetconfig.moc"
