#pragma once

#include "kerneltables.h"
#include "lease.h"
#include "networkconfig.h"
#include "result.h"
#include "tablediff.h"

#include <QList>
#include <QString>

namespace tartan {

/// The node's external interface as the agent found it (flannel's --iface / default-route lookup).
struct ExternalInterface
{
    QString name;
    IpAddress ipv4; ///< the IPv4 tunnel source; null if the interface has none
    IpAddress ipv6; ///< the IPv6 tunnel source; null if the interface has none
    int mtu = 0;
    /// The networks directly connected to the interface. A peer whose PublicIP lies inside one is
    /// reachable without a router: what flannel checks with "ip route get PublicIP gives a route with
    /// no gateway" before it routes directly (DirectRouting, host-gw).
    QList<IpNetwork> onLinkPrefixes;

    bool isOnLink(const IpAddress &address) const;

    friend bool operator==(const ExternalInterface &, const ExternalInterface &) = default;
};

/// A device the backend creates on this node, with the facts the agent needs to set it up.
struct OverlayDevice
{
    QString name; ///< "flannel.1", "flannel-v6.1", "flannel.ipip", "flannel0"
    IpAddress::Family family = IpAddress::Family::None; ///< the family it carries (and tunnels over)
    IpNetwork address; ///< this node's subnet address as /32 (/128): the only address it may hold
    IpAddress local;   ///< tunnel source on the external interface; null for udp's TUN
    int mtu = 0;

    friend bool operator==(const OverlayDevice &, const OverlayDevice &) = default;
};

/// A peer lease, or one family of it, that is not programmed, and why.
struct Exclusion
{
    SubnetKey lease;
    /// The family left out; None when the whole lease is.
    IpAddress::Family family = IpAddress::Family::None;
    /// Names the lease key and the problem: "lease 10.9.0.0-24: subnet 10.9.0.0/24 is outside
    /// Network 10.244.0.0/16".
    QString reason;

    friend bool operator==(const Exclusion &, const Exclusion &) = default;
};

/// The name of the backend's overlay device for one family, or an empty string when the backend
/// has none for it: flannel.<VNI> / flannel-v6.<VNI> (vxlan), flannel.ipip (IPv4), flannel0 (udp, IPv4).
QString overlayDeviceName(const BackendConfig &backend, IpAddress::Family family);

/// What Tartan owns in the kernel under `config`: the overlay devices of its backend for the
/// enabled families, routes on `externalInterface`, and the enabled cluster networks. Devices of
/// another backend or VNI are not included: a second flanneld/tartand with another prefix and VNI
/// on the same host (flannel's test_multi) keeps its entries.
TableOwnership tartanOwnership(const NetworkConfig &config, const QString &externalInterface);

/// Everything the kernel must hold on this node for one backend (flannel-compat.md section 3).
/// A pure function of its inputs; lease data is untrusted and filtered as described on compute().
struct DesiredTables
{
    /// Sorted; one entry per key.
    KernelTables tables;
    /// The devices to create, one per enabled family (none for host-gw). IPv4 first.
    QList<OverlayDevice> devices;
    /// FLANNEL_MTU for subnet.env: the smallest device MTU (so one pod MTU fits both families in
    /// dual stack), or the external interface's MTU for host-gw.
    int mtu = 0;
    /// Peers with at least one family programmed (udp: accepted into its userspace route table), sorted.
    QList<SubnetKey> peers;
    /// Sorted by lease key, then family.
    QList<Exclusion> exclusions;

    /// Backends: vxlan, host-gw, ipip, udp; any other is an error, as are ipip or udp with
    /// EnableIPv6, an own lease without a subnet of an enabled family, an external interface
    /// without a name, an MTU or the tunnel source address a device needs, and a device MTU below
    /// the family's minimum (68 for IPv4, 1280 for IPv6).
    ///
    /// Per-peer state, for each enabled family the peer has a subnet of:
    /// - vxlan on flannel.<VNI> (flannel-v6.<VNI>): neighbour subnet address -> VtepMAC, FDB VtepMAC
    ///   -> PublicIP, route subnet via subnet address onlink. With DirectRouting and the PublicIP
    ///   on-link: only a route via PublicIP on the external interface.
    /// - host-gw: route subnet via PublicIP on the external interface.
    /// - ipip: route subnet via PublicIP dev flannel.ipip onlink; DirectRouting as vxlan.
    /// - udp: nothing per peer; one route for Network via flannel0.
    ///
    /// Peers are filtered, first the whole lease, then each family:
    /// - our own lease (same key) is skipped without an exclusion;
    /// - whole lease: PublicIP or PublicIPv6 equal to ours; BackendType not our backend's name (udp
    ///   takes any, as flannel does); no subnet of any enabled family;
    /// - per family: subnet outside the cluster network; length not SubnetLen; overlapping our own
    ///   subnet; no PublicIP(v6) of that family; vxlan BackendData (BackendV6Data) missing or
    ///   malformed, or VtepMAC equal to ours; host-gw PublicIP not on-link;
    /// - conflicts between peers, per family, after the checks above: when subnets overlap, or
    ///   (vxlan through the tunnel) two peers advertise one VtepMAC, *every* lease in the conflict
    ///   loses that family. Picking a winner (by key or by arrival) would silently send one node's
    ///   pod traffic to another; excluding all of them makes the conflict visible and does not
    ///   depend on input order.
    /// A family excluded for one reason is not checked further, so each exclusion names one problem.
    ///
    /// With no peers, the result holds the device-level facts alone (devices, MTU, udp's route):
    /// what the agent needs before it has read any peer lease.
    static Result<DesiredTables> compute(const NetworkConfig &config, const Lease &own,
                                         const ExternalInterface &externalInterface,
                                         const QList<Lease> &peers);
};

} // namespace tartan
