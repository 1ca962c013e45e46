#pragma once

#include "desiredtables.h"
#include "nodereport.h"
#include "testvalues.h"

#include <QList>
#include <QString>

/// A crafted three-node cluster whose NodeReports hold exactly the tables the leases call for,
/// for the drift and path tests to break one entry at a time. Nodes i = 1..3: subnet 10.244.i.0/24,
/// eth0 192.168.1.i/24 (all on one segment, so host-gw and DirectRouting route directly), VtepMAC
/// c6:00:00:00:00:0i, cni0 10.244.i.1/24, a default route via 192.168.1.254; no connected routes,
/// which agents leave out of their reports.
namespace tartan::test {

/// Variants: "vxlan", "vxlan-direct", "vxlan-vni7" (VNI 7, Port 4789), "host-gw", "ipip",
/// "ipip-direct", "udp".
inline NetworkConfig craftedConfig(const QString &variant)
{
    NetworkConfig config;
    config.ipv4 = AddressPool{net("10.244.0.0/16"), 24, ip("10.244.1.0"), ip("10.244.255.0")};
    const QString backend = variant.section(u'-', 0, 0) == u"host" ? QStringLiteral("host-gw") : variant.section(u'-', 0, 0);
    config.backend.type = *backendTypeFromName(backend);
    config.backend.vxlan.directRouting = variant == u"vxlan-direct";
    config.backend.ipip.directRouting = variant == u"ipip-direct";
    if (variant == u"vxlan-vni7") {
        config.backend.vxlan.vni = 7;
        config.backend.vxlan.port = 4789;
    }
    return config;
}

inline QString craftedMac(int node)
{
    return QStringLiteral("c6:00:00:00:00:%1").arg(node, 2, 10, QLatin1Char('0'));
}

inline Lease craftedLease(const NetworkConfig &config, int node)
{
    Lease lease;
    lease.subnet.ipv4 = net(QStringLiteral("10.244.%1.0/24").arg(node).toLatin1().constData());
    lease.attrs.publicIp = ip(QStringLiteral("192.168.1.%1").arg(node).toLatin1().constData());
    const BackendType type = config.backend.type;
    lease.attrs.backendType = type == BackendType::Udp ? QString() : backendTypeName(type);
    if (type == BackendType::Vxlan) {
        json::Json data = json::Json::object();
        data["VNI"] = config.backend.vxlan.vni;
        data["VtepMAC"] = craftedMac(node).toStdString();
        lease.attrs.backendData = data;
    }
    lease.storeLeaseId = 100 + node;
    return lease;
}

inline QList<Lease> craftedLeases(const NetworkConfig &config, int nodes = 3)
{
    QList<Lease> leases;
    for (int node = 1; node <= nodes; ++node)
        leases << craftedLease(config, node);
    return leases;
}

inline ExternalInterface craftedExternal(int node)
{
    return ExternalInterface{QStringLiteral("eth0"), ip(QStringLiteral("192.168.1.%1").arg(node).toLatin1().constData()), IpAddress(),
                             1500, {net("192.168.1.0/24")}};
}

/// A report whose kernel holds what the leases say: the desired tables and devices, plus what the
/// CNI plugins and the underlay add (cni0 and its route, eth0's routes).
inline NodeReport craftedReport(const NetworkConfig &config, const QList<Lease> &leases, int node)
{
    NodeReport report;
    const Lease own = craftedLease(config, node);
    report.summary.lease = own.subnet;
    report.summary.publicIp = own.attrs.publicIp;
    report.summary.backend = backendTypeName(config.backend.type);
    report.summary.health = QStringLiteral("ok");
    report.summary.endpoint = QStringLiteral("http://192.168.1.%1:8476").arg(node);
    report.external = craftedExternal(node);
    const auto desired = DesiredTables::compute(config, own, report.external, leases);
    Q_ASSERT(desired.ok());
    for (const OverlayDevice &device : desired->devices) {
        LinkState link;
        link.name = device.name;
        link.mtu = device.mtu;
        link.up = true;
        link.addresses = {device.address};
        if (config.backend.type == BackendType::Vxlan) {
            link.kind = QStringLiteral("vxlan");
            link.mac = mac(craftedMac(node).toLatin1().constData());
            link.vxlan = VxlanAttributes{config.backend.vxlan.vni, device.local,
                                         config.backend.vxlan.effectivePort(), false, false};
        } else {
            link.kind = config.backend.type == BackendType::IpIp ? QStringLiteral("ipip") : QStringLiteral("tun");
        }
        report.links << link;
    }
    const IpNetwork subnet = own.subnet.ipv4;
    LinkState bridge{QStringLiteral("cni0"), QStringLiteral("bridge"), mac(QStringLiteral("0a:58:0a:f4:%1:01").arg(node, 2, 10, QLatin1Char('0')).toLatin1().constData()),
                     desired->mtu, true, {IpNetwork(subnet.firstHost(), 24)}, {subnet.firstHost()}, {}, std::nullopt, {}};
    LinkState eth0{QStringLiteral("eth0"), QString(), mac("52:54:00:00:00:01"), 1500, true, {net("192.168.1.0/24")}, {ip(QStringLiteral("192.168.1.%1").arg(node).toLatin1().constData())}, {}, std::nullopt, {}};
    report.links << bridge << eth0;
    std::sort(report.links.begin(), report.links.end(), [](const LinkState &a, const LinkState &b) { return a.name < b.name; });
    report.tables = desired->tables;
    // As an agent reads them: connected routes (protocol kernel) are left out, a default route is not.
    report.tables.routes << Route{net("0.0.0.0/0"), kMainRouteTable, ip("192.168.1.254"), QStringLiteral("eth0"), false};
    report.tables.sort();
    return report;
}

/// The whole crafted cluster: config, leases, one report per node.
struct CraftedCluster
{
    NetworkConfig config;
    QList<Lease> leases;
    QList<NodeReport> reports;

    explicit CraftedCluster(const QString &variant, int nodes = 3)
        : config(craftedConfig(variant)), leases(craftedLeases(config, nodes))
    {
        for (int node = 1; node <= nodes; ++node)
            reports << craftedReport(config, leases, node);
    }

    NodeReport &report(int node) { return reports[node - 1]; }

    /// The overlay device of a node's report (vxlan, ipip or tun); nullptr with host-gw.
    LinkState *overlay(int node)
    {
        for (LinkState &link : report(node).links)
            if (link.kind == u"vxlan" || link.kind == u"ipip" || link.kind == u"tun")
                return &link;
        return nullptr;
    }

    template <typename Entry, typename Match>
    static bool removeFirst(QList<Entry> &list, Match match)
    {
        for (qsizetype i = 0; i < list.size(); ++i)
            if (match(list[i])) {
                list.removeAt(i);
                return true;
            }
        return false;
    }

    /// Breaks one thing, always on node 1's way to node 2 unless the name says n2 (see the cases).
    /// Returns false for an unknown name or a break the variant has nothing for.
    bool apply(const QString &name)
    {
        const IpNetwork peer = net("10.244.2.0/24");
        const MacAddress peerMac = mac("c6:00:00:00:00:02");
        KernelTables &tables = report(1).tables;
        const auto toPeer = [&](const Route &r) { return r.destination == peer; };
        bool done = true;
        if (name == u"none") {
        } else if (name == u"remove-route") {
            // The route that carries the peer's subnet (udp: the whole network via flannel0).
            done = removeFirst(tables.routes, [&](const Route &r) { return r.destination.contains(peer) && r.destination.prefixLength() > 0; });
        } else if (name == u"stale-route") {
            done = false;
            for (Route &route : tables.routes)
                if (toPeer(route)) {
                    route.gateway = ip(route.gateway.toString().startsWith(u"10.244") ? "10.244.2.9" : "192.168.1.9");
                    done = true;
                }
        } else if (name == u"extra-route") {
            done = false;
            for (const Route &route : QList<Route>(tables.routes))
                if (toPeer(route)) {
                    Route more = route;
                    more.destination = net("10.244.2.0/25");
                    tables.routes << more;
                    done = true;
                }
        } else if (name == u"remove-neigh") {
            done = removeFirst(tables.neighbours, [&](const Neighbour &n) { return n.address == peer.address(); });
        } else if (name == u"stale-neigh") {
            done = false;
            for (Neighbour &n : tables.neighbours)
                if (n.address == peer.address()) {
                    n.mac = mac("c6:00:00:00:00:09");
                    done = true;
                }
        } else if (name == u"remove-fdb") {
            done = removeFirst(tables.fdb, [&](const FdbEntry &f) { return f.mac == peerMac; });
        } else if (name == u"stale-fdb") {
            done = false;
            for (FdbEntry &f : tables.fdb)
                if (f.mac == peerMac) {
                    f.destination = ip("192.168.1.9");
                    done = true;
                }
        } else if (name == u"wrong-mtu") {
            LinkState *device = overlay(1);
            done = device != nullptr;
            if (device)
                device->mtu = 1500;
        } else if (name == u"remove-device") {
            done = removeFirst(report(1).links, [](const LinkState &l) { return l.kind == u"vxlan" || l.kind == u"ipip" || l.kind == u"tun"; });
        } else if (name == u"remove-bridge") {
            done = removeFirst(report(1).links, [](const LinkState &l) { return l.name == u"cni0"; });
        } else if (name == u"bridge-address") {
            done = false;
            for (LinkState &link : report(1).links)
                if (link.name == u"cni0") {
                    link.hostAddresses = {ip("10.244.1.7")};
                    done = true;
                }
        } else if (name == u"remove-bridge-n2") {
            done = removeFirst(report(2).links, [](const LinkState &l) { return l.name == u"cni0"; });
        } else if (name == u"unaddressed-bridge-n2") {
            // cni0 without its address: the kernel has no connected route to the pods either.
            done = false;
            for (LinkState &link : report(2).links)
                if (link.name == u"cni0") {
                    link.addresses.clear();
                    link.hostAddresses.clear();
                    done = true;
                }
        } else if (name == u"drop-report-n1") {
            reports.removeAt(0);
        } else if (name == u"drop-report-n2") {
            reports.removeAt(1);
        } else if (name == u"drop-lease-n2") {
            leases.removeAt(1);
        } else if (name == u"exclude-n2") {
            leases[1].attrs.backendType = config.backend.type == BackendType::HostGw ? QStringLiteral("vxlan") : QStringLiteral("host-gw");
        } else if (name == u"decap-mac-n2") {
            LinkState *device = overlay(2);
            done = device != nullptr && device->kind == u"vxlan";
            if (done)
                device->mac = mac("c6:00:00:00:00:09");
        } else if (name == u"gone-node") {
            // Entries of a node whose lease has gone: nothing in the store explains them.
            const QString device = overlay(1) ? overlay(1)->name : QStringLiteral("eth0");
            tables.routes << Route{net("10.244.9.0/24"), kMainRouteTable, ip("10.244.9.0"), device, true};
            if (config.backend.type == BackendType::Vxlan) {
                tables.neighbours << Neighbour{device, ip("10.244.9.0"), mac("c6:00:00:00:00:09"), true};
                tables.fdb << FdbEntry{device, mac("c6:00:00:00:00:09"), ip("192.168.1.9"), true};
            }
        } else {
            done = false;
        }
        for (NodeReport &r : reports)
            r.tables.sort();
        return done;
    }
};

} // namespace tartan::test
