#pragma once

#include "tunwriter.h"
#include "udpcounters.h"
#include "udppeertable.h"

#include <cstdint>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>

namespace tartan::udp {

/// What one received message becomes on the TUN: `length` bytes from `source` (IPv4, host order),
/// one datagram or, with UDP_GRO, several of `segmentSize` bytes each (the last may be shorter).
/// A message cut short (`truncated`: MSG_TRUNC) or from an address that is no peer's PublicIP is
/// dropped whole; of the rest, every datagram that is exactly one valid IPv4 packet goes to
/// `writer` (which the caller flushes), and the others are counted as corrupt or truncated.
/// No system call: the receiver's decisions, without a socket or a TUN.
void receiveMessage(const std::uint8_t *data, std::size_t length, std::size_t segmentSize, bool truncated,
                    std::uint32_t source, const PeerTable &table, TunWriter &writer, UdpThreadCounters &counters);

/// One queue's peer-to-TUN direction: receives a batch of datagrams with one recvmmsg() (with
/// UDP_GRO, each message may hold many same-size datagrams from one sender), drops those from
/// addresses that are no peer's PublicIP and those that are not exactly one IPv4 packet, and
/// hands the rest to a TunWriter.
class UdpReceiver
{
public:
    struct Setup
    {
        int tunFd = -1;
        int socketFd = -1;
        bool vnetHeader = false;
        bool coalesce = false; ///< merge TCP segments into super-packets for the TUN
    };

    UdpReceiver(const Setup &setup, const PeerTableHolder &peers, UdpThreadCounters &counters);

    /// Runs until `stopFd` (an eventfd) becomes readable.
    void run(int stopFd);

private:
    /// False when the socket had nothing (time to poll).
    bool receiveBatch();

    Setup mSetup;
    const PeerTableHolder &mPeers;
    UdpThreadCounters &mCounters;
    TunWriter mWriter;
    std::vector<std::uint8_t> mBuffers;
    std::vector<mmsghdr> mMessages;
    std::vector<iovec> mIovecs;
    std::vector<sockaddr_in> mNames;
    std::vector<std::uint8_t> mControl;
};

} // namespace tartan::udp
