#include "netlinkobjects.h"

#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/object.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <array>
#include <cstring>

namespace tartan::netlink {

void NlMsgFree::operator()(nl_msg *message) const
{
    nlmsg_free(message);
}

void NlAddrPut::operator()(nl_addr *address) const
{
    nl_addr_put(address);
}

void NlObjectPut::operator()(void *object) const
{
    nl_object_put(static_cast<nl_object *>(object));
}

NlAddrPtr toNlAddr(const IpAddress &address, int prefixLength)
{
    NlAddrPtr result;
    if (address.isV4()) {
        const std::uint32_t networkOrder = htonl(address.toV4());
        result.reset(nl_addr_build(AF_INET, &networkOrder, sizeof networkOrder));
    } else if (address.isV6()) {
        const auto bytes = address.toV6Bytes();
        result.reset(nl_addr_build(AF_INET6, bytes.data(), bytes.size()));
    }
    if (result && prefixLength >= 0)
        nl_addr_set_prefixlen(result.get(), prefixLength);
    return result;
}

NlAddrPtr toNlAddr(const IpNetwork &network)
{
    return toNlAddr(network.address(), network.prefixLength());
}

NlAddrPtr toNlAddr(const MacAddress &mac)
{
    if (mac.isNull())
        return {};
    return NlAddrPtr(nl_addr_build(AF_LLC, mac.bytes().data(), mac.bytes().size()));
}

IpAddress toIpAddress(const nl_addr *address)
{
    if (!address)
        return {};
    const unsigned int length = nl_addr_get_len(address);
    const auto *bytes = static_cast<const std::uint8_t *>(nl_addr_get_binary_addr(address));
    // By length, not family: libnl versions differ in the family they give an FDB entry's NDA_DST.
    if (length == 4) {
        std::uint32_t networkOrder;
        std::memcpy(&networkOrder, bytes, sizeof networkOrder);
        return IpAddress::fromV4(ntohl(networkOrder));
    }
    if (length == 16) {
        std::array<std::uint8_t, 16> v6;
        std::memcpy(v6.data(), bytes, v6.size());
        return IpAddress::fromV6(v6);
    }
    return {};
}

IpNetwork toIpNetwork(const nl_addr *address, int family)
{
    if (!address)
        return {};
    const int prefixLength = static_cast<int>(nl_addr_get_prefixlen(address));
    if (nl_addr_get_len(address) == 0) {
        if (family == AF_INET)
            return IpNetwork(IpAddress::fromV4(0), 0);
        if (family == AF_INET6)
            return IpNetwork(IpAddress::fromV6({}), 0);
        return {};
    }
    const IpAddress base = toIpAddress(address);
    return base.isNull() ? IpNetwork() : IpNetwork(base, prefixLength);
}

MacAddress toMacAddress(const nl_addr *address)
{
    if (!address)
        return {};
    if (nl_addr_get_len(address) != 6)
        return {};
    MacAddress::Bytes bytes;
    std::memcpy(bytes.data(), nl_addr_get_binary_addr(address), bytes.size());
    return MacAddress(bytes);
}

} // namespace tartan::netlink
