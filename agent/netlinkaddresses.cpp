#include "netlinkaddresses.h"

#include "netlinklinks.h"
#include "netlinkobjects.h"
#include "netlinksocket.h"

#include <netlink/errno.h>
#include <netlink/route/addr.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <algorithm>
#include <cerrno>

namespace tartan::netlink {

NlResult<int> NetlinkAddresses::deviceIndex(const QString &device, const QString &operation, const QString &object)
{
    const auto link = NetlinkLinks(mSocket).find(device);
    if (!link)
        return link.error().relabelled(operation, object);
    if (!*link)
        return NetlinkError::fromErrno(ENODEV, operation, object);
    return (*link)->index;
}

NlResult<QList<LinkAddress>> NetlinkAddresses::list(const QString &device)
{
    const QString operation = QStringLiteral("list addresses of");
    const auto index = deviceIndex(device, operation, device);
    if (!index)
        return index.error();
    QList<LinkAddress> addresses;
    const ifaddrmsg header{};
    const NlStatus status = mSocket.dump(
        NetlinkSocket::dumpRequest(RTM_GETADDR, &header, sizeof header), operation, device,
        [&](nl_object *object) {
            auto *address = reinterpret_cast<rtnl_addr *>(object);
            if (rtnl_addr_get_ifindex(address) != *index)
                return;
            const IpAddress local = toIpAddress(rtnl_addr_get_local(address));
            if (!local.isNull())
                addresses << LinkAddress{local, rtnl_addr_get_prefixlen(address)};
        },
        [&] { addresses.clear(); });
    if (!status)
        return status.error();
    std::sort(addresses.begin(), addresses.end());
    return addresses;
}

NlStatus NetlinkAddresses::change(int command, const QString &device, const LinkAddress &address)
{
    const bool adding = command == RTM_NEWADDR;
    const QString operation = adding ? QStringLiteral("add address") : QStringLiteral("delete address");
    const QString object = address.toString() + QStringLiteral(" dev ") + device;
    const auto index = deviceIndex(device, operation, object);
    if (!index)
        return index.error();

    AddrPtr request(rtnl_addr_alloc());
    NlAddrPtr local = toNlAddr(address.address, address.prefixLength);
    if (!request || !local)
        return NetlinkError::fromLibnl(NLE_NOMEM, operation, object);
    rtnl_addr_set_ifindex(request.get(), *index);
    if (const int rc = rtnl_addr_set_local(request.get(), local.get()); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, object);
    nl_msg *raw = nullptr;
    const int rc = adding ? rtnl_addr_build_add_request(request.get(), NLM_F_CREATE | NLM_F_EXCL, &raw)
                          : rtnl_addr_build_delete_request(request.get(), 0, &raw);
    if (rc < 0)
        return NetlinkError::fromLibnl(rc, operation, object);
    const NlStatus status = mSocket.request(NlMsgPtr(raw), operation, object);
    if (status)
        return {};
    // Idempotent: the address is already there / already gone (the kernel says EADDRNOTAVAIL).
    const int error = status.error().systemError();
    if ((adding && error == EEXIST) || (!adding && error == EADDRNOTAVAIL))
        return {};
    return status.error();
}

NlStatus NetlinkAddresses::add(const QString &device, const LinkAddress &address)
{
    return change(RTM_NEWADDR, device, address);
}

NlStatus NetlinkAddresses::remove(const QString &device, const LinkAddress &address)
{
    return change(RTM_DELADDR, device, address);
}

NlStatus NetlinkAddresses::sync(const QString &device, const IpNetwork &address, const QList<IpNetwork> &networks)
{
    const LinkAddress wanted{address.address(), address.prefixLength()};
    const auto current = list(device);
    if (!current)
        return current.error();
    bool present = false;
    for (const LinkAddress &existing : *current) {
        if (existing == wanted) {
            present = true;
            continue;
        }
        const bool inside = std::any_of(networks.begin(), networks.end(),
                                        [&](const IpNetwork &network) { return network.contains(existing.address); });
        if (!inside)
            continue;
        if (NlStatus removed = remove(device, existing); !removed)
            return removed;
    }
    return present ? NlStatus() : add(device, wanted);
}

} // namespace tartan::netlink
