#pragma once

#include <atomic>
#include <cstdint>

namespace tartan::udp {

/// The UDP backend's traffic counters as one snapshot (sums over the data-path threads).
struct UdpCountersSnapshot
{
    std::uint64_t datagramsIn = 0;   ///< inner packets received from peers and written to the TUN
    std::uint64_t datagramsOut = 0;  ///< inner packets sent to peers (one datagram each on the wire)
    std::uint64_t corrupt = 0;       ///< received: not one whole IPv4 packet (bad version, IHL, checksum, length)
    std::uint64_t truncated = 0;     ///< received: shorter than its IPv4 header or total length
    std::uint64_t unknownSource = 0; ///< received from an address that is no peer's PublicIP
    std::uint64_t noRoute = 0;       ///< read from the TUN for a destination without a lease (ICMP sent)
    std::uint64_t ttlExpired = 0;    ///< read from the TUN with TTL <= 1
    std::uint64_t errors = 0;        ///< failed sends to peers and writes to the TUN

    std::uint64_t dropped() const { return corrupt + truncated + unknownSource + noRoute + ttlExpired; }
    friend bool operator==(const UdpCountersSnapshot &, const UdpCountersSnapshot &) = default;
};

/// One data-path thread's counters. One writer (its thread), any number of readers: the writer
/// adds with a relaxed load and store, which costs no locked instruction per packet.
struct alignas(64) UdpThreadCounters
{
    std::atomic<std::uint64_t> datagramsIn{0}, datagramsOut{0}, corrupt{0}, truncated{0}, unknownSource{0},
        noRoute{0}, ttlExpired{0}, errors{0};

    static void add(std::atomic<std::uint64_t> &counter, std::uint64_t amount)
    {
        if (amount)
            counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
    }
    void addTo(UdpCountersSnapshot &sum) const
    {
        sum.datagramsIn += datagramsIn.load(std::memory_order_relaxed);
        sum.datagramsOut += datagramsOut.load(std::memory_order_relaxed);
        sum.corrupt += corrupt.load(std::memory_order_relaxed);
        sum.truncated += truncated.load(std::memory_order_relaxed);
        sum.unknownSource += unknownSource.load(std::memory_order_relaxed);
        sum.noRoute += noRoute.load(std::memory_order_relaxed);
        sum.ttlExpired += ttlExpired.load(std::memory_order_relaxed);
        sum.errors += errors.load(std::memory_order_relaxed);
    }
};

} // namespace tartan::udp
