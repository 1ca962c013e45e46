#pragma once

#include "netlinkerror.h"
#include "netlinkobjects.h"

#include <QHash>
#include <QList>
#include <QString>

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

struct nl_sock;

namespace tartan::netlink {

/// A NETLINK_ROUTE socket (libnl's nl_sock, owned) and the one place where requests meet replies.
///
/// Requests are built with libnl (rtnl_*_build_*_request) and completed here with libnl's
/// sequence numbers; replies are read here and matched to their request by sequence number, so a
/// stale reply (of a request that timed out) is ignored rather than taken for the answer to the
/// next one. The kernel's answer keeps its errno (libnl's NLE mapping loses ENOENT vs ESRCH) and
/// its extended-ack text (NETLINK_EXT_ACK, which libnl does not read).
///
/// Batches: transact() packs many requests into each sendmsg() (the kernel processes them in
/// order and acks each), then reads the acks. A batch of thousands of entries costs a send per
/// ~128 requests instead of a send and a receive per request, which is what `ip -batch` pays.
///
/// Threading: not thread-safe; one thread uses a socket (the agent's reconciler thread). Every
/// call blocks until the kernel has answered or the receive timeout (10 s per read) expires; the
/// kernel answers route-socket requests synchronously, so a timeout means a lost reply.
class NetlinkSocket
{
public:
    /// The kernel's answer to one request: 0, or a negative errno with the extended-ack text.
    struct Reply
    {
        int error = 0;
        QString kernelMessage;
    };
    /// Receives each object of a reply, parsed by libnl (rtnl_link, rtnl_route, ...). libnl owns it
    /// and frees it after the call; take a reference (nl_object_get) to keep it.
    using ObjectHandler = std::function<void(nl_object *object)>;
    using MessageBuilder = std::function<NlResult<NlMsgPtr>()>;

    /// Dumps the kernel flags as interrupted (NLM_F_DUMP_INTR) are retried this often.
    static constexpr int kDumpAttempts = 5;

    /// A MessageBuilder for a dump request of `type` (RTM_GETLINK, RTM_GETROUTE, ...) whose payload
    /// is the `size` bytes at `header` (the family's ifinfomsg, rtmsg, ndmsg or ifaddrmsg; copied).
    static MessageBuilder dumpRequest(int type, const void *header, std::size_t size);

    /// Opens and connects a socket with extended acks, capped acks and a receive buffer large
    /// enough for one batch's acks.
    static NlResult<NetlinkSocket> open();

    NetlinkSocket(NetlinkSocket &&) noexcept;
    NetlinkSocket &operator=(NetlinkSocket &&) noexcept;
    ~NetlinkSocket();

    /// The libnl socket, for libnl calls that need one (still owned here).
    nl_sock *handle() const { return mSocket.get(); }

    /// Sends one request and waits for its ack. A kernel error becomes the NetlinkError
    /// "<operation> <object>: <cause>".
    NlStatus request(NlMsgPtr message, const QString &operation, const QString &object);
    /// As request(), for a get request (RTM_GETLINK by name, say): `onObject` receives the answer.
    NlStatus get(NlMsgPtr message, const QString &operation, const QString &object,
                 const ObjectHandler &onObject);
    /// Sends the dump request `build` makes and passes every object of the reply to `onObject`.
    /// NLM_F_DUMP_INTR means the table changed while the kernel was walking it, so the reply may
    /// miss entries or hold some twice: a reconciler acting on it would add or delete the wrong
    /// entries. Such a dump is thrown away (`onRestart` tells the caller to drop what it collected)
    /// and redone, up to kDumpAttempts times in all; a table that keeps changing longer than that
    /// is reported as NLE_DUMP_INTR, and the caller tries again at its next pass.
    NlStatus dump(const MessageBuilder &build, const QString &operation, const QString &object,
                  const ObjectHandler &onObject, const std::function<void()> &onRestart);
    /// Sends every message (several per sendmsg) and collects every ack. Returns one Reply per
    /// message, in order. An error means the socket failed as a whole (a send failed, replies were
    /// lost to a receive-buffer overrun or a timeout); replies to the requests sent before it are lost
    /// with it, so the caller should dump and diff again rather than trust any of them.
    NlResult<QList<Reply>> transact(std::vector<NlMsgPtr> messages);

    /// Dump attempts thrown away because the kernel flagged them interrupted, over this socket's
    /// life: for the reconciler's log.
    quint64 dumpRestarts() const { return mDumpRestarts; }

    /// Test seam, empty (off) by default; a null check per dump when off. Called after each dump
    /// attempt with its operation ("dump IPv4 routes"); true makes the attempt count as interrupted
    /// (NLM_F_DUMP_INTR), which the kernel sets only when a table changes in the middle of a dump
    /// and so cannot be provoked at will. The hook may also change the kernel itself, as a writer
    /// racing the pass between its dump and its apply. Process-wide; for tests only.
    using DumpHook = std::function<bool(const QString &operation)>;
    static void setDumpHookForTesting(DumpHook hook);

private:
    struct SocketFree
    {
        void operator()(nl_sock *socket) const;
    };

    NetlinkSocket() = default;
    NlResult<QList<Reply>> exchange(std::vector<NlMsgPtr> &messages, const ObjectHandler &onObject,
                                    bool *interrupted);
    NlStatus receive(QHash<quint32, qsizetype> &pending, QList<Reply> &replies, const ObjectHandler &onObject,
                     bool *interrupted);
    void dispatch(const char *data, qsizetype length, QHash<quint32, qsizetype> &pending, QList<Reply> &replies,
                  const ObjectHandler &onObject, bool *interrupted);

    std::unique_ptr<nl_sock, SocketFree> mSocket;
    std::vector<char> mBuffer;
    quint64 mDumpRestarts = 0;
};

} // namespace tartan::netlink
