#include "kernelreader.h"

#include "netlinkaddresses.h"
#include "netlinkdump.h"
#include "netlinklinks.h"

#include <QHash>

#include <algorithm>

namespace tartan::netlink {

namespace {

LinkState toLinkState(const LinkInfo &info, const QHash<int, QString> &names)
{
    LinkState link;
    link.name = info.name;
    link.kind = info.kind;
    link.mac = info.mac;
    link.mtu = info.mtu;
    link.up = info.up;
    link.master = names.value(info.masterIndex);
    if (info.vxlan) {
        tartan::VxlanAttributes vxlan;
        vxlan.vni = info.vxlan->vni;
        vxlan.local = info.vxlan->local;
        vxlan.port = info.vxlan->port;
        vxlan.learning = info.vxlan->learning;
        vxlan.gbp = info.vxlan->gbp;
        link.vxlan = vxlan;
    }
    link.counters = info.counters;
    return link;
}

} // namespace

NlResult<KernelState> KernelReader::read(const QStringList &overlayDevices, const QString &externalDevice)
{
    const auto all = NetlinkLinks(mSocket).list();
    if (!all)
        return all.error();
    QHash<int, QString> names;
    for (const LinkInfo &info : *all)
        names.insert(info.index, info.name);

    QStringList wanted = overlayDevices;
    wanted << QString::fromLatin1(kCniBridge);
    if (!externalDevice.isEmpty())
        wanted << externalDevice;

    KernelState state;
    QStringList present;
    QStringList vxlanDevices;
    for (const LinkInfo &info : *all) {
        if (!wanted.contains(info.name) || present.contains(info.name))
            continue;
        LinkState link = toLinkState(info, names);
        auto addresses = NetlinkAddresses(mSocket).list(info.name);
        if (!addresses) {
            if (addresses.error().isNotFound())
                continue; // deleted between the two dumps
            return addresses.error();
        }
        for (const LinkAddress &address : *addresses) {
            link.addresses << IpNetwork(address.address, address.prefixLength);
            link.hostAddresses << address.address;
        }
        present << info.name;
        if (info.vxlan && overlayDevices.contains(info.name))
            vxlanDevices << info.name;
        state.links << link;
    }
    std::sort(state.links.begin(), state.links.end(),
              [](const LinkState &a, const LinkState &b) { return a.name < b.name; });

    auto tables = NetlinkDump(mSocket).tables(vxlanDevices);
    if (!tables)
        return tables.error();
    tables->routes.removeIf([&](const Route &route) { return !present.contains(route.device); });
    tables->neighbours.removeIf([&](const Neighbour &entry) { return !overlayDevices.contains(entry.device); });
    state.tables = std::move(tables).value();
    return state;
}

} // namespace tartan::netlink
