#pragma once

#include "desiredtables.h"
#include "lease.h"
#include "nodereport.h"

#include <QList>

namespace tartan {

/// Looking leases up by what kernel entries and packets carry, for the drift report and the path
/// tracer. A plain view over a list of leases (which it does not own); lookups are linear, which
/// is plenty for the few hundred nodes a flannel cluster has. Every lookup returns the first match
/// in key order, so the answer does not depend on the order the store returned the leases in.
class LeaseIndex
{
public:
    explicit LeaseIndex(const QList<Lease> &leases);

    const QList<Lease> &leases() const { return mLeases; }
    /// The lease with exactly this key, or nullptr.
    const Lease *byKey(const SubnetKey &key) const;
    /// The lease whose subnet (of the address's family) contains `address`, or nullptr.
    const Lease *containing(const IpAddress &address) const;
    /// The lease whose subnet contains `network` (or equals it), or nullptr.
    const Lease *containing(const IpNetwork &network) const;
    /// The lease advertising `address` as its PublicIP or PublicIPv6, or nullptr.
    const Lease *withPublicIp(const IpAddress &address) const;
    /// The vxlan lease advertising `mac` as VtepMAC (IPv4 or IPv6 data), or nullptr.
    const Lease *withVtepMac(const MacAddress &mac) const;

    /// A lease's subnet of one family (null when it has none).
    static IpNetwork subnetOf(const SubnetKey &key, IpAddress::Family family);
    /// A lease's public address of one family; null when absent or 0.0.0.0.
    static IpAddress publicIpOf(const Lease &lease, IpAddress::Family family);
    /// "lease 10.244.2.0-24 (192.168.77.12)": how reports name a lease.
    static QString describe(const Lease &lease);

private:
    QList<Lease> mLeases; ///< sorted by key
};

/// The desired tables of the node that sent `report`: DesiredTables::compute with its own lease
/// (the one named by report.summary.lease), the external interface it reported, and every lease as
/// a peer. An error when the node's lease is not among `leases` or compute() refuses.
Result<DesiredTables> desiredTablesFor(const NetworkConfig &config, const LeaseIndex &leases, const NodeReport &report);

} // namespace tartan
