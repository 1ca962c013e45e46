#pragma once

#include "lease.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace tartan {
struct NetworkConfig;
}

namespace tartan::gui {

/// How the topology view and the node panel put a lease into words. One place, so that a card, its
/// tunnels and the detail panel never disagree about what a lease says.
class LeaseText
{
    Q_DECLARE_TR_FUNCTIONS(LeaseText)
public:
    /// "10.244.3.0/24", "fc00:0:0:3::/64", or both separated by ", " for a dual-stack lease.
    static QString subnet(const SubnetKey &subnet);
    /// The address a node is reached at: PublicIP, or PublicIPv6 for an IPv6-only node.
    static QString publicAddress(const LeaseAttrs &attrs);
    /// "reservation" for a key without an etcd lease, "expires in 4m 10s", "expired", or "expiry
    /// unknown" where the expiry was not looked up yet.
    static QString expiry(const Lease &lease, const QDateTime &now);
    /// "4m 10s", "1h 5m", "2d 3h", "42s": the two largest units of a positive duration.
    static QString duration(qint64 seconds);
    /// BackendData (and BackendV6Data when present) as indented JSON; "none" when both are absent.
    static QString backendData(const LeaseAttrs &attrs);
    /// "12345 (0x3039)": etcd lease ids as a number and as etcdctl prints them.
    static QString storeLease(std::int64_t id);

    /// What carries packets between two nodes, as the tunnel edge's label says it: "vxlan VNI 1",
    /// "host-gw", "ipip", "udp", "direct (vxlan DirectRouting)" when `config` enables DirectRouting
    /// and both nodes share an underlay segment, or "vxlan / host-gw" when their backends differ.
    static QString tunnel(const LeaseAttrs &a, const LeaseAttrs &b, bool sameSegment, const NetworkConfig *config);
    /// Whether that tunnel cannot work as configured: backends that differ, or host-gw between two
    /// underlay segments (host-gw needs the peer on the same link).
    static bool tunnelBroken(const LeaseAttrs &a, const LeaseAttrs &b, bool sameSegment);
};

} // namespace tartan::gui
