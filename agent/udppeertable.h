#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include <netinet/in.h>

namespace tartan::udp {

/// The UDP backend's userspace route table: which peer (public IPv4 and port) carries each peer
/// subnet. Immutable once built; the control plane publishes a new one through PeerTableHolder.
class PeerTable
{
public:
    struct Entry
    {
        std::uint32_t network = 0; ///< host order, the subnet's first address
        std::uint32_t mask = 0;    ///< host order
        sockaddr_in peer{};        ///< where the datagram goes
    };

    /// `entries` need not be sorted; overlapping subnets are the caller's to exclude beforehand.
    explicit PeerTable(std::vector<Entry> entries);

    /// The peer whose subnet holds `destination` (host order), or nullptr: O(log n).
    const sockaddr_in *route(std::uint32_t destination) const;
    /// Whether `source` (host order) is the public address of a peer in the table.
    bool isPeer(std::uint32_t source) const;
    std::size_t size() const { return mEntries.size(); }

private:
    std::vector<Entry> mEntries;        // by network
    std::vector<std::uint32_t> mPeers;  // public addresses, sorted
};

/// Publishes PeerTables to the data-path threads, RCU-style: they load() a snapshot once per batch
/// of packets and read it without any lock; the control plane store()s a whole new table, never
/// changing one in place. An old table lives until the last thread drops its snapshot. (The
/// load itself is std::atomic<std::shared_ptr>, which libstdc++ guards with a spin bit held for
/// a few instructions: once per batch, not per packet.)
class PeerTableHolder
{
public:
    PeerTableHolder() : mTable(std::make_shared<const PeerTable>(std::vector<PeerTable::Entry>{})) {}

    std::shared_ptr<const PeerTable> load() const { return mTable.load(std::memory_order_acquire); }
    void store(std::shared_ptr<const PeerTable> table) { mTable.store(std::move(table), std::memory_order_release); }

private:
    std::atomic<std::shared_ptr<const PeerTable>> mTable;
};

} // namespace tartan::udp
