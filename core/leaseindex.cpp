#include "leaseindex.h"

#include <algorithm>

namespace tartan {

LeaseIndex::LeaseIndex(const QList<Lease> &leases) : mLeases(leases)
{
    std::stable_sort(mLeases.begin(), mLeases.end(), [](const Lease &a, const Lease &b) { return a.subnet < b.subnet; });
}

const Lease *LeaseIndex::byKey(const SubnetKey &key) const
{
    for (const Lease &lease : mLeases)
        if (lease.subnet == key)
            return &lease;
    return nullptr;
}

const Lease *LeaseIndex::containing(const IpAddress &address) const
{
    for (const Lease &lease : mLeases) {
        const IpNetwork subnet = subnetOf(lease.subnet, address.family());
        if (!subnet.isNull() && subnet.contains(address))
            return &lease;
    }
    return nullptr;
}

const Lease *LeaseIndex::containing(const IpNetwork &network) const
{
    for (const Lease &lease : mLeases) {
        const IpNetwork subnet = subnetOf(lease.subnet, network.family());
        if (!subnet.isNull() && subnet.contains(network))
            return &lease;
    }
    return nullptr;
}

const Lease *LeaseIndex::withPublicIp(const IpAddress &address) const
{
    if (address.isNull())
        return nullptr;
    for (const Lease &lease : mLeases)
        if (publicIpOf(lease, address.family()) == address)
            return &lease;
    return nullptr;
}

const Lease *LeaseIndex::withVtepMac(const MacAddress &mac) const
{
    if (mac.isNull())
        return nullptr;
    for (const Lease &lease : mLeases) {
        const auto v4 = lease.attrs.vxlanData();
        const auto v6 = lease.attrs.vxlanV6Data();
        if ((v4 && v4->vtepMac == mac) || (v6 && v6->vtepMac == mac))
            return &lease;
    }
    return nullptr;
}

IpNetwork LeaseIndex::subnetOf(const SubnetKey &key, IpAddress::Family family)
{
    if (family == IpAddress::Family::V4)
        return key.ipv4;
    if (family == IpAddress::Family::V6)
        return key.ipv6;
    return {};
}

IpAddress LeaseIndex::publicIpOf(const Lease &lease, IpAddress::Family family)
{
    const IpAddress address = family == IpAddress::Family::V4 ? lease.attrs.publicIp : lease.attrs.publicIpv6;
    return address.bits() == 0 ? IpAddress() : address; // flannel's "0.0.0.0" for an IPv6-only node
}

QString LeaseIndex::describe(const Lease &lease)
{
    const IpAddress publicIp = lease.attrs.publicIp.bits() != 0 ? lease.attrs.publicIp : lease.attrs.publicIpv6;
    return QStringLiteral("lease %1 (%2)").arg(lease.subnet.toString(), publicIp.toString());
}

Result<DesiredTables> desiredTablesFor(const NetworkConfig &config, const LeaseIndex &leases, const NodeReport &report)
{
    const Lease *own = leases.byKey(report.summary.lease);
    if (!own)
        return Error(QStringLiteral("node %1: its lease is not in the store").arg(report.summary.lease.toString()));
    auto desired = DesiredTables::compute(config, *own, report.external, leases.leases());
    if (!desired)
        return desired.error().context(QStringLiteral("node %1: desired tables").arg(report.summary.lease.toString()));
    return desired;
}

} // namespace tartan
