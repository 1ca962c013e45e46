#pragma once

#include "ipnetwork.h"
#include "macaddress.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <compare>
#include <cstdint>

namespace tartan {

/// The kernel's main routing table (RT_TABLE_MAIN), where flannel puts every route.
inline constexpr std::uint32_t kMainRouteTable = 254;

/// One route as Tartan programs or reads it. Only what flannel's routes differ in is modelled: the
/// agent fills in protocol, scope and metric itself, and a dump keeps only these fields.
/// Ordered by key, then by the remaining fields, so sorted tables compare equal.
struct Route
{
    IpNetwork destination;
    std::uint32_t table = kMainRouteTable;
    IpAddress gateway; ///< null: no gateway (a device route, as udp's route via flannel0)
    QString device;
    bool onlink = false; ///< RTNH_F_ONLINK: the gateway is not in any prefix of the device

    /// What the kernel matches a route by: at most one route per destination and table is programmed.
    struct Key
    {
        IpNetwork destination;
        std::uint32_t table = kMainRouteTable;
        friend std::strong_ordering operator<=>(const Key &, const Key &) = default;
        friend bool operator==(const Key &, const Key &) = default;
    };
    Key key() const { return {destination, table}; }

    /// iproute2 style: "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink", "10.244.0.0/16 dev
    /// flannel0"; " table N" is appended only outside the main table.
    QString toString() const;

    friend std::weak_ordering operator<=>(const Route &, const Route &) = default;
    friend bool operator==(const Route &, const Route &) = default;
};

/// A neighbour (ARP/NDP) entry: the VTEP MAC of a peer's subnet address on a vxlan device.
struct Neighbour
{
    QString device;
    IpAddress address;
    MacAddress mac;        ///< null for an entry without lladdr (INCOMPLETE, FAILED) in a dump
    bool permanent = true; ///< NUD_PERMANENT; Tartan programs only permanent entries

    struct Key
    {
        QString device;
        IpAddress address;
        friend std::weak_ordering operator<=>(const Key &, const Key &) = default;
        friend bool operator==(const Key &, const Key &) = default;
    };
    Key key() const { return {device, address}; }

    /// "10.244.1.0 lladdr c6:d2:32:6f:8f:44 dev flannel.1 PERMANENT" (lladdr and PERMANENT only
    /// when present).
    QString toString() const;

    friend std::weak_ordering operator<=>(const Neighbour &, const Neighbour &) = default;
    friend bool operator==(const Neighbour &, const Neighbour &) = default;
};

/// A forwarding entry of a vxlan device (AF_BRIDGE, NTF_SELF): frames for `mac` are sent to the
/// tunnel endpoint `destination`.
struct FdbEntry
{
    QString device;
    MacAddress mac;
    IpAddress destination;
    bool permanent = true; ///< NUD_PERMANENT; learned entries (with Learning on) are not

    struct Key
    {
        QString device;
        MacAddress mac;
        friend std::weak_ordering operator<=>(const Key &, const Key &) = default;
        friend bool operator==(const Key &, const Key &) = default;
    };
    Key key() const { return {device, mac}; }

    /// "c6:d2:32:6f:8f:44 dst 192.168.1.2 dev flannel.1 self permanent" (permanent only when set).
    QString toString() const;

    friend std::weak_ordering operator<=>(const FdbEntry &, const FdbEntry &) = default;
    friend bool operator==(const FdbEntry &, const FdbEntry &) = default;
};

/// What one node's kernel holds, or must hold, for Tartan: three lists, each sorted by key and
/// then by value once sort() has run (DesiredTables and the agent's dump both return sorted tables).
struct KernelTables
{
    QList<Route> routes;
    QList<Neighbour> neighbours;
    QList<FdbEntry> fdb;

    /// Sorts every list by key, then by value. Duplicates are kept: a dump may hold several entries
    /// with one key (routes differing only in metric, say), and the diff must see them all.
    void sort();

    bool isEmpty() const { return routes.isEmpty() && neighbours.isEmpty() && fdb.isEmpty(); }
    qsizetype size() const { return routes.size() + neighbours.size() + fdb.size(); }

    /// One line per entry, prefixed by its kind ("neigh ", "fdb ", "route "), in list order and in
    /// the order the agent programs them: neighbours, FDB, routes.
    QStringList toStrings() const;

    friend bool operator==(const KernelTables &, const KernelTables &) = default;
};

} // namespace tartan
