#include "tunwriter.h"

#include "ipv4packet.h"

#include <cstring>

#include <unistd.h>

namespace tartan::udp {

namespace {

constexpr std::uint8_t kTcpAck = 0x10;
constexpr std::uint8_t kTcpPsh = 0x08;
constexpr std::size_t kMaxSegments = 64;
constexpr std::size_t kMaxSuperPacket = 65535;

/// An IPv4 TCP packet GRO may merge: no IP options, not a fragment, only ACK (and PSH) set.
bool mergeable(const std::uint8_t *packet, std::size_t length)
{
    if (packet[0] != 0x45 || packet[9] != kProtoTcp || (load16(packet + 6) & 0x3fff) != 0 || length < 40)
        return false;
    const std::size_t tcpLength = std::size_t(packet[32] >> 4) * 4;
    if (tcpLength < 20 || 20 + tcpLength > length)
        return false;
    const std::uint8_t flags = packet[33];
    return (flags & ~kTcpPsh) == kTcpAck;
}

} // namespace

TunWriter::TunWriter(int fd, bool vnetHeader, bool coalesce) : mFd(fd), mVnet(vnetHeader), mCoalesce(coalesce && vnetHeader)
{
    mRun.payloads.reserve(kMaxSegments);
}

bool TunWriter::extends(const std::uint8_t *packet, std::size_t length) const
{
    if (mRun.closed || mRun.payloads.size() + 1 >= kMaxSegments || !mergeable(packet, length))
        return false;
    const std::uint8_t *first = mRun.first;
    const std::size_t headers = 20 + std::size_t(packet[32] >> 4) * 4;
    const std::size_t payload = length - headers;
    if (headers != mRun.headers || payload == 0 || payload > mRun.mss
        || mRun.headers + mRun.payload + payload > kMaxSuperPacket)
        return false;
    if (packet[1] != first[1] || packet[6] != first[6] || packet[8] != first[8])
        return false; // TOS, DF, TTL
    if (std::memcmp(packet + 12, first + 12, 8) != 0 || std::memcmp(packet + 20, first + 20, 4) != 0)
        return false; // addresses, ports
    if (load32(packet + 24) != mRun.nextSeq)
        return false;
    // ACK number, window and options as the first segment's.
    return std::memcmp(packet + 28, first + 28, 4) == 0 && std::memcmp(packet + 34, first + 34, 2) == 0
        && std::memcmp(packet + 40, first + 40, headers - 40) == 0;
}

void TunWriter::start(const std::uint8_t *packet, std::size_t length)
{
    mHasRun = true;
    mRun.first = packet;
    mRun.firstLength = length;
    mRun.headers = 20 + std::size_t(packet[32] >> 4) * 4;
    mRun.mss = length - mRun.headers;
    mRun.payload = mRun.mss;
    mRun.nextSeq = load32(packet + 24) + std::uint32_t(mRun.mss);
    mRun.pshFin = packet[33] & kTcpPsh;
    mRun.closed = mRun.pshFin != 0 || mRun.mss == 0;
    mRun.payloads.clear();
}

void TunWriter::add(const std::uint8_t *packet, std::size_t length)
{
    if (!mCoalesce) {
        writeOne(packet, length);
        return;
    }
    if (mHasRun && extends(packet, length)) {
        const std::size_t headers = mRun.headers;
        const std::size_t payload = length - headers;
        mRun.payloads.push_back(iovec{const_cast<std::uint8_t *>(packet + headers), payload});
        mRun.payload += payload;
        mRun.nextSeq += std::uint32_t(payload);
        mRun.pshFin |= packet[33] & kTcpPsh;
        mRun.closed = payload < mRun.mss || (packet[33] & kTcpPsh);
        return;
    }
    if (mHasRun)
        writeRun();
    if (mergeable(packet, length))
        start(packet, length);
    else
        writeOne(packet, length);
}

int TunWriter::flush()
{
    if (mHasRun)
        writeRun();
    const int failures = mFailures;
    mFailures = 0;
    return failures;
}

void TunWriter::writeOne(const std::uint8_t *packet, std::size_t length)
{
    ssize_t written;
    if (mVnet) {
        virtio_net_hdr header{};
        iovec parts[2] = {{&header, sizeof header}, {const_cast<std::uint8_t *>(packet), length}};
        written = ::writev(mFd, parts, 2);
    } else {
        written = ::write(mFd, packet, length);
    }
    ++mWrites;
    if (written < 0)
        ++mFailures;
    else
        ++mPackets;
}

void TunWriter::writeRun()
{
    mHasRun = false;
    if (mRun.payloads.empty()) {
        writeOne(mRun.first, mRun.firstLength);
        return;
    }
    const std::size_t headers = mRun.headers;
    const std::size_t total = headers + mRun.payload;
    virtio_net_hdr vnet{};
    vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
    vnet.hdr_len = std::uint16_t(headers);
    vnet.gso_size = std::uint16_t(mRun.mss);
    vnet.csum_start = 20;
    vnet.csum_offset = 16;
    std::memcpy(mHeader, &vnet, sizeof vnet);
    std::uint8_t *ip = mHeader + sizeof vnet;
    std::memcpy(ip, mRun.first, headers);
    store16(ip + 2, std::uint16_t(total));
    fixIpv4Checksum(ip);
    ip[33] |= mRun.pshFin;
    // NEEDS_CSUM: the field carries the pseudo-header sum; the kernel finishes each segment's.
    storePartialChecksum(ip + 36, pseudoHeaderSum(ip, kProtoTcp, std::uint32_t(total - 20)));

    iovec parts[kMaxSegments + 2];
    parts[0] = {mHeader, sizeof vnet + headers};
    parts[1] = {const_cast<std::uint8_t *>(mRun.first + headers), mRun.firstLength - headers};
    std::memcpy(parts + 2, mRun.payloads.data(), mRun.payloads.size() * sizeof(iovec));
    const ssize_t written = ::writev(mFd, parts, int(mRun.payloads.size() + 2));
    ++mWrites;
    if (written < 0)
        ++mFailures;
    else
        mPackets += mRun.payloads.size() + 1;
}

} // namespace tartan::udp
