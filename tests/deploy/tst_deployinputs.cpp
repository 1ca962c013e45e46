// What the deployment reads and writes without a host: host specs, inventory files, and the
// rendered /etc/default/tartand (byte-stable, which is what makes a second deploy a no-op).
#include "deployconfig.h"
#include "hostentry.h"

#include <QTemporaryFile>
#include <QtTest>

using namespace tartan::deploy;

class TestDeployInputs : public QObject
{
    Q_OBJECT

private slots:
    void parseHost_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("bare") << "node1" << true << "root" << "node1" << 22;
        QTest::newRow("user and port") << "ops@10.0.0.5:2222" << true << "ops" << "10.0.0.5" << 2222;
        QTest::newRow("ipv6") << "admin@[fd00::5]:22" << true << "admin" << "fd00::5" << 22;
        QTest::newRow("port zero") << "h:0" << false << "" << "" << 0;
        QTest::newRow("port too big") << "h:70000" << false << "" << "" << 0;
        QTest::newRow("space") << "a b" << false << "" << "" << 0;
        QTest::newRow("empty") << "" << false << "" << "" << 0;
    }

    void parseHost()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        auto entry = tartan::deploy::parseHost(text, HostEntry{});
        QCOMPARE(bool(entry), ok);
        if (!ok) {
            QVERIFY(entry.error().message().contains(text));
            return;
        }
        QTEST(entry->ssh.user, "user");
        QTEST(entry->ssh.host, "host");
        QTEST(entry->ssh.port, "port");
    }

    void parseInventory()
    {
        HostEntry defaults;
        defaults.ssh.identityFile = QStringLiteral("/k/default");
        const auto hosts = tartan::deploy::parseInventory(QStringLiteral("# lab machines\n\n"
                                                                         "node1\n"
                                                                         "ops@node2:2222 key=/k/ops iface=ens3  # the odd one\n"
                                                                         "node3 agent=yes password=prompt\n"),
                                                          defaults);
        QVERIFY2(hosts, qPrintable(hosts ? QString() : hosts.error().message()));
        QCOMPARE(hosts->size(), 3);
        QCOMPARE(hosts->at(0).ssh.identityFile, QStringLiteral("/k/default"));
        QCOMPARE(hosts->at(1).ssh.user, QStringLiteral("ops"));
        QCOMPARE(hosts->at(1).ssh.port, 2222);
        QCOMPARE(hosts->at(1).ssh.identityFile, QStringLiteral("/k/ops"));
        QCOMPARE(hosts->at(1).iface, QStringLiteral("ens3"));
        QVERIFY(hosts->at(2).ssh.useAgent);
        QVERIFY(hosts->at(2).ssh.passwordPrompt);
    }

    void parseInventoryBlanksAndValues()
    {
        // Tabs and DOS line ends separate words like spaces; a value keeps any further '='.
        const auto hosts = tartan::deploy::parseInventory(QStringLiteral("node1\tkey=/k/a=b \t iface=eth0\r\n\r\nnode2 iface=\n"), HostEntry{});
        QVERIFY2(hosts, qPrintable(hosts ? QString() : hosts.error().message()));
        QCOMPARE(hosts->size(), 2);
        QCOMPARE(hosts->at(0).ssh.host, QStringLiteral("node1"));
        QCOMPARE(hosts->at(0).ssh.identityFile, QStringLiteral("/k/a=b"));
        QCOMPARE(hosts->at(0).iface, QStringLiteral("eth0"));
        QCOMPARE(hosts->at(1).iface, QString());
        const auto badLine = tartan::deploy::parseInventory(QStringLiteral("node1\n\nnode2 colour\n"), HostEntry{});
        QVERIFY(!badLine);
        QVERIFY2(badLine.error().message().startsWith(QLatin1String("inventory line 3: unknown setting 'colour'")),
                 qPrintable(badLine.error().message()));
    }

    void parseInventoryErrorsNameTheLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown setting") << "node1\nnode2 colour=red\n" << "inventory line 2: unknown setting 'colour=red'";
        QTest::newRow("bad host") << "# c\nnode1:99999\n" << "inventory line 2: host 'node1:99999'";
        QTest::newRow("no hosts") << "# nothing\n" << "inventory: no hosts";
    }

    void parseInventoryErrorsNameTheLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto hosts = tartan::deploy::parseInventory(text, HostEntry{});
        QVERIFY(!hosts);
        QVERIFY2(hosts.error().message().startsWith(message), qPrintable(hosts.error().message()));
    }

    void renderDefaults()
    {
        QTemporaryFile ca;
        QVERIFY(ca.open());
        ca.write("CERT");
        ca.close();
        DeployConfig config;
        config.etcdEndpoints = QStringLiteral("https://10.0.0.1:2379");
        config.etcdCaFile = ca.fileName();
        config.iface = QStringLiteral("eth0");
        config.extraFlags = {QStringLiteral("--v=2"), QStringLiteral("--ip-blackhole-route")};
        auto files = renderFiles(config, QStringLiteral("ens3"));
        QVERIFY(files);
        QCOMPARE(files->defaults, QByteArray("# Written by tartanctl deploy; a new deploy replaces it.\n"
                                             "# Every flag of `tartand --help` can be set as TARTAN_<FLAG>.\n"
                                             "TARTAN_ETCD_ENDPOINTS='https://10.0.0.1:2379'\n"
                                             "TARTAN_ETCD_CAFILE='/etc/tartan/etcd-ca.pem'\n"
                                             "TARTAN_IFACE='ens3'\n"
                                             "TARTAN_HEALTHZ_IP='127.0.0.1'\n"
                                             "TARTAN_HEALTHZ_PORT='8475'\n"
                                             "TARTAND_ARGS='--v=2 --ip-blackhole-route'\n"));
        QCOMPARE(files->tlsFiles.size(), 1);
        QCOMPARE(files->tlsFiles[0].first, QStringLiteral("/etc/tartan/etcd-ca.pem"));
        QCOMPARE(files->tlsFiles[0].second, QByteArray("CERT"));
        // Same input, same bytes: the idempotency check compares these.
        QCOMPARE(renderFiles(config, QStringLiteral("ens3"))->defaults, files->defaults);
        config.etcdKeyFile = QStringLiteral("/nonexistent/key.pem");
        auto missing = renderFiles(config, {});
        QVERIFY(!missing);
        QVERIFY(missing.error().message().contains(QLatin1String("/nonexistent/key.pem")));
    }

    void shellQuoting()
    {
        QCOMPARE(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    }
};

QTEST_GUILESS_MAIN(TestDeployInputs)
#include "tst_deployinputs.moc"
