#include "kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;

namespace {

// Two clusters, three users, three contexts, as `kubectl config view --raw` writes them.
const QByteArray kConfig =
    "apiVersion: v1\n"
    "kind: Config\n"
    "current-context: admin@prod\n"
    "preferences: {}\n"
    "clusters:\n"
    "- name: prod\n"
    "  cluster:\n"
    "    server: https://10.0.0.1:6443\n"
    "    certificate-authority-data: Q0EtUEVN\n"
    "- name: lab\n"
    "  cluster:\n"
    "    server: \"https://lab.example:6443\"\n"
    "    certificate-authority: certs/ca.crt\n"
    "    insecure-skip-tls-verify: false\n"
    "- name: dev\n"
    "  cluster:\n"
    "    server: http://127.0.0.1:8080\n"
    "    insecure-skip-tls-verify: true\n"
    "users:\n"
    "- name: admin\n"
    "  user:\n"
    "    client-certificate-data: Q0VSVA==\n"
    "    client-key-data: S0VZ\n"
    "- name: robot\n"
    "  user:\n"
    "    token: abc.def\n"
    "- name: filed\n"
    "  user:\n"
    "    tokenFile: token\n"
    "    client-certificate: /nonexistent/ignored-because-token-first.crt\n"
    "contexts:\n"
    "- name: admin@prod\n"
    "  context: {cluster: prod, user: admin}\n"
    "- name: robot@lab\n"
    "  context:\n"
    "    cluster: lab\n"
    "    user: robot\n"
    "    namespace: kube-flannel\n"
    "- name: dev\n"
    "  context:\n"
    "    cluster: dev\n"
    "    user: \"\"\n";

} // namespace

class TestKubeConfig : public QObject
{
    Q_OBJECT
private slots:
    void resolvesContexts()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("certs")));
        QFile ca(dir.filePath(QStringLiteral("certs/ca.crt")));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write("LAB-CA");
        ca.close();
        const QString path = dir.filePath(QStringLiteral("config"));
        auto config = KubeConfig::parse(kConfig, path);
        QVERIFY2(config, config ? "" : qPrintable(config.error().message()));
        QCOMPARE(config->currentContext(), QStringLiteral("admin@prod"));
        QCOMPARE(config->contexts().size(), 3);
        QCOMPARE(config->contexts().at(1).nameSpace, QStringLiteral("kube-flannel"));

        auto prod = config->resolve();
        QVERIFY2(prod, prod ? "" : qPrintable(prod.error().message()));
        QCOMPARE(prod->server, QUrl(QStringLiteral("https://10.0.0.1:6443")));
        QCOMPARE(prod->caPem, QByteArray("CA-PEM"));
        QCOMPARE(prod->clientCertPem, QByteArray("CERT"));
        QCOMPARE(prod->clientKeyPem, QByteArray("KEY"));
        QVERIFY(prod->bearerToken.isEmpty());
        QCOMPARE(prod->contextName, QStringLiteral("admin@prod"));

        auto lab = config->resolve(QStringLiteral("robot@lab"));
        QVERIFY2(lab, lab ? "" : qPrintable(lab.error().message()));
        QCOMPARE(lab->caPem, QByteArray("LAB-CA")); // relative to the kubeconfig's folder
        QCOMPARE(lab->bearerToken, QByteArray("abc.def"));
        QVERIFY(!lab->insecureSkipTlsVerify);

        auto dev = config->resolve(QStringLiteral("dev"));
        QVERIFY2(dev, dev ? "" : qPrintable(dev.error().message()));
        QVERIFY(dev->insecureSkipTlsVerify);
        QVERIFY(dev->bearerToken.isEmpty());
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("message");

        const QByteArray cluster = "clusters:\n- name: c\n  cluster: {server: 'https://a:1'}\n";
        const QByteArray user = "users:\n- name: u\n  user: {token: t}\n";
        QTest::newRow("not YAML") << QByteArray("clusters: [a, b\n") << QString()
                                  << "kubeconfig 'k': YAML line 2 column 1: did not find expected ',' or ']'";
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << QString() << "kubeconfig 'k': must be a mapping, got an array";
        QTest::newRow("clusters not a list") << QByteArray("clusters: {a: b}\n") << QString()
                                             << "kubeconfig 'k': clusters: must be a list, got an object";
        QTest::newRow("cluster without name") << QByteArray("clusters:\n- cluster: {server: x}\n") << QString()
                                              << "kubeconfig 'k': clusters[0]: missing name";
        QTest::newRow("cluster without body") << QByteArray("clusters:\n- name: c\n") << QString()
                                              << "kubeconfig 'k': clusters[0] 'c': missing cluster";
        QTest::newRow("bad base64") << QByteArray("clusters:\n- name: c\n  cluster: {server: x, certificate-authority-data: '!!'}\n")
                                    << QString() << "kubeconfig 'k': cluster 'c'.certificate-authority-data: not valid base64";
        QTest::newRow("insecure not a boolean")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: x, insecure-skip-tls-verify: 'yes'}\n") << QString()
            << "kubeconfig 'k': cluster 'c'.insecure-skip-tls-verify: must be true or false";
        QTest::newRow("server not a string") << QByteArray("clusters:\n- name: c\n  cluster: {server: [1]}\n") << QString()
                                             << "kubeconfig 'k': cluster 'c'.server: must be a string, got an array";
        QTest::newRow("alias") << QByteArray("a: &x 1\nb: *x\n") << QString() << "kubeconfig 'k': YAML line 1 column 4: anchors are not supported";
        QTest::newRow("context without cluster") << QByteArray("contexts:\n- name: x\n  context: {user: u}\n") << QString()
                                                 << "kubeconfig 'k': context 'x': missing cluster";
        QTest::newRow("no current context") << cluster << QString() << "kubeconfig 'k': no current-context and no context given";
        QTest::newRow("unknown context") << cluster << QStringLiteral("nope") << "kubeconfig 'k': context 'nope' not found";
        QTest::newRow("unknown cluster") << QByteArray(user + "contexts:\n- name: x\n  context: {cluster: gone, user: u}\n")
                                         << QStringLiteral("x") << "kubeconfig 'k': context 'x': cluster 'gone' not found";
        QTest::newRow("unknown user") << QByteArray(cluster + "contexts:\n- name: x\n  context: {cluster: c, user: gone}\n")
                                      << QStringLiteral("x") << "kubeconfig 'k': context 'x': user 'gone' not found";
        QTest::newRow("server not http(s)")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'ftp://a'}\ncontexts:\n- name: x\n  context: {cluster: c}\n")
            << QStringLiteral("x") << "kubeconfig 'k': context 'x': cluster 'c': server 'ftp://a' is not an http(s) URL";
        QTest::newRow("exec plugin")
            << QByteArray(cluster + "users:\n- name: u\n  user:\n    exec: {command: aws}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n")
            << QStringLiteral("x") << "kubeconfig 'k': context 'x': user 'u': exec plugins are not supported; use a token or a client certificate";
        QTest::newRow("certificate without key")
            << QByteArray(cluster + "users:\n- name: u\n  user: {client-certificate-data: Q0VSVA==}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n")
            << QStringLiteral("x") << "kubeconfig 'k': context 'x': user 'u': a client certificate needs its key and the other way round";
    }

    void rejectsBadInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, context);
        QFETCH(QString, message);
        auto config = KubeConfig::parse(text, QStringLiteral("k"));
        QString got;
        if (!config) {
            got = config.error().message();
        } else {
            auto resolved = config->resolve(context);
            QVERIFY2(!resolved, "resolved a bad kubeconfig");
            got = resolved.error().message();
        }
        QCOMPARE(got, message);
    }

    void readsMissingFilesAsErrors()
    {
        const QByteArray text = "current-context: x\nclusters:\n- name: c\n  cluster: {server: 'https://a:1', certificate-authority: /nonexistent/ca.crt}\n"
                                "contexts:\n- name: x\n  context: {cluster: c}\n";
        auto config = KubeConfig::parse(text, QStringLiteral("/tmp/k"));
        QVERIFY(config);
        auto resolved = config->resolve();
        QVERIFY(!resolved);
        QVERIFY2(resolved.error().message().startsWith(QStringLiteral("kubeconfig '/tmp/k': context 'x': certificate-authority '/nonexistent/ca.crt': ")),
                 qPrintable(resolved.error().message()));
        QVERIFY(!KubeConfig::load(QStringLiteral("/nonexistent/kubeconfig")));
    }

    void inCluster()
    {
        QTemporaryDir dir;
        QFile token(dir.filePath(QStringLiteral("token")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("sa-token\n");
        token.close();
        QFile ca(dir.filePath(QStringLiteral("ca.crt")));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write("SA-CA");
        ca.close();
        QProcessEnvironment env;
        auto missing = KubeConfig::inCluster(env, dir.path());
        QVERIFY(!missing);
        QVERIFY(missing.error().message().contains(QStringLiteral("KUBERNETES_SERVICE_HOST")));
        env.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("fd00::1"));
        env.insert(QStringLiteral("KUBERNETES_SERVICE_PORT"), QStringLiteral("443"));
        auto options = KubeConfig::inCluster(env, dir.path());
        QVERIFY2(options, options ? "" : qPrintable(options.error().message()));
        QCOMPARE(options->server, QUrl(QStringLiteral("https://[fd00::1]:443")));
        QCOMPARE(options->bearerToken, QByteArray("sa-token"));
        QCOMPARE(options->caPem, QByteArray("SA-CA"));
    }
};

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "tst_kubeconfig.moc"
