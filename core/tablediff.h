#pragma once

#include "kerneltables.h"

#include <QList>
#include <QStringList>

namespace tartan {

/// Which kernel entries belong to Tartan. The diff deletes or replaces only these; everything else
/// in a dump (cni0's connected route, an operator's static route, the kernel's fe80::/64 on a
/// vxlan device) is never touched, however it compares with the desired tables.
/// desiredtables.h builds the rule for a network config (tartanOwnership()).
struct TableOwnership
{
    /// Overlay devices of the running backend (flannel.<VNI>, flannel-v6.<VNI>, flannel.ipip, flannel0).
    QStringList devices;
    /// The external interface: only routes on it are considered (host-gw, DirectRouting).
    QString externalDevice;
    /// The cluster networks (Network, IPv6Network): Tartan's routes and neighbours lie inside them.
    QList<IpNetwork> networks;

    /// A route in the main table, on an overlay device or the external interface, whose destination
    /// lies inside a cluster network.
    bool owns(const Route &route) const;
    /// A neighbour on an overlay device whose address lies inside a cluster network.
    bool owns(const Neighbour &neighbour) const;
    /// Any FDB entry on an overlay device: a vxlan device's FDB holds nothing but Tartan's entries.
    bool owns(const FdbEntry &entry) const;

    friend bool operator==(const TableOwnership &, const TableOwnership &) = default;

private:
    bool insideNetworks(const IpAddress &address) const;
    bool insideNetworks(const IpNetwork &network) const;
};

/// An entry found in the kernel under a key, and the desired entry for that key.
template <typename Entry> struct EntryPair
{
    Entry actual;
    Entry desired;
    friend bool operator==(const EntryPair &, const EntryPair &) = default;
};

/// What to change for one kind of entry. Every list is sorted by key.
template <typename Entry> struct EntryDiff
{
    QList<Entry> add;                ///< desired, no entry with that key in the kernel
    QList<EntryPair<Entry>> replace; ///< Tartan's entry holds the key with a different value
    QList<Entry> remove;             ///< Tartan's entries that nothing desired matches
    /// Desired entries whose key is held by an entry Tartan does not own. Neither is touched: the
    /// caller reports them (the kernel cannot hold both, and taking a foreign entry over is not ours
    /// to decide).
    QList<EntryPair<Entry>> blocked;

    bool hasChanges() const { return !add.isEmpty() || !replace.isEmpty() || !remove.isEmpty(); }
    friend bool operator==(const EntryDiff &, const EntryDiff &) = default;
};

/// The changes that turn the actual tables into the desired ones, by kind in the order the agent
/// programs them (neighbours and FDB before the routes that rely on them).
struct TableDiff
{
    EntryDiff<Neighbour> neighbours;
    EntryDiff<FdbEntry> fdb;
    EntryDiff<Route> routes;

    /// True when nothing is to be added, replaced or deleted (blocked entries may remain).
    bool hasChanges() const { return neighbours.hasChanges() || fdb.hasChanges() || routes.hasChanges(); }
    /// Adds + replacements + deletions, over all kinds.
    qsizetype changeCount() const;

    /// For logs and `tartanctl diff`: per kind (neigh, fdb, route), the adds, then replacements, then
    /// deletions, then blocked entries, each in key order:
    ///   "add route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"
    ///   "replace neigh <desired> (was <actual>)"
    ///   "delete fdb <actual>"
    ///   "blocked route <desired> (held by <actual>, not Tartan's)"
    QStringList toStrings() const;
    /// One line with the counts per kind, for a change too large to log entry by entry:
    /// "neigh: 1000 added; fdb: 1000 added; route: 999 added, 1 replaced". Kinds and counts that are
    /// zero are left out; an empty diff gives "no change".
    QString summary() const;

    friend bool operator==(const TableDiff &, const TableDiff &) = default;
};

/// Compares the desired tables with a kernel dump. The inputs need not be sorted. For each key:
/// - only desired: add;
/// - only actual: delete the entries Tartan owns, leave the others;
/// - both, and one actual entry equals the desired one: keep it, delete the other owned entries with
///   that key (a dump can hold several, e.g. routes that differ in metric only);
/// - both, none equal: if an entry Tartan doesn't own holds the key, the desired entry is blocked;
///   otherwise the first owned entry (in value order) is replaced. Remaining owned entries with the
///   key are deleted.
/// Desired tables hold one entry per key; if a caller passes more, the first in value order wins.
/// Desired entries are programmed whatever `ownership` says: it only limits what is taken away.
TableDiff diff(const KernelTables &desired, const KernelTables &actual, const TableOwnership &ownership);

} // namespace tartan
