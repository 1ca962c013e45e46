#include "macaddress.h"

#include <QRandomGenerator>
#include <QTest>

using namespace tartan;

class TestMacAddress : public QObject
{
    Q_OBJECT
private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("flannel vtep") << "c6:d2:32:6f:8f:44" << "c6:d2:32:6f:8f:44";
        QTest::newRow("upper") << "C6:D2:32:6F:8F:44" << "c6:d2:32:6f:8f:44";
        QTest::newRow("dashes") << "c6-d2-32-6f-8f-44" << "c6:d2:32:6f:8f:44";
        QTest::newRow("zero") << "00:00:00:00:00:00" << "00:00:00:00:00:00";
    }
    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        const auto mac = MacAddress::parse(text);
        QVERIFY(mac.ok());
        QCOMPARE(mac->toString(), canonical);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *bad : {"", "c6:d2:32:6f:8f", "c6:d2:32:6f:8f:44:00", "c6:d2-32:6f:8f:44", "g6:d2:32:6f:8f:44",
                                "c6d2.326f.8f44", "c6:d2:32:6f:8f:4", " 6:d2:32:6f:8f:44", "+6:d2:32:6f:8f:44"})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }
    void rejects()
    {
        QFETCH(QString, text);
        const auto mac = MacAddress::parse(text);
        QVERIFY(!mac.ok());
        QVERIFY(mac.error().message().contains(QLatin1Char('\'') + text + QLatin1Char('\'')));
    }

    void randomIsLocalUnicast()
    {
        QRandomGenerator random(42);
        for (int i = 0; i < 100; ++i) {
            const MacAddress mac = MacAddress::randomLocal(random);
            QVERIFY(mac.isUnicast());
            QVERIFY(mac.isLocallyAdministered());
        }
        QVERIFY(MacAddress().isNull());
        QVERIFY(!MacAddress().isUnicast());
        QVERIFY(MacAddress::parse(u"00:00:00:00:00:00")->isZero());
        QCOMPARE(MacAddress().toString(), QString());
    }
};

QTEST_APPLESS_MAIN(TestMacAddress)
#include "tst_macaddress.moc"
