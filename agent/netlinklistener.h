#pragma once

#include "netlinkerror.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;
struct nl_sock;

namespace tartan::netlink {

/// Tells the reconciler that the kernel's tables changed, so that an entry deleted by hand (or by
/// `systemctl restart network`, flannel#1434/#1759) is put back within a second instead of at the
/// next periodic sync.
///
/// A netlink socket subscribed to RTNLGRP_LINK, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE and
/// RTNLGRP_NEIGH, watched by a QSocketNotifier. Notifications are not parsed: any of them starts a
/// short timer (debounceInterval(), 50 ms by default), and changed() is emitted once when it fires,
/// however many arrived meanwhile (a 30,000-entry apply of our own makes one signal, not 30,000).
/// The timer is not restarted by later notifications, so a steady stream still yields a signal
/// every interval. The answer to changed() is a full dump and diff; the notification contents are
/// not needed for that.
///
/// When the kernel drops notifications because the socket's buffer is full (ENOBUFS), some
/// changes went unseen; changed() is emitted all the same (the full resync covers them) and the
/// listener carries on. overruns() counts these.
///
/// Threading: a QObject of the thread that runs it; needs that thread's event loop.
class NetlinkListener : public QObject
{
    Q_OBJECT

public:
    explicit NetlinkListener(QObject *parent = nullptr);
    ~NetlinkListener() override;

    /// Opens the socket and subscribes. Calling it again while running does nothing.
    NlStatus start();
    bool isRunning() const { return mNotifier != nullptr; }

    int debounceInterval() const { return mDebounce.interval(); }
    void setDebounceInterval(int milliseconds) { mDebounce.setInterval(milliseconds); }

    /// The socket's receive buffer (4 MiB by default), now if running, else at start(). Root sets
    /// any size (SO_RCVBUFFORCE); the kernel doubles it for its own accounting.
    void setReceiveBufferBytes(int bytes);

    /// Notifications received so far (every message counts).
    quint64 notifications() const { return mNotifications; }
    /// Times the kernel reported lost notifications (ENOBUFS).
    quint64 overruns() const { return mOverruns; }

signals:
    /// Something in links, routes or neighbours changed (or may have: after an overrun).
    void changed();
    /// The kernel dropped notifications (ENOBUFS): emitted before the changed() that follows, once
    /// per read of the socket, for the log. `overruns` is overruns() so far.
    void notificationsLost(quint64 overruns);

private:
    struct SocketFree
    {
        void operator()(nl_sock *socket) const;
    };

    void readNotifications();

    std::unique_ptr<nl_sock, SocketFree> mSocket;
    // Declared after the socket: destroyed first, so that it never watches a closed descriptor.
    std::unique_ptr<QSocketNotifier> mNotifier;
    QTimer mDebounce;
    QByteArray mBuffer;
    int mReceiveBufferBytes;
    quint64 mNotifications = 0;
    quint64 mOverruns = 0;
};

} // namespace tartan::netlink
