#pragma once

#include "result.h"

#include <QString>

#include <atomic>

namespace tartan::cli {

/// A loopback door into a lab (`tartanctl lab relay`, started detached by `lab up`): one to its etcd,
/// and one per node to that node's agent report endpoint (`--relay-to ADDRESS:PORT`).
///
/// etcd and the agents' endpoints listen inside the lab's namespaces; the app and tartanctl run in the machine's own
/// namespace, and the lab may add nothing there: no link, no address, no route. So the relay
/// listens on 127.0.0.1 in the machine's namespace and, for every accepted connection, starts a
/// thread that joins the underlay namespace (setns affects only the calling thread), creates its
/// socket there (a socket keeps the namespace it was created in) and connects to the target. The thread
/// then copies bytes both ways until both sides have closed, passing half-closes on.
///
/// Bounded: at most kMaxConnections at once (more are closed at once), a fixed buffer per
/// direction, a connect timeout. It stops by itself within a second of its underlay namespace being
/// deleted (so an orphaned relay never lingers), or on SIGTERM/SIGINT.
class LabRelay
{
public:
    static constexpr int kMaxConnections = 256;

    /// `listenFd`: a listening TCP socket on loopback (see listenOnLoopback), owned by the relay.
    /// `netns`: the underlay namespace's name; `host`:`port`: the service reached from it (etcd on
    /// the bridge, or a node's address on the underlay).
    LabRelay(int listenFd, QString netns, QString host, quint16 port);
    ~LabRelay();
    LabRelay(const LabRelay &) = delete;
    LabRelay &operator=(const LabRelay &) = delete;

    /// Serves until stopped; 0 when it stopped as designed, 1 if it could not start. Logs on stderr.
    int run();

    /// A socket listening on 127.0.0.1 at a port the kernel picks, and that port. `lab up` makes it
    /// and hands it to the relay as fd 3, so the port is known before the relay runs and nothing can
    /// take it in between.
    static Result<int> listenOnLoopback(quint16 *port);

private:
    void serve(int client);
    /// A socket connected to the target, created inside the underlay namespace; -1 with the reason logged.
    int connectInside();

    int mListenFd;
    int mNetnsFd = -1;
    QString mNetns;
    QString mHost;
    quint16 mPort;
    std::atomic<int> mActive{0};
};

} // namespace tartan::cli
