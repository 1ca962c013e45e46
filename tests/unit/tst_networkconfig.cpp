// NetworkConfig::parse: flannel v0.20.2's ParseConfig defaults and rules, plus the Go decoding
// details it inherits (field case, last duplicate wins, integers only), and one error per rule.
#include "networkconfig.h"

#include <QFile>
#include <QTest>

using namespace tartan;

namespace {

QString errorOf(const Result<NetworkConfig> &config)
{
    return config.ok() ? QString() : config.error().message();
}

QString networkOf(const AddressPool &pool)
{
    return pool.network.toString();
}

/// A config whose Backend holds arrays nested `levels` deep (the innermost array sits at depth
/// levels + 1, counting the top-level object as 0).
QByteArray nested(int levels)
{
    return R"({"Network":"10.0.0.0/8","Backend":{"Type":"alloc","Deep":)" + QByteArray(levels, '[') +
           QByteArray(levels, ']') + "}}";
}

} // namespace

class TestNetworkConfig : public QObject
{
    Q_OBJECT
private slots:
    void ipv4Defaults_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("network");
        QTest::addColumn<int>("subnetLen");
        QTest::addColumn<QString>("subnetMin");
        QTest::addColumn<QString>("subnetMax");
        // Default SubnetLen: 24 up to a /22, then prefix + 2; SubnetMin skips the first subnet.
        QTest::newRow("/0") << QByteArray(R"({"Network":"0.0.0.0/0"})") << "0.0.0.0/0" << 24 << "0.0.1.0"
                            << "255.255.255.0";
        QTest::newRow("/8") << QByteArray(R"({"Network":"10.0.0.0/8"})") << "10.0.0.0/8" << 24 << "10.0.1.0"
                            << "10.255.255.0";
        QTest::newRow("/16") << QByteArray(R"({"Network":"10.244.0.0/16"})") << "10.244.0.0/16" << 24
                             << "10.244.1.0"
                             << "10.244.255.0";
        QTest::newRow("/22") << QByteArray(R"({"Network":"10.244.0.0/22"})") << "10.244.0.0/22" << 24
                             << "10.244.1.0"
                             << "10.244.3.0";
        QTest::newRow("/23") << QByteArray(R"({"Network":"10.244.0.0/23"})") << "10.244.0.0/23" << 25
                             << "10.244.0.128"
                             << "10.244.1.128";
        QTest::newRow("/24") << QByteArray(R"({"Network":"10.244.5.0/24"})") << "10.244.5.0/24" << 26
                             << "10.244.5.64"
                             << "10.244.5.192";
        QTest::newRow("/26") << QByteArray(R"({"Network":"10.244.5.0/26"})") << "10.244.5.0/26" << 28
                             << "10.244.5.16"
                             << "10.244.5.48";
        QTest::newRow("/28") << QByteArray(R"({"Network":"10.244.5.0/28"})") << "10.244.5.0/28" << 30
                             << "10.244.5.4"
                             << "10.244.5.12";
        QTest::newRow("host bits masked")
            << QByteArray(R"({"Network":"10.244.1.5/16"})") << "10.244.0.0/16" << 24 << "10.244.1.0"
            << "10.244.255.0";
        QTest::newRow("SubnetLen 0 is the default")
            << QByteArray(R"({"Network":"10.244.0.0/16","SubnetLen":0})") << "10.244.0.0/16" << 24
            << "10.244.1.0"
            << "10.244.255.0";
        QTest::newRow("null fields are absent")
            << QByteArray(R"({"Network":"10.244.0.0/16","SubnetLen":null,"SubnetMin":null,"SubnetMax":null,)"
                          R"("EnableIPv4":null})")
            << "10.244.0.0/16" << 24 << "10.244.1.0"
            << "10.244.255.0";
        QTest::newRow("SubnetLen 20") << QByteArray(R"({"Network":"10.244.0.0/16","SubnetLen":20})")
                                      << "10.244.0.0/16" << 20 << "10.244.16.0"
                                      << "10.244.240.0";
        QTest::newRow("SubnetLen prefix + 2") << QByteArray(R"({"Network":"10.244.0.0/16","SubnetLen":18})")
                                              << "10.244.0.0/16" << 18 << "10.244.64.0"
                                              << "10.244.192.0";
        QTest::newRow("SubnetLen 30") << QByteArray(R"({"Network":"10.244.0.0/16","SubnetLen":30})")
                                      << "10.244.0.0/16" << 30 << "10.244.0.4"
                                      << "10.244.255.252";
        QTest::newRow("SubnetLen below the default on a /23")
            << QByteArray(R"({"Network":"10.244.0.0/23","SubnetLen":26})") << "10.244.0.0/23" << 26
            << "10.244.0.64"
            << "10.244.1.192";
        QTest::newRow("explicit SubnetMin and SubnetMax")
            << QByteArray(
                   R"({"Network":"10.244.0.0/16","SubnetMin":"10.244.10.0","SubnetMax":"10.244.20.0"})")
            << "10.244.0.0/16" << 24 << "10.244.10.0"
            << "10.244.20.0";
        QTest::newRow("SubnetMin may be the first subnet")
            << QByteArray(R"({"Network":"10.244.0.0/16","SubnetMin":"10.244.0.0"})") << "10.244.0.0/16" << 24
            << "10.244.0.0"
            << "10.244.255.0";
        QTest::newRow("SubnetMin equals SubnetMax")
            << QByteArray(R"({"Network":"10.244.0.0/16","SubnetMin":"10.244.7.0","SubnetMax":"10.244.7.0"})")
            << "10.244.0.0/16" << 24 << "10.244.7.0"
            << "10.244.7.0";
        QTest::newRow("only SubnetMax")
            << QByteArray(R"({"Network":"10.244.0.0/16","SubnetMax":"10.244.1.0"})") << "10.244.0.0/16" << 24
            << "10.244.1.0"
            << "10.244.1.0";
        QTest::newRow("bounds aligned to an explicit SubnetLen")
            << QByteArray(R"({"Network":"10.244.0.0/16","SubnetLen":26,"SubnetMin":"10.244.0.64",)"
                          R"("SubnetMax":"10.244.3.192"})")
            << "10.244.0.0/16" << 26 << "10.244.0.64"
            << "10.244.3.192";
        QTest::newRow("explicit EnableIPv4, unknown fields ignored")
            << QByteArray(
                   R"({"EnableIPv4":true,"Network":"172.16.0.0/12","Comment":"x","Nested":{"a":[1,2]}})")
            << "172.16.0.0/12" << 24 << "172.16.1.0"
            << "172.31.255.0";
    }
    void ipv4Defaults()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, network);
        QFETCH(int, subnetLen);
        QFETCH(QString, subnetMin);
        QFETCH(QString, subnetMax);
        const auto config = NetworkConfig::parse(json);
        QVERIFY2(config.ok(), qPrintable(errorOf(config)));
        QVERIFY(config->enableIPv4);
        QVERIFY(!config->enableIPv6);
        QVERIFY(!config->enableNFTables);
        QCOMPARE(networkOf(config->ipv4), network);
        QCOMPARE(config->ipv4.subnetLength, subnetLen);
        QCOMPARE(config->ipv4.subnetMin.toString(), subnetMin);
        QCOMPARE(config->ipv4.subnetMax.toString(), subnetMax);
        QCOMPARE(config->ipv6, AddressPool());
        QCOMPARE(config->pool(IpAddress::Family::V4), &config->ipv4);
        QCOMPARE(config->pool(IpAddress::Family::V6), nullptr);
        QCOMPARE(config->pool(IpAddress::Family::None), nullptr);
        // The pool agrees with the bounds: both ends leasable, one subnet beyond each end not.
        const AddressPool &pool = config->ipv4;
        const IpNetwork first(pool.subnetMin, subnetLen);
        const IpNetwork last(pool.subnetMax, subnetLen);
        QVERIFY(pool.fits(first));
        QVERIFY(pool.fits(last));
        QVERIFY(!pool.fits(last.next()));
        if (pool.subnetMin != pool.network.address())
            QVERIFY(!pool.fits(IpNetwork(pool.network.address(), subnetLen)));
    }

    void ipv6Defaults_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("enableIPv4");
        QTest::addColumn<QString>("network");
        QTest::addColumn<int>("subnetLen");
        QTest::addColumn<QString>("subnetMin");
        QTest::addColumn<QString>("subnetMax");
        const QByteArray v6only = R"({"EnableIPv4":false,"EnableIPv6":true,)";
        QTest::newRow("/0") << v6only + R"("IPv6Network":"::/0"})" << false << "::/0" << 64 << "0:0:0:1::"
                            << "ffff:ffff:ffff:ffff::";
        QTest::newRow("/48") << v6only + R"("IPv6Network":"fc00::/48"})" << false << "fc00::/48" << 64
                             << "fc00:0:0:1::"
                             << "fc00:0:0:ffff::";
        QTest::newRow("/62") << v6only + R"("IPv6Network":"fc00::/62"})" << false << "fc00::/62" << 64
                             << "fc00:0:0:1::"
                             << "fc00:0:0:3::";
        QTest::newRow("/63") << v6only + R"("IPv6Network":"fc00::/63"})" << false << "fc00::/63" << 65
                             << "fc00::8000:0:0:0"
                             << "fc00:0:0:1:8000::";
        QTest::newRow("/120") << v6only + R"("IPv6Network":"fc00::/120"})" << false << "fc00::/120" << 122
                              << "fc00::40"
                              << "fc00::c0";
        QTest::newRow("/124") << v6only + R"("IPv6Network":"fc00::/124"})" << false << "fc00::/124" << 126
                              << "fc00::4"
                              << "fc00::c";
        QTest::newRow("host bits masked")
            << v6only + R"("IPv6Network":"fc00::1/48"})" << false << "fc00::/48" << 64 << "fc00:0:0:1::"
            << "fc00:0:0:ffff::";
        QTest::newRow("IPv6SubnetLen 56") << v6only + R"("IPv6Network":"fc00::/48","IPv6SubnetLen":56})"
                                          << false << "fc00::/48" << 56 << "fc00:0:0:100::"
                                          << "fc00:0:0:ff00::";
        QTest::newRow("IPv6SubnetLen 0 is the default")
            << v6only + R"("IPv6Network":"fc00::/48","IPv6SubnetLen":0})" << false << "fc00::/48" << 64
            << "fc00:0:0:1::"
            << "fc00:0:0:ffff::";
        QTest::newRow("explicit IPv6SubnetMin and IPv6SubnetMax")
            << v6only +
                   R"("IPv6Network":"fc00::/48","IPv6SubnetMin":"fc00:0:0:10::","IPv6SubnetMax":"fc00:0:0:20::"})"
            << false << "fc00::/48" << 64 << "fc00:0:0:10::"
            << "fc00:0:0:20::";
        QTest::newRow("IPv4 fields ignored when IPv4 is off")
            << v6only + R"("IPv6Network":"fc00::/48","Network":"junk","SubnetLen":"x","SubnetMin":7})"
            << false << "fc00::/48" << 64 << "fc00:0:0:1::"
            << "fc00:0:0:ffff::";
        QTest::newRow("dual stack") << QByteArray(R"({"EnableIPv6":true,"Network":"10.244.0.0/16",)"
                                                  R"("IPv6Network":"fd00:10:244::/56"})")
                                    << true << "fd00:10:244::/56" << 64 << "fd00:10:244:1::"
                                    << "fd00:10:244:ff::";
    }
    void ipv6Defaults()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, enableIPv4);
        QFETCH(QString, network);
        QFETCH(int, subnetLen);
        QFETCH(QString, subnetMin);
        QFETCH(QString, subnetMax);
        const auto config = NetworkConfig::parse(json);
        QVERIFY2(config.ok(), qPrintable(errorOf(config)));
        QCOMPARE(config->enableIPv4, enableIPv4);
        QVERIFY(config->enableIPv6);
        QCOMPARE(networkOf(config->ipv6), network);
        QCOMPARE(config->ipv6.subnetLength, subnetLen);
        QCOMPARE(config->ipv6.subnetMin.toString(), subnetMin);
        QCOMPARE(config->ipv6.subnetMax.toString(), subnetMax);
        QCOMPARE(config->pool(IpAddress::Family::V6), &config->ipv6);
        QVERIFY(config->ipv6.fits(IpNetwork(config->ipv6.subnetMin, subnetLen)));
        if (enableIPv4) {
            QCOMPARE(networkOf(config->ipv4), QStringLiteral("10.244.0.0/16"));
            QCOMPARE(config->ipv4.subnetLength, 24);
            QCOMPARE(config->pool(IpAddress::Family::V4), &config->ipv4);
        } else {
            QCOMPARE(config->ipv4, AddressPool());
            QCOMPARE(config->pool(IpAddress::Family::V4), nullptr);
        }
    }

    void ipv6FieldsIgnoredWhenOff()
    {
        const auto result =
            NetworkConfig::parse(R"({"Network":"10.0.0.0/8","IPv6Network":"junk","IPv6SubnetLen":"x"})");
        QVERIFY2(result.ok(), qPrintable(errorOf(result)));
        const NetworkConfig &config = *result;
        QVERIFY(!config.enableIPv6);
        QCOMPARE(config.ipv6, AddressPool());
        QCOMPARE(networkOf(config.ipv4), QStringLiteral("10.0.0.0/8"));
    }

    void flags_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("enableNFTables");
        QTest::newRow("absent") << QByteArray(R"({"Network":"10.0.0.0/8"})") << false;
        QTest::newRow("false") << QByteArray(R"({"Network":"10.0.0.0/8","EnableNFTables":false})") << false;
        QTest::newRow("true") << QByteArray(R"({"Network":"10.0.0.0/8","EnableNFTables":true})") << true;
        QTest::newRow("null") << QByteArray(R"({"Network":"10.0.0.0/8","EnableNFTables":null})") << false;
        QTest::newRow("lowercase") << QByteArray(R"({"Network":"10.0.0.0/8","enablenftables":true})") << true;
    }
    void flags()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, enableNFTables);
        const auto config = NetworkConfig::parse(json);
        QVERIFY2(config.ok(), qPrintable(errorOf(config)));
        QCOMPARE(config->enableNFTables, enableNFTables);
    }

    // flannel's stock kube-flannel.yml net-conf.json, byte for byte as the brief quotes it.
    void stockManifest()
    {
        const auto result = NetworkConfig::parse(
            R"({"Network":"10.244.0.0/16","EnableNFTables":false,"Backend":{"Type":"vxlan"}})");
        QVERIFY2(result.ok(), qPrintable(errorOf(result)));
        const NetworkConfig &config = *result;
        QVERIFY(config.enableIPv4);
        QVERIFY(!config.enableIPv6);
        QVERIFY(!config.enableNFTables);
        QCOMPARE(networkOf(config.ipv4), QStringLiteral("10.244.0.0/16"));
        QCOMPARE(config.ipv4.subnetLength, 24);
        QCOMPARE(config.ipv4.subnetMin.toString(), QStringLiteral("10.244.1.0"));
        QCOMPARE(config.ipv4.subnetMax.toString(), QStringLiteral("10.244.255.0"));
        QCOMPARE(backendTypeName(config.backend.type), QStringLiteral("vxlan"));
        QCOMPARE(config.backend.vxlan, VxlanOptions());
        QCOMPARE(config.backend.vxlan.vni, 1u);
        QCOMPARE(config.backend.vxlan.port, quint16(0));
        QVERIFY2(config.backend.raw == json::Json::parse(R"({"Type":"vxlan"})"),
                 config.backend.raw.dump().c_str());
    }

    void fixtures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("network");
        QTest::addColumn<QString>("subnetMin");
        QTest::addColumn<QString>("subnetMax");
        QTest::addColumn<QString>("ipv6Network");
        QTest::addColumn<QString>("backend");
        QTest::addColumn<uint>("vni");
        QTest::newRow("kube-flannel") << "kube-flannel.json"
                                      << "10.244.0.0/16"
                                      << "10.244.1.0"
                                      << "10.244.255.0"
                                      << ""
                                      << "vxlan" << 1u;
        QTest::newRow("dual stack") << "dual-stack.json"
                                    << "10.244.0.0/16"
                                    << "10.244.1.0"
                                    << "10.244.255.0"
                                    << "2001:cafe:42::/56"
                                    << "vxlan" << 4096u;
        QTest::newRow("etcd host-gw") << "etcd-host-gw.json"
                                      << "10.5.0.0/16"
                                      << "10.5.10.0"
                                      << "10.5.99.192"
                                      << ""
                                      << "host-gw" << 1u;
    }
    void fixtures()
    {
        QFETCH(QString, file);
        QFETCH(QString, network);
        QFETCH(QString, subnetMin);
        QFETCH(QString, subnetMax);
        QFETCH(QString, ipv6Network);
        QFETCH(QString, backend);
        QFETCH(uint, vni);
        QFile input(QStringLiteral(TARTAN_TEST_DATA "/config/") + file);
        QVERIFY2(input.open(QIODevice::ReadOnly), qPrintable(input.fileName()));
        const auto config = NetworkConfig::parse(input.readAll());
        QVERIFY2(config.ok(), qPrintable(errorOf(config)));
        QCOMPARE(networkOf(config->ipv4), network);
        QCOMPARE(config->ipv4.subnetMin.toString(), subnetMin);
        QCOMPARE(config->ipv4.subnetMax.toString(), subnetMax);
        QCOMPARE(config->enableIPv6, !ipv6Network.isEmpty());
        QCOMPARE(networkOf(config->ipv6), ipv6Network);
        QCOMPARE(backendTypeName(config->backend.type), backend);
        QCOMPARE(config->backend.vxlan.vni, vni);
    }

    void absentBackendIsUdp()
    {
        const auto result = NetworkConfig::parse(R"({"Network":"10.0.0.0/8"})");
        QVERIFY2(result.ok(), qPrintable(errorOf(result)));
        const NetworkConfig &config = *result;
        QCOMPARE(config.backend.type, BackendType::Udp);
        QCOMPARE(config.backend.udp.port, quint16(8285));
        QVERIFY(config.backend.raw.is_null());
        QVERIFY(config.backend == BackendConfig());
    }

    void backendKeptWhole()
    {
        const QByteArray backend =
            R"({"Type":"wireguard","PSK":"secret","Mode":"auto","PersistentKeepaliveInterval":25})";
        const auto result = NetworkConfig::parse(R"({"Network":"10.0.0.0/8","Backend":)" + backend + "}");
        QVERIFY2(result.ok(), qPrintable(errorOf(result)));
        const NetworkConfig &config = *result;
        QCOMPARE(config.backend.type, BackendType::WireGuard);
        QVERIFY2(config.backend.raw == json::Json::parse(backend.toStdString()),
                 config.backend.raw.dump().c_str());
    }

    void caseInsensitiveKeys()
    {
        const auto canonicalResult = NetworkConfig::parse(
            R"({"EnableIPv4":true,"EnableIPv6":true,"Network":"10.5.0.0/16",)"
            R"("SubnetLen":20,"SubnetMin":"10.5.16.0","SubnetMax":"10.5.224.0",)"
            R"("IPv6Network":"fc00::/48","IPv6SubnetLen":60,"IPv6SubnetMin":"fc00:0:0:10::",)"
            R"("IPv6SubnetMax":"fc00:0:0:f0::","EnableNFTables":true,)"
            R"("Backend":{"Type":"vxlan","VNI":4096,"DirectRouting":true}})");
        const auto mixedResult = NetworkConfig::parse(
            R"({"enableipv4":true,"ENABLEIPV6":true,"network":"10.5.0.0/16",)"
            R"("SUBNETLEN":20,"subnetMin":"10.5.16.0","SubnetMAX":"10.5.224.0",)"
            R"("ipv6network":"fc00::/48","IPV6SUBNETLEN":60,"ipv6subnetmin":"fc00:0:0:10::",)"
            R"("Ipv6SubnetMax":"fc00:0:0:f0::","enableNFTables":true,)"
            R"("backend":{"type":"VXLAN","vni":4096,"directrouting":true}})");
        QVERIFY2(canonicalResult.ok(), qPrintable(errorOf(canonicalResult)));
        QVERIFY2(mixedResult.ok(), qPrintable(errorOf(mixedResult)));
        const NetworkConfig &canonical = *canonicalResult;
        const NetworkConfig &mixed = *mixedResult;
        QCOMPARE(canonical.ipv4.subnetLength, 20);
        QCOMPARE(canonical.ipv6.subnetMax.toString(), QStringLiteral("fc00:0:0:f0::"));
        QCOMPARE(mixed.enableIPv6, canonical.enableIPv6);
        QCOMPARE(mixed.enableNFTables, canonical.enableNFTables);
        QCOMPARE(mixed.ipv4, canonical.ipv4);
        QCOMPARE(mixed.ipv6, canonical.ipv6);
        QCOMPARE(mixed.backend.type, canonical.backend.type);
        QCOMPARE(mixed.backend.vxlan, canonical.backend.vxlan);
        QCOMPARE(mixed.backend.vxlan.vni, 4096u);
        QVERIFY(mixed.backend.vxlan.directRouting);
        // raw keeps the spelling as written.
        QVERIFY(mixed.backend.raw.contains("vni"));
    }

    // Go's decoder assigns a field once per matching member in text order, whatever the spelling.
    void lastDuplicateWins_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("network");
        QTest::addColumn<uint>("vni");
        QTest::newRow("same spelling")
            << QByteArray(R"({"Network":"10.1.0.0/16","Network":"10.2.0.0/16"})") << "10.2.0.0/16" << 1u;
        QTest::newRow("capitalised last")
            << QByteArray(R"({"network":"10.1.0.0/16","Network":"10.2.0.0/16"})") << "10.2.0.0/16" << 1u;
        QTest::newRow("lowercase last")
            << QByteArray(R"({"Network":"10.1.0.0/16","network":"10.2.0.0/16"})") << "10.2.0.0/16" << 1u;
        QTest::newRow("three spellings")
            << QByteArray(R"({"NETWORK":"10.1.0.0/16","NetWork":"10.2.0.0/16","network":"10.3.0.0/16"})")
            << "10.3.0.0/16" << 1u;
        QTest::newRow("bad value overridden")
            << QByteArray(R"({"network":"junk","Network":"10.2.0.0/16"})") << "10.2.0.0/16" << 1u;
        QTest::newRow("backend option, lowercase last")
            << QByteArray(R"({"Network":"10.2.0.0/16","Backend":{"Type":"vxlan","VNI":5,"vni":7}})")
            << "10.2.0.0/16" << 7u;
        QTest::newRow("backend option, capitalised last")
            << QByteArray(R"({"Network":"10.2.0.0/16","Backend":{"Type":"vxlan","vni":7,"VNI":5}})")
            << "10.2.0.0/16" << 5u;
        QTest::newRow("backend object itself")
            << QByteArray(
                   R"({"Network":"10.2.0.0/16","backend":{"Type":"udp"},"Backend":{"Type":"vxlan","VNI":9}})")
            << "10.2.0.0/16" << 9u;
    }
    void lastDuplicateWins()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, network);
        QFETCH(uint, vni);
        const auto config = NetworkConfig::parse(json);
        QVERIFY2(config.ok(), qPrintable(errorOf(config)));
        QCOMPARE(networkOf(config->ipv4), network);
        QCOMPARE(config->backend.vxlan.vni, vni);
    }

    void nestingLimit()
    {
        const auto deepest = NetworkConfig::parse(nested(31));
        QVERIFY2(deepest.ok(), qPrintable(errorOf(deepest)));
        QCOMPARE(deepest->backend.type, BackendType::Alloc);
        const auto tooDeep = NetworkConfig::parse(nested(32));
        QVERIFY(!tooDeep.ok());
        QCOMPARE(tooDeep.error().message(), QStringLiteral("network config: nested deeper than 32 levels"));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("fragment");
        const QString document = QStringLiteral("network config");
        const QByteArray v4 = R"({"Network":"10.244.0.0/16",)";
        const QByteArray v6 = R"({"EnableIPv4":false,"EnableIPv6":true,"IPv6Network":"fc00::/48",)";

        // The document
        QTest::newRow("truncated") << QByteArray(R"({"Network":)") << document << "malformed JSON";
        QTest::newRow("empty") << QByteArray() << document << "malformed JSON";
        QTest::newRow("trailing garbage")
            << QByteArray(R"({"Network":"10.0.0.0/8"} x)") << document << "malformed JSON";
        QTest::newRow("single quotes")
            << QByteArray("{'Network':'10.0.0.0/8'}") << document << "malformed JSON";
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"Network\":\"10.0.0.0/8\xff\"}") << document << "malformed JSON";
        QTest::newRow("array") << QByteArray("[]") << document << "must be a JSON object, got []";
        QTest::newRow("string") << QByteArray(R"("10.0.0.0/8")") << document
                                << R"(must be a JSON object, got "10.0.0.0/8")";
        QTest::newRow("null") << QByteArray("null") << document << "must be a JSON object, got null";
        QTest::newRow("too deep") << nested(40) << document << "nested deeper than 32 levels";

        // Families
        QTest::newRow("EnableIPv4 string")
            << QByteArray(R"({"EnableIPv4":"true","Network":"10.0.0.0/8"})") << "EnableIPv4"
            << R"(must be true or false, got "true")";
        QTest::newRow("EnableIPv6 number")
            << QByteArray(R"({"EnableIPv6":1,"Network":"10.0.0.0/8"})") << "EnableIPv6"
            << "must be true or false, got 1";
        QTest::newRow("EnableNFTables string")
            << QByteArray(R"({"EnableNFTables":"no","Network":"10.0.0.0/8"})") << "EnableNFTables"
            << R"(must be true or false, got "no")";
        QTest::newRow("first bad field named")
            << QByteArray(R"({"EnableIPv4":0,"EnableIPv6":"x"})") << "EnableIPv4"
            << "got 0";
        QTest::newRow("no family") << QByteArray(R"({"EnableIPv4":false,"Network":"10.0.0.0/8"})")
                                   << "EnableIPv4"
                                   << "(no address family is enabled), got false";
        QTest::newRow("no family, both explicit")
            << QByteArray(R"({"EnableIPv4":false,"EnableIPv6":false})") << "EnableIPv4"
            << "must be true unless EnableIPv6 is true";

        // Network
        QTest::newRow("Network missing") << QByteArray("{}") << "Network"
                                         << "required when EnableIPv4 is true";
        QTest::newRow("Network null") << QByteArray(R"({"Network":null})") << "Network"
                                      << "required";
        QTest::newRow("Network number") << QByteArray(R"({"Network":10})") << "Network"
                                        << "must be a string, got 10";
        QTest::newRow("Network without prefix")
            << QByteArray(R"({"Network":"10.244.0.0"})") << "Network"
            << R"(must be an IPv4 network in CIDR notation, like 10.244.0.0/16, got "10.244.0.0")";
        QTest::newRow("Network junk") << QByteArray(R"({"Network":"ten"})") << "Network"
                                      << R"(got "ten")";
        QTest::newRow("Network empty") << QByteArray(R"({"Network":""})") << "Network"
                                       << R"(got "")";
        QTest::newRow("Network /33") << QByteArray(R"({"Network":"10.0.0.0/33"})") << "Network"
                                     << R"(CIDR notation, like 10.244.0.0/16, got "10.0.0.0/33")";
        QTest::newRow("Network IPv6")
            << QByteArray(R"({"Network":"fc00::/48"})") << "Network"
            << R"(must be an IPv4 network in CIDR notation, like 10.244.0.0/16, got "fc00::/48")";
        QTest::newRow("Network /29")
            << QByteArray(R"({"Network":"10.0.0.0/29"})") << "Network"
            << R"(prefix must be /28 or shorter, to hold four subnets of at least /30, got "10.0.0.0/29")";
        QTest::newRow("Network /32") << QByteArray(R"({"Network":"10.0.0.1/32"})") << "Network"
                                     << R"(prefix must be /28 or shorter)";
        QTest::newRow("Network /29 with SubnetLen")
            << QByteArray(R"({"Network":"10.0.0.0/29","SubnetLen":30})") << "Network"
            << "prefix must be /28 or shorter";

        // SubnetLen
        QTest::newRow("SubnetLen string") << v4 + R"("SubnetLen":"24"})"
                                          << "SubnetLen"
                                          << R"(must be an integer from 0 to 30, got "24")";
        QTest::newRow("SubnetLen fraction") << v4 + R"("SubnetLen":24.5})"
                                            << "SubnetLen"
                                            << "got 24.5";
        // Go refuses 24.0 for an unsigned field too.
        QTest::newRow("SubnetLen 24.0") << v4 + R"("SubnetLen":24.0})"
                                        << "SubnetLen"
                                        << "must be an integer from 0 to 30, got 24.0";
        QTest::newRow("SubnetLen exponent") << v4 + R"("SubnetLen":2e1})"
                                            << "SubnetLen"
                                            << "got 20.0";
        QTest::newRow("SubnetLen boolean") << v4 + R"("SubnetLen":true})"
                                           << "SubnetLen"
                                           << "got true";
        QTest::newRow("SubnetLen negative") << v4 + R"("SubnetLen":-1})"
                                            << "SubnetLen"
                                            << "must be an integer from 0 to 30, got -1";
        QTest::newRow("SubnetLen 31") << v4 + R"("SubnetLen":31})"
                                      << "SubnetLen"
                                      << "must be an integer from 0 to 30, got 31";
        QTest::newRow("SubnetLen huge") << v4 + R"("SubnetLen":18446744073709551615})"
                                        << "SubnetLen"
                                        << "got 18446744073709551615";
        QTest::newRow("SubnetLen prefix + 1") << v4 + R"("SubnetLen":17})"
                                              << "SubnetLen"
                                              << "must be at least Network's prefix + 2 (18), got 17";
        QTest::newRow("SubnetLen equal to prefix") << v4 + R"("SubnetLen":16})"
                                                   << "SubnetLen"
                                                   << "Network's prefix + 2 (18), got 16";
        QTest::newRow("SubnetLen lowercase key") << v4 + R"("subnetlen":8})"
                                                 << "SubnetLen"
                                                 << "got 8";

        // SubnetMin, SubnetMax
        QTest::newRow("SubnetMin number") << v4 + R"("SubnetMin":167772160})"
                                          << "SubnetMin"
                                          << "must be a string, got 167772160";
        QTest::newRow("SubnetMin short") << v4 + R"("SubnetMin":"10.244.1"})"
                                         << "SubnetMin"
                                         << R"(must be an IPv4 address, got "10.244.1")";
        QTest::newRow("SubnetMin IPv6") << v4 + R"("SubnetMin":"fc00::"})"
                                        << "SubnetMin"
                                        << "must be an IPv4 address";
        QTest::newRow("SubnetMin outside") << v4 + R"("SubnetMin":"10.245.0.0"})"
                                           << "SubnetMin"
                                           << R"(must be inside Network (10.244.0.0/16), got "10.245.0.0")";
        QTest::newRow("SubnetMin unaligned")
            << v4 + R"("SubnetMin":"10.244.1.5"})"
            << "SubnetMin"
            << R"(must be the first address of a /24 subnet (SubnetLen), got "10.244.1.5")";
        QTest::newRow("SubnetMin unaligned to SubnetLen 20")
            << v4 + R"("SubnetLen":20,"SubnetMin":"10.244.8.0"})"
            << "SubnetMin"
            << "first address of a /20 subnet";
        QTest::newRow("SubnetMax outside") << v4 + R"("SubnetMax":"10.243.255.0"})"
                                           << "SubnetMax"
                                           << R"(must be inside Network (10.244.0.0/16), got "10.243.255.0")";
        QTest::newRow("SubnetMax unaligned") << v4 + R"("SubnetMax":"10.244.255.255"})"
                                             << "SubnetMax"
                                             << "first address of a /24 subnet";
        QTest::newRow("SubnetMax as CIDR") << v4 + R"("SubnetMax":"10.244.9.0/24"})"
                                           << "SubnetMax"
                                           << "must be an IPv4 address";
        QTest::newRow("SubnetMin above SubnetMax")
            << v4 + R"("SubnetMin":"10.244.9.0","SubnetMax":"10.244.5.0"})"
            << "SubnetMin"
            << R"(must not be greater than SubnetMax (10.244.5.0), got "10.244.9.0")";
        QTest::newRow("SubnetMax below default SubnetMin")
            << v4 + R"("SubnetMax":"10.244.0.0"})"
            << "SubnetMax"
            << R"(must not be less than SubnetMin (10.244.1.0), got "10.244.0.0")";

        // IPv6
        QTest::newRow("IPv6Network missing")
            << QByteArray(R"({"Network":"10.0.0.0/8","EnableIPv6":true})") << "IPv6Network"
            << "required when EnableIPv6 is true";
        QTest::newRow("IPv6Network number")
            << QByteArray(R"({"EnableIPv4":false,"EnableIPv6":true,"IPv6Network":6})") << "IPv6Network"
            << "must be a string, got 6";
        QTest::newRow("IPv6Network IPv4")
            << QByteArray(R"({"EnableIPv4":false,"EnableIPv6":true,"IPv6Network":"10.0.0.0/8"})")
            << "IPv6Network"
            << R"(must be an IPv6 network in CIDR notation, like fd00:10:244::/56, got "10.0.0.0/8")";
        QTest::newRow("IPv6Network /125")
            << QByteArray(R"({"EnableIPv4":false,"EnableIPv6":true,"IPv6Network":"fc00::/125"})")
            << "IPv6Network"
            << "prefix must be /124 or shorter";
        QTest::newRow("IPv6SubnetLen 127") << v6 + R"("IPv6SubnetLen":127})"
                                           << "IPv6SubnetLen"
                                           << "must be an integer from 0 to 126, got 127";
        QTest::newRow("IPv6SubnetLen string") << v6 + R"("IPv6SubnetLen":"64"})"
                                              << "IPv6SubnetLen"
                                              << R"(got "64")";
        QTest::newRow("IPv6SubnetLen prefix + 1") << v6 + R"("IPv6SubnetLen":49})"
                                                  << "IPv6SubnetLen"
                                                  << "must be at least IPv6Network's prefix + 2 (50), got 49";
        QTest::newRow("IPv6SubnetMin IPv4") << v6 + R"("IPv6SubnetMin":"10.0.0.0"})"
                                            << "IPv6SubnetMin"
                                            << R"(must be an IPv6 address, got "10.0.0.0")";
        QTest::newRow("IPv6SubnetMin outside") << v6 + R"("IPv6SubnetMin":"fc01::"})"
                                               << "IPv6SubnetMin"
                                               << R"(must be inside IPv6Network (fc00::/48), got "fc01::")";
        QTest::newRow("IPv6SubnetMin unaligned")
            << v6 + R"("IPv6SubnetMin":"fc00:0:0:1::1"})"
            << "IPv6SubnetMin"
            << "must be the first address of a /64 subnet (IPv6SubnetLen)";
        QTest::newRow("IPv6SubnetMax unaligned") << v6 + R"("IPv6SubnetMax":"fc00:0:0:ffff:8000::"})"
                                                 << "IPv6SubnetMax"
                                                 << "first address of a /64 subnet";
        QTest::newRow("IPv6SubnetMax boolean") << v6 + R"("IPv6SubnetMax":false})"
                                               << "IPv6SubnetMax"
                                               << "must be a string, got false";
        QTest::newRow("IPv6SubnetMin above IPv6SubnetMax")
            << v6 + R"("IPv6SubnetMin":"fc00:0:0:20::","IPv6SubnetMax":"fc00:0:0:10::"})"
            << "IPv6SubnetMin"
            << "must not be greater than IPv6SubnetMax (fc00:0:0:10::)";
        QTest::newRow("IPv6SubnetMax below default IPv6SubnetMin")
            << v6 + R"("IPv6SubnetMax":"fc00::"})"
            << "IPv6SubnetMax"
            << "must not be less than IPv6SubnetMin (fc00:0:0:1::)";
        QTest::newRow("dual stack, IPv6 broken")
            << QByteArray(
                   R"({"EnableIPv6":true,"Network":"10.0.0.0/8","IPv6Network":"fc00::/48","IPv6SubnetLen":130})")
            << "IPv6SubnetLen"
            << "got 130";

        // Backend, as seen through the whole config (tst_backendconfig covers each option)
        QTest::newRow("Backend string") << v4 + R"("Backend":"vxlan"})"
                                        << "Backend"
                                        << R"(must be an object, got "vxlan")";
        QTest::newRow("Backend null") << v4 + R"("Backend":null})"
                                      << "Backend"
                                      << "must be an object, got null";
        QTest::newRow("Backend without Type") << v4 + R"("Backend":{"VNI":1}})"
                                              << "Backend.Type"
                                              << "required: one of vxlan, host-gw, ipip, udp, wireguard";
        QTest::newRow("Backend unknown Type") << v4 + R"("Backend":{"Type":"gre"}})"
                                              << "Backend.Type"
                                              << R"(tencent-vpc, got "gre")";
        QTest::newRow("Backend bad option") << v4 + R"("backend":{"type":"vxlan","vni":"1"}})"
                                            << "Backend.VNI"
                                            << R"(must be an integer from 0 to 16777215, got "1")";

        // A long value is shortened in the message, not dropped.
        QTest::newRow("long value") << QByteArray("{\"Network\":{\"Comment\":\"") + QByteArray(200, 'x') +
                                           "\"}}"
                                    << "Network"
                                    << "must be a string, got {\"Comment\":\"xxxx";
    }
    void rejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, fragment);
        const auto config = NetworkConfig::parse(json);
        QVERIFY2(!config.ok(), "accepted a bad config");
        const QString message = config.error().message();
        QVERIFY2(message.startsWith(field + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(fragment), qPrintable(message));
        QVERIFY2(message.size() < 300, qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestNetworkConfig)
#include "tst_networkconfig.moc"
