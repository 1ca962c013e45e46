// The Internet checksum (RFC 1071) written here independently of the agent's own code: the udp
// backend's unit tests and its fuzz target check every checksum the agent computes against it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tartan::testing {

/// RFC 1071 the obvious way, big-endian words, added to `sum`: 0 when the covered checksum is
/// right.
inline std::uint16_t rfc1071(const std::uint8_t *data, std::size_t length, std::uint64_t sum = 0)
{
    for (std::size_t i = 0; i + 1 < length; i += 2)
        sum += std::uint32_t(data[i] << 8 | data[i + 1]);
    if (length & 1)
        sum += std::uint32_t(data[length - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return std::uint16_t(~sum);
}

/// The sum of the TCP/UDP pseudo-header of IPv4 packet `ip`: both addresses, `protocol` and the
/// L4 length.
inline std::uint64_t pseudoHeaderSum(const std::uint8_t *ip, std::uint8_t protocol, std::size_t l4Length)
{
    std::uint64_t sum = 0;
    for (int i = 12; i < 20; i += 2)
        sum += std::uint32_t(ip[i] << 8 | ip[i + 1]);
    return sum + protocol + l4Length;
}

/// Whether the TCP or UDP checksum of the IPv4 packet `ip` of `length` bytes is right.
inline bool l4ChecksumOk(const std::uint8_t *ip, std::size_t length)
{
    const std::size_t header = std::size_t(ip[0] & 15) * 4;
    return rfc1071(ip + header, length - header, pseudoHeaderSum(ip, ip[9], length - header)) == 0;
}

} // namespace tartan::testing
