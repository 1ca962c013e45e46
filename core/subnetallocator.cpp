#include "subnetallocator.h"

#include <QRandomGenerator>

#include <algorithm>

namespace tartan {

namespace {

using Family = IpAddress::Family;

/// The candidate subnets of a pool: every SubnetLen-aligned start from `first` to `last`.
struct Span
{
    Uint128 first = 0;
    Uint128 last = 0;
    Uint128 hostMask = 0; ///< the host bits of one subnet
    int hostBits = 0;
    bool empty = true;
};

/// The config field as a user wrote it: "SubnetMin", or "IPv6SubnetMin" for the IPv6 pool.
QString configField(Family family, const char *name)
{
    return (family == Family::V6 ? QStringLiteral("IPv6") : QString()) + QLatin1String(name);
}

QString decimal(Uint128 value)
{
    QString text;
    do {
        text.prepend(QChar(u'0' + static_cast<char16_t>(value % 10)));
        value /= 10;
    } while (value != 0);
    return text;
}

/// `address` rounded up to the next subnet start. The caller guarantees an aligned address at or
/// above `address` exists, so this cannot wrap.
Uint128 alignUp(Uint128 address, Uint128 hostMask)
{
    return (address & ~hostMask) == address ? address : (address | hostMask) + 1;
}

/// The walk's bounds: SubnetMin..SubnetMax clamped to Network, so that every subnet handed out also
/// passes AddressPool::fits (NetworkConfig::parse already guarantees that; a pool built in code may not).
Result<Span> spanOf(const AddressPool &pool, Family family)
{
    const int width = IpAddress::bitWidth(family);
    if (pool.network.family() != family || pool.subnetMin.family() != family ||
        pool.subnetMax.family() != family || pool.subnetLength < pool.network.prefixLength() ||
        pool.subnetLength > width) {
        return Error(QStringLiteral("the %1 pool is not valid: %2 '%3', %4 %5, %6 '%7', %8 '%9'")
                         .arg(familyName(family), configField(family, "Network"), pool.network.toString(),
                              configField(family, "SubnetLen"), QString::number(pool.subnetLength),
                              configField(family, "SubnetMin"), pool.subnetMin.toString(),
                              configField(family, "SubnetMax"), pool.subnetMax.toString()));
    }
    Span span;
    span.hostBits = width - pool.subnetLength;
    span.hostMask = span.hostBits >= 128 ? ~Uint128(0) : (Uint128(1) << span.hostBits) - 1;
    const Uint128 low = std::max(pool.subnetMin.bits(), pool.network.address().bits());
    const Uint128 high = std::min(pool.subnetMax.bits(), pool.network.lastAddress().bits());
    // An unaligned SubnetMin starts at the next subnet; none may be left below SubnetMax.
    if (low > high || ((low & ~span.hostMask) != low && (low | span.hostMask) >= high))
        return span;
    span.first = alignUp(low, span.hostMask);
    span.last = high & ~span.hostMask;
    span.empty = false;
    return span;
}

/// How many subnets a non-empty span holds.
Uint128 spanCount(const Span &span)
{
    if (span.hostBits >= 128)
        return 1;
    const Uint128 steps = (span.last - span.first) >> span.hostBits;
    return steps == ~Uint128(0) ? steps : steps + 1; // saturates only for /128s across all of IPv6
}

bool hasIpv4(const IpAddress &address)
{
    return address.isV4() && address.bits() != 0; // flannel writes 0.0.0.0 for an IPv6-only node
}

/// How a log names the node behind a lease.
QString nodeOf(const Lease &lease)
{
    if (hasIpv4(lease.attrs.publicIp))
        return lease.attrs.publicIp.toString();
    if (lease.attrs.publicIpv6.isV6())
        return lease.attrs.publicIpv6.toString();
    return QStringLiteral("an unknown node");
}

/// Why `subnet` does not fit `pool`, for a subnet that AddressPool::fits has rejected.
QString misfit(const AddressPool &pool, const IpNetwork &subnet, Family family)
{
    const QString text = subnet.toString();
    if (subnet.family() != family)
        return QStringLiteral("%1 is not an %2 subnet").arg(text, familyName(family));
    if (subnet.prefixLength() != pool.subnetLength) {
        return QStringLiteral("%1 is a /%2, but %3 is %4")
            .arg(text)
            .arg(subnet.prefixLength())
            .arg(configField(family, "SubnetLen"))
            .arg(pool.subnetLength);
    }
    if (!pool.network.contains(subnet))
        return QStringLiteral("%1 is outside %2 %3")
            .arg(text, configField(family, "Network"), pool.network.toString());
    if (subnet.address() < pool.subnetMin)
        return QStringLiteral("%1 is below %2 %3")
            .arg(text, configField(family, "SubnetMin"), pool.subnetMin.toString());
    return QStringLiteral("%1 is above %2 %3")
        .arg(text, configField(family, "SubnetMax"), pool.subnetMax.toString());
}

const IpNetwork &partOf(const SubnetKey &key, Family family)
{
    return family == Family::V4 ? key.ipv4 : key.ipv6;
}

} // namespace

SubnetAllocator::SubnetAllocator(NetworkConfig config, QList<Lease> leases)
    : mConfig(std::move(config)), mLeases(std::move(leases)), mTakenV4(takenRanges(mLeases, Family::V4)),
      mTakenV6(takenRanges(mLeases, Family::V6))
{}

std::vector<SubnetAllocator::Range> SubnetAllocator::takenRanges(const QList<Lease> &leases, Family family)
{
    std::vector<Range> ranges;
    for (const Lease &lease : leases) {
        const IpNetwork &subnet = partOf(lease.subnet, family);
        if (subnet.family() == family)
            ranges.push_back({subnet.address().bits(), subnet.lastAddress().bits()});
    }
    std::sort(ranges.begin(), ranges.end(), [](const Range &a, const Range &b) { return a.first < b.first; });
    // Merge overlapping ranges (prefixes either nest or are disjoint); adjacent ones may stay apart.
    std::vector<Range> merged;
    for (const Range &range : ranges) {
        if (!merged.empty() && range.first <= merged.back().last)
            merged.back().last = std::max(merged.back().last, range.last);
        else
            merged.push_back(range);
    }
    return merged;
}

const std::vector<SubnetAllocator::Range> &SubnetAllocator::taken(Family family) const
{
    return family == Family::V4 ? mTakenV4 : mTakenV6;
}

QList<IpNetwork> SubnetAllocator::freeSubnets(Family family, int limit) const
{
    QList<IpNetwork> free;
    const AddressPool *pool = mConfig.pool(family);
    if (!pool)
        return free;
    const auto span = spanOf(*pool, family);
    if (!span || span->empty)
        return free;

    const std::vector<Range> &ranges = taken(family);
    auto range = ranges.begin();
    Uint128 start = span->first;
    while (free.size() < limit) {
        const Uint128 end = start | span->hostMask;
        while (range != ranges.end() && range->last < start)
            ++range;
        if (range != ranges.end() && range->first <= end) {
            // Leased: jump past everything this range touches instead of stepping through it.
            if (range->last >= span->last)
                break;
            start = alignUp(range->last + 1, span->hostMask);
            continue;
        }
        free.append(IpNetwork(IpAddress::fromBits(family, start), pool->subnetLength));
        if (start >= span->last)
            break;
        start = end + 1;
    }
    return free;
}

Result<IpNetwork> SubnetAllocator::pick(Family family, QRandomGenerator &random) const
{
    const AddressPool &pool = *mConfig.pool(family);
    const auto span = spanOf(pool, family);
    if (!span)
        return span.error();
    const QString range = QStringLiteral("%1 /%2 subnet from %3 to %4")
                              .arg(familyName(family))
                              .arg(pool.subnetLength)
                              .arg(pool.subnetMin.toString(), pool.subnetMax.toString());
    if (span->empty)
        return Error(QStringLiteral("no %1 within %2").arg(range, pool.network.toString()));
    const QList<IpNetwork> free = freeSubnets(family);
    if (free.isEmpty())
        return Error(QStringLiteral("no free %1: all %2 are leased").arg(range, decimal(spanCount(*span))));
    return free.at(static_cast<qsizetype>(random.bounded(static_cast<quint32>(free.size()))));
}

Result<SubnetKey> SubnetAllocator::allocate(QRandomGenerator &random) const
{
    if (!mConfig.pool(Family::V4) && !mConfig.pool(Family::V6))
        return Error(
            QStringLiteral("no subnet to allocate: the network config enables neither IPv4 nor IPv6"));
    SubnetKey key;
    for (Family family : {Family::V4, Family::V6}) {
        if (!mConfig.pool(family))
            continue;
        auto subnet = pick(family, random);
        if (!subnet)
            return subnet.error();
        (family == Family::V4 ? key.ipv4 : key.ipv6) = *subnet;
    }
    return key;
}

Status SubnetAllocator::checkReuse(const SubnetKey &previous, const LeaseAttrs &self) const
{
    if (previous.isNull())
        return Error(QStringLiteral("there is no previous subnet"));
    for (Family family : {Family::V4, Family::V6}) {
        const IpNetwork &subnet = partOf(previous, family);
        const AddressPool *pool = mConfig.pool(family);
        if (!pool) {
            if (!subnet.isNull())
                return Error(QStringLiteral("%1 is an %2 subnet, but the network config disables %2")
                                 .arg(subnet.toString(), familyName(family)));
            continue;
        }
        if (subnet.isNull())
            return Error(QStringLiteral("%1 has no %2 subnet, but the network config enables %2")
                             .arg(previous.toString(), familyName(family)));
        if (!pool->fits(subnet))
            return Error(misfit(*pool, subnet, family));
    }
    for (const Lease &lease : mLeases) {
        if (isOwnedBy(lease, self) || !lease.subnet.overlaps(previous))
            continue;
        const bool v4 = !previous.ipv4.isNull() && previous.ipv4.overlaps(lease.subnet.ipv4);
        return Error(QStringLiteral("%1 overlaps the lease %2 of %3%4")
                         .arg((v4 ? previous.ipv4 : previous.ipv6).toString(), lease.subnet.toString(),
                              nodeOf(lease),
                              lease.isReservation() ? QStringLiteral(" (a reservation)") : QString()));
    }
    return {};
}

const Lease *SubnetAllocator::findOwn(const LeaseAttrs &self) const
{
    const auto own =
        std::find_if(mLeases.begin(), mLeases.end(), [&](const Lease &l) { return isOwnedBy(l, self); });
    return own == mLeases.end() ? nullptr : &*own;
}

bool SubnetAllocator::isOwnedBy(const Lease &lease, const LeaseAttrs &self)
{
    if (hasIpv4(self.publicIp))
        return lease.attrs.publicIp == self.publicIp;
    if (self.publicIpv6.isV6())
        return lease.attrs.publicIpv6 == self.publicIpv6;
    return false;
}

} // namespace tartan
