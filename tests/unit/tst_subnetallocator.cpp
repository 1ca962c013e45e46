#include "subnetallocator.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace tartan;
using Family = IpAddress::Family;

Q_DECLARE_METATYPE(tartan::NetworkConfig)

namespace {

IpAddress ip(const QString &text)
{
    return text.isEmpty() ? IpAddress() : *IpAddress::parse(text);
}

AddressPool pool(const char *network, int length, const char *min, const char *max)
{
    return AddressPool{*IpNetwork::parse(QString::fromLatin1(network)), length, ip(QString::fromLatin1(min)),
                       ip(QString::fromLatin1(max))};
}

/// The pools the reuse and allocation tests share: flannel's defaults for 10.244.0.0/16, except
/// that SubnetMax stops one short so that "above SubnetMax" can be tested.
AddressPool v4Pool()
{
    return pool("10.244.0.0/16", 24, "10.244.1.0", "10.244.254.0");
}

AddressPool v6Pool()
{
    return pool("fc00::/48", 64, "fc00:0:0:1::", "fc00:0:0:fffe::");
}

NetworkConfig config(const QString &families, AddressPool v4 = v4Pool(), AddressPool v6 = v6Pool())
{
    NetworkConfig c;
    c.enableIPv4 = families.contains(QLatin1String("4"));
    c.enableIPv6 = families.contains(QLatin1String("6"));
    c.ipv4 = v4;
    c.ipv6 = v6;
    return c;
}

/// "<key> <PublicIP> [<PublicIPv6>] [reserved]": a lease as the store would hand it over.
Lease lease(const QString &spec)
{
    const QStringList words = spec.split(u' ');
    Lease l;
    l.subnet = *SubnetKey::parse(words.at(0));
    l.attrs.publicIp = ip(words.at(1));
    l.attrs.backendType = QStringLiteral("vxlan");
    l.storeLeaseId = 0x6b2c9f1e;
    l.expiration = QDateTime::fromSecsSinceEpoch(1700000000);
    for (const QString &word : words.mid(2)) {
        if (word == u"reserved") {
            l.storeLeaseId = 0;
            l.expiration = {};
        } else {
            l.attrs.publicIpv6 = ip(word);
        }
    }
    return l;
}

QList<Lease> leases(const QStringList &specs)
{
    QList<Lease> list;
    for (const QString &spec : specs)
        list << lease(spec);
    return list;
}

LeaseAttrs self(const QString &publicIp, const QString &publicIpv6 = {})
{
    LeaseAttrs a;
    a.publicIp = ip(publicIp);
    a.publicIpv6 = ip(publicIpv6);
    return a;
}

QStringList texts(const QList<IpNetwork> &subnets)
{
    QStringList list;
    for (const IpNetwork &subnet : subnets)
        list << subnet.toString();
    return list;
}

} // namespace

class TestSubnetAllocator : public QObject
{
    Q_OBJECT
private slots:
    void freeSubnets_data()
    {
        QTest::addColumn<QString>("network");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("min");
        QTest::addColumn<QString>("max");
        QTest::addColumn<QStringList>("leased");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("count");
        QTest::addColumn<QStringList>("first"); ///< the first few, in order
        QTest::addColumn<QString>("last");

        const QString net = QStringLiteral("10.244.0.0/16");
        const QString min = QStringLiteral("10.244.1.0");
        const QString max = QStringLiteral("10.244.255.0");
        QTest::newRow("empty store") << net << 24 << min << max << QStringList() << 100 << 100
                                     << QStringList{"10.244.1.0/24", "10.244.2.0/24"} << "10.244.100.0/24";
        QTest::newRow("leased holes")
            << net << 24 << min << max << QStringList{"10.244.1.0-24 10.0.0.1", "10.244.3.0-24 10.0.0.3"}
            << 100 << 100 << QStringList{"10.244.2.0/24", "10.244.4.0/24", "10.244.5.0/24"}
            << "10.244.102.0/24";
        QTest::newRow("longer lease inside a subnet")
            << net << 24 << min << max << QStringList{"10.244.1.128-25 10.0.0.1"} << 100 << 100
            << QStringList{"10.244.2.0/24"} << "10.244.101.0/24";
        QTest::newRow("shorter lease over four subnets")
            << net << 24 << min << max << QStringList{"10.244.0.0-22 10.0.0.1"} << 100 << 100
            << QStringList{"10.244.4.0/24", "10.244.5.0/24"} << "10.244.103.0/24";
        QTest::newRow("nested and adjacent leases")
            << net << 24 << min << max
            << QStringList{"10.244.2.0-24 10.0.0.2", "10.244.0.0-22 10.0.0.1", "10.244.3.128-25 10.0.0.3",
                           "10.244.4.0-24 10.0.0.4", "10.244.6.0-23 10.0.0.5"}
            << 100 << 100 << QStringList{"10.244.5.0/24", "10.244.8.0/24"} << "10.244.106.0/24";
        QTest::newRow("lease outside the pool")
            << net << 24 << min << max << QStringList{"10.245.0.0-24 10.0.0.1"} << 100 << 100
            << QStringList{"10.244.1.0/24"} << "10.244.100.0/24";
        QTest::newRow("reservation is taken")
            << net << 24 << min << max << QStringList{"10.244.1.0-24 10.0.0.1 reserved"} << 100 << 100
            << QStringList{"10.244.2.0/24"} << "10.244.101.0/24";
        QTest::newRow("ipv4 half of a dual-stack lease")
            << net << 24 << min << max << QStringList{"10.244.1.0-24&fc00::-64 10.0.0.1 fc00::1"} << 100
            << 100 << QStringList{"10.244.2.0/24"} << "10.244.101.0/24";
        QTest::newRow("ipv6-only lease")
            << net << 24 << min << max << QStringList{"0.0.0.0-0&fc00::-64 0.0.0.0 fc00::1"} << 100 << 100
            << QStringList{"10.244.1.0/24"} << "10.244.100.0/24";
        QTest::newRow("limit") << net << 24 << min << max << QStringList() << 3 << 3
                               << QStringList{"10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24"}
                               << "10.244.3.0/24";
        QTest::newRow("limit 0") << net << 24 << min << max << QStringList() << 0 << 0 << QStringList() << "";
        QTest::newRow("fewer than 100")
            << "10.244.0.0/22" << 24 << min << "10.244.3.0" << QStringList() << 100 << 3
            << QStringList{"10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24"} << "10.244.3.0/24";
        QTest::newRow("fewer, last leased")
            << "10.244.0.0/22" << 24 << min << "10.244.3.0" << QStringList{"10.244.3.0-24 10.0.0.3"} << 100
            << 2 << QStringList{"10.244.1.0/24", "10.244.2.0/24"} << "10.244.2.0/24";
        QTest::newRow("pool of one subnet")
            << net << 24 << "10.244.7.0"
            << "10.244.7.0" << QStringList() << 100 << 1 << QStringList{"10.244.7.0/24"} << "10.244.7.0/24";
        QTest::newRow("pool of one, leased")
            << net << 24 << "10.244.7.0"
            << "10.244.7.0" << QStringList{"10.244.7.0-24 10.0.0.7"} << 100 << 0 << QStringList() << "";
        QTest::newRow("pool of one, leased around")
            << net << 24 << "10.244.7.0"
            << "10.244.7.0" << QStringList{"10.244.6.0-24 10.0.0.6", "10.244.8.0-24 10.0.0.8"} << 100 << 1
            << QStringList{"10.244.7.0/24"} << "10.244.7.0/24";
        QTest::newRow("everything under one lease")
            << net << 24 << min << max << QStringList{"10.0.0.0-8 10.0.0.1"} << 100 << 0 << QStringList()
            << "";
        QTest::newRow("unaligned SubnetMin rounds up")
            << net << 24 << "10.244.1.5" << max << QStringList() << 100 << 100 << QStringList{"10.244.2.0/24"}
            << "10.244.101.0/24";
        QTest::newRow("unaligned SubnetMin in the last subnet")
            << net << 24 << "10.244.3.5"
            << "10.244.3.200" << QStringList() << 100 << 0 << QStringList() << "";
        QTest::newRow("SubnetMin above SubnetMax")
            << net << 24 << "10.244.9.0"
            << "10.244.1.0" << QStringList() << 100 << 0 << QStringList() << "";
        QTest::newRow("bounds clamped to Network")
            << "10.244.0.0/22" << 24 << "10.243.0.0"
            << "10.244.9.0" << QStringList() << 100 << 4 << QStringList{"10.244.0.0/24", "10.244.1.0/24"}
            << "10.244.3.0/24";
        QTest::newRow("top of IPv4") << "255.255.255.0/24" << 26 << "255.255.255.64"
                                     << "255.255.255.192" << QStringList() << 100 << 3
                                     << QStringList{"255.255.255.64/26", "255.255.255.128/26",
                                                    "255.255.255.192/26"}
                                     << "255.255.255.192/26";
        QTest::newRow("top of IPv4, last leased")
            << "255.255.255.0/24" << 26 << "255.255.255.64"
            << "255.255.255.192" << QStringList{"255.255.255.128-25 10.0.0.1"} << 100 << 1
            << QStringList{"255.255.255.64/26"} << "255.255.255.64/26";
        QTest::newRow("ipv4 /32 subnets") << "10.0.0.0/30" << 32 << "10.0.0.1"
                                          << "10.0.0.3" << QStringList{"10.0.0.2-32 10.0.0.9"} << 100 << 2
                                          << QStringList{"10.0.0.1/32", "10.0.0.3/32"} << "10.0.0.3/32";

        // IPv6: pools of 2^64 subnets must cost no more than small ones.
        QTest::newRow("ipv6 /48 pool")
            << "fc00::/48" << 64 << "fc00:0:0:1::"
            << "fc00:0:0:ffff::" << QStringList() << 100 << 100
            << QStringList{"fc00:0:0:1::/64", "fc00:0:0:2::/64"} << "fc00:0:0:64::/64";
        QTest::newRow("ipv6 2^64 subnets") << "::/0" << 64 << "0:0:0:1::"
                                           << "ffff:ffff:ffff:ffff::" << QStringList() << 100 << 100
                                           << QStringList{"0:0:0:1::/64"} << "0:0:0:64::/64";
        QTest::newRow("ipv6 2^64 subnets, half leased")
            << "::/0" << 64 << "0:0:0:1::"
            << "ffff:ffff:ffff:ffff::" << QStringList{"0.0.0.0-0&::-1 0.0.0.0 fc00::9"} << 100 << 100
            << QStringList{"8000::/64", "8000:0:0:1::/64"} << "8000:0:0:63::/64";
        QTest::newRow("ipv6 2^64 subnets, all leased")
            << "::/0" << 64 << "0:0:0:1::"
            << "ffff:ffff:ffff:ffff::"
            << QStringList{"0.0.0.0-0&::-1 0.0.0.0 fc00::9", "0.0.0.0-0&8000::-1 0.0.0.0 fc00::8"} << 100 << 0
            << QStringList() << "";
        QTest::newRow("ipv6 2^72 subnets")
            << "fd00::/8" << 80 << "fd00::"
            << "fdff:ffff:ffff:ffff:ffff::" << QStringList{"0.0.0.0-0&fd00::-16 0.0.0.0 fc00::9"} << 100
            << 100 << QStringList{"fd01::/80", "fd01::1:0:0:0/80"} << "fd01::63:0:0:0/80";
        QTest::newRow("ipv6 half of a dual-stack lease")
            << "fc00::/48" << 64 << "fc00:0:0:1::"
            << "fc00:0:0:ffff::"
            << QStringList{"10.0.0.0-24&fc00:0:0:1::-64 10.0.0.1 fc00::1", "10.244.1.0-24 10.0.0.2"} << 100
            << 100 << QStringList{"fc00:0:0:2::/64"} << "fc00:0:0:65::/64";
        QTest::newRow("top of IPv6") << "ffff:ffff:ffff:ffff::/64" << 66 << "ffff:ffff:ffff:ffff:4000::"
                                     << "ffff:ffff:ffff:ffff:c000::"
                                     << QStringList{"0.0.0.0-0&ffff:ffff:ffff:ffff:8000::-66 0.0.0.0 fc00::9"}
                                     << 100 << 2
                                     << QStringList{"ffff:ffff:ffff:ffff:4000::/66",
                                                    "ffff:ffff:ffff:ffff:c000::/66"}
                                     << "ffff:ffff:ffff:ffff:c000::/66";
        QTest::newRow("ipv6 /0 pool of one")
            << "::/0" << 0 << "::"
            << "::" << QStringList() << 100 << 1 << QStringList{"::/0"} << "::/0";
    }
    void freeSubnets()
    {
        QFETCH(QString, network);
        QFETCH(int, length);
        QFETCH(QString, min);
        QFETCH(QString, max);
        QFETCH(QStringList, leased);
        QFETCH(int, limit);
        QFETCH(int, count);
        QFETCH(QStringList, first);
        QFETCH(QString, last);
        const AddressPool p{*IpNetwork::parse(network), length, ip(min), ip(max)};
        const Family family = p.network.family();
        const SubnetAllocator allocator(config(family == Family::V4 ? "4" : "6", p, p), leases(leased));
        const QStringList free = texts(allocator.freeSubnets(family, limit));
        QCOMPARE(free.size(), count);
        QCOMPARE(free.mid(0, first.size()), first);
        QCOMPARE(free.isEmpty() ? QString() : free.last(), last);
        // Ascending, of the pool's length, and clear of every lease.
        for (qsizetype i = 0; i < free.size(); ++i) {
            const IpNetwork subnet = *IpNetwork::parse(free[i]);
            QCOMPARE(subnet.prefixLength(), length);
            QVERIFY(p.network.contains(subnet));
            if (i > 0)
                QVERIFY(IpNetwork::parse(free[i - 1])->address() < subnet.address());
            for (const Lease &l : allocator.leases())
                QVERIFY2(!subnet.overlaps(family == Family::V4 ? l.subnet.ipv4 : l.subnet.ipv6),
                         qPrintable(free[i]));
        }
        // The other family is disabled: nothing to offer there.
        QVERIFY(allocator.freeSubnets(family == Family::V4 ? Family::V6 : Family::V4).isEmpty());
    }

    void allocateFails_data()
    {
        QTest::addColumn<NetworkConfig>("network");
        QTest::addColumn<QStringList>("leased");
        QTest::addColumn<QString>("cause");
        const QStringList none;
        const AddressPool small = pool("10.244.0.0/22", 24, "10.244.1.0", "10.244.3.0");
        QTest::newRow("exhausted")
            << config("4", small)
            << QStringList{"10.244.1.0-24 10.0.0.1", "10.244.2.0-24 10.0.0.2", "10.244.3.0-24 10.0.0.3"}
            << "no free IPv4 /24 subnet from 10.244.1.0 to 10.244.3.0: all 3 are leased";
        QTest::newRow("exhausted by reservations")
            << config("4", small) << QStringList{"10.244.0.0-22 10.0.0.1 reserved"}
            << "no free IPv4 /24 subnet from 10.244.1.0 to 10.244.3.0: all 3 are leased";
        QTest::newRow("one lease over everything")
            << config("4", pool("10.244.0.0/16", 24, "10.244.1.0", "10.244.255.0"))
            << QStringList{"10.0.0.0-8 10.0.0.1"}
            << "no free IPv4 /24 subnet from 10.244.1.0 to 10.244.255.0: all 255 are leased";
        QTest::newRow("pool of one, leased")
            << config("4", pool("10.244.0.0/16", 24, "10.244.7.0", "10.244.7.0"))
            << QStringList{"10.244.7.128-25 10.0.0.1"}
            << "no free IPv4 /24 subnet from 10.244.7.0 to 10.244.7.0: all 1 are leased";
        QTest::newRow("ipv6 2^64 all leased")
            << config("6", {}, pool("::/0", 64, "0:0:0:1::", "ffff:ffff:ffff:ffff::"))
            << QStringList{"0.0.0.0-0&::-1 0.0.0.0 fc00::9", "0.0.0.0-0&8000::-1 0.0.0.0 fc00::8"}
            << "no free IPv6 /64 subnet from 0:0:0:1:: to ffff:ffff:ffff:ffff::: all 18446744073709551615 "
               "are leased";
        QTest::newRow("ipv6 /0 pool of one, leased")
            << config("6", {}, pool("::/0", 0, "::", "::"))
            << QStringList{"0.0.0.0-0&::-1 0.0.0.0 fc00::9", "0.0.0.0-0&8000::-1 0.0.0.0 fc00::8"}
            << "no free IPv6 /0 subnet from :: to ::: all 1 are leased";
        // 2^128 /128s do not fit the count: it saturates one short.
        QTest::newRow("ipv6 every /128 leased")
            << config("6", {}, pool("::/0", 128, "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
            << QStringList{"0.0.0.0-0&::-1 0.0.0.0 fc00::9", "0.0.0.0-0&8000::-1 0.0.0.0 fc00::8"}
            << "all 340282366920938463463374607431768211455 are leased";
        QTest::newRow("dual stack, ipv6 exhausted")
            << config("46", v4Pool(), pool("fc00::/48", 64, "fc00:0:0:1::", "fc00:0:0:1::"))
            << QStringList{"10.244.9.0-24&fc00:0:0:1::-64 10.0.0.9 fc00::9"}
            << "no free IPv6 /64 subnet from fc00:0:0:1:: to fc00:0:0:1::: all 1 are leased";
        QTest::newRow("SubnetMin above SubnetMax")
            << config("4", pool("10.244.0.0/16", 24, "10.244.9.0", "10.244.1.0")) << none
            << "no IPv4 /24 subnet from 10.244.9.0 to 10.244.1.0 within 10.244.0.0/16";
        QTest::newRow("pool without network")
            << config("4", AddressPool{}) << none << "the IPv4 pool is not valid";
        QTest::newRow("SubnetLen too long")
            << config("4", pool("10.244.0.0/16", 33, "10.244.1.0", "10.244.255.0")) << none
            << "the IPv4 pool is not valid: Network '10.244.0.0/16', SubnetLen 33";
        QTest::newRow("SubnetLen shorter than Network")
            << config("4", pool("10.244.0.0/16", 8, "10.244.1.0", "10.244.255.0")) << none
            << "the IPv4 pool is not valid";
        QTest::newRow("SubnetMin of another family")
            << config("4", pool("10.244.0.0/16", 24, "fc00::", "10.244.255.0")) << none
            << "SubnetMin 'fc00::'";
        QTest::newRow("SubnetMax missing")
            << config("4", pool("10.244.0.0/16", 24, "10.244.1.0", "")) << none << "SubnetMax ''";
        QTest::newRow("ipv6 pool names its fields")
            << config("6", {}, pool("fc00::/48", 130, "fc00::", "fc00::")) << none
            << "the IPv6 pool is not valid: IPv6Network 'fc00::/48', IPv6SubnetLen 130";
        QTest::newRow("no family") << config("") << none
                                   << "the network config enables neither IPv4 nor IPv6";
    }
    void allocateFails()
    {
        QFETCH(NetworkConfig, network);
        QFETCH(QStringList, leased);
        QFETCH(QString, cause);
        QRandomGenerator random(7);
        const auto key = SubnetAllocator(network, leases(leased)).allocate(random);
        QVERIFY(!key.ok());
        QVERIFY2(key.error().message().contains(cause), qPrintable(key.error().message()));
    }

    void invalidPoolOffersNothing()
    {
        const SubnetAllocator allocator(config("46", pool("10.244.0.0/16", 33, "10.244.1.0", "10.244.255.0"),
                                               pool("fc00::/48", 64, "10.244.1.0", "fc00::")),
                                        {});
        QVERIFY(allocator.freeSubnets(Family::V4).isEmpty());
        QVERIFY(allocator.freeSubnets(Family::V6).isEmpty());
    }

    void allocatePicksAmongFirstHundred()
    {
        const SubnetAllocator allocator(config("4"),
                                        leases({"10.244.2.0-24 10.0.0.2", "10.244.50.0-23 10.0.0.50"}));
        const QList<IpNetwork> free = allocator.freeSubnets(Family::V4);
        QCOMPARE(free.size(), SubnetAllocator::kMaxCandidates);
        QSet<IpNetwork> seen;
        for (quint32 seed = 0; seed < 300; ++seed) {
            QRandomGenerator random(seed);
            const auto key = allocator.allocate(random);
            QVERIFY(key.ok());
            QVERIFY(key->ipv6.isNull());
            // Exactly one draw, uniform over the bag: replaying the seed gives the same subnet.
            QCOMPARE(key->ipv4, free.at(QRandomGenerator(seed).bounded(quint32(free.size()))));
            seen.insert(key->ipv4);
        }
        // Spread over the bag rather than piling onto the first free subnet.
        QVERIFY2(seen.size() > 80, qPrintable(QString::number(seen.size())));
    }

    void allocatesDualStack()
    {
        const SubnetAllocator allocator(config("46"),
                                        leases({"10.244.1.0-24&fc00:0:0:1::-64 10.0.0.1 fc00::1"}));
        const auto free4 = allocator.freeSubnets(Family::V4);
        const auto free6 = allocator.freeSubnets(Family::V6);
        QCOMPARE(free4.first().toString(), QStringLiteral("10.244.2.0/24"));
        QCOMPARE(free6.first().toString(), QStringLiteral("fc00:0:0:2::/64"));
        for (quint32 seed : {1u, 2u, 3u, 99u}) {
            QRandomGenerator random(seed);
            const auto key = allocator.allocate(random);
            QVERIFY(key.ok());
            QRandomGenerator replay(seed); // IPv4 draws first, then IPv6
            QCOMPARE(key->ipv4, free4.at(replay.bounded(quint32(free4.size()))));
            QCOMPARE(key->ipv6, free6.at(replay.bounded(quint32(free6.size()))));
        }
    }

    void allocatesIpv6Only()
    {
        const SubnetAllocator allocator(config("6"), {});
        QRandomGenerator random(5);
        const auto key = allocator.allocate(random);
        QVERIFY(key.ok());
        QVERIFY(key->ipv4.isNull());
        QVERIFY(v6Pool().fits(key->ipv6));
        QVERIFY(key->toString().startsWith(QLatin1String("0.0.0.0-0&fc00:0:0:")));
    }

    void allocationIsReusable()
    {
        // What allocate() hands out, checkReuse() accepts on the next start: the two agree on the pool.
        const QList<Lease> others = leases({"10.244.3.0-24&fc00:0:0:3::-64 10.0.0.3 fc00::3"});
        const SubnetAllocator allocator(config("46"), others);
        for (quint32 seed = 0; seed < 50; ++seed) {
            QRandomGenerator random(seed);
            const auto key = allocator.allocate(random);
            QVERIFY(key.ok());
            const Status reuse = allocator.checkReuse(*key, self("10.0.0.7"));
            QVERIFY2(reuse.ok(), qPrintable(reuse.ok() ? QString() : reuse.error().message()));
        }
    }

    void checkReuse_data()
    {
        QTest::addColumn<QString>("families");
        QTest::addColumn<QString>("previous");
        QTest::addColumn<QStringList>("leased");
        QTest::addColumn<QString>("selfIp");
        QTest::addColumn<QString>("selfIpv6");
        QTest::addColumn<QString>("reason"); ///< empty: may be reused

        const QString me = QStringLiteral("192.168.1.5");
        QTest::newRow("free and fitting") << "4"
                                          << "10.244.7.0-24" << QStringList() << me << ""
                                          << "";
        QTest::newRow("own lease") << "4"
                                   << "10.244.7.0-24" << QStringList{"10.244.7.0-24 192.168.1.5"} << me << ""
                                   << "";
        QTest::newRow("own reservation")
            << "4"
            << "10.244.7.0-24" << QStringList{"10.244.7.0-24 192.168.1.5 reserved"} << me << ""
            << "";
        QTest::newRow("neighbours elsewhere")
            << "4"
            << "10.244.7.0-24" << QStringList{"10.244.6.0-24 192.168.1.6", "10.244.8.0-24 192.168.1.8"} << me
            << ""
            << "";
        QTest::newRow("taken by another node")
            << "4"
            << "10.244.7.0-24" << QStringList{"10.244.7.0-24 192.168.1.9"} << me << ""
            << "10.244.7.0/24 overlaps the lease 10.244.7.0-24 of 192.168.1.9";
        QTest::newRow("reserved for another node")
            << "4"
            << "10.244.7.0-24" << QStringList{"10.244.7.0-24 192.168.1.9 reserved"} << me << ""
            << "10.244.7.0/24 overlaps the lease 10.244.7.0-24 of 192.168.1.9 (a reservation)";
        QTest::newRow("inside a shorter lease")
            << "4"
            << "10.244.7.0-24" << QStringList{"10.244.4.0-22 192.168.1.9"} << me << ""
            << "10.244.7.0/24 overlaps the lease 10.244.4.0-22 of 192.168.1.9";
        QTest::newRow("over a longer lease")
            << "4"
            << "10.244.7.0-24" << QStringList{"10.244.7.128-25 192.168.1.9"} << me << ""
            << "overlaps the lease 10.244.7.128-25 of 192.168.1.9";
        QTest::newRow("wrong length") << "4"
                                      << "10.244.6.0-23" << QStringList() << me << ""
                                      << "10.244.6.0/23 is a /23, but SubnetLen is 24";
        QTest::newRow("below SubnetMin") << "4"
                                         << "10.244.0.0-24" << QStringList() << me << ""
                                         << "10.244.0.0/24 is below SubnetMin 10.244.1.0";
        QTest::newRow("above SubnetMax") << "4"
                                         << "10.244.255.0-24" << QStringList() << me << ""
                                         << "10.244.255.0/24 is above SubnetMax 10.244.254.0";
        QTest::newRow("outside Network") << "4"
                                         << "10.245.7.0-24" << QStringList() << me << ""
                                         << "10.245.7.0/24 is outside Network 10.244.0.0/16";
        QTest::newRow("ipv6 part, ipv6 disabled")
            << "4"
            << "10.244.7.0-24&fc00:0:0:7::-64" << QStringList() << me << ""
            << "fc00:0:0:7::/64 is an IPv6 subnet, but the network config disables IPv6";
        QTest::newRow("no previous subnet") << "4"
                                            << "" << QStringList() << me << ""
                                            << "there is no previous subnet";
        QTest::newRow("dual stack fits")
            << "46"
            << "10.244.7.0-24&fc00:0:0:7::-64"
            << QStringList{"10.244.7.0-24&fc00:0:0:7::-64 192.168.1.5 fd00::5"} << me << "fd00::5"
            << "";
        QTest::newRow("dual stack, no ipv6 part")
            << "46"
            << "10.244.7.0-24" << QStringList() << me << "fd00::5"
            << "10.244.7.0-24 has no IPv6 subnet, but the network config enables IPv6";
        QTest::newRow("dual stack, ipv6 below min") << "46"
                                                    << "10.244.7.0-24&fc00::-64" << QStringList() << me << ""
                                                    << "fc00::/64 is below IPv6SubnetMin fc00:0:0:1::";
        QTest::newRow("dual stack, ipv6 wrong length")
            << "46"
            << "10.244.7.0-24&fc00:0:0:100::-56" << QStringList() << me << ""
            << "fc00:0:0:100::/56 is a /56, but IPv6SubnetLen is 64";
        QTest::newRow("dual stack, ipv6 outside")
            << "46"
            << "10.244.7.0-24&fd00:0:0:7::-64" << QStringList() << me << ""
            << "fd00:0:0:7::/64 is outside IPv6Network fc00::/48";
        QTest::newRow("dual stack, ipv6 taken")
            << "46"
            << "10.244.7.0-24&fc00:0:0:7::-64"
            << QStringList{"10.244.8.0-24&fc00:0:0:7::-64 192.168.1.9 fd00::9"} << me << ""
            << "fc00:0:0:7::/64 overlaps the lease 10.244.8.0-24&fc00:0:0:7::-64 of 192.168.1.9";
        QTest::newRow("ipv6 only, own by ipv6")
            << "6"
            << "0.0.0.0-0&fc00:0:0:7::-64" << QStringList{"0.0.0.0-0&fc00:0:0:7::-64 0.0.0.0 fd00::5"} << ""
            << "fd00::5"
            << "";
        QTest::newRow("ipv6 only, another node")
            << "6"
            << "0.0.0.0-0&fc00:0:0:7::-64" << QStringList{"0.0.0.0-0&fc00:0:0:7::-64 0.0.0.0 fd00::9"}
            << "0.0.0.0"
            << "fd00::5"
            << "fc00:0:0:7::/64 overlaps the lease 0.0.0.0-0&fc00:0:0:7::-64 of fd00::9";
        QTest::newRow("ipv6 only, ipv4 part")
            << "6"
            << "10.244.7.0-24&fc00:0:0:7::-64" << QStringList() << ""
            << "fd00::5"
            << "10.244.7.0/24 is an IPv4 subnet, but the network config disables IPv4";
        // A node without any address owns nothing, not even leases that lack one too.
        QTest::newRow("anonymous lease, anonymous self")
            << "6"
            << "0.0.0.0-0&fc00:0:0:7::-64" << QStringList{"0.0.0.0-0&fc00:0:0:7::-64 0.0.0.0"} << "0.0.0.0"
            << ""
            << "overlaps the lease 0.0.0.0-0&fc00:0:0:7::-64 of an unknown node";
    }
    void checkReuse()
    {
        QFETCH(QString, families);
        QFETCH(QString, previous);
        QFETCH(QStringList, leased);
        QFETCH(QString, selfIp);
        QFETCH(QString, selfIpv6);
        QFETCH(QString, reason);
        const SubnetKey key = previous.isEmpty() ? SubnetKey{} : *SubnetKey::parse(previous);
        const SubnetAllocator allocator(config(families), leases(leased));
        const Status reuse = allocator.checkReuse(key, self(selfIp, selfIpv6));
        if (reason.isEmpty()) {
            QVERIFY2(reuse.ok(), qPrintable(reuse.ok() ? QString() : reuse.error().message()));
        } else {
            QVERIFY(!reuse.ok());
            QVERIFY2(reuse.error().message().contains(reason), qPrintable(reuse.error().message()));
        }
    }

    void checkReuseOfWrongFamily()
    {
        // A key built in code with the families swapped: the message says so rather than "too long".
        const SubnetAllocator allocator(config("4"), {});
        const SubnetKey swapped{*IpNetwork::parse(u"fc00:0:0:7::/64"), {}};
        const Status reuse = allocator.checkReuse(swapped, self("192.168.1.5"));
        QVERIFY(!reuse.ok());
        QCOMPARE(reuse.error().message(), QStringLiteral("fc00:0:0:7::/64 is not an IPv4 subnet"));
    }

    void findsOwnLease()
    {
        const SubnetAllocator allocator(
            config("46"),
            leases({"10.244.1.0-24 192.168.1.1", "10.244.2.0-24&fc00:0:0:2::-64 192.168.1.2 fd00::2",
                    "0.0.0.0-0&fc00:0:0:3::-64 0.0.0.0 fd00::3", "10.244.4.0-24 192.168.1.2"}));
        QCOMPARE(allocator.findOwn(self("192.168.1.1"))->subnet.toString(), QStringLiteral("10.244.1.0-24"));
        // The first of two leases of one node, as flanneld's findLeaseByIP.
        QCOMPARE(allocator.findOwn(self("192.168.1.2"))->subnet.toString(),
                 QStringLiteral("10.244.2.0-24&fc00:0:0:2::-64"));
        // IPv4 decides when there is one, even if the IPv6 address changed.
        QCOMPARE(allocator.findOwn(self("192.168.1.2", "fd00::99"))->subnet.toString(),
                 QStringLiteral("10.244.2.0-24&fc00:0:0:2::-64"));
        // No IPv4 (null or 0.0.0.0): the IPv6 address decides.
        QCOMPARE(allocator.findOwn(self("", "fd00::3"))->subnet.toString(),
                 QStringLiteral("0.0.0.0-0&fc00:0:0:3::-64"));
        QCOMPARE(allocator.findOwn(self("0.0.0.0", "fd00::3"))->subnet.toString(),
                 QStringLiteral("0.0.0.0-0&fc00:0:0:3::-64"));
        QVERIFY(allocator.findOwn(self("192.168.1.9")) == nullptr);
        QVERIFY(allocator.findOwn(self("0.0.0.0")) == nullptr);
        QVERIFY(allocator.findOwn(self("")) == nullptr);
        QVERIFY(SubnetAllocator::isOwnedBy(allocator.leases().at(2), self("", "fd00::3")));
        QVERIFY(!SubnetAllocator::isOwnedBy(allocator.leases().at(2), self("", "fd00::4")));
    }
};

QTEST_APPLESS_MAIN(TestSubnetAllocator)
#include "tst_subnetallocator.moc"
