// BackendConfig::fromJson and the backend type names: each backend's options, their defaults and
// their types, as flannel's backends decode them, with one error per rule.
#include "backendconfig.h"
#include "configreader.h"

#include <QTest>

using namespace tartan;

namespace {

json::Json object(const QByteArray &text)
{
    return json::Json::parse(text.toStdString());
}

QString errorOf(const Result<BackendConfig> &config)
{
    return config.ok() ? QString() : config.error().message();
}

BackendConfig vxlan(VxlanOptions options)
{
    BackendConfig config;
    config.type = BackendType::Vxlan;
    config.vxlan = options;
    return config;
}

BackendConfig ipip(bool directRouting)
{
    BackendConfig config;
    config.type = BackendType::IpIp;
    config.ipip.directRouting = directRouting;
    return config;
}

BackendConfig udp(std::uint16_t port)
{
    BackendConfig config;
    config.type = BackendType::Udp;
    config.udp.port = port;
    return config;
}

BackendConfig ofType(BackendType type)
{
    BackendConfig config;
    config.type = type;
    return config;
}

} // namespace

class TestBackendConfig : public QObject
{
    Q_OBJECT
private slots:
    void typeNames_data()
    {
        QTest::addColumn<BackendType>("type");
        QTest::addColumn<QString>("name");
        QTest::newRow("vxlan") << BackendType::Vxlan << "vxlan";
        QTest::newRow("host-gw") << BackendType::HostGw << "host-gw";
        QTest::newRow("ipip") << BackendType::IpIp << "ipip";
        QTest::newRow("udp") << BackendType::Udp << "udp";
        QTest::newRow("wireguard") << BackendType::WireGuard << "wireguard";
        QTest::newRow("ipsec") << BackendType::IpSec << "ipsec";
        QTest::newRow("alloc") << BackendType::Alloc << "alloc";
        QTest::newRow("extension") << BackendType::Extension << "extension";
        QTest::newRow("tencent-vpc") << BackendType::TencentVpc << "tencent-vpc";
    }
    void typeNames()
    {
        QFETCH(BackendType, type);
        QFETCH(QString, name);
        QCOMPARE(backendTypeName(type), name);
        QCOMPARE(backendTypeFromName(name), std::optional(type));
        QCOMPARE(backendTypeFromName(name.toUpper()), std::optional(type));
    }

    void unknownTypeNames_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"", "gre", "vxlan ", " vxlan", "hostgw", "host_gw", "aws-vpc", "gce"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void unknownTypeNames()
    {
        QFETCH(QString, name);
        QVERIFY(!backendTypeFromName(name).has_value());
    }

    void outOfRangeTypeHasNoName() { QCOMPARE(backendTypeName(static_cast<BackendType>(99)), QString()); }

    void absentIsUdp()
    {
        const auto config = BackendConfig::fromJson(nullptr);
        QVERIFY2(config.ok(), qPrintable(errorOf(config)));
        QCOMPARE(config->type, BackendType::Udp);
        QCOMPARE(config->udp.port, quint16(8285));
        QVERIFY(config->raw.is_null());
    }

    void parses_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<BackendConfig>("expected");

        QTest::newRow("vxlan defaults") << QByteArray(R"({"Type":"vxlan"})") << vxlan({});
        QTest::newRow("vxlan all options")
            << QByteArray(R"({"Type":"vxlan","VNI":4096,"Port":4789,"GBP":true,"Learning":true,)"
                          R"("DirectRouting":true,"MTU":1500})")
            << vxlan({4096, 4789, true, true, true, 1500});
        QTest::newRow("vxlan lowercase")
            << QByteArray(R"({"type":"VXLAN","vni":7,"port":8472,"gbp":true,"directrouting":true})")
            << vxlan({7, 8472, true, false, true, 0});
        QTest::newRow("vxlan VNI 0") << QByteArray(R"({"Type":"vxlan","VNI":0})")
                                     << vxlan({0, 0, false, false, false, 0});
        QTest::newRow("vxlan VNI max") << QByteArray(R"({"Type":"vxlan","VNI":16777215})")
                                       << vxlan({16777215, 0, false, false, false, 0});
        QTest::newRow("vxlan Port max")
            << QByteArray(R"({"Type":"vxlan","Port":65535})") << vxlan({1, 65535, false, false, false, 0});
        QTest::newRow("vxlan false booleans")
            << QByteArray(R"({"Type":"vxlan","GBP":false,"Learning":false,"DirectRouting":false})")
            << vxlan({});
        QTest::newRow("vxlan Learning only")
            << QByteArray(R"({"Type":"vxlan","Learning":true})") << vxlan({1, 0, false, true, false, 0});
        QTest::newRow("vxlan MTU 0") << QByteArray(R"({"Type":"vxlan","MTU":0})") << vxlan({});
        QTest::newRow("vxlan MTU min")
            << QByteArray(R"({"Type":"vxlan","MTU":118})") << vxlan({1, 0, false, false, false, 118});
        QTest::newRow("vxlan MTU max")
            << QByteArray(R"({"Type":"vxlan","MTU":65535})") << vxlan({1, 0, false, false, false, 65535});
        QTest::newRow("vxlan nulls are defaults")
            << QByteArray(R"({"Type":"vxlan","VNI":null,"Port":null,"GBP":null,"MTU":null,"MacPrefix":null})")
            << vxlan({});
        QTest::newRow("vxlan MacPrefix ignored")
            << QByteArray(R"({"Type":"vxlan","MacPrefix":"0E-2A"})") << vxlan({});
        QTest::newRow("vxlan other backends' options ignored")
            << QByteArray(R"({"Type":"vxlan","PSK":5,"UDPEncap":"x","Mode":[]})") << vxlan({});

        QTest::newRow("ipip defaults") << QByteArray(R"({"Type":"ipip"})") << ipip(false);
        QTest::newRow("ipip DirectRouting")
            << QByteArray(R"({"Type":"ipip","DirectRouting":true})") << ipip(true);
        QTest::newRow("ipip lowercase")
            << QByteArray(R"({"type":"IPIP","directrouting":true})") << ipip(true);
        QTest::newRow("ipip ignores vxlan options")
            << QByteArray(R"({"Type":"ipip","VNI":"x","Port":-1})") << ipip(false);

        QTest::newRow("udp defaults") << QByteArray(R"({"Type":"udp"})") << udp(8285);
        QTest::newRow("udp Port") << QByteArray(R"({"Type":"udp","Port":9000})") << udp(9000);
        QTest::newRow("udp Port min") << QByteArray(R"({"Type":"UDP","port":1})") << udp(1);
        QTest::newRow("udp Port max") << QByteArray(R"({"Type":"udp","Port":65535})") << udp(65535);
        QTest::newRow("udp Port null") << QByteArray(R"({"Type":"udp","Port":null})") << udp(8285);

        QTest::newRow("host-gw") << QByteArray(R"({"Type":"host-gw"})") << ofType(BackendType::HostGw);
        QTest::newRow("host-gw ignores options")
            << QByteArray(R"({"Type":"Host-GW","VNI":"junk","DirectRouting":1})")
            << ofType(BackendType::HostGw);
        QTest::newRow("wireguard")
            << QByteArray(R"({"Type":"wireguard","PSK":"k","Mode":"auto","PersistentKeepaliveInterval":25})")
            << ofType(BackendType::WireGuard);
        QTest::newRow("ipsec")
            << QByteArray(R"({"Type":"ipsec","PSK":"k","UDPEncap":true,"ESPProposal":"aes128gcm16"})")
            << ofType(BackendType::IpSec);
        QTest::newRow("alloc") << QByteArray(R"({"Type":"alloc"})") << ofType(BackendType::Alloc);
        QTest::newRow("extension") << QByteArray(R"({"Type":"extension","PreStartupCommand":"echo {}",)"
                                                 R"("SubnetAddCommand":"true"})")
                                   << ofType(BackendType::Extension);
        QTest::newRow("tencent-vpc") << QByteArray(R"({"Type":"tencent-vpc"})")
                                     << ofType(BackendType::TencentVpc);
    }
    void parses()
    {
        QFETCH(QByteArray, json);
        QFETCH(BackendConfig, expected);
        const json::Json input = object(json);
        const auto config = BackendConfig::fromJson(&input);
        QVERIFY2(config.ok(), qPrintable(errorOf(config)));
        QCOMPARE(backendTypeName(config->type), backendTypeName(expected.type));
        QCOMPARE(config->vxlan.vni, expected.vxlan.vni);
        QCOMPARE(config->vxlan.port, expected.vxlan.port);
        QCOMPARE(config->vxlan.gbp, expected.vxlan.gbp);
        QCOMPARE(config->vxlan.learning, expected.vxlan.learning);
        QCOMPARE(config->vxlan.directRouting, expected.vxlan.directRouting);
        QCOMPARE(config->vxlan.mtu, expected.vxlan.mtu);
        QCOMPARE(config->ipip.directRouting, expected.ipip.directRouting);
        QCOMPARE(config->udp.port, expected.udp.port);
        // The whole object is kept as written, for the backends core does not model.
        QVERIFY2(config->raw == input, config->raw.dump().c_str());
        expected.raw = input;
        QVERIFY(*config == expected);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("fragment");
        const QByteArray vx = R"({"Type":"vxlan",)";

        QTest::newRow("array") << QByteArray("[]") << "Backend"
                               << "must be an object, got []";
        QTest::newRow("number") << QByteArray("5") << "Backend"
                                << "must be an object, got 5";
        QTest::newRow("type name only") << QByteArray(R"("vxlan")") << "Backend"
                                        << R"(must be an object, got "vxlan")";
        QTest::newRow("null") << QByteArray("null") << "Backend"
                              << "must be an object, got null";

        QTest::newRow("Type missing")
            << QByteArray("{}") << "Backend.Type"
            << "required: one of vxlan, host-gw, ipip, udp, wireguard, ipsec, alloc, "
               "extension, tencent-vpc";
        QTest::newRow("Type null") << QByteArray(R"({"Type":null})") << "Backend.Type"
                                   << "required";
        QTest::newRow("Type array") << QByteArray(R"({"Type":["vxlan"]})") << "Backend.Type"
                                    << R"(must be a string, got ["vxlan"])";
        QTest::newRow("Type unknown")
            << QByteArray(R"({"Type":"gre"})") << "Backend.Type"
            << R"(must be one of vxlan, host-gw, ipip, udp, wireguard, ipsec, alloc, )"
               R"(extension, tencent-vpc, got "gre")";
        QTest::newRow("Type empty") << QByteArray(R"({"Type":""})") << "Backend.Type"
                                    << R"(got "")";
        QTest::newRow("Type padded") << QByteArray(R"({"Type":"vxlan "})") << "Backend.Type"
                                     << R"(got "vxlan ")";
        QTest::newRow("Type upstream-only") << QByteArray(R"({"Type":"aws-vpc"})") << "Backend.Type"
                                            << R"(got "aws-vpc")";

        QTest::newRow("VNI string") << vx + R"("VNI":"1"})"
                                    << "Backend.VNI"
                                    << R"(must be an integer from 0 to 16777215, got "1")";
        QTest::newRow("VNI negative") << vx + R"("VNI":-1})"
                                      << "Backend.VNI"
                                      << "got -1";
        QTest::newRow("VNI too big") << vx + R"("VNI":16777216})"
                                     << "Backend.VNI"
                                     << "got 16777216";
        QTest::newRow("VNI fraction") << vx + R"("VNI":1.5})"
                                      << "Backend.VNI"
                                      << "got 1.5";
        QTest::newRow("VNI 1.0") << vx + R"("VNI":1.0})"
                                 << "Backend.VNI"
                                 << "got 1.0";
        QTest::newRow("VNI exponent") << vx + R"("VNI":1e3})"
                                      << "Backend.VNI"
                                      << "got 1000.0";
        QTest::newRow("VNI boolean") << vx + R"("VNI":true})"
                                     << "Backend.VNI"
                                     << "got true";
        QTest::newRow("VNI huge") << vx + R"("VNI":18446744073709551615})"
                                  << "Backend.VNI"
                                  << "got 18446744073709551615";
        QTest::newRow("VNI lowercase key") << QByteArray(R"({"type":"vxlan","vni":"x"})") << "Backend.VNI"
                                           << R"(got "x")";
        QTest::newRow("VNI long object") << vx + "\"VNI\":{\"a\":\"" + QByteArray(100, 'z') + "\"}}"
                                         << "Backend.VNI"
                                         << "got {\"a\":\"zzz";
        QTest::newRow("vxlan Port negative") << vx + R"("Port":-1})"
                                             << "Backend.Port"
                                             << "must be an integer from 0 to 65535, got -1";
        QTest::newRow("vxlan Port too big") << vx + R"("Port":65536})"
                                            << "Backend.Port"
                                            << "got 65536";
        QTest::newRow("vxlan Port string") << vx + R"("Port":"8472"})"
                                           << "Backend.Port"
                                           << R"(got "8472")";
        QTest::newRow("GBP string") << vx + R"("GBP":"true"})"
                                    << "Backend.GBP"
                                    << R"(must be true or false, got "true")";
        QTest::newRow("Learning number") << vx + R"("Learning":1})"
                                         << "Backend.Learning"
                                         << "must be true or false, got 1";
        QTest::newRow("DirectRouting string") << vx + R"("DirectRouting":"yes"})"
                                              << "Backend.DirectRouting"
                                              << R"(got "yes")";
        QTest::newRow("MTU below IPv4 minimum")
            << vx + R"("MTU":100})"
            << "Backend.MTU"
            << "must be 0 (derive from the external interface) or from 118 to "
               "65535 (the device gets this minus 50, at least 68), got 100";
        QTest::newRow("MTU 117") << vx + R"("MTU":117})"
                                 << "Backend.MTU"
                                 << "got 117";
        QTest::newRow("MTU 1") << vx + R"("MTU":1})"
                               << "Backend.MTU"
                               << "got 1";
        QTest::newRow("MTU too big") << vx + R"("MTU":65536})"
                                     << "Backend.MTU"
                                     << "must be an integer from 0 to 65535, got 65536";
        QTest::newRow("MTU negative") << vx + R"("MTU":-1500})"
                                      << "Backend.MTU"
                                      << "got -1500";
        QTest::newRow("MTU string") << vx + R"("MTU":"1500"})"
                                    << "Backend.MTU"
                                    << R"(got "1500")";
        QTest::newRow("MacPrefix number") << vx + R"("MacPrefix":5})"
                                          << "Backend.MacPrefix"
                                          << "must be a string, got 5";
        QTest::newRow("first bad option named") << vx + R"("VNI":"x","Port":"y","GBP":"z"})"
                                                << "Backend.VNI"
                                                << R"(got "x")";

        QTest::newRow("ipip DirectRouting string")
            << QByteArray(R"({"Type":"ipip","DirectRouting":"true"})") << "Backend.DirectRouting"
            << R"(got "true")";
        QTest::newRow("udp Port 0") << QByteArray(R"({"Type":"udp","Port":0})") << "Backend.Port"
                                    << "must be an integer from 1 to 65535, got 0";
        QTest::newRow("udp Port too big") << QByteArray(R"({"Type":"udp","Port":65536})") << "Backend.Port"
                                          << "got 65536";
        QTest::newRow("udp Port string") << QByteArray(R"({"Type":"udp","Port":"8285"})") << "Backend.Port"
                                         << R"(got "8285")";
        QTest::newRow("udp Port fraction") << QByteArray(R"({"Type":"udp","Port":8285.5})") << "Backend.Port"
                                           << "got 8285.5";
    }
    void rejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, fragment);
        const json::Json input = object(json);
        const auto config = BackendConfig::fromJson(&input);
        QVERIFY2(!config.ok(), "accepted a bad Backend");
        const QString message = config.error().message();
        QVERIFY2(message.startsWith(field + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(fragment), qPrintable(message));
        QVERIFY2(message.size() < 300, qPrintable(message));
    }

    void readerQuotesShortened()
    {
        const json::Json value = std::string(200, 'q');
        const QString quoted = ConfigReader::quote(value);
        QCOMPARE(quoted.size(), 64);
        QVERIFY(quoted.startsWith(QStringLiteral("\"qqq")));
        QVERIFY(quoted.endsWith(QStringLiteral("...")));
        QCOMPARE(ConfigReader::quote(json::Json(42)), QStringLiteral("42"));
    }

    void readerKeepsFirstFailure()
    {
        const json::Json input = object(R"({"a":"x","b":"y","c":true,"d":3})");
        ConfigReader reader(input, QStringLiteral("Thing."));
        QVERIFY(reader.ok());
        QCOMPARE(reader.field("a"), QStringLiteral("Thing.a"));
        QVERIFY(!reader.integer("a", 0, 9).has_value());
        QVERIFY(!reader.ok());
        // After a failure every read returns its fallback and the first message stays.
        QCOMPARE(reader.boolean("c", false), false);
        QVERIFY(!reader.integer("d", 0, 9).has_value());
        QVERIFY(!reader.string("b").has_value());
        reader.fail("b", QStringLiteral("later rule"));
        QCOMPARE(reader.error().message(),
                 QStringLiteral(R"(Thing.a: must be an integer from 0 to 9, got "x")"));
    }

    void readerAbsentAndNull()
    {
        const json::Json input = object(R"({"present":null})");
        ConfigReader reader(input);
        QCOMPARE(reader.find("present"), nullptr);
        QCOMPARE(reader.find("missing"), nullptr);
        QCOMPARE(reader.boolean("present", true), true);
        QVERIFY(!reader.integer("missing", 0, 1).has_value());
        QVERIFY(!reader.string("PRESENT").has_value());
        QVERIFY(reader.ok());
        reader.fail("missing", QStringLiteral("required"));
        QCOMPARE(reader.error().message(), QStringLiteral("missing: required"));
    }
};

QTEST_APPLESS_MAIN(TestBackendConfig)
#include "tst_backendconfig.moc"
