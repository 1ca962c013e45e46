// PoolUsage: pool sizes from SubnetMin..SubnetMax (IPv4 and 128-bit IPv6), and how leases,
// reservations and leases outside the pool are counted.
#include "poolusage.h"
#include "testvalues.h"

#include <QTest>

using namespace tartan;
using tartan::test::ip;
using tartan::test::net;

namespace {

NetworkConfig parse(const char *text)
{
    const auto config = NetworkConfig::parse(QByteArray(text));
    Q_ASSERT_X(config.ok(), "parse", qPrintable(config.ok() ? QString() : config.error().message()));
    return *config;
}

Lease lease(const char *v4, const char *v6, qint64 storeLease)
{
    Lease lease;
    if (*v4)
        lease.subnet.ipv4 = net(v4);
    if (*v6)
        lease.subnet.ipv6 = net(v6);
    lease.attrs.publicIp = ip("192.168.1.1");
    lease.storeLeaseId = storeLease;
    return lease;
}

QMap<SubnetKey, Lease> mapOf(const QList<Lease> &leases)
{
    QMap<SubnetKey, Lease> map;
    for (const Lease &lease : leases)
        map.insert(lease.subnet, lease);
    return map;
}

} // namespace

class TestPoolUsage : public QObject
{
    Q_OBJECT
private slots:
    void poolSize_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("ipv4");
        QTest::addColumn<QString>("ipv6");

        // flannel's defaults leave the first subnet out: 10.244.1.0 .. 10.244.255.0.
        QTest::newRow("default /16 of /24") << QByteArray(R"({"Network":"10.244.0.0/16"})") << "255" << "";
        QTest::newRow("explicit min and max")
            << QByteArray(R"({"Network":"10.5.0.0/16","SubnetLen":26,"SubnetMin":"10.5.10.0","SubnetMax":"10.5.99.192"})")
            << "360" << "";
        QTest::newRow("single subnet")
            << QByteArray(R"({"Network":"10.5.0.0/16","SubnetMin":"10.5.7.0","SubnetMax":"10.5.7.0"})") << "1" << "";
        QTest::newRow("dual stack /56 of /64")
            << QByteArray(R"({"EnableIPv6":true,"Network":"10.244.0.0/16","IPv6Network":"2001:cafe:42::/56"})")
            << "255" << "255";
        QTest::newRow("IPv6 /16 of /112: more than 2^64")
            << QByteArray(R"({"EnableIPv4":false,"EnableIPv6":true,"IPv6Network":"fd00::/16","IPv6SubnetLen":112})")
            << "" << "79228162514264337593543950335";
    }
    void poolSize()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, ipv4);
        QFETCH(QString, ipv6);
        const PoolUsage usage = PoolUsage::compute(parse(config.constData()), {});
        QCOMPARE(usage.ipv4.has_value(), !ipv4.isEmpty());
        QCOMPARE(usage.ipv6.has_value(), !ipv6.isEmpty());
        if (usage.ipv4) {
            QCOMPARE(PoolUsage::decimal(usage.ipv4->total), ipv4);
            QCOMPARE(PoolUsage::decimal(usage.ipv4->free), ipv4);
            QVERIFY(!usage.ipv4->saturated);
        }
        if (usage.ipv6)
            QCOMPARE(PoolUsage::decimal(usage.ipv6->total), ipv6);
    }

    void saturatesPastOneHundredTwentyEightBits()
    {
        AddressPool all;
        all.network = net("::/0");
        all.subnetLength = 128;
        all.subnetMin = ip("::");
        all.subnetMax = ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        bool saturated = false;
        QCOMPARE(PoolUsage::decimal(PoolUsage::poolSize(all, &saturated)),
                 QStringLiteral("340282366920938463463374607431768211455"));
        QVERIFY(saturated);
        all.subnetMin = ip("::1");
        QCOMPARE(PoolUsage::decimal(PoolUsage::poolSize(all, &saturated)),
                 QStringLiteral("340282366920938463463374607431768211455"));
        QVERIFY(!saturated);
    }

    void countsLeasesReservationsAndStrays()
    {
        const NetworkConfig config = parse(R"({"Network":"10.244.0.0/16"})");
        const QMap<SubnetKey, Lease> leases = mapOf({
            lease("10.244.1.0/24", "", 11),
            lease("10.244.2.0/24", "", 12),
            lease("10.244.3.0/24", "", 0),       // reservation
            lease("10.244.0.0/24", "", 13),      // below SubnetMin: outside the pool
            lease("10.244.4.0/23", "", 14),      // another length
            lease("10.9.0.0/24", "", 15),        // another network
        });
        const PoolUsage usage = PoolUsage::compute(config, leases);
        QVERIFY(usage.ipv4);
        QVERIFY(!usage.ipv6);
        QCOMPARE(usage.ipv4->family, IpAddress::Family::V4);
        QCOMPARE(PoolUsage::decimal(usage.ipv4->total), QStringLiteral("255"));
        QCOMPARE(PoolUsage::decimal(usage.ipv4->allocated), QStringLiteral("2"));
        QCOMPARE(PoolUsage::decimal(usage.ipv4->reserved), QStringLiteral("1"));
        QCOMPARE(PoolUsage::decimal(usage.ipv4->free), QStringLiteral("252"));
        QCOMPARE(usage.ipv4->outsidePool, 3);
        QCOMPARE(PoolUsage::toDouble(usage.ipv4->free), 252.0);
    }

    void countsEachFamilyOfDualStackLeases()
    {
        const NetworkConfig config =
            parse(R"({"EnableIPv6":true,"Network":"10.244.0.0/16","IPv6Network":"2001:cafe:42::/56"})");
        const QMap<SubnetKey, Lease> leases = mapOf({
            lease("10.244.1.0/24", "2001:cafe:42:1::/64", 21),
            lease("10.244.2.0/24", "2001:cafe:42:2::/64", 0),
            // The same IPv4 subnet under a second key (another IPv6 half): counted once, as leased.
            lease("10.244.2.0/24", "2001:cafe:42:3::/64", 22),
            lease("", "2001:cafe:42:4::/64", 23), // IPv6-only
        });
        const PoolUsage usage = PoolUsage::compute(config, leases);
        QVERIFY(usage.ipv4 && usage.ipv6);
        QCOMPARE(PoolUsage::decimal(usage.ipv4->allocated), QStringLiteral("2"));
        QCOMPARE(PoolUsage::decimal(usage.ipv4->reserved), QStringLiteral("0"));
        QCOMPARE(PoolUsage::decimal(usage.ipv4->free), QStringLiteral("253"));
        QCOMPARE(PoolUsage::decimal(usage.ipv6->allocated), QStringLiteral("3"));
        QCOMPARE(PoolUsage::decimal(usage.ipv6->reserved), QStringLiteral("1"));
        QCOMPARE(PoolUsage::decimal(usage.ipv6->free), QStringLiteral("251"));
    }
};

QTEST_GUILESS_MAIN(TestPoolUsage)
#include "tst_poolusage.moc"
