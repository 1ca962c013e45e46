#pragma once

#include "json.h"
#include "leaseindex.h"
#include "networkconfig.h"
#include "nodereport.h"

#include <QList>
#include <QString>

namespace tartan {

/// One entry in which a node's kernel differs from what the leases say it must hold.
struct DriftEntry
{
    enum class Kind { Missing, Stale, Extra };
    /// In the order the agent programs them: devices, neighbours, FDB, routes.
    enum class Table { Link, Neighbour, Fdb, Route };

    Kind kind = Kind::Missing;
    Table table = Table::Route;
    QString desired; ///< iproute2 text of the entry the leases call for; empty for an extra entry
    QString actual;  ///< iproute2 text of the entry the kernel holds; empty for a missing entry
    /// What is wrong beyond missing/extra, or why an extra entry is there: "lladdr c6:00:00:00:00:09,
    /// not c6:00:00:00:00:02", "lease 10.244.3.0-24: IPv4 subnet ... overlaps ...".
    QString detail;
    /// The lease that explains the entry: the one that produced the desired entry, or for an extra
    /// entry the lease whose subnet (VtepMAC, PublicIP for FDB) it matches. Null when none does
    /// (the udp backend's one route comes from the network config; an extra entry of a node that left).
    SubnetKey lease;
    QString leaseText; ///< LeaseIndex::describe() of that lease; empty when none

    /// "missing route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", "stale neigh <desired> (is
    /// <actual>)", "extra fdb <actual>"; the detail and the lease follow after " -- ".
    QString toString() const;
    json::Json toJson() const;

    friend bool operator==(const DriftEntry &, const DriftEntry &) = default;
};

QString driftKindName(DriftEntry::Kind kind); ///< "missing", "stale", "extra"
QString driftTableName(DriftEntry::Table table); ///< "link", "neigh", "fdb", "route"

/// The drift of one node: its report against the leases.
struct NodeDrift
{
    SubnetKey node;     ///< the node's lease (its report's summary.lease)
    IpAddress publicIp; ///< as its report gives it
    /// Sorted by table (Table's order), then missing, stale, extra, each in key order.
    QList<DriftEntry> entries;
    /// Peers the node must not program, and why (from DesiredTables): shown next to the drift so
    /// that an entry missing because of a bad lease is not mistaken for a kernel problem.
    QList<Exclusion> exclusions;
    /// Set when the desired tables cannot be computed (the node's lease is gone, its report names
    /// no external interface): then nothing is known about its drift.
    QString error;

    bool clean() const { return entries.isEmpty() && error.isEmpty(); }
    json::Json toJson() const;

    friend bool operator==(const NodeDrift &, const NodeDrift &) = default;
};

/// Compares the tables in `report` with the ones its node must hold under `config` and `leases`
/// (desiredTablesFor), through tablediff's diff() under tartanOwnership() so that entries Tartan
/// does not own (cni0's route, the default route) never count. Devices are compared by existence,
/// MTU, and the vxlan VNI, local address and port. A pure function.
NodeDrift computeNodeDrift(const NetworkConfig &config, const QList<Lease> &leases, const NodeReport &report);

/// computeNodeDrift for every report, sorted by node lease.
QList<NodeDrift> computeClusterDrift(const NetworkConfig &config, const QList<Lease> &leases,
                                     const QList<NodeReport> &reports);

/// How a report names one of Tartan's devices: "flannel.1 vxlan id 1 local 192.168.1.1 dstport 8472
/// mtu 1450", "flannel.ipip ipip local 192.168.1.1 mtu 1480", "flannel0 tun mtu 1472".
QString linkText(const LinkState &link);
/// The same for a device as DesiredTables plans it (the port from the config; 8472 if unset).
QString linkText(const OverlayDevice &device, const BackendConfig &backend);

} // namespace tartan
