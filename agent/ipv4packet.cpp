#include "ipv4packet.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tartan::udp {

std::uint64_t addChecksum(const std::uint8_t *data, std::size_t length, std::uint64_t sum)
{
    // 32-bit words into a 64-bit sum: no carry is lost for any packet up to 4 GiB.
    while (length >= 32) {
        std::uint32_t words[8];
        std::memcpy(words, data, sizeof words);
        sum += std::uint64_t(words[0]) + words[1] + words[2] + words[3] + words[4] + words[5] + words[6] + words[7];
        data += 32;
        length -= 32;
    }
    while (length >= 4) {
        std::uint32_t word;
        std::memcpy(&word, data, 4);
        sum += word;
        data += 4;
        length -= 4;
    }
    if (length >= 2) {
        std::uint16_t half;
        std::memcpy(&half, data, 2);
        sum += half;
        data += 2;
        length -= 2;
    }
    if (length == 1) {
        // The odd last byte is the high byte of a zero-padded word, in network order.
        const std::uint8_t padded[2] = {data[0], 0};
        std::uint16_t half;
        std::memcpy(&half, padded, 2);
        sum += half;
    }
    return sum;
}

namespace {

#if defined(__x86_64__)
/// 64 bytes per step: two 32-byte loads, stored as they are and widened to 64-bit lanes for the
/// sum (four 32-bit words per lane and step cannot overflow a 64-bit lane before 2^32 steps).
__attribute__((target("avx2"))) std::uint64_t copyWithChecksumAvx2(std::uint8_t *to, const std::uint8_t *from,
                                                                   std::size_t length, std::uint64_t sum)
{
    __m256i low = _mm256_setzero_si256();
    __m256i high = _mm256_setzero_si256();
    while (length >= 64) {
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(from));
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(from + 32));
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(to), a);
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(to + 32), b);
        low = _mm256_add_epi64(low, _mm256_cvtepu32_epi64(_mm256_castsi256_si128(a)));
        high = _mm256_add_epi64(high, _mm256_cvtepu32_epi64(_mm256_extracti128_si256(a, 1)));
        low = _mm256_add_epi64(low, _mm256_cvtepu32_epi64(_mm256_castsi256_si128(b)));
        high = _mm256_add_epi64(high, _mm256_cvtepu32_epi64(_mm256_extracti128_si256(b, 1)));
        from += 64;
        to += 64;
        length -= 64;
    }
    std::uint64_t lanes[4];
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(lanes), _mm256_add_epi64(low, high));
    // Fold each lane to 32 bits first: four full 64-bit lanes could carry out of their sum.
    for (std::uint64_t lane : lanes)
        sum += (lane & 0xffffffffu) + (lane >> 32);
    std::memcpy(to, from, length);
    return addChecksum(to, length, sum);
}

const bool kHasAvx2 = __builtin_cpu_supports("avx2");
#endif

} // namespace

std::uint64_t copyWithChecksum(std::uint8_t *to, const std::uint8_t *from, std::size_t length, std::uint64_t sum)
{
#if defined(__x86_64__)
    if (kHasAvx2)
        return copyWithChecksumAvx2(to, from, length, sum);
#endif
    std::memcpy(to, from, length);
    return addChecksum(to, length, sum);
}

std::uint16_t foldChecksum(std::uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return std::uint16_t(sum);
}

std::uint64_t pseudoHeaderSum(const std::uint8_t *ipHeader, std::uint8_t protocol, std::uint32_t l4Length)
{
    std::uint64_t sum = addChecksum(ipHeader + 12, 8); // source and destination
    const std::uint8_t tail[4] = {0, protocol, std::uint8_t(l4Length >> 8), std::uint8_t(l4Length)};
    return addChecksum(tail, 4, sum);
}

void fixIpv4Checksum(std::uint8_t *ipHeader)
{
    ipHeader[10] = ipHeader[11] = 0;
    storeChecksum(ipHeader + 10, addChecksum(ipHeader, ipv4HeaderLength(ipHeader)));
}

PacketProblem checkIpv4(const std::uint8_t *packet, std::size_t length)
{
    if (length < kIpv4MinHeader)
        return PacketProblem::Truncated;
    if ((packet[0] >> 4) != 4)
        return PacketProblem::Corrupt;
    const std::size_t headerLength = ipv4HeaderLength(packet);
    if (headerLength < kIpv4MinHeader)
        return PacketProblem::Corrupt;
    if (headerLength > length)
        return PacketProblem::Truncated;
    const std::size_t total = load16(packet + 2);
    if (total < headerLength)
        return PacketProblem::Corrupt;
    if (total > length)
        return PacketProblem::Truncated;
    if (total < length)
        return PacketProblem::Corrupt;
    if (foldChecksum(addChecksum(packet, headerLength)) != 0xffff)
        return PacketProblem::Corrupt;
    return PacketProblem::None;
}

bool decrementTtl(std::uint8_t *packet)
{
    if (packet[8] <= 1)
        return false;
    packet[8] -= 1;
    // RFC 1624 eqn. 3 for the TTL/protocol word going down by 0x0100.
    std::uint32_t sum = std::uint32_t(load16(packet + 10)) + 0x0100;
    sum = (sum & 0xffff) + (sum >> 16);
    store16(packet + 10, std::uint16_t(sum));
    return true;
}

std::size_t buildNetUnreachable(const std::uint8_t *packet, std::size_t length, std::uint8_t *out)
{
    const int headerLength = ipv4HeaderLength(packet);
    const std::uint32_t sender = ipv4Source(packet);
    if (sender == 0 || (sender >> 28) == 0xe || sender == 0xffffffffu)
        return 0;
    if ((load16(packet + 6) & 0x1fff) != 0)
        return 0; // not the first fragment
    if (packet[9] == kProtoIcmp) {
        if (std::size_t(headerLength) >= length)
            return 0;
        const std::uint8_t type = packet[headerLength];
        if (type != 0 && type != 8 && type != 13 && type != 14 && type != 15 && type != 16)
            return 0; // an ICMP error (or unknown type) is never answered with another
    }
    const std::size_t quoted = std::min<std::size_t>(length, std::size_t(headerLength) + 8);
    const std::size_t total = kIpv4MinHeader + 8 + quoted;
    std::memset(out, 0, kIpv4MinHeader + 8);
    out[0] = 0x45;
    out[1] = 0xc0; // precedence "internetwork control", as routers send ICMP errors
    store16(out + 2, std::uint16_t(total));
    out[8] = 64;
    out[9] = kProtoIcmp;
    store32(out + 12, ipv4Destination(packet));
    store32(out + 16, sender);
    fixIpv4Checksum(out);
    std::uint8_t *icmp = out + kIpv4MinHeader;
    icmp[0] = 3; // destination unreachable
    icmp[1] = 0; // network unreachable
    std::memcpy(icmp + 8, packet, quoted);
    storeChecksum(icmp + 2, addChecksum(icmp, 8 + quoted));
    return total;
}

} // namespace tartan::udp
