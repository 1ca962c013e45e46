#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tartan::udp {

/// The few facts of IPv4/TCP/UDP/ICMP headers the UDP backend's data path needs, read and written
/// in place on raw packet bytes (network order). Nothing here allocates or makes a system call.

constexpr int kIpv4MinHeader = 20;
constexpr std::uint8_t kProtoIcmp = 1;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;

inline std::uint16_t load16(const std::uint8_t *p) { return std::uint16_t(p[0] << 8 | p[1]); }
inline std::uint32_t load32(const std::uint8_t *p)
{
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
inline void store16(std::uint8_t *p, std::uint16_t v)
{
    p[0] = std::uint8_t(v >> 8);
    p[1] = std::uint8_t(v);
}
inline void store32(std::uint8_t *p, std::uint32_t v)
{
    p[0] = std::uint8_t(v >> 24);
    p[1] = std::uint8_t(v >> 16);
    p[2] = std::uint8_t(v >> 8);
    p[3] = std::uint8_t(v);
}

/// The Internet checksum's running sum (RFC 1071) over `length` bytes, added to `sum`. The sum is
/// kept in the machine's byte order, which the one's-complement arithmetic allows; fold it with
/// finishChecksum() and store the result with storeChecksum().
std::uint64_t addChecksum(const std::uint8_t *data, std::size_t length, std::uint64_t sum = 0);
/// Copies `length` bytes from `from` to `to` and returns addChecksum() over them, in one pass
/// (AVX2 where the CPU has it): the segmenter's payload copy and checksum at once.
std::uint64_t copyWithChecksum(std::uint8_t *to, const std::uint8_t *from, std::size_t length, std::uint64_t sum = 0);
/// Folds the running sum to 16 bits, not complemented.
std::uint16_t foldChecksum(std::uint64_t sum);
/// Stores ~fold(sum) at `at` (the checksum field), in the byte order addChecksum() summed in.
inline void storeChecksum(std::uint8_t *at, std::uint64_t sum)
{
    const std::uint16_t value = std::uint16_t(~foldChecksum(sum));
    std::memcpy(at, &value, 2);
}
/// Stores fold(sum) itself: the pseudo-header sum a NEEDS_CSUM packet carries for the kernel.
inline void storePartialChecksum(std::uint8_t *at, std::uint64_t sum)
{
    const std::uint16_t value = foldChecksum(sum);
    std::memcpy(at, &value, 2);
}
/// The TCP/UDP pseudo-header's sum for an IPv4 header and an L4 length.
std::uint64_t pseudoHeaderSum(const std::uint8_t *ipHeader, std::uint8_t protocol, std::uint32_t l4Length);
/// Recomputes the IPv4 header checksum (header length from IHL).
void fixIpv4Checksum(std::uint8_t *ipHeader);

/// Why an inner packet is not a usable IPv4 packet.
enum class PacketProblem { None, Corrupt, Truncated };

/// Checks that `length` bytes hold exactly one IPv4 packet: version 4, IHL >= 5, a valid header
/// checksum, a total length between the header length and `length`. Longer buffers are corrupt
/// (one inner packet per datagram, as upstream sends it); shorter are truncated.
PacketProblem checkIpv4(const std::uint8_t *packet, std::size_t length);

inline int ipv4HeaderLength(const std::uint8_t *packet) { return (packet[0] & 0x0f) * 4; }
inline std::uint32_t ipv4Source(const std::uint8_t *packet) { return load32(packet + 12); }
inline std::uint32_t ipv4Destination(const std::uint8_t *packet) { return load32(packet + 16); }

/// Decrements the TTL and updates the header checksum incrementally (RFC 1624). False, leaving
/// the packet alone, when the TTL is 0 or 1: the packet must not be forwarded.
bool decrementTtl(std::uint8_t *packet);

/// Writes into `out` (at least 576 bytes) the ICMP destination-unreachable (network unreachable)
/// answer to `packet`, quoting its header and first 8 data bytes as RFC 792 asks. It comes from
/// the unreachable destination itself, as upstream's proxy sends it: the answer goes back into
/// the TUN, and the kernel drops a packet arriving there from one of its own addresses. Returns its length, or 0 when no ICMP error may be sent
/// (the packet is itself an ICMP error, a non-first fragment, or from 0.0.0.0 or a multicast or
/// broadcast address).
std::size_t buildNetUnreachable(const std::uint8_t *packet, std::size_t length, std::uint8_t *out);

} // namespace tartan::udp
