#pragma once

#include "lease.h"
#include "networkconfig.h"
#include "nodereport.h"
#include "pathtrace.h"

#include <QList>

namespace tartan {

/// Traces a packet through the real tables of the nodes on its way (their NodeReports), checking
/// each entry against what the leases call for (desiredTablesFor). Pure functions, no I/O.
///
/// The path: the source pod's eth0 and default route via the first address of its node's subnet
/// (inferred: host-local gives that address to cni0, the report has no pod tables), the veth into
/// cni0, the node's longest prefix match, then per backend: vxlan (neighbour entry -> VTEP MAC, FDB
/// -> remote VTEP address, encapsulation in Ethernet/IP/UDP/VXLAN), vxlan DirectRouting and host-gw
/// (via the peer's PublicIP on the external interface), ipip (outer IP, protocol 4), udp (flannel0
/// to the userspace daemon, UDP); the underlay; decapsulation on the destination node; its route
/// lookup to cni0; the destination pod. A source or destination may also be a node: its PublicIP
/// or the first address of its subnet (cni0's).
///
/// The trace stops at the first missing or wrong entry, device, MTU or report, naming the entry
/// expected, the one found, and the lease that should have produced it.
class PathTracer
{
public:
    /// Payload of the traced packet: an ICMP echo of 56 data bytes, as ping sends by default.
    static constexpr int kDefaultPayload = 56;

    PathTracer(NetworkConfig config, QList<Lease> leases, QList<NodeReport> reports);

    PathTrace trace(const IpAddress &source, const IpAddress &destination, int payload = kDefaultPayload) const;

private:
    NetworkConfig mConfig;
    QList<Lease> mLeases;
    QList<NodeReport> mReports;
};

} // namespace tartan
