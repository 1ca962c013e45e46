#pragma once

#include "udpcounters.h"
#include "udppeertable.h"

#include <atomic>
#include <cstdint>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>

namespace tartan::udp {

/// Where one packet read from the TUN (after its virtio header) goes: Ignored, the kernel's own
/// IPv6 on the device (router solicitations, MLD), which no peer takes; Corrupt, not an IPv4
/// header; NoRoute, no peer's subnet holds the destination (the transmitter answers ICMP network
/// unreachable); Peer, to `peer`, the table's entry for the subnet that holds the destination.
/// No system call: the transmitter's decision, without a TUN or a socket.
struct TunRoute
{
    enum class Kind { Ignored, Corrupt, NoRoute, Peer };
    Kind kind = Kind::Corrupt;
    const sockaddr_in *peer = nullptr;
};
TunRoute routeTunPacket(const std::uint8_t *packet, std::size_t length, const PeerTable &table);

/// One queue's TUN-to-peer direction: reads packets (and, with TSO, TCP super-packets) from its
/// TUN queue until none is left or the batch is full, looks each destination up in the peer
/// table, cuts super-packets into inner packets of the TUN's MTU, and sends the whole batch with
/// one sendmmsg(). A super-packet's segments leave as one UDP GSO (UDP_SEGMENT) message, which
/// the kernel sends as one datagram per inner packet, so the wire carries upstream's format.
/// A destination without a lease is answered with ICMP network unreachable into the TUN.
class UdpTransmitter
{
public:
    struct Setup
    {
        int tunFd = -1;
        int socketFd = -1;
        bool vnetHeader = false;
        bool udpGso = false; ///< the socket took UDP_SEGMENT
    };

    UdpTransmitter(const Setup &setup, const PeerTableHolder &peers, UdpThreadCounters &counters);

    /// Runs until `stopFd` (an eventfd) becomes readable.
    void run(int stopFd);

private:
    bool readBatch();
    void handle(const std::uint8_t *read, std::size_t length, const PeerTable &table);
    void queue(const sockaddr_in &peer, std::uint8_t *data, std::size_t count, std::size_t segmentSize,
               std::size_t totalLength);
    void sendBatch();
    void sendOneByOne(const mmsghdr &message, std::size_t segmentSize);
    void answerUnreachable(const std::uint8_t *packet, std::size_t length);

    Setup mSetup;
    const PeerTableHolder &mPeers;
    UdpThreadCounters &mCounters;
    std::vector<std::uint8_t> mRead;  // one TUN read: virtio header + packet
    std::vector<std::uint8_t> mArena; // the batch's inner packets
    std::size_t mArenaUsed = 0;
    std::vector<mmsghdr> mMessages;
    std::vector<iovec> mIovecs;
    std::vector<sockaddr_in> mNames;
    std::vector<std::uint16_t> mSegmentSizes; // 0: a single datagram
    std::vector<std::uint8_t> mControl;
    std::size_t mCount = 0;
    std::uint64_t mPacketsQueued = 0;
};

} // namespace tartan::udp
