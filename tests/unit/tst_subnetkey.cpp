#include "subnetkey.h"

#include <QSet>
#include <QTest>

using namespace tartan;

class TestSubnetKey : public QObject
{
    Q_OBJECT
private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("ipv4");
        QTest::addColumn<QString>("ipv6");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("ipv4") << "10.5.52.0-24"
                              << "10.5.52.0/24"
                              << ""
                              << "10.5.52.0-24";
        QTest::newRow("ipv4 /16") << "10.244.0.0-16"
                                  << "10.244.0.0/16"
                                  << ""
                                  << "10.244.0.0-16";
        QTest::newRow("ipv4 /32") << "10.0.0.7-32"
                                  << "10.0.0.7/32"
                                  << ""
                                  << "10.0.0.7-32";
        QTest::newRow("ipv4 0.0.0.0/8") << "0.0.0.0-8"
                                        << "0.0.0.0/8"
                                        << ""
                                        << "0.0.0.0-8";
        QTest::newRow("dual stack") << "10.5.52.0-24&fc00::-64"
                                    << "10.5.52.0/24"
                                    << "fc00::/64"
                                    << "10.5.52.0-24&fc00::-64";
        QTest::newRow("ipv6 only") << "0.0.0.0-0&fc00::-64"
                                   << ""
                                   << "fc00::/64"
                                   << "0.0.0.0-0&fc00::-64";
        QTest::newRow("ipv6 inner") << "10.5.52.0-24&fc00:0:0:1::-64"
                                    << "10.5.52.0/24"
                                    << "fc00:0:0:1::/64"
                                    << "10.5.52.0-24&fc00:0:0:1::-64";
        QTest::newRow("ipv6 /128") << "10.5.52.0-24&fc00::1-128"
                                   << "10.5.52.0/24"
                                   << "fc00::1/128"
                                   << "10.5.52.0-24&fc00::1-128";
        // Any RFC 4291 spelling is read; toString() writes the canonical one, as flanneld would.
        QTest::newRow("ipv6 not canonical") << "10.5.52.0-24&FC00:0::-64"
                                            << "10.5.52.0/24"
                                            << "fc00::/64"
                                            << "10.5.52.0-24&fc00::-64";
    }
    void parses()
    {
        QFETCH(QString, key);
        QFETCH(QString, ipv4);
        QFETCH(QString, ipv6);
        QFETCH(QString, canonical);
        const auto parsed = SubnetKey::parse(key);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
        QCOMPARE(parsed->ipv4.toString(), ipv4);
        QCOMPARE(parsed->ipv6.toString(), ipv6);
        QCOMPARE(parsed->toString(), canonical);
        QVERIFY(!parsed->isNull());
        const auto again = SubnetKey::parse(parsed->toString());
        QVERIFY(again.ok());
        QCOMPARE(*again, *parsed);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("cause");
        QTest::newRow("empty") << ""
                               << "has no '-<prefix length>'";
        QTest::newRow("no length") << "10.5.52.0"
                                   << "has no '-<prefix length>'";
        QTest::newRow("slash") << "10.5.52.0/24"
                               << "has no '-<prefix length>'";
        QTest::newRow("empty length") << "10.5.52.0-"
                                      << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("length 33") << "10.5.52.0-33"
                                   << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("length 1000") << "10.5.52.0-1000"
                                     << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("leading zero") << "10.5.52.0-024"
                                      << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("plus sign") << "10.5.52.0-+24"
                                   << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("double dash") << "10.5.52.0--24"
                                     << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("space before length") << "10.5.52.0- 24"
                                             << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("trailing space") << "10.5.52.0-24 "
                                        << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("trailing letter") << "10.5.52.0-24a"
                                         << "prefix length must be 0 to 32 for IPv4";
        QTest::newRow("host bits") << "10.5.52.1-24"
                                   << "10.5.52.1 is not the network address of 10.5.52.0/24";
        QTest::newRow("host bits /16") << "10.5.52.0-16"
                                       << "10.5.52.0 is not the network address of 10.5.0.0/16";
        QTest::newRow("three octets") << "10.5.52-24"
                                      << "'10.5.52' is not an IPv4 address";
        QTest::newRow("octet leading zero") << "010.5.52.0-24"
                                            << "'010.5.52.0' is not an IPv4 address";
        QTest::newRow("octet 256") << "10.5.52.256-24"
                                   << "'10.5.52.256' is not an IPv4 address";
        QTest::newRow("leading space") << " 10.5.52.0-24"
                                       << "' 10.5.52.0' is not an IPv4 address";
        QTest::newRow("ipv6 first") << "fc00::-64"
                                    << "'fc00::' is not an IPv4 address";
        QTest::newRow("only the empty ipv4") << "0.0.0.0-0"
                                             << "has neither an IPv4 nor an IPv6 subnet";
        QTest::newRow("empty ipv6 half") << "10.5.52.0-24&"
                                         << "'' has no '-<prefix length>'";
        QTest::newRow("empty both") << "0.0.0.0-0&"
                                    << "'' has no '-<prefix length>'";
        QTest::newRow("ipv6 length 129") << "10.5.52.0-24&fc00::-129"
                                         << "prefix length must be 0 to 128 for IPv6";
        QTest::newRow("ipv6 leading zero") << "10.5.52.0-24&fc00::-064"
                                           << "prefix length must be 0 to 128 for IPv6";
        QTest::newRow("ipv6 trailing") << "10.5.52.0-24&fc00::-64 "
                                       << "prefix length must be 0 to 128 for IPv6";
        QTest::newRow("ipv6 host bits") << "10.5.52.0-24&fc00::1-64"
                                        << "fc00::1 is not the network address of fc00::/64";
        QTest::newRow("ipv4 as ipv6") << "10.5.52.0-24&10.0.0.0-8"
                                      << "'10.0.0.0' is not an IPv6 address";
        QTest::newRow("ipv6 zone") << "10.5.52.0-24&fe80::%eth0-64"
                                   << "'fe80::%eth0' is not an IPv6 address";
        QTest::newRow("ipv6 ::/0") << "10.5.52.0-24&::-0"
                                   << "the IPv6 half '::-0' is empty";
        QTest::newRow("two ampersands") << "10.5.52.0-24&fc00::-64&fd00::-64"
                                        << "more than one '&'";
    }
    void rejects()
    {
        QFETCH(QString, key);
        QFETCH(QString, cause);
        const auto parsed = SubnetKey::parse(key);
        QVERIFY(!parsed.ok());
        const QString message = parsed.error().message();
        QVERIFY2(message.startsWith(QStringLiteral("subnet key '%1': ").arg(key)), qPrintable(message));
        QVERIFY2(message.contains(cause), qPrintable(message));
    }

    void writesFlannelsKeys()
    {
        const auto v4 = *IpNetwork::parse(u"10.244.3.0/24");
        const auto v6 = *IpNetwork::parse(u"fd00:10:244:3::/64");
        QCOMPARE((SubnetKey{v4, {}}).toString(), QStringLiteral("10.244.3.0-24"));
        QCOMPARE((SubnetKey{v4, v6}).toString(), QStringLiteral("10.244.3.0-24&fd00:10:244:3::-64"));
        QCOMPARE((SubnetKey{{}, v6}).toString(), QStringLiteral("0.0.0.0-0&fd00:10:244:3::-64"));
        // MakeSubnetKey of two empty halves.
        QCOMPARE(SubnetKey{}.toString(), QStringLiteral("0.0.0.0-0"));
        QVERIFY(SubnetKey{}.isNull());
    }

    void overlaps_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("overlap");
        QTest::newRow("same") << "10.244.3.0-24"
                              << "10.244.3.0-24" << true;
        QTest::newRow("nested") << "10.244.0.0-22"
                                << "10.244.3.0-24" << true;
        QTest::newRow("apart") << "10.244.3.0-24"
                               << "10.244.4.0-24" << false;
        QTest::newRow("ipv6 only in common") << "10.244.3.0-24&fc00::-64"
                                             << "10.244.4.0-24&fc00::-64" << true;
        QTest::newRow("ipv6 apart") << "10.244.3.0-24&fc00::-64"
                                    << "10.244.4.0-24&fc00:0:0:1::-64" << false;
        QTest::newRow("ipv6-only vs ipv4") << "0.0.0.0-0&fc00::-64"
                                           << "10.244.4.0-24" << false;
    }
    void overlaps()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, overlap);
        const auto ka = *SubnetKey::parse(a);
        const auto kb = *SubnetKey::parse(b);
        QCOMPARE(ka.overlaps(kb), overlap);
        QCOMPARE(kb.overlaps(ka), overlap);
    }

    void hashesAndOrders()
    {
        const auto a = *SubnetKey::parse(u"10.244.3.0-24");
        const auto b = *SubnetKey::parse(u"10.244.4.0-24&fc00::-64");
        QSet<SubnetKey> set{a, b, *SubnetKey::parse(u"10.244.3.0-24")};
        QCOMPARE(set.size(), 2);
        QVERIFY(a < b);
        QVERIFY(a != b);
    }
};

QTEST_APPLESS_MAIN(TestSubnetKey)
#include "tst_subnetkey.moc"
