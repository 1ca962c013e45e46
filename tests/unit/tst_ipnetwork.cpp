#include "ipnetwork.h"
#include "testvalues.h"

#include <QTest>

using namespace tartan;
using namespace tartan::test;

class TestIpNetwork : public QObject
{
    Q_OBJECT
private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<QString>("last");
        QTest::newRow("v4 /16") << "10.244.0.0/16" << "10.244.0.0/16" << "10.244.255.255";
        QTest::newRow("v4 host bits masked") << "10.244.1.5/16" << "10.244.0.0/16" << "10.244.255.255";
        QTest::newRow("v4 /32") << "10.0.0.7/32" << "10.0.0.7/32" << "10.0.0.7";
        QTest::newRow("v4 /0") << "1.2.3.4/0" << "0.0.0.0/0" << "255.255.255.255";
        QTest::newRow("v6 /64") << "fc00:0:0:1::/64" << "fc00:0:0:1::/64" << "fc00::1:ffff:ffff:ffff:ffff";
        QTest::newRow("v6 /128") << "::1/128" << "::1/128" << "::1";
        QTest::newRow("v6 /0") << "fc00::/0" << "::/0" << "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    }
    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(QString, last);
        const auto network = IpNetwork::parse(text);
        QVERIFY2(network.ok(), qPrintable(network.ok() ? QString() : network.error().message()));
        QCOMPARE(network->toString(), canonical);
        QCOMPARE(network->lastAddress().toString(), last);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *bad : {"", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/ 8", "10.0.0.0/8/8",
                                "10.0.0.0/a", "fc00::/129", "fc00::/1000", "/24", "10.0.0/24", "10.0.0.0/+8"})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }
    void rejects()
    {
        QFETCH(QString, text);
        const auto network = IpNetwork::parse(text);
        QVERIFY(!network.ok());
        QVERIFY2(network.error().message().contains(QLatin1Char('\'') + text + QLatin1Char('\'')),
                 qPrintable(network.error().message()));
    }

    void containsAndOverlaps_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("aContainsB");
        QTest::addColumn<bool>("overlap");
        QTest::newRow("inside") << "10.244.0.0/16" << "10.244.3.0/24" << true << true;
        QTest::newRow("same") << "10.244.3.0/24" << "10.244.3.0/24" << true << true;
        QTest::newRow("outside") << "10.244.0.0/16" << "10.245.0.0/24" << false << false;
        QTest::newRow("larger") << "10.244.3.0/24" << "10.244.0.0/16" << false << true;
        QTest::newRow("adjacent") << "10.244.3.0/24" << "10.244.4.0/24" << false << false;
        QTest::newRow("v4 vs v6") << "0.0.0.0/0" << "::/0" << false << false;
        QTest::newRow("v6 inside") << "fc00::/48" << "fc00:0:0:5::/64" << true << true;
    }
    void containsAndOverlaps()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, aContainsB);
        QFETCH(bool, overlap);
        const auto na = *IpNetwork::parse(a);
        const auto nb = *IpNetwork::parse(b);
        QCOMPARE(na.contains(nb), aContainsB);
        QCOMPARE(na.overlaps(nb), overlap);
        QCOMPARE(nb.overlaps(na), overlap);
    }

    void containsAddress()
    {
        const auto n = net("10.244.1.0/24");
        QVERIFY(n.contains(*IpAddress::parse(u"10.244.1.0")));
        QVERIFY(n.contains(*IpAddress::parse(u"10.244.1.255")));
        QVERIFY(!n.contains(*IpAddress::parse(u"10.244.2.0")));
        QVERIFY(!n.contains(*IpAddress::parse(u"::1")));
        QVERIFY(!IpNetwork().contains(IpAddress()));
        QCOMPARE(n.firstHost().toString(), QStringLiteral("10.244.1.1"));
        QCOMPARE(n.netmask().toString(), QStringLiteral("255.255.255.0"));
    }

    void iteratesSubnets()
    {
        const auto n = net("10.244.0.0/22");
        QStringList seen;
        for (IpNetwork s : n.subnets(24))
            seen << s.toString();
        QCOMPARE(seen, QStringList({"10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24"}));
        QCOMPARE(n.subnetCount(22), Uint128(1));
        QCOMPARE(n.subnetCount(21), Uint128(0));
        QCOMPARE(n.subnetCount(33), Uint128(0));
        QVERIFY(n.subnet(24, 4).isNull());
        QCOMPARE(net("fc00::/48").subnet(64, 5).toString(), QStringLiteral("fc00:0:0:5::/64"));
        QCOMPARE(net("::/0").subnetCount(128), ~Uint128(0));
    }

    void stepsToNext()
    {
        QCOMPARE(net("10.244.1.0/24").next().toString(), QStringLiteral("10.244.2.0/24"));
        QCOMPARE(net("10.244.255.0/24").next().toString(), QStringLiteral("10.245.0.0/24"));
        QVERIFY(net("255.255.255.0/24").next().isNull());
        QCOMPARE(net("fc00::/64").next().toString(), QStringLiteral("fc00:0:0:1::/64"));
        QVERIFY(IpNetwork().next().isNull());
        QVERIFY(IpNetwork(IpAddress::fromV4(1), 40).isNull());
    }
};

QTEST_APPLESS_MAIN(TestIpNetwork)
#include "tst_ipnetwork.moc"
