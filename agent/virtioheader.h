#pragma once

#include <cstdint>

namespace tartan::udp {

/// The virtio_net_hdr a TUN with IFF_VNET_HDR puts before every packet (10 bytes, the machine's
/// byte order). Declared here because <linux/virtio_net.h> is not valid C++ (a member named
/// `class`).
struct virtio_net_hdr
{
    std::uint8_t flags;
    std::uint8_t gso_type;
    std::uint16_t hdr_len;
    std::uint16_t gso_size;
    std::uint16_t csum_start;
    std::uint16_t csum_offset;
};
static_assert(sizeof(virtio_net_hdr) == 10);

constexpr std::uint8_t VIRTIO_NET_HDR_F_NEEDS_CSUM = 1;
constexpr std::uint8_t VIRTIO_NET_HDR_GSO_NONE = 0;
constexpr std::uint8_t VIRTIO_NET_HDR_GSO_TCPV4 = 1;
constexpr std::uint8_t VIRTIO_NET_HDR_GSO_UDP_L4 = 5;
constexpr std::uint8_t VIRTIO_NET_HDR_GSO_ECN = 0x80;

} // namespace tartan::udp
