#pragma once

#include "lease.h"
#include "networkconfig.h"

#include <QMap>
#include <QString>

#include <optional>

namespace tartan {

/// How much of the network config's subnet pool the leases use, per address family: the app's pool
/// chart and `tartanctl` summaries. A value computed from a config and the leases; no I/O.
struct PoolUsage
{
    /// One family's figures. IPv6 pools can hold up to 2^128 subnets, so counts are 128-bit;
    /// `total` saturates at the largest Uint128 (then `saturated` is set and `free` is a lower bound).
    struct Counts
    {
        IpAddress::Family family = IpAddress::Family::None;
        Uint128 total = 0;     ///< subnets of SubnetLen from SubnetMin to SubnetMax
        Uint128 allocated = 0; ///< distinct pool subnets held by a lease with an etcd lease
        Uint128 reserved = 0;  ///< distinct pool subnets held only by reservations (etcd lease id 0)
        Uint128 free = 0;      ///< total - allocated - reserved
        /// Leases of this family whose subnet is not in the pool (another length, outside
        /// SubnetMin..SubnetMax or the network): left over from an older config, or written by hand.
        int outsidePool = 0;
        bool saturated = false;

        friend bool operator==(const Counts &, const Counts &) = default;
    };

    std::optional<Counts> ipv4; ///< set when the config enables IPv4
    std::optional<Counts> ipv6; ///< set when the config enables IPv6

    /// Counts every lease once per family it has a subnet in. A subnet held by both a reservation
    /// and a leased key (a hand-made duplicate) counts as allocated. Cost: O(leases · log leases).
    static PoolUsage compute(const NetworkConfig &config, const QMap<SubnetKey, Lease> &leases);

    /// The number of SubnetLen subnets from SubnetMin to SubnetMax; `saturated` (optional) is set
    /// when the true count does not fit 128 bits.
    static Uint128 poolSize(const AddressPool &pool, bool *saturated = nullptr);

    /// Decimal text of a 128-bit count: "340282366920938463463374607431768211455".
    static QString decimal(Uint128 value);
    /// The nearest double, for charts (exact up to 2^53).
    static double toDouble(Uint128 value) { return static_cast<double>(value); }

    friend bool operator==(const PoolUsage &, const PoolUsage &) = default;
};

} // namespace tartan
