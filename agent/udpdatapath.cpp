#include "udpdatapath.h"

#include "errnotext.h"
#include "udpreceiver.h"
#include "udptransmitter.h"

#include <QStringList>

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

namespace tartan::udp {

namespace {

constexpr int kSocketBuffer = 8 * 1024 * 1024;

/// A UDP socket bound to port on every address, shared with the other queues' sockets.
Result<int> openSocket(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error(QStringLiteral("UDP port %1: socket: %2").arg(port).arg(errnoText(errno)));
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    // Bursts of 64 KiB super-packets need more than the default buffers; FORCE works as root.
    for (int option : {SO_SNDBUFFORCE, SO_RCVBUFFORCE})
        ::setsockopt(fd, SOL_SOCKET, option, &kSocketBuffer, sizeof kSocketBuffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0) {
        const int error = errno;
        ::close(fd);
        return Error(QStringLiteral("UDP port %1: bind: %2").arg(port).arg(errnoText(error)));
    }
    return fd;
}

} // namespace

Result<std::unique_ptr<UdpDataPath>> UdpDataPath::start(TunDevice tun, const Options &options,
                                                        const PeerTableHolder &peers, QString *notes)
{
    std::unique_ptr<UdpDataPath> path(new UdpDataPath);
    path->mTun = std::move(tun);
    path->mStopFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (path->mStopFd < 0)
        return Error(QStringLiteral("UDP data path: eventfd: %1").arg(errnoText(errno)));
    const std::size_t queues = path->mTun.queues().size();
    bool gso = true;
    bool gro = true;
    for (std::size_t queue = 0; queue < queues; ++queue) {
        auto socket = openSocket(options.port);
        if (!socket)
            return socket.error();
        path->mSockets.push_back(*socket);
        // Probing with the socket option tells whether per-message UDP_SEGMENT works.
        const int probe = 1400;
        if (gso && ::setsockopt(*socket, SOL_UDP, UDP_SEGMENT, &probe, sizeof probe) < 0) {
            gso = false;
            if (notes)
                *notes += QStringLiteral(" UDP_SEGMENT (%1)").arg(errnoText(errno));
        } else if (gso) {
            const int none = 0;
            ::setsockopt(*socket, SOL_UDP, UDP_SEGMENT, &none, sizeof none);
        }
        const int on = 1;
        if (gro && ::setsockopt(*socket, SOL_UDP, UDP_GRO, &on, sizeof on) < 0) {
            gro = false;
            if (notes)
                *notes += QStringLiteral(" UDP_GRO (%1)").arg(errnoText(errno));
        }
    }
    const TunDevice::Offloads &offloads = path->mTun.offloads();
    const bool coalesce = options.coalesce && offloads.vnetHeader;
    path->mCounters = std::make_unique<UdpThreadCounters[]>(queues * 2);
    for (std::size_t queue = 0; queue < queues; ++queue) {
        const int tunFd = path->mTun.queues()[queue];
        const int socketFd = path->mSockets[queue];
        UdpThreadCounters &txCounters = path->mCounters[queue * 2];
        UdpThreadCounters &rxCounters = path->mCounters[queue * 2 + 1];
        const int stopFd = path->mStopFd;
        UdpTransmitter::Setup tx{tunFd, socketFd, offloads.vnetHeader, gso};
        UdpReceiver::Setup rx{tunFd, socketFd, offloads.vnetHeader, coalesce};
        path->mThreads.emplace_back([tx, &peers, &txCounters, stopFd] { UdpTransmitter(tx, peers, txCounters).run(stopFd); });
        path->mThreads.emplace_back([rx, &peers, &rxCounters, stopFd] { UdpReceiver(rx, peers, rxCounters).run(stopFd); });
    }
    QStringList features{QStringLiteral("%1 queue%2").arg(queues).arg(queues == 1 ? "" : "s")};
    if (offloads.tso)
        features << QStringLiteral("TSO");
    if (offloads.uso)
        features << QStringLiteral("USO");
    if (gso)
        features << QStringLiteral("UDP GSO");
    if (gro)
        features << QStringLiteral("UDP GRO");
    if (coalesce)
        features << QStringLiteral("TCP coalescing");
    path->mDescription = features.join(QStringLiteral(", "));
    return path;
}

UdpDataPath::~UdpDataPath()
{
    if (mStopFd >= 0) {
        const std::uint64_t one = 1;
        (void)!::write(mStopFd, &one, sizeof one);
    }
    for (std::thread &thread : mThreads)
        thread.join();
    for (int fd : mSockets)
        ::close(fd);
    if (mStopFd >= 0)
        ::close(mStopFd);
}

UdpCountersSnapshot UdpDataPath::counters() const
{
    UdpCountersSnapshot sum;
    const std::size_t threads = mThreads.size();
    for (std::size_t i = 0; i < threads; ++i)
        mCounters[i].addTo(sum);
    return sum;
}

} // namespace tartan::udp
