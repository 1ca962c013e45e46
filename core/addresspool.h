#pragma once

#include "ipnetwork.h"

namespace tartan {

/// One family's share of the network config: the cluster network and the range of node subnets
/// that may be leased from it (flannel's Network, SubnetLen, SubnetMin, SubnetMax, or the IPv6
/// equivalents). After NetworkConfig::parse every field is set and validated.
struct AddressPool
{
    IpNetwork network;
    int subnetLength = 0;
    IpAddress subnetMin; ///< network address of the first leasable subnet
    IpAddress subnetMax; ///< network address of the last leasable subnet

    /// True if `subnet` could be leased from this pool: same family, exactly subnetLength long,
    /// and its address between subnetMin and subnetMax (alignment follows from the length).
    bool fits(const IpNetwork &subnet) const
    {
        return !network.isNull() && subnet.family() == network.family() && subnet.prefixLength() == subnetLength &&
               network.contains(subnet) && subnetMin <= subnet.address() && subnet.address() <= subnetMax;
    }

    friend bool operator==(const AddressPool &, const AddressPool &) = default;
};

} // namespace tartan
