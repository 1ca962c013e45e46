#pragma once

#include "netlinkerror.h"
#include "nodereport.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace tartan::netlink {

class NetlinkSocket;

/// What the agent's report shows of the kernel: the links that carry overlay traffic and the
/// entries on them, read back afresh (never the agent's intentions).
struct KernelState
{
    /// The overlay devices, the CNI bridge and the external interface that exist, sorted by name.
    QList<LinkState> links;
    /// Main-table routes on those links, neighbours on the overlay devices, FDB entries of the
    /// vxlan devices among them; sorted.
    KernelTables tables;
};

/// Reads a KernelState through one NetlinkSocket (not owned: it must outlive this object; same
/// thread). Devices that do not exist are left out, not an error: before the backend is set up a
/// node has no overlay device, and a node without pods has no cni0.
class KernelReader
{
public:
    /// The CNI bridge flannel's conflist delegates to.
    static constexpr char kCniBridge[] = "cni0";

    explicit KernelReader(NetlinkSocket &socket) : mSocket(socket) {}

    NlResult<KernelState> read(const QStringList &overlayDevices, const QString &externalDevice);

private:
    NetlinkSocket &mSocket;
};

} // namespace tartan::netlink
