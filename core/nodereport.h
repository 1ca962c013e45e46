#pragma once

#include "desiredtables.h"
#include "kerneltables.h"
#include "result.h"
#include "subnetkey.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace tartan {

/// A link's traffic counters as the kernel keeps them (IFLA_STATS64).
struct LinkCounters
{
    std::uint64_t rxBytes = 0;
    std::uint64_t rxPackets = 0;
    std::uint64_t rxErrors = 0;
    std::uint64_t rxDropped = 0;
    std::uint64_t txBytes = 0;
    std::uint64_t txPackets = 0;
    std::uint64_t txErrors = 0;
    std::uint64_t txDropped = 0;

    friend bool operator==(const LinkCounters &, const LinkCounters &) = default;
};

/// The vxlan attributes of a link, as read back from the kernel.
struct VxlanAttributes
{
    std::uint32_t vni = 0;
    IpAddress local;  ///< tunnel source; null when unset
    int port = 0;     ///< UDP destination port (flannel: 8472)
    bool learning = false;
    bool gbp = false;

    friend bool operator==(const VxlanAttributes &, const VxlanAttributes &) = default;
};

/// One link of the node that carries overlay traffic: the backend's devices, the CNI bridge (cni0)
/// and the external interface. Read back from the kernel, never taken from the agent's intentions.
struct LinkState
{
    QString name;
    QString kind;          ///< the kernel's IFLA_INFO_KIND ("vxlan", "bridge", "ipip", "tun", "veth"), or "" for a plain device
    MacAddress mac;        ///< null for links without one (ipip, tun)
    int mtu = 0;
    bool up = false;       ///< IFF_UP
    QList<IpNetwork> addresses; ///< each as address/prefix-length, as `ip addr` shows it
    /// The addresses themselves, index for index with `addresses` (IpNetwork masks host bits off:
    /// cni0's 10.244.1.1/24 is addresses[i] = 10.244.1.0/24, hostAddresses[i] = 10.244.1.1). May be
    /// shorter when built in code; the network address stands in for a missing one.
    QList<IpAddress> hostAddresses;
    QString master;        ///< the bridge this link is a port of; empty if none
    std::optional<VxlanAttributes> vxlan;
    LinkCounters counters;

    friend bool operator==(const LinkState &, const LinkState &) = default;
};

/// The compact part of an agent's report: what the agent publishes in the store under
/// <prefix>/tartan/reports/<subnet key>, attached to its subnet lease's etcd lease so that it goes
/// when the lease goes. Small enough to be written every few seconds by every node.
struct NodeSummary
{
    SubnetKey lease;          ///< the node's subnet lease (the key of its report)
    IpAddress publicIp;
    QString agentVersion;
    QString backend;          ///< "vxlan", "host-gw", "ipip", "udp"
    QString health;           ///< "ok" (kernel equals the leases), "degraded" (drift or errors seen), "starting"
    QString tableDigest;      ///< hex SHA-256 of the actual tables' canonical lines, entries sorted (tableDigest)
    int driftCount = 0;       ///< entries the last check found missing, stale or extra
    QDateTime lastReconcile;  ///< UTC, when the last full check finished
    std::uint64_t leasesSeen = 0;
    std::uint64_t entriesProgrammed = 0;
    std::uint64_t reconcileRepairs = 0;
    std::uint64_t netlinkErrors = 0;
    std::uint64_t storeErrors = 0;
    QString endpoint;         ///< the agent's HTTP endpoint ("http://127.0.0.1:8476"); empty if it serves none

    friend bool operator==(const NodeSummary &, const NodeSummary &) = default;
};

/// The full report an agent serves on its HTTP endpoint (GET /v1/report): the summary, plus the
/// links and tables its kernel really holds. The drift and path computations in core work on it.
struct NodeReport
{
    NodeSummary summary;
    /// The external interface as the agent chose it (name, addresses, MTU, on-link prefixes).
    ExternalInterface external;
    /// Overlay devices, the CNI bridge and the external interface, sorted by name.
    QList<LinkState> links;
    /// The actual entries, sorted (KernelTables::sort): main-table routes on the reported links,
    /// neighbour entries on the overlay devices, FDB entries on the vxlan devices.
    KernelTables tables;

    friend bool operator==(const NodeReport &, const NodeReport &) = default;
};

/// JSON codecs. Encoding is deterministic (fixed member order); decoding tolerates unknown members
/// and rejects wrong types with an error naming the member ("links[2].mtu: expected a number").
QByteArray encodeNodeSummary(const NodeSummary &summary);
Result<NodeSummary> decodeNodeSummary(const QByteArray &json);
QByteArray encodeNodeReport(const NodeReport &report);
Result<NodeReport> decodeNodeReport(const QByteArray &json);

/// The table digest published in NodeSummary::tableDigest: independent of the entries' order.
QString tableDigest(KernelTables tables);

} // namespace tartan
