#pragma once

#include "kerneltables.h"
#include "netlinkerror.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace tartan::netlink {

class NetlinkSocket;

/// Reads what the kernel holds into core's value types, for the diff against the desired tables
/// and for the agent's report. Through one NetlinkSocket (not owned: it must outlive this object;
/// same thread). Every list comes back sorted (KernelTables::sort()).
///
/// A dump the kernel flags as interrupted (NLM_F_DUMP_INTR: the table changed under it) is thrown
/// away and redone, up to NetlinkSocket::kDumpAttempts times; see NetlinkSocket::dump().
class NetlinkDump
{
public:
    explicit NetlinkDump(NetlinkSocket &socket) : mSocket(socket) {}

    /// routes(), neighbours() and fdb(fdbDevices) in one KernelTables, with one look-up of the
    /// device names.
    NlResult<KernelTables> tables(const QStringList &fdbDevices);

    /// Unicast routes of the main table, IPv4 and IPv6: destination, gateway, device, onlink.
    /// Left out, because Route cannot describe them and Tartan programs none: other tables, other
    /// route types (local, blackhole, ...), cached IPv6 clones, and routes the kernel made itself
    /// (proto kernel: the prefix route of an address, such as fc00:0:0:1::/128 on flannel-v6.1 for
    /// its /128 address, which a diff would otherwise see as Tartan's and delete). A multipath
    /// route is read as its first nexthop.
    NlResult<QList<Route>> routes();
    /// IPv4 and IPv6 neighbours of every device, in any state (an INCOMPLETE entry has no MAC).
    NlResult<QList<Neighbour>> neighbours();
    /// The forwarding entries (AF_BRIDGE, NTF_SELF) of `devices`, e.g. flannel.1's VTEP entries;
    /// devices that do not exist have none.
    NlResult<QList<FdbEntry>> fdb(const QStringList &devices);

private:
    using DeviceNames = QHash<int, QString>;
    NlResult<DeviceNames> deviceNames();
    NlResult<QList<Route>> routes(const DeviceNames &names);
    NlResult<QList<Neighbour>> neighbours(const DeviceNames &names);
    NlResult<QList<FdbEntry>> fdb(const QStringList &devices, const DeviceNames &names);

    NetlinkSocket &mSocket;
};

} // namespace tartan::netlink
