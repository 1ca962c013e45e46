// The udp backend's data path without a TUN or a socket: what a packet read from the TUN becomes
// on the wire (routeTunPacket, buildNetUnreachable, segmentTunPacket) and what a received message
// becomes on the TUN (receiveMessage into a TunWriter that writes to a memfd). The first input
// byte chooses the direction and the options, the rest is the virtio header and packet, or the
// GRO segment size and message. Properties:
//   - nothing is written outside the buffers the data path sizes for itself (the out buffers are
//     allocated at exactly segmentRoom() and 576 bytes, so AddressSanitizer sees any overrun);
//   - a packet goes only to the peer whose subnet holds its destination (checked against a linear
//     scan of the table), every wire packet cut from it keeps that destination, and the peer's
//     receiver accepts it (checkIpv4) when the packet read was valid or was a super-packet;
//   - a super-packet's segments carry, in order, exactly its payload, with valid TCP/UDP
//     checksums computed independently (RFC 1071, referencechecksum.h);
//   - the ICMP answer to an unroutable packet is a valid packet back to its sender;
//   - on the receiving side nothing from an unknown address or a truncated message reaches the
//     TUN; otherwise exactly the valid datagrams do, in order: as they are, or merged into
//     super-packets whose partial checksum completes to a valid one and which the transmitter's
//     own segmenter cuts back into the same segments (sequence numbers and payloads).
#include "fuzzcheck.h"
#include "ipv4packet.h"
#include "referencechecksum.h"
#include "tunsegmenter.h"
#include "tunwriter.h"
#include "udpreceiver.h"
#include "udptransmitter.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include <arpa/inet.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace tartan::udp;
using namespace tartan::testing;

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Subnet
{
    std::uint32_t network;
    int length;
    std::uint32_t peer;
};

// A three-node cluster as the udp backend sees it from 10.244.0.0/24: host order.
constexpr Subnet kSubnets[] = {
    {0x0af40100, 24, 0xc0a8010b}, // 10.244.1.0/24 via 192.168.1.11
    {0x0af40200, 24, 0xc0a8010c}, // 10.244.2.0/24 via 192.168.1.12
    {0x0af40400, 22, 0xc0a8010d}, // 10.244.4.0/22 via 192.168.1.13
};

std::uint32_t maskOf(int length)
{
    return length == 0 ? 0 : ~std::uint32_t(0) << (32 - length);
}

const PeerTable &table()
{
    static const PeerTable peers = [] {
        std::vector<PeerTable::Entry> entries;
        for (const Subnet &subnet : kSubnets) {
            PeerTable::Entry entry;
            entry.network = subnet.network;
            entry.mask = maskOf(subnet.length);
            entry.peer.sin_family = AF_INET;
            entry.peer.sin_port = htons(8285);
            entry.peer.sin_addr.s_addr = htonl(subnet.peer);
            entries.push_back(entry);
        }
        return PeerTable(std::move(entries));
    }();
    return peers;
}

// ---- TUN to wire ------------------------------------------------------------------------------

void checkUnreachable(const std::uint8_t *packet, std::size_t length)
{
    const auto answer = std::make_unique<std::uint8_t[]>(576);
    const std::size_t built = buildNetUnreachable(packet, length, answer.get());
    if (built == 0)
        return;
    FUZZ_CHECK(built <= 576);
    FUZZ_CHECK(checkIpv4(answer.get(), built) == PacketProblem::None);
    FUZZ_CHECK(ipv4Destination(answer.get()) == ipv4Source(packet));
    FUZZ_CHECK(answer[9] == kProtoIcmp && answer[20] == 3);
    FUZZ_CHECK(rfc1071(answer.get() + 20, built - 20) == 0);
    FUZZ_CHECK(std::memcmp(answer.get() + 28, packet, built - 28) == 0);
}

void fromTun(const virtio_net_hdr *header, const std::uint8_t *packet, std::size_t length)
{
    const TunRoute route = routeTunPacket(packet, length, table());
    if (length >= 1 && (packet[0] >> 4) == 6) {
        FUZZ_CHECK(route.kind == TunRoute::Kind::Ignored);
        return;
    }
    if (length < kIpv4MinHeader || (packet[0] >> 4) != 4) {
        FUZZ_CHECK(route.kind == TunRoute::Kind::Corrupt);
        return;
    }
    const std::uint32_t destination = ipv4Destination(packet);
    const Subnet *owner = nullptr;
    for (const Subnet &subnet : kSubnets)
        if ((destination & maskOf(subnet.length)) == subnet.network)
            owner = &subnet;
    if (!owner) {
        FUZZ_CHECK(route.kind == TunRoute::Kind::NoRoute && route.peer == nullptr);
        checkUnreachable(packet, length);
        return;
    }
    FUZZ_CHECK(route.kind == TunRoute::Kind::Peer && route.peer);
    FUZZ_CHECK(ntohl(route.peer->sin_addr.s_addr) == owner->peer);

    const std::size_t room = segmentRoom(header, length);
    const auto out = std::make_unique<std::uint8_t[]>(room);
    Segments segments;
    const SegmentOutcome outcome = segmentTunPacket(header, packet, length, out.get(), segments);
    if (outcome != SegmentOutcome::Ok)
        return;
    FUZZ_CHECK(segments.count >= 1 && segments.totalLength <= room);
    FUZZ_CHECK(segments.totalLength <= (segments.count - 1) * segments.segmentSize + segments.segmentSize);
    FUZZ_CHECK(segments.totalLength > (segments.count - 1) * segments.segmentSize);
    const bool gso = header && (header->gso_type & ~VIRTIO_NET_HDR_GSO_ECN) != VIRTIO_NET_HDR_GSO_NONE;
    if (!gso) {
        FUZZ_CHECK(segments.count == 1 && segments.totalLength == length);
        // A checksum completed for the kernel lies past the IP header (csum_start is the L4
        // header's offset), unless the virtio header says otherwise.
        const std::size_t ipLength = std::size_t(ipv4HeaderLength(packet));
        if (header && (header->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) && header->csum_start < ipLength)
            return;
        FUZZ_CHECK(out[8] == packet[8] - 1);
        if (checkIpv4(packet, length) == PacketProblem::None)
            FUZZ_CHECK(checkIpv4(out.get(), length) == PacketProblem::None);
        return;
    }
    // A super-packet: every segment a whole valid packet to the same destination, payloads in order.
    const std::size_t ipLength = std::size_t(ipv4HeaderLength(packet));
    const bool tcp = packet[9] == kProtoTcp;
    const std::size_t headers = ipLength + (tcp ? std::size_t(packet[ipLength + 12] >> 4) * 4 : 8);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < segments.count; ++i) {
        const std::uint8_t *segment = out.get() + i * segments.segmentSize;
        const std::size_t size = std::min(segments.segmentSize, segments.totalLength - i * segments.segmentSize);
        FUZZ_CHECK(checkIpv4(segment, size) == PacketProblem::None);
        FUZZ_CHECK(ipv4Destination(segment) == destination && segment[8] == packet[8] - 1);
        FUZZ_CHECK(l4ChecksumOk(segment, size));
        FUZZ_CHECK(size >= headers && offset + size - headers <= length - headers);
        FUZZ_CHECK(std::memcmp(segment + headers, packet + headers + offset, size - headers) == 0);
        if (tcp)
            FUZZ_CHECK(load32(segment + ipLength + 4) == load32(packet + ipLength + 4) + std::uint32_t(offset));
        offset += size - headers;
    }
    FUZZ_CHECK(offset == length - headers);
}

// ---- wire to TUN ------------------------------------------------------------------------------

/// What the TunWriter wrote: every write() is one frame (virtio header, then an IPv4 packet whose
/// total length says where it ends).
struct Frame
{
    virtio_net_hdr header{};
    Bytes packet;
};

int memfd()
{
    static const int fd = ::memfd_create("tun", MFD_CLOEXEC);
    FUZZ_CHECK(fd >= 0);
    return fd;
}

std::vector<Frame> readFrames(int fd, bool vnet)
{
    const off_t size = ::lseek(fd, 0, SEEK_CUR);
    Bytes all(static_cast<std::size_t>(size));
    FUZZ_CHECK(::pread(fd, all.data(), all.size(), 0) == ssize_t(all.size()));
    std::vector<Frame> frames;
    for (std::size_t at = 0; at < all.size();) {
        Frame frame;
        if (vnet) {
            FUZZ_CHECK(at + sizeof frame.header <= all.size());
            std::memcpy(&frame.header, all.data() + at, sizeof frame.header);
            at += sizeof frame.header;
        }
        FUZZ_CHECK(at + kIpv4MinHeader <= all.size());
        const std::size_t total = load16(all.data() + at + 2);
        FUZZ_CHECK(total >= kIpv4MinHeader && at + total <= all.size());
        frame.packet.assign(all.begin() + std::ptrdiff_t(at), all.begin() + std::ptrdiff_t(at + total));
        at += total;
        frames.push_back(std::move(frame));
    }
    return frames;
}

/// Checks a merged frame against the segments it must hold, from `next` on; returns how many.
std::size_t checkMerged(const Frame &frame, const std::vector<Bytes> &delivered, std::size_t next)
{
    const virtio_net_hdr &header = frame.header;
    const Bytes &packet = frame.packet;
    FUZZ_CHECK(header.gso_type == VIRTIO_NET_HDR_GSO_TCPV4 && header.flags == VIRTIO_NET_HDR_F_NEEDS_CSUM);
    FUZZ_CHECK(header.csum_start == 20 && header.csum_offset == 16 && header.hdr_len <= packet.size());
    FUZZ_CHECK(checkIpv4(packet.data(), packet.size()) == PacketProblem::None);
    // The partial checksum (the pseudo-header's sum) completes over the TCP bytes to a valid one.
    Bytes completed = packet;
    const std::uint16_t partial = load16(completed.data() + 36);
    store16(completed.data() + 36, 0);
    store16(completed.data() + 36, rfc1071(completed.data() + 20, completed.size() - 20, partial));
    FUZZ_CHECK(l4ChecksumOk(completed.data(), completed.size()));

    // The transmitter's segmenter (TTL raised so that it does not refuse) gives the segments back.
    Bytes copy = packet;
    copy[8] = 255;
    const auto out = std::make_unique<std::uint8_t[]>(segmentRoom(&header, copy.size()));
    Segments segments;
    FUZZ_CHECK(segmentTunPacket(&header, copy.data(), copy.size(), out.get(), segments) == SegmentOutcome::Ok);
    FUZZ_CHECK(segments.count >= 2 && next + segments.count <= delivered.size());
    for (std::size_t i = 0; i < segments.count; ++i) {
        const std::uint8_t *piece = out.get() + i * segments.segmentSize;
        const std::size_t size = std::min(segments.segmentSize, segments.totalLength - i * segments.segmentSize);
        const Bytes &original = delivered[next + i];
        FUZZ_CHECK(size == original.size());
        FUZZ_CHECK(std::memcmp(piece + 12, original.data() + 12, 8) == 0); // addresses
        FUZZ_CHECK(std::memcmp(piece + 20, original.data() + 20, 12) == 0); // ports, sequence, ack
        FUZZ_CHECK(std::memcmp(piece + header.hdr_len, original.data() + header.hdr_len, size - header.hdr_len) == 0);
    }
    return segments.count;
}

void fromWire(std::uint8_t options, std::size_t segmentSize, const std::uint8_t *data, std::size_t length)
{
    const bool vnet = options & 2;
    const bool coalesce = options & 4;
    const bool truncated = options & 8;
    const std::uint32_t source = (options >> 4) % 4 < 3 ? kSubnets[(options >> 4) % 4].peer : 0xc0a80163;
    if (segmentSize == 0)
        segmentSize = length;

    const int fd = memfd();
    FUZZ_CHECK(::ftruncate(fd, 0) == 0 && ::lseek(fd, 0, SEEK_SET) == 0);
    TunWriter writer(fd, vnet, coalesce);
    UdpThreadCounters counters;
    receiveMessage(data, length, segmentSize, truncated, source, table(), writer, counters);
    FUZZ_CHECK(writer.flush() == 0);
    const std::vector<Frame> frames = readFrames(fd, vnet);

    std::vector<Bytes> delivered;
    std::size_t datagrams = 0;
    if (!truncated && source != 0xc0a80163)
        for (std::size_t offset = 0; offset < length; offset += segmentSize, ++datagrams) {
            const std::size_t size = std::min(segmentSize, length - offset);
            if (checkIpv4(data + offset, size) == PacketProblem::None)
                delivered.emplace_back(data + offset, data + offset + size);
        }
    FUZZ_CHECK(counters.datagramsIn == delivered.size());
    FUZZ_CHECK(writer.packetsWritten() == delivered.size());
    if (!truncated && source != 0xc0a80163 && length > 0)
        FUZZ_CHECK(counters.corrupt + counters.truncated == datagrams - delivered.size());

    std::size_t next = 0;
    for (const Frame &frame : frames) {
        if (frame.header.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
            FUZZ_CHECK(vnet && coalesce);
            next += checkMerged(frame, delivered, next);
            continue;
        }
        FUZZ_CHECK(frame.header.flags == 0 && next < delivered.size());
        FUZZ_CHECK(frame.packet == delivered[next]);
        ++next;
    }
    FUZZ_CHECK(next == delivered.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::uint8_t options = data[0];
    ++data;
    --size;
    if ((options & 1) == 0) {
        // A TUN read: with IFF_VNET_HDR, the virtio header first.
        virtio_net_hdr header{};
        const bool vnet = options & 2;
        if (vnet) {
            if (size < sizeof header)
                return 0;
            std::memcpy(&header, data, sizeof header);
            data += sizeof header;
            size -= sizeof header;
        }
        // A copy of exactly the packet's size: reading past it is an overrun too.
        const auto packet = std::make_unique<std::uint8_t[]>(size);
        if (size)
            std::memcpy(packet.get(), data, size);
        fromTun(vnet ? &header : nullptr, packet.get(), size);
        return 0;
    }
    // A received message: two bytes of GRO segment size (0: one datagram), then the bytes.
    if (size < 2)
        return 0;
    const std::size_t segmentSize = load16(data);
    fromWire(options, segmentSize, data + 2, size - 2);
    return 0;
}
