#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "virtioheader.h"
#include <sys/uio.h>

namespace tartan::udp {

/// Writes inner packets received from peers into one TUN queue. With virtio headers it merges
/// consecutive segments of one TCP flow (same addresses, ports, ACK, options and TTL, sequence
/// numbers following each other, full-size segments but the last, nothing but ACK/PSH set) into
/// one GSO super-packet, as the kernel's own GRO would: the TCP stack behind the TUN then sees
/// one large packet instead of up to 64 small ones, and this side makes one write() for them.
/// The payloads are not copied: the super-packet is gathered with writev().
///
/// The packets add()ed must stay valid until flush().
class TunWriter
{
public:
    TunWriter(int fd, bool vnetHeader, bool coalesce);

    /// Queues one validated IPv4 packet.
    void add(const std::uint8_t *packet, std::size_t length);
    /// Writes what is queued. Returns the number of write() calls that failed.
    int flush();

    /// Packets written (a super-packet counts as the segments it holds) and writes made.
    std::uint64_t packetsWritten() const { return mPackets; }
    std::uint64_t writesMade() const { return mWrites; }

private:
    struct Run
    {
        const std::uint8_t *first = nullptr;
        std::size_t firstLength = 0;
        std::size_t headers = 0;      // IP + TCP header length
        std::size_t mss = 0;          // payload of the first segment
        std::size_t payload = 0;      // total payload so far
        std::uint32_t nextSeq = 0;
        std::uint8_t pshFin = 0;
        bool closed = false;          // a short or PSH segment ended it
        std::vector<iovec> payloads;  // of the segments after the first
    };

    bool extends(const std::uint8_t *packet, std::size_t length) const;
    void start(const std::uint8_t *packet, std::size_t length);
    void writeRun();
    void writeOne(const std::uint8_t *packet, std::size_t length);

    int mFd;
    bool mVnet;
    bool mCoalesce;
    bool mHasRun = false;
    Run mRun;
    int mFailures = 0;
    std::uint64_t mPackets = 0;
    std::uint64_t mWrites = 0;
    std::uint8_t mHeader[sizeof(virtio_net_hdr) + 120]{};
};

} // namespace tartan::udp
