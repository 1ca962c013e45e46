#pragma once

#include "result.h"
#include "tundevice.h"
#include "udpcounters.h"
#include "udppeertable.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace tartan::udp {

/// The UDP backend's data path: for each TUN queue, one UDP socket on the backend's port
/// (SO_REUSEPORT spreads the peers' flows over them) and two threads, one per direction
/// (UdpTransmitter, UdpReceiver). The threads share nothing but the PeerTableHolder, which they
/// only read, and write only their own counters.
class UdpDataPath
{
public:
    struct Options
    {
        std::uint16_t port = 8285;
        bool coalesce = true;         ///< merge received TCP segments into super-packets for the TUN
    };

    /// Opens the sockets and starts the threads on `tun`'s queues. `notes` gets the offloads the
    /// kernel refused, for one log line. An error when a socket cannot be bound.
    static Result<std::unique_ptr<UdpDataPath>> start(TunDevice tun, const Options &options, const PeerTableHolder &peers,
                                                      QString *notes);
    /// Stops and joins the threads, then closes the sockets and the TUN.
    ~UdpDataPath();

    UdpCountersSnapshot counters() const;
    /// What the data path runs with, e.g. "2 queues, TSO, USO, UDP GSO, UDP GRO, TCP coalescing".
    QString describe() const { return mDescription; }

private:
    UdpDataPath() = default;

    TunDevice mTun;
    std::vector<int> mSockets;
    int mStopFd = -1;
    std::unique_ptr<UdpThreadCounters[]> mCounters;
    std::vector<std::thread> mThreads;
    QString mDescription;
};

} // namespace tartan::udp
