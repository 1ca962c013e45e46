#pragma once

#include "netlinkerror.h"
#include "tablediff.h"

#include <QList>

namespace tartan::netlink {

class NetlinkSocket;

/// What one apply() did.
struct ApplyReport
{
    qsizetype requests = 0; ///< requests sent to the kernel
    qsizetype changed = 0;  ///< entries acked as done (a replacement sent as delete + add counts once)
    /// Acked with an answer that means "already so": EEXIST on an add, ENOENT/ESRCH on a delete (an
    /// entry that vanished with its device counts here too, without a request). The kernel's
    /// state is the one asked for, so these are successes, which makes apply() idempotent.
    qsizetype alreadyDone = 0;
    /// One per entry that failed: entries whose device does not exist (not sent), then every other
    /// answer of the kernel, in request order: "add route 10.244.3.0/24 via 10.244.3.0 dev flannel.1:
    /// Network is unreachable (Nexthop has invalid gateway)". The other entries were applied.
    QList<NetlinkError> failures;

    bool ok() const { return failures.isEmpty(); }
};

/// Programs a TableDiff into the kernel in batches, through one NetlinkSocket (not owned: it must
/// outlive this object; same thread).
///
/// Every request is built first, then all are sent, many per sendmsg(), and the acks collected and
/// matched to their entries by sequence number (NetlinkSocket::transact()), so thousands of
/// entries go at about the speed of `ip -batch`. The kernel handles the requests of one socket in
/// the order sent, which is:
///   1. deletions: routes, then FDB entries, then neighbours (a route goes before what it relies on);
///   2. adds and replacements: neighbours, then FDB entries, then routes (what a route relies on
///      exists before it does).
/// Routes: the gateway, RTNH_F_ONLINK, the device's index looked up by name, protocol "boot" (as
/// flannel's routes); replacements use NLM_F_REPLACE, adds NLM_F_EXCL. One exception: an IPv6
/// route that moves to another device (DirectRouting turned on or off) is deleted and added back
/// to back, because the kernel refuses that replacement (see routeReplacement() in the .cpp).
/// Neighbours: NUD_PERMANENT. FDB entries: AF_BRIDGE, NTF_SELF, NUD_PERMANENT, NDA_LLADDR, NDA_DST.
class NetlinkApplier
{
public:
    explicit NetlinkApplier(NetlinkSocket &socket) : mSocket(socket) {}

    /// Applies `diff` (its blocked entries are not touched). An error means nothing is known about
    /// the outcome (device look-up failed, or the socket lost replies): dump and diff again.
    NlResult<ApplyReport> apply(const TableDiff &diff);

private:
    NetlinkSocket &mSocket;
};

} // namespace tartan::netlink
