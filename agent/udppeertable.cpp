#include "udppeertable.h"

#include <algorithm>

#include <arpa/inet.h>

namespace tartan::udp {

PeerTable::PeerTable(std::vector<Entry> entries) : mEntries(std::move(entries))
{
    std::sort(mEntries.begin(), mEntries.end(), [](const Entry &a, const Entry &b) { return a.network < b.network; });
    mPeers.reserve(mEntries.size());
    for (const Entry &entry : mEntries)
        mPeers.push_back(ntohl(entry.peer.sin_addr.s_addr));
    std::sort(mPeers.begin(), mPeers.end());
    mPeers.erase(std::unique(mPeers.begin(), mPeers.end()), mPeers.end());
}

const sockaddr_in *PeerTable::route(std::uint32_t destination) const
{
    // The last subnet starting at or before the destination is the only one that can hold it.
    auto after = std::upper_bound(mEntries.begin(), mEntries.end(), destination,
                                  [](std::uint32_t address, const Entry &entry) { return address < entry.network; });
    if (after == mEntries.begin())
        return nullptr;
    const Entry &candidate = *(after - 1);
    return (destination & candidate.mask) == candidate.network ? &candidate.peer : nullptr;
}

bool PeerTable::isPeer(std::uint32_t source) const
{
    return std::binary_search(mPeers.begin(), mPeers.end(), source);
}

} // namespace tartan::udp
