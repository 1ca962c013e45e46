#include "netlinkdump.h"

#include "netlinklinks.h"
#include "netlinkobjects.h"
#include "netlinksocket.h"

#include <netlink/errno.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>

namespace tartan::netlink {

NlResult<NetlinkDump::DeviceNames> NetlinkDump::deviceNames()
{
    const auto links = NetlinkLinks(mSocket).list();
    if (!links)
        return links.error();
    DeviceNames names;
    for (const LinkInfo &link : *links)
        names.insert(link.index, link.name);
    return names;
}

NlResult<KernelTables> NetlinkDump::tables(const QStringList &fdbDevices)
{
    const auto names = deviceNames();
    if (!names)
        return names.error();
    KernelTables tables;
    auto routeList = routes(*names);
    if (!routeList)
        return routeList.error();
    auto neighbourList = neighbours(*names);
    if (!neighbourList)
        return neighbourList.error();
    auto fdbList = fdb(fdbDevices, *names);
    if (!fdbList)
        return fdbList.error();
    tables.routes = std::move(routeList).value();
    tables.neighbours = std::move(neighbourList).value();
    tables.fdb = std::move(fdbList).value();
    tables.sort();
    return tables;
}

NlResult<QList<Route>> NetlinkDump::routes()
{
    const auto names = deviceNames();
    if (!names)
        return names.error();
    return routes(*names);
}

NlResult<QList<Neighbour>> NetlinkDump::neighbours()
{
    const auto names = deviceNames();
    if (!names)
        return names.error();
    return neighbours(*names);
}

NlResult<QList<FdbEntry>> NetlinkDump::fdb(const QStringList &devices)
{
    const auto names = deviceNames();
    if (!names)
        return names.error();
    return fdb(devices, *names);
}

NlResult<QList<Route>> NetlinkDump::routes(const DeviceNames &names)
{
    QList<Route> result;
    for (const int family : {AF_INET, AF_INET6}) {
        const QString operation = family == AF_INET ? QStringLiteral("dump IPv4 routes")
                                                    : QStringLiteral("dump IPv6 routes");
        rtmsg header{};
        header.rtm_family = static_cast<unsigned char>(family);
        QList<Route> found;
        const NlStatus status = mSocket.dump(
            NetlinkSocket::dumpRequest(RTM_GETROUTE, &header, sizeof header), operation, {},
            [&](nl_object *object) {
                auto *route = reinterpret_cast<rtnl_route *>(object);
                if (rtnl_route_get_family(route) != family || rtnl_route_get_table(route) != kMainRouteTable ||
                    rtnl_route_get_type(route) != RTN_UNICAST || (rtnl_route_get_flags(route) & RTM_F_CLONED) ||
                    rtnl_route_get_protocol(route) == RTPROT_KERNEL || rtnl_route_get_nnexthops(route) < 1) {
                    return;
                }
                rtnl_nexthop *nexthop = rtnl_route_nexthop_n(route, 0);
                const QString device = names.value(rtnl_route_nh_get_ifindex(nexthop));
                if (device.isEmpty())
                    return; // its device vanished after the link dump: the route went with it
                Route entry;
                entry.destination = toIpNetwork(rtnl_route_get_dst(route), family);
                entry.table = rtnl_route_get_table(route);
                entry.gateway = toIpAddress(rtnl_route_nh_get_gateway(nexthop));
                entry.device = device;
                entry.onlink = ((rtnl_route_nh_get_flags(nexthop) | rtnl_route_get_flags(route)) & RTNH_F_ONLINK) != 0;
                found << entry;
            },
            [&] { found.clear(); });
        if (!status)
            return status.error();
        result << found;
    }
    std::sort(result.begin(), result.end());
    return result;
}

NlResult<QList<Neighbour>> NetlinkDump::neighbours(const DeviceNames &names)
{
    const QString operation = QStringLiteral("dump neighbours");
    ndmsg header{}; // AF_UNSPEC: the kernel walks the ARP and the NDP table
    QList<Neighbour> result;
    const NlStatus status = mSocket.dump(
        NetlinkSocket::dumpRequest(RTM_GETNEIGH, &header, sizeof header), operation, {},
        [&](nl_object *object) {
            auto *neighbour = reinterpret_cast<rtnl_neigh *>(object);
            const int family = rtnl_neigh_get_family(neighbour);
            if (family != AF_INET && family != AF_INET6)
                return;
            Neighbour entry;
            entry.device = names.value(rtnl_neigh_get_ifindex(neighbour));
            entry.address = toIpAddress(rtnl_neigh_get_dst(neighbour));
            if (entry.device.isEmpty() || entry.address.isNull())
                return;
            entry.mac = toMacAddress(rtnl_neigh_get_lladdr(neighbour));
            entry.permanent = (rtnl_neigh_get_state(neighbour) & NUD_PERMANENT) != 0;
            result << entry;
        },
        [&] { result.clear(); });
    if (!status)
        return status.error();
    std::sort(result.begin(), result.end());
    return result;
}

NlResult<QList<FdbEntry>> NetlinkDump::fdb(const QStringList &devices, const DeviceNames &names)
{
    QList<FdbEntry> result;
    for (const QString &device : devices) {
        const int index = names.key(device, 0);
        if (index == 0)
            continue;
        const QString operation = QStringLiteral("dump forwarding entries of");
        // An ifinfomsg, not an ndmsg: with it the kernel dumps only the port ifi_index names
        // (rtnl_fdb_dump), instead of every device's entries for us to filter.
        ifinfomsg header{};
        header.ifi_family = AF_BRIDGE;
        header.ifi_index = index;
        QList<FdbEntry> found;
        const NlStatus status = mSocket.dump(
            NetlinkSocket::dumpRequest(RTM_GETNEIGH, &header, sizeof header), operation, device,
            [&](nl_object *object) {
                auto *neighbour = reinterpret_cast<rtnl_neigh *>(object);
                if (rtnl_neigh_get_family(neighbour) != AF_BRIDGE || rtnl_neigh_get_ifindex(neighbour) != index ||
                    !(rtnl_neigh_get_flags(neighbour) & NTF_SELF)) {
                    return;
                }
                FdbEntry entry;
                entry.device = device;
                entry.mac = toMacAddress(rtnl_neigh_get_lladdr(neighbour));
                entry.destination = toIpAddress(rtnl_neigh_get_dst(neighbour));
                entry.permanent = (rtnl_neigh_get_state(neighbour) & NUD_PERMANENT) != 0;
                if (!entry.mac.isNull())
                    found << entry;
            },
            [&] { found.clear(); });
        if (!status)
            return status.error();
        result << found;
    }
    std::sort(result.begin(), result.end());
    return result;
}

} // namespace tartan::netlink
