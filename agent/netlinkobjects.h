#pragma once

#include "ipaddress.h"
#include "ipnetwork.h"
#include "macaddress.h"

#include <memory>

struct nl_addr;
struct nl_msg;
struct nl_object;
struct rtnl_addr;
struct rtnl_link;
struct rtnl_neigh;
struct rtnl_route;

/// Ownership of libnl objects in C++ (unique_ptr with the matching put/free), and conversions
/// between libnl's nl_addr and core's value types. Only the netlink layer includes this header.
namespace tartan::netlink {

struct NlMsgFree
{
    void operator()(nl_msg *message) const;
};
struct NlAddrPut
{
    void operator()(nl_addr *address) const;
};
/// Drops one reference of any libnl object (rtnl_link, rtnl_route, rtnl_neigh, rtnl_addr).
struct NlObjectPut
{
    void operator()(void *object) const;
};

using NlMsgPtr = std::unique_ptr<nl_msg, NlMsgFree>;
using NlAddrPtr = std::unique_ptr<nl_addr, NlAddrPut>;
using LinkPtr = std::unique_ptr<rtnl_link, NlObjectPut>;
using RoutePtr = std::unique_ptr<rtnl_route, NlObjectPut>;
using NeighPtr = std::unique_ptr<rtnl_neigh, NlObjectPut>;
using AddrPtr = std::unique_ptr<rtnl_addr, NlObjectPut>;

/// An nl_addr of the address's family; with `prefixLength` >= 0 it carries that prefix (routes,
/// interface addresses). Null for a null address or when libnl cannot allocate.
NlAddrPtr toNlAddr(const IpAddress &address, int prefixLength = -1);
NlAddrPtr toNlAddr(const IpNetwork &network);
NlAddrPtr toNlAddr(const MacAddress &mac);

/// IPv4 for 4 bytes, IPv6 for 16, else null (a zero-length address, such as the destination of a
/// default route, is null too).
IpAddress toIpAddress(const nl_addr *address);
/// The network of a route destination; 0.0.0.0/0 (::/0) for a default route, which carries no bytes.
IpNetwork toIpNetwork(const nl_addr *address, int family);
/// Null unless `address` holds 6 bytes.
MacAddress toMacAddress(const nl_addr *address);

} // namespace tartan::netlink
