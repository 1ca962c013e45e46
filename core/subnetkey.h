#pragma once

#include "ipnetwork.h"
#include "result.h"

namespace tartan {

/// The name of a lease under `<prefix>/subnets/`: "10.5.52.0-24", or dual stack
/// "10.5.52.0-24&fc00::-64". An IPv6-only lease has a null ipv4 and is written "0.0.0.0-0&fc00::-64",
/// as flannel's MakeSubnetKey does.
struct SubnetKey
{
    IpNetwork ipv4;
    IpNetwork ipv6; ///< null when the lease has no IPv6 subnet

    /// Parses the last path element of a key (the caller strips `<prefix>/subnets/`). The address
    /// must be the network address itself (flannel never writes host bits in keys), the prefix
    /// length plain decimal within the family's width, and nothing may follow. The IPv6 half may be
    /// any RFC 4291 text; "::-0" is rejected (flannel omits an empty IPv6 half). Errors quote the
    /// key: "subnet key '10.5.52.1-24': '10.5.52.1-24': 10.5.52.1 is not the network address of ...".
    static Result<SubnetKey> parse(QStringView key);
    /// flannel's MakeSubnetKey: canonical address text; "0.0.0.0-0" stands for a null ipv4.
    QString toString() const;

    bool isNull() const { return ipv4.isNull() && ipv6.isNull(); }
    bool overlaps(const SubnetKey &other) const
    {
        return (!ipv4.isNull() && ipv4.overlaps(other.ipv4)) || (!ipv6.isNull() && ipv6.overlaps(other.ipv6));
    }

    friend auto operator<=>(const SubnetKey &, const SubnetKey &) = default;
    friend bool operator==(const SubnetKey &, const SubnetKey &) = default;
};

inline size_t qHash(const SubnetKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.ipv4, key.ipv6);
}

} // namespace tartan
