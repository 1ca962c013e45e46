#include "tunsegmenter.h"

#include "ipv4packet.h"

#include <algorithm>
#include <cstring>

namespace tartan::udp {

namespace {

constexpr std::uint8_t kTcpFin = 0x01;
constexpr std::uint8_t kTcpPsh = 0x08;
constexpr std::uint8_t kTcpCwr = 0x80;

SegmentOutcome single(const virtio_net_hdr *header, const std::uint8_t *packet, std::size_t length,
                      std::uint8_t *out, Segments &segments)
{
    std::memcpy(out, packet, length);
    if (header && (header->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) {
        const std::size_t start = header->csum_start;
        const std::size_t field = start + header->csum_offset;
        if (field + 2 > length)
            return SegmentOutcome::Corrupt;
        // The field holds the pseudo-header sum; summing over it completes the checksum.
        storeChecksum(out + field, addChecksum(out + start, length - start));
    }
    if (!decrementTtl(out))
        return SegmentOutcome::TtlExpired;
    segments = {1, length, length};
    return SegmentOutcome::Ok;
}

} // namespace

SegmentOutcome segmentTunPacket(const virtio_net_hdr *header, const std::uint8_t *packet, std::size_t length,
                                std::uint8_t *out, Segments &segments)
{
    if (length < kIpv4MinHeader || (packet[0] >> 4) != 4)
        return SegmentOutcome::Corrupt;
    const std::size_t ipLength = ipv4HeaderLength(packet);
    if (ipLength < kIpv4MinHeader || ipLength > length)
        return SegmentOutcome::Corrupt;
    const std::uint8_t gsoType = header ? (header->gso_type & ~VIRTIO_NET_HDR_GSO_ECN) : VIRTIO_NET_HDR_GSO_NONE;
    if (gsoType == VIRTIO_NET_HDR_GSO_NONE)
        return single(header, packet, length, out, segments);

    const bool tcp = gsoType == VIRTIO_NET_HDR_GSO_TCPV4;
    const bool udp = gsoType == VIRTIO_NET_HDR_GSO_UDP_L4;
    if (!tcp && !udp)
        return SegmentOutcome::Corrupt;
    if (packet[9] != (tcp ? kProtoTcp : kProtoUdp) || ipLength + (tcp ? 20 : 8) > length)
        return SegmentOutcome::Corrupt;
    const std::size_t l4Length = tcp ? std::size_t(packet[ipLength + 12] >> 4) * 4 : 8;
    const std::size_t headers = ipLength + l4Length;
    const std::size_t mss = header->gso_size;
    if ((tcp && l4Length < 20) || headers > length || mss == 0)
        return SegmentOutcome::Corrupt;
    if (packet[8] <= 1)
        return SegmentOutcome::TtlExpired;

    const std::size_t payload = length - headers;
    const std::uint16_t firstId = load16(packet + 4);
    const std::uint32_t firstSeq = tcp ? load32(packet + ipLength + 4) : 0;
    const std::uint8_t flags = tcp ? packet[ipLength + 13] : 0;
    std::size_t offset = 0;
    std::size_t index = 0;
    std::uint8_t *at = out;
    do {
        const std::size_t chunk = std::min(mss, payload - offset);
        const bool last = offset + chunk >= payload;
        std::memcpy(at, packet, headers);
        const std::uint64_t payloadSum = copyWithChecksum(at + headers, packet + headers + offset, chunk);
        store16(at + 2, std::uint16_t(headers + chunk));
        store16(at + 4, std::uint16_t(firstId + index));
        at[8] -= 1; // TTL; the header checksum is computed below
        fixIpv4Checksum(at);
        std::uint8_t *l4 = at + ipLength;
        if (tcp) {
            store32(l4 + 4, firstSeq + std::uint32_t(offset));
            std::uint8_t segmentFlags = flags;
            if (!last)
                segmentFlags &= std::uint8_t(~(kTcpFin | kTcpPsh));
            if (index > 0)
                segmentFlags &= std::uint8_t(~kTcpCwr);
            l4[13] = segmentFlags;
            l4[16] = l4[17] = 0;
            // The payload's sum came with the copy; it starts at an even offset (headers are
            // whole 32-bit words), so the sums simply add.
            storeChecksum(l4 + 16, addChecksum(l4, l4Length, payloadSum + pseudoHeaderSum(at, kProtoTcp, l4Length + chunk)));
        } else {
            store16(l4 + 4, std::uint16_t(8 + chunk));
            l4[6] = l4[7] = 0;
            const std::uint64_t sum = addChecksum(l4, 8, payloadSum + pseudoHeaderSum(at, kProtoUdp, 8 + chunk));
            storeChecksum(l4 + 6, sum);
            if (l4[6] == 0 && l4[7] == 0)
                l4[6] = l4[7] = 0xff; // UDP sends a computed zero as all ones
        }
        at += headers + chunk;
        offset += chunk;
        ++index;
    } while (offset < payload);
    segments = {index, headers + std::min(mss, payload), std::size_t(at - out)};
    return SegmentOutcome::Ok;
}

} // namespace tartan::udp
