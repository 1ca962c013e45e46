#include "ipaddress.h"

#include <QTest>

using namespace tartan;

class TestIpAddress : public QObject
{
    Q_OBJECT
private slots:
    void parsesAndFormats_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<int>("family");
        QTest::newRow("v4") << "10.244.1.0" << "10.244.1.0" << int(IpAddress::Family::V4);
        QTest::newRow("v4 zero") << "0.0.0.0" << "0.0.0.0" << int(IpAddress::Family::V4);
        QTest::newRow("v4 max") << "255.255.255.255" << "255.255.255.255" << int(IpAddress::Family::V4);
        QTest::newRow("v6 short") << "fc00::1" << "fc00::1" << int(IpAddress::Family::V6);
        QTest::newRow("v6 upper") << "FC00:0:0:0:0:0:0:1" << "fc00::1" << int(IpAddress::Family::V6);
        QTest::newRow("v6 any") << "::" << "::" << int(IpAddress::Family::V6);
        QTest::newRow("v6 first run") << "1:0:0:2:0:0:0:3" << "1:0:0:2::3" << int(IpAddress::Family::V6);
        QTest::newRow("v6 single zero kept") << "1:0:2:3:4:5:6:7" << "1:0:2:3:4:5:6:7" << int(IpAddress::Family::V6);
        QTest::newRow("v6 full") << "2001:db8:85a3:8d3:1319:8a2e:370:7348" << "2001:db8:85a3:8d3:1319:8a2e:370:7348"
                                 << int(IpAddress::Family::V6);
    }
    void parsesAndFormats()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(int, family);
        const auto address = IpAddress::parse(text);
        QVERIFY2(address.ok(), qPrintable(address.ok() ? QString() : address.error().message()));
        QCOMPARE(int(address->family()), family);
        QCOMPARE(address->toString(), canonical);
        QCOMPARE(IpAddress::parse(address->toString())->bits(), address->bits());
    }

    void rejectsGarbage_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *bad : {"", "10.0.0", "10.0.0.256", "10.0.0.1.2", "010.0.0.1", "10.1", " 10.0.0.1", "10.0.0.1 ",
                                "a.b.c.d", "fc00:::1", "fc00::1::2", "fc00::1%eth0", "12345::", "fc00::g", "1.2.3.4/8",
                                "-1.0.0.0", "::ffff:1.2.3"})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }
    void rejectsGarbage()
    {
        QFETCH(QString, text);
        const auto address = IpAddress::parse(text);
        QVERIFY(!address.ok());
        QVERIFY2(address.error().message().contains(QLatin1Char('\'') + text + QLatin1Char('\'')),
                 qPrintable(address.error().message()));
    }

    void familySpecificParsers()
    {
        QVERIFY(!IpAddress::parseV4(u"fc00::1").ok());
        QVERIFY(!IpAddress::parseV6(u"10.0.0.1").ok());
        QCOMPARE(IpAddress::parseV4(u"10.0.0.1")->toV4(), 0x0a000001u);
        QVERIFY(IpAddress::parseV6(u"::1")->isV6());
        QVERIFY(IpAddress().isNull());
        QCOMPARE(IpAddress().toString(), QString());
        QCOMPARE(IpAddress().bitWidth(), 0);
    }

    void ordersByFamilyThenValue()
    {
        const auto a = *IpAddress::parse(u"10.0.0.1");
        const auto b = *IpAddress::parse(u"10.0.0.2");
        const auto c = *IpAddress::parse(u"::1");
        QVERIFY(a < b);
        QVERIFY(b < c);
        QVERIFY(a == IpAddress::fromV4(0x0a000001));
        QCOMPARE(qHash(a), qHash(IpAddress::fromV4(0x0a000001)));
    }

    void v6BytesRoundTrip()
    {
        const auto a = *IpAddress::parse(u"2001:db8::ff00:42:8329");
        QCOMPARE(IpAddress::fromV6(a.toV6Bytes()), a);
        QCOMPARE(IpAddress::fromBits(IpAddress::Family::V4, ~Uint128(0)).toString(), QStringLiteral("255.255.255.255"));
        QVERIFY(IpAddress::fromBits(IpAddress::Family::None, 5).isNull());
        QCOMPARE(familyName(IpAddress::Family::V6), QStringLiteral("IPv6"));
        QCOMPARE(familyName(IpAddress::Family::None), QStringLiteral("none"));
    }
};

QTEST_APPLESS_MAIN(TestIpAddress)
#include "tst_ipaddress.moc"
