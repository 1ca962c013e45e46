#pragma once

#include <cstddef>
#include <cstdint>

#include "virtioheader.h"

namespace tartan::udp {

/// The inner packets one TUN read turns into, laid out back to back: every one `segmentSize`
/// bytes long but the last, which may be shorter. That is exactly the layout UDP GSO
/// (UDP_SEGMENT) sends as one datagram per packet.
struct Segments
{
    std::size_t count = 0;
    std::size_t segmentSize = 0;
    std::size_t totalLength = 0;
};

enum class SegmentOutcome { Ok, Corrupt, TtlExpired };

/// Turns one packet read from a TUN with IFF_VNET_HDR into ready-to-send inner IPv4 packets
/// in `out`, which must hold `length` plus 60 bytes of headers per segment:
/// - a TCP (TSO) or UDP (USO) super-packet is cut into `gso_size` payloads, each with its own
///   copy of the IP and L4 headers: IP total length, ID (+1 per segment, as the kernel's own
///   segmentation does), TCP sequence number, FIN/PSH on the last segment only, CWR on the first
///   only, UDP length, and every checksum computed in full;
/// - a packet with a partial checksum (VIRTIO_NET_HDR_F_NEEDS_CSUM) gets it completed;
/// - every packet's TTL is decremented, as upstream's proxy does; TtlExpired when it was <= 1.
/// `header` may be null for a TUN without virtio headers (plain packets). Corrupt: not IPv4, or
/// headers that do not fit or disagree with the virtio header.
SegmentOutcome segmentTunPacket(const virtio_net_hdr *header, const std::uint8_t *packet, std::size_t length,
                                std::uint8_t *out, Segments &segments);

/// The room segmentTunPacket() may need in `out` for a read of `length` bytes with `header`.
inline std::size_t segmentRoom(const virtio_net_hdr *header, std::size_t length)
{
    const std::size_t mss = header && header->gso_type != VIRTIO_NET_HDR_GSO_NONE && header->gso_size > 0
                                ? header->gso_size
                                : length;
    return length + (length / mss + 1) * 120;
}

} // namespace tartan::udp
