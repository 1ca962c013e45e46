#pragma once

#include "ipaddress.h"

namespace tartan {

/// An IPv4 or IPv6 prefix such as 10.244.0.0/16. The address is always the network address: host
/// bits given at construction are masked off, as flannel does when it reads "10.244.1.5/16".
class IpNetwork
{
public:
    IpNetwork() = default;
    IpNetwork(IpAddress address, int prefixLength);

    /// "10.244.0.0/16" or "fc00::/48". The prefix length is required and bounded by the family.
    static Result<IpNetwork> parse(QStringView text);

    bool isNull() const { return mAddress.isNull(); }
    IpAddress::Family family() const { return mAddress.family(); }
    IpAddress address() const { return mAddress; }
    int prefixLength() const { return mPrefixLength; }
    /// The mask as an address: 255.255.255.0 for a /24.
    IpAddress netmask() const;
    /// The last address inside the network (the IPv4 broadcast address).
    IpAddress lastAddress() const;
    /// network + 1: the gateway address flannel writes into subnet.env (FLANNEL_SUBNET=10.244.1.1/24).
    IpAddress firstHost() const;

    bool contains(const IpAddress &address) const;
    bool contains(const IpNetwork &other) const;
    bool overlaps(const IpNetwork &other) const;

    /// The network of the same length right after this one; null if it would leave the address space.
    IpNetwork next() const;

    /// How many networks of `length` fit inside this one (saturates at the largest Uint128).
    /// 0 if `length` is shorter than this prefix or longer than the family allows.
    Uint128 subnetCount(int length) const;
    /// The index-th network of `length` inside this one, counting from 0.
    IpNetwork subnet(int length, Uint128 index) const;

    /// Iterates the subnets of one length in address order: for (IpNetwork s : net.subnets(24)).
    class SubnetRange;
    SubnetRange subnets(int length) const;

    /// "10.244.1.0/24"; empty for a null network.
    QString toString() const;

    friend auto operator<=>(const IpNetwork &, const IpNetwork &) = default;
    friend bool operator==(const IpNetwork &, const IpNetwork &) = default;

private:
    Uint128 hostMask() const;

    IpAddress mAddress;
    int mPrefixLength = 0;
};

class IpNetwork::SubnetRange
{
public:
    class Iterator
    {
    public:
        IpNetwork operator*() const { return mRange->mParent.subnet(mRange->mLength, mIndex); }
        Iterator &operator++()
        {
            ++mIndex;
            return *this;
        }
        bool operator==(const Iterator &other) const { return mIndex == other.mIndex; }

    private:
        friend class SubnetRange;
        Iterator(const SubnetRange *range, Uint128 index) : mRange(range), mIndex(index) {}
        const SubnetRange *mRange;
        Uint128 mIndex;
    };
    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const { return Iterator(this, mParent.subnetCount(mLength)); }

private:
    friend class IpNetwork;
    SubnetRange(IpNetwork parent, int length) : mParent(parent), mLength(length) {}
    IpNetwork mParent;
    int mLength;
};

inline IpNetwork::SubnetRange IpNetwork::subnets(int length) const
{
    return SubnetRange(*this, length);
}

inline size_t qHash(const IpNetwork &network, size_t seed = 0)
{
    return qHashMulti(seed, network.address(), network.prefixLength());
}

} // namespace tartan
