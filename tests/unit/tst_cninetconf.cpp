// CniNetConf: upstream's netconf fields and defaults, Go's decoding rules (field case, last
// duplicate wins, null means absent), libcni's name and version checks, and the VERSION answer.
#include "cnierror.h"
#include "cninetconf.h"

#include <QTest>

using namespace tartan;

namespace {

Result<CniNetConf> parse(const QByteArray &text)
{
    auto parsed = json::parse(text, QStringLiteral("netconf"));
    if (!parsed)
        return parsed.error();
    return CniNetConf::fromJson(*parsed);
}

} // namespace

class TestCniNetConf : public QObject
{
    Q_OBJECT
private slots:
    void fields_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("cniVersion");
        QTest::addColumn<QString>("subnetFile");
        QTest::addColumn<QString>("dataDir");
        QTest::addColumn<QByteArray>("delegate");
        QTest::addColumn<QByteArray>("ipam");
        QTest::addColumn<QByteArray>("runtimeConfig");
        QTest::newRow("defaults") << QByteArray("{\"name\":\"cbr0\",\"type\":\"flannel\"}") << "cbr0"
                                  << ""
                                  << "/run/flannel/subnet.env"
                                  << "/var/lib/cni/flannel" << QByteArray("null") << QByteArray("null")
                                  << QByteArray("null");
        QTest::newRow("everything")
            << QByteArray("{\"cniVersion\":\"1.0.0\",\"name\":\"n-1.a_b\",\"type\":\"flannel\","
                          "\"subnetFile\":\"/s\","
                          "\"dataDir\":\"/d\",\"delegate\":{\"hairpinMode\":true},\"ipam\":{\"type\":\"x\"},"
                          "\"runtimeConfig\":{\"a\":1},\"capabilities\":{\"portMappings\":true}}")
            << "n-1.a_b"
            << "1.0.0"
            << "/s"
            << "/d" << QByteArray("{\"hairpinMode\":true}") << QByteArray("{\"type\":\"x\"}")
            << QByteArray("{\"a\":1}");
        QTest::newRow("field names in any case, last duplicate wins")
            << QByteArray("{\"NAME\":\"first\",\"Name\":\"cbr0\",\"SubnetFile\":\"/s\",\"DATADIR\":\"/"
                          "d\",\"Delegate\":{\"x\":1}}")
            << "cbr0"
            << ""
            << "/s"
            << "/d" << QByteArray("{\"x\":1}") << QByteArray("null") << QByteArray("null");
        QTest::newRow("null and empty mean the default")
            << QByteArray("{\"name\":\"cbr0\",\"subnetFile\":null,\"dataDir\":\"\",\"delegate\":null,"
                          "\"cniVersion\":null}")
            << "cbr0"
            << ""
            << "/run/flannel/subnet.env"
            << "/var/lib/cni/flannel" << QByteArray("null") << QByteArray("null") << QByteArray("null");
    }
    void fields()
    {
        QFETCH(QByteArray, text);
        auto netconf = parse(text);
        QVERIFY2(netconf.ok(), qPrintable(netconf.ok() ? QString() : netconf.error().message()));
        QTEST(netconf->name(), "name");
        QTEST(netconf->cniVersion(), "cniVersion");
        QTEST(netconf->subnetFile(), "subnetFile");
        QTEST(netconf->dataDir(), "dataDir");
        QTEST(QByteArray::fromStdString(netconf->delegate().dump()), "delegate");
        QTEST(QByteArray::fromStdString(netconf->ipam().dump()), "ipam");
        QTEST(QByteArray::fromStdString(netconf->runtimeConfig().dump()), "runtimeConfig");
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("not an object")
            << QByteArray("[1]") << "netconf: expected a JSON object, got an array";
        QTest::newRow("no name") << QByteArray("{\"type\":\"flannel\"}") << "netconf: 'name' is missing";
        QTest::newRow("name with a slash") << QByteArray("{\"name\":\"a/b\"}")
                                           << "netconf: name 'a/b' must be letters, digits, '_', '.' or '-', "
                                              "starting with a letter or digit";
        QTest::newRow("name not a string")
            << QByteArray("{\"name\":1}") << "netconf: 'name' must be a string, got a number";
        QTest::newRow("subnetFile not a string") << QByteArray("{\"name\":\"cbr0\",\"subnetFile\":[\"/s\"]}")
                                                 << "netconf: 'subnetFile' must be a string, got an array";
        QTest::newRow("delegate not an object") << QByteArray("{\"name\":\"cbr0\",\"delegate\":\"bridge\"}")
                                                << "netconf: 'delegate' must be an object, got a string";
        QTest::newRow("ipam not an object") << QByteArray("{\"name\":\"cbr0\",\"ipam\":[]}")
                                            << "netconf: 'ipam' must be an object, got an array";
        QTest::newRow("runtimeConfig not an object")
            << QByteArray("{\"name\":\"cbr0\",\"runtimeConfig\":true}")
            << "netconf: 'runtimeConfig' must be an object, got a boolean";
    }
    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        auto netconf = parse(text);
        QVERIFY(!netconf.ok());
        QCOMPARE(netconf.error().message(), message);
    }

    void versions_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("forCheck");
        QTest::addColumn<QString>("message");
        QTest::newRow("1.0.0") << QByteArray("{\"name\":\"n\",\"cniVersion\":\"1.0.0\"}") << false
                               << QString();
        QTest::newRow("0.3.1 ADD") << QByteArray("{\"name\":\"n\",\"cniVersion\":\"0.3.1\"}") << false
                                   << QString();
        QTest::newRow("absent means 0.1.0") << QByteArray("{\"name\":\"n\"}") << false << QString();
        QTest::newRow("0.4.0 CHECK") << QByteArray("{\"name\":\"n\",\"cniVersion\":\"0.4.0\"}") << true
                                     << QString();
        QTest::newRow("0.3.1 CHECK")
            << QByteArray("{\"name\":\"n\",\"cniVersion\":\"0.3.1\"}") << true
            << "config version \"0.3.1\" does not allow CHECK (it needs 0.4.0 or later)";
        QTest::newRow("unknown") << QByteArray("{\"name\":\"n\",\"cniVersion\":\"9.9.9\"}") << false
                                 << "incompatible CNI versions: config is \"9.9.9\", plugin supports [0.1.0 "
                                    "0.2.0 0.3.0 0.3.1 0.4.0 1.0.0]";
    }
    void versions()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, forCheck);
        QFETCH(QString, message);
        auto netconf = parse(text);
        QVERIFY(netconf.ok());
        const Status supported = netconf->checkVersion(forCheck);
        QCOMPARE(supported.ok() ? QString() : supported.error().message(), message);
    }

    void versionAnswer()
    {
        QCOMPARE(
            CniNetConf::versionJson(),
            QByteArray(
                "{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.3.0\",\"0.3.1\","
                "\"0.4.0\",\"1.0.0\"]}\n"));
    }

    void errorResult_data()
    {
        QTest::addColumn<unsigned>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("details");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("invalid config")
            << 7u << "netconf: 'name' is missing" << QString()
            << QByteArray("{\"cniVersion\":\"0.3.1\",\"code\":7,\"msg\":\"netconf: 'name' is missing\","
                          "\"details\":\"\"}\n");
        QTest::newRow("quotes escaped")
            << 999u << "a \"b\""
            << "c\nd"
            << QByteArray("{\"cniVersion\":\"0.3.1\",\"code\":999,\"msg\":\"a \\\"b\\\"\","
                          "\"details\":\"c\\nd\"}\n");
    }
    void errorResult()
    {
        QFETCH(unsigned, code);
        QFETCH(QString, message);
        QFETCH(QString, details);
        QFETCH(QByteArray, json);
        QCOMPARE(CniError(code, message, details).toJson(QStringLiteral("0.3.1")), json);
    }
};

QTEST_APPLESS_MAIN(TestCniNetConf)
#include "tst_cninetconf.moc"
