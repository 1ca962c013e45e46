#pragma once

#include "json.h"
#include "subnetkey.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace tartan {

/// One header of a packet as it leaves a stage, outermost first in PathHop::headers.
struct HeaderLayer
{
    QString name;   ///< "Ethernet", "IPv4", "IPv6", "UDP", "VXLAN", "ICMP", "payload"
    int bytes = 0;
    QString detail; ///< "10.244.1.5 -> 10.244.2.5", "dport 8472", "VNI 1", "proto 4 (IP-in-IP)"

    friend bool operator==(const HeaderLayer &, const HeaderLayer &) = default;
};

/// The bytes of `layers` together.
int headerBytes(const QList<HeaderLayer> &layers);

/// One step of a packet's way from a source to a destination, as PathTracer found it in the real
/// tables of the nodes on the way.
struct PathHop
{
    enum class Stage {
        Source,        ///< the sending pod's eth0 and default route, or the sending node
        Bridge,        ///< veth into cni0 (sending node) or cni0 out to the pod (receiving node)
        RouteLookup,   ///< a node's longest prefix match
        Neighbour,     ///< vxlan: the gateway's neighbour entry gives the remote VTEP MAC
        Fdb,           ///< vxlan: the FDB entry gives the remote VTEP's address
        Userspace,     ///< udp: flannel0 hands the packet to the daemon, which picks the peer
        Encapsulation, ///< the outer headers are added (vxlan, ipip, udp)
        Underlay,      ///< across the external network between the nodes
        Decapsulation, ///< the receiving node's overlay device takes the outer headers off
        Delivery       ///< the destination pod (or node) receives it
    };

    Stage stage = Stage::Source;
    SubnetKey node;   ///< the node this happens on
    QString nodeText; ///< "lease 10.244.1.0-24 (192.168.77.11)"
    QString device;   ///< the device the packet leaves (or enters) by
    QString summary;  ///< one sentence for people
    QString entry;    ///< the table entry used, iproute2 text; empty if none
    /// True when the hop is not read from a report but follows from how the CNI plugins set a pod
    /// up (eth0's default route via the first address of the subnet; the pod's veth on cni0).
    bool inferred = false;
    /// The packet as it leaves this stage, outermost header first.
    QList<HeaderLayer> headers;
    int mtu = 0; ///< of `device`; 0 when not known

    /// Bytes on the wire: the sum of the headers.
    int size() const;

    friend bool operator==(const PathHop &, const PathHop &) = default;
};

/// Where and why a trace stopped.
struct PathBreak
{
    PathHop::Stage stage = PathHop::Stage::Source;
    SubnetKey node;   ///< the node the missing or wrong entry is on; null when the break is in the input
    QString nodeText;
    QString reason;   ///< "no FDB entry for c6:00:00:00:00:02 on flannel.1"
    QString expected; ///< the entry the leases call for, iproute2 text; empty if none
    QString found;    ///< the entry found instead; empty if none
    SubnetKey lease;  ///< the lease that should have produced the entry; null if none
    QString leaseText;

    friend bool operator==(const PathBreak &, const PathBreak &) = default;
};

/// A packet's whole path, or as far as it got.
struct PathTrace
{
    QString source;
    QString destination;
    QString backend;  ///< "vxlan", "vxlan DirectRouting", "host-gw", "ipip", "udp"
    QList<PathHop> hops;
    std::optional<PathBreak> stop; ///< set when the packet does not arrive

    bool arrived() const { return !stop.has_value(); }
    /// One line per hop ("3. route lookup on lease ...: ..."), then "arrived" or "STOPPED: ...".
    QStringList toStrings() const;
    json::Json toJson() const;

    friend bool operator==(const PathTrace &, const PathTrace &) = default;
};

/// "source", "bridge", "route lookup", "neighbour", "fdb", "userspace", "encapsulation", "underlay",
/// "decapsulation", "delivery".
QString pathStageName(PathHop::Stage stage);

} // namespace tartan
