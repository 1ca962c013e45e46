#include "netlinklistener.h"

#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <QSocketNotifier>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>

namespace tartan::netlink {

namespace {

constexpr int kDefaultDebounceMs = 50;
// Room for a burst of notifications (a big apply makes one per entry) before the kernel drops some.
constexpr int kReceiveBufferBytes = 4 * 1024 * 1024;
constexpr qsizetype kReadBufferBytes = 64 * 1024;

} // namespace

void NetlinkListener::SocketFree::operator()(nl_sock *socket) const
{
    nl_socket_free(socket);
}

NetlinkListener::NetlinkListener(QObject *parent) : QObject(parent), mReceiveBufferBytes(kReceiveBufferBytes)
{
    mDebounce.setSingleShot(true);
    mDebounce.setInterval(kDefaultDebounceMs);
    connect(&mDebounce, &QTimer::timeout, this, &NetlinkListener::changed);
}

NetlinkListener::~NetlinkListener() = default;

NlStatus NetlinkListener::start()
{
    if (isRunning())
        return {};
    const QString operation = QStringLiteral("subscribe to netlink notifications");
    std::unique_ptr<nl_sock, SocketFree> socket(nl_socket_alloc());
    if (!socket)
        return NetlinkError::fromLibnl(NLE_NOMEM, operation, {});
    // Notifications carry sequence number 0 and are never acked: no sequence checks, no acks.
    nl_socket_disable_seq_check(socket.get());
    nl_socket_disable_auto_ack(socket.get());
    if (const int rc = nl_connect(socket.get(), NETLINK_ROUTE); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, {});
    if (const int rc = nl_socket_add_memberships(socket.get(), RTNLGRP_LINK, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
                                                 RTNLGRP_NEIGH, 0);
        rc < 0) {
        return NetlinkError::fromLibnl(rc, operation, QStringLiteral("(link, route and neighbour groups)"));
    }
    if (const int rc = nl_socket_set_nonblocking(socket.get()); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, {});
    const int fd = nl_socket_get_fd(socket.get());
    mSocket = std::move(socket);
    setReceiveBufferBytes(mReceiveBufferBytes);
    mBuffer.resize(kReadBufferBytes);
    // A child too, so that it follows moveToThread(); the unique_ptr deletes it before ~QObject runs.
    mNotifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read, this);
    connect(mNotifier.get(), &QSocketNotifier::activated, this, &NetlinkListener::readNotifications);
    return {};
}

void NetlinkListener::setReceiveBufferBytes(int bytes)
{
    mReceiveBufferBytes = bytes;
    if (!mSocket)
        return;
    const int fd = nl_socket_get_fd(mSocket.get());
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes); // not root: capped by rmem_max
}

void NetlinkListener::readNotifications()
{
    const int fd = nl_socket_get_fd(mSocket.get());
    bool any = false;
    bool lost = false;
    // Drain everything queued: the notifier fires once per readiness, not per datagram.
    for (;;) {
        const ssize_t length = recv(fd, mBuffer.data(), static_cast<std::size_t>(mBuffer.size()), MSG_DONTWAIT);
        if (length < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ENOBUFS) {
                // The kernel dropped notifications; the socket itself is fine. A full resync
                // covers whatever we missed.
                ++mOverruns;
                any = true;
                lost = true;
                continue;
            }
            break; // EAGAIN: drained
        }
        int remaining = static_cast<int>(length);
        for (auto *header = reinterpret_cast<nlmsghdr *>(mBuffer.data()); NLMSG_OK(header, remaining);
             header = NLMSG_NEXT(header, remaining)) {
            ++mNotifications;
            any = true;
        }
    }
    if (lost)
        emit notificationsLost(mOverruns);
    if (any && !mDebounce.isActive())
        mDebounce.start();
}

} // namespace tartan::netlink
