#include "poolusage.h"

#include <QSet>

namespace tartan {

namespace {

constexpr Uint128 kMaxCount = ~Uint128(0);

PoolUsage::Counts count(const AddressPool &pool, IpAddress::Family family, const QMap<SubnetKey, Lease> &leases)
{
    PoolUsage::Counts counts;
    counts.family = family;
    counts.total = PoolUsage::poolSize(pool, &counts.saturated);

    // A subnet can appear under several keys (the other family's half differs), so count distinct
    // networks; a leased key wins over a reservation of the same subnet.
    QSet<IpNetwork> leased;
    QSet<IpNetwork> reservedOnly;
    for (const Lease &lease : leases) {
        const IpNetwork &subnet = family == IpAddress::Family::V4 ? lease.subnet.ipv4 : lease.subnet.ipv6;
        if (subnet.isNull())
            continue;
        if (!pool.fits(subnet)) {
            ++counts.outsidePool;
            continue;
        }
        if (lease.isReservation()) {
            if (!leased.contains(subnet))
                reservedOnly.insert(subnet);
        } else {
            leased.insert(subnet);
            reservedOnly.remove(subnet);
        }
    }
    counts.allocated = Uint128(leased.size());
    counts.reserved = Uint128(reservedOnly.size());
    const Uint128 used = counts.allocated + counts.reserved;
    counts.free = counts.total > used ? counts.total - used : 0;
    return counts;
}

} // namespace

Uint128 PoolUsage::poolSize(const AddressPool &pool, bool *saturated)
{
    if (saturated)
        *saturated = false;
    const int width = pool.network.isNull() ? 0 : IpAddress::bitWidth(pool.network.family());
    if (width == 0 || pool.subnetLength <= 0 || pool.subnetLength > width || pool.subnetMax < pool.subnetMin)
        return 0;
    const int hostBits = width - pool.subnetLength;
    const Uint128 steps = (pool.subnetMax.bits() - pool.subnetMin.bits()) >> hostBits;
    if (steps == kMaxCount) { // every /128 of ::/0: one more than 128 bits can hold
        if (saturated)
            *saturated = true;
        return kMaxCount;
    }
    return steps + 1;
}

PoolUsage PoolUsage::compute(const NetworkConfig &config, const QMap<SubnetKey, Lease> &leases)
{
    PoolUsage usage;
    if (config.enableIPv4)
        usage.ipv4 = count(config.ipv4, IpAddress::Family::V4, leases);
    if (config.enableIPv6)
        usage.ipv6 = count(config.ipv6, IpAddress::Family::V6, leases);
    return usage;
}

QString PoolUsage::decimal(Uint128 value)
{
    QString text;
    do {
        text.prepend(QChar(u'0' + static_cast<char16_t>(value % 10)));
        value /= 10;
    } while (value != 0);
    return text;
}

} // namespace tartan
