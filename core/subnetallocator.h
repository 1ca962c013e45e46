#pragma once

#include "lease.h"
#include "networkconfig.h"
#include "result.h"

#include <QList>

#include <vector>

class QRandomGenerator;

namespace tartan {

/// flanneld's subnet allocation without the store: given the network config and the leases read
/// from the store, picks a new subnet for this node or decides whether an old one may be taken
/// again. A value: no I/O, no clock, randomness injected, so every decision can be replayed in a
/// test. Reentrant; a const instance may be shared between threads.
class SubnetAllocator
{
public:
    /// flanneld picks at random among the first this-many free subnets from SubnetMin up: enough
    /// spread that nodes starting together rarely race for one key, and a bounded walk even through
    /// an IPv6 pool of 2^64 subnets.
    static constexpr int kMaxCandidates = 100;

    /// `leases` is every lease in the store. All of them are taken, whatever their expiry: a
    /// reservation (a key without an etcd lease) forever, and this node's own old leases too, since
    /// flanneld only allocates once it has found it cannot reuse them.
    SubnetAllocator(NetworkConfig config, QList<Lease> leases);

    /// The first free subnets of one family's pool in address order from SubnetMin, at most
    /// `limit`: subnets of SubnetLen that overlap no lease of any length. Empty when the family is
    /// disabled. Leased ranges are skipped whole, so the cost depends on the number of leases and
    /// `limit`, never on the size of the pool.
    QList<IpNetwork> freeSubnets(IpAddress::Family family, int limit = kMaxCandidates) const;

    /// A new subnet for every enabled family (IPv4 first, then IPv6, each drawing once from
    /// `random`), chosen uniformly among freeSubnets(family). Fails when a family has no free
    /// subnet left: "no free IPv4 /24 subnet from 10.244.1.0 to 10.244.255.0: all 255 are leased".
    Result<SubnetKey> allocate(QRandomGenerator &random) const;

    /// Whether `previous` may be leased again by the node that advertises `self` (its PublicIP, or
    /// PublicIPv6 when it has no IPv4 address). `previous` is this node's lease found in the store
    /// or the FLANNEL_SUBNET/FLANNEL_IPV6_SUBNET of the last subnet.env. It may when every enabled
    /// family's subnet fits that family's pool (AddressPool::fits), a disabled family has none, and
    /// no lease of another node overlaps it (flanneld only looks for the very same subnet; an
    /// overlap of another length would be just as much a conflict). The error is the reason it may
    /// not, for the log: "10.244.1.0/24 overlaps the lease 10.244.0.0-22 of 192.168.1.9".
    Status checkReuse(const SubnetKey &previous, const LeaseAttrs &self) const;

    /// This node's lease in the store, found as flanneld finds it: by the advertised address. The
    /// first match, or nullptr. The pointer lives as long as this allocator.
    const Lease *findOwn(const LeaseAttrs &self) const;

    /// Whether `lease` was written by the node advertising `self`: the same PublicIP when `self` has
    /// an IPv4 address (not 0.0.0.0), else the same PublicIPv6; false when `self` has neither.
    static bool isOwnedBy(const Lease &lease, const LeaseAttrs &self);

    const QList<Lease> &leases() const { return mLeases; }

private:
    /// A leased stretch of address space, first to last address inclusive.
    struct Range
    {
        Uint128 first = 0;
        Uint128 last = 0;
    };

    /// The leased ranges of one family, sorted and merged, so that a walk can skip each in one step.
    static std::vector<Range> takenRanges(const QList<Lease> &leases, IpAddress::Family family);
    const std::vector<Range> &taken(IpAddress::Family family) const;
    Result<IpNetwork> pick(IpAddress::Family family, QRandomGenerator &random) const;

    NetworkConfig mConfig;
    QList<Lease> mLeases;
    std::vector<Range> mTakenV4;
    std::vector<Range> mTakenV6;
};

} // namespace tartan
