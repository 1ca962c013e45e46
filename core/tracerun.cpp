#include "tracerun.h"

#include "nodedrift.h"

#include <algorithm>

namespace tartan::tracing {

TraceRun::Endpoint TraceRun::resolve(const IpAddress &address) const
{
    if (const Lease *lease = mLeases.containing(address))
        return {lease, LeaseIndex::subnetOf(lease->subnet, address.family()).firstHost() != address};
    return {mLeases.withPublicIp(address), false};
}

const NodeReport *TraceRun::reportOf(const Lease &lease) const
{
    for (const NodeReport &report : mReports)
        if (report.summary.lease == lease.subnet)
            return &report;
    return nullptr;
}

bool TraceRun::fail(Stage stage, const Lease *node, const QString &reason, const QString &expected, const QString &found,
               const Lease *lease)
{
    PathBreak stop{stage, {}, {}, reason, expected, found, {}, {}};
    if (node) {
        stop.node = node->subnet;
        stop.nodeText = LeaseIndex::describe(*node);
    }
    if (lease) {
        stop.lease = lease->subnet;
        stop.leaseText = LeaseIndex::describe(*lease);
    }
    mOut.stop = stop;
    return false;
}

void TraceRun::hop(Stage stage, const Lease &node, const QString &device, const QString &summary, const QString &entry,
              int mtu, bool inferred)
{
    mOut.hops << PathHop{stage, node.subnet, LeaseIndex::describe(node), device, summary, entry, inferred, mFrame, mtu};
}

const Route *TraceRun::longestMatch(const NodeReport &report, const IpAddress &address)
{
    auto cached = mRoutes.find(&report);
    if (cached == mRoutes.end()) {
        QList<Route> routes = report.tables.routes;
        for (const LinkState &link : report.links)
            for (const IpNetwork &network : link.addresses)
                if (network.prefixLength() < network.address().bitWidth()) // a /32 (/128) makes no prefix route
                    routes << Route{network, kMainRouteTable, IpAddress(), link.name, false};
        cached = mRoutes.emplace(&report, routes).first;
    }
    const Route *best = nullptr;
    for (const Route &route : cached->second) {
        if (route.table != kMainRouteTable || route.destination.family() != address.family() ||
            !route.destination.contains(address))
            continue;
        if (!best || route.destination.prefixLength() > best->destination.prefixLength())
            best = &route;
    }
    return best;
}

bool TraceRun::isConnected(const NodeReport &report, const Route &route)
{
    return !report.tables.routes.contains(route);
}

void TraceRun::lookupHop(const Lease &node, const NodeReport &report, const Route &route)
{
    const bool connected = isConnected(report, route);
    hop(Stage::RouteLookup, node, route.device,
        QStringLiteral("longest prefix match for %1%2")
            .arg(mOut.destination, connected ? QStringLiteral(": the connected route of %1's address").arg(route.device) : QString()),
        route.toString(), 0, connected);
}

const LinkState *TraceRun::link(const NodeReport &report, const QString &name)
{
    const auto found = std::find_if(report.links.begin(), report.links.end(), [&](const LinkState &l) { return l.name == name; });
    return found == report.links.end() ? nullptr : &*found;
}

IpAddress TraceRun::externalAddress(const NodeReport &report) const
{
    return mFamily == Family::V6 ? report.external.ipv6 : report.external.ipv4;
}

void TraceRun::trace(const IpAddress &source, const IpAddress &destination, int payload)
{
    mSource = source;
    mDestination = destination;
    mFamily = source.family();
    mOut.source = source.toString();
    mOut.destination = destination.toString();
    mOut.backend = backendTypeName(mConfig.backend.type);
    if ((mConfig.backend.type == BackendType::Vxlan && mConfig.backend.vxlan.directRouting) ||
        (mConfig.backend.type == BackendType::IpIp && mConfig.backend.ipip.directRouting))
        mOut.backend += QStringLiteral(" DirectRouting");
    if (source.family() != destination.family()) {
        fail(Stage::Source, nullptr, QStringLiteral("source %1 and destination %2 are of different families").arg(mOut.source, mOut.destination));
        return;
    }
    if (!mConfig.pool(mFamily)) {
        fail(Stage::Source, nullptr, QStringLiteral("%1 is not enabled in the network config").arg(familyName(mFamily)));
        return;
    }
    const Endpoint from = resolve(source);
    if (!from.lease) {
        fail(Stage::Source, nullptr, QStringLiteral("source %1 is in no lease's subnet and is no node's public IP").arg(mOut.source));
        return;
    }
    const Node node{from.lease, reportOf(*from.lease)};
    if (!node.report) {
        fail(Stage::Source, from.lease, QStringLiteral("no report from the source node: its tables are unknown"), {}, {}, from.lease);
        return;
    }
    mInner = {ipLayer(source, destination), {QStringLiteral("ICMP"), kIcmp, QStringLiteral("echo request")},
              {QStringLiteral("payload"), payload, {}}};
    mTarget = resolve(destination);
    if (start(node, from))
        forward(node);
}

bool TraceRun::start(const Node &node, const Endpoint &from)
{
    if (!from.pod) {
        mFrame = mInner;
        hop(Stage::Source, *node.lease, {}, QStringLiteral("sent by the node itself (%1)").arg(mOut.source));
        return true;
    }
    const IpNetwork subnet = LeaseIndex::subnetOf(node.lease->subnet, mFamily);
    const LinkState *bridgeLink = link(*node.report, kBridge);
    mFrame = QList<HeaderLayer>{ethernet(QStringLiteral("pod eth0 -> %1").arg(kBridge))} + mInner;
    hop(Stage::Source, *node.lease, QStringLiteral("eth0"),
        QStringLiteral("pod %1: default via %2, the first address of %3, which host-local gives to %4")
            .arg(mOut.source, subnet.firstHost().toString(), subnet.toString(), kBridge),
        QStringLiteral("default via %1 dev eth0").arg(subnet.firstHost().toString()), bridgeLink ? bridgeLink->mtu : 0, true);
    return bridge(node, Stage::Bridge, true);
}

bool TraceRun::bridge(const Node &node, Stage stage, bool sending)
{
    const IpNetwork subnet = LeaseIndex::subnetOf(node.lease->subnet, mFamily);
    const IpAddress gateway = subnet.firstHost();
    const QString expected = QStringLiteral("%1 bridge %2/%3 up").arg(kBridge, gateway.toString()).arg(subnet.prefixLength());
    const LinkState *bridgeLink = link(*node.report, kBridge);
    if (!bridgeLink)
        return fail(stage, node.lease, QStringLiteral("no bridge %1 on the node").arg(kBridge), expected, {}, node.lease);
    // hostAddresses keeps what IpNetwork masks off (10.244.1.1 of 10.244.1.0/24); where a report
    // lacks it, an address of the subnet's length inside the subnet is all that can be checked.
    QStringList addresses;
    bool holds = false;
    for (qsizetype i = 0; i < bridgeLink->addresses.size(); ++i) {
        const IpNetwork &network = bridgeLink->addresses.at(i);
        const bool known = i < bridgeLink->hostAddresses.size() && !bridgeLink->hostAddresses.at(i).isNull();
        const IpAddress host = known ? bridgeLink->hostAddresses.at(i) : network.address();
        addresses << QStringLiteral("%1/%2").arg(host.toString()).arg(network.prefixLength());
        if (network.prefixLength() == subnet.prefixLength() && (known ? host == gateway : network.contains(gateway)))
            holds = true;
    }
    if (!holds || !bridgeLink->up) {
        return fail(stage, node.lease,
                    !bridgeLink->up ? QStringLiteral("bridge %1 is down").arg(kBridge)
                                    : QStringLiteral("bridge %1 does not hold the pods' gateway %2").arg(kBridge, gateway.toString()),
                    expected, QStringLiteral("%1 %2 %3 %4").arg(kBridge, bridgeLink->kind, addresses.join(u' '), bridgeLink->up ? QStringLiteral("up") : QStringLiteral("down")),
                    node.lease);
    }
    if (stage != Stage::Bridge)
        return true; // only checked: the packet ends at the node
    const QString summary = sending ? QStringLiteral("through the pod's veth into %1 (%2)").arg(kBridge, gateway.toString())
                                    : QStringLiteral("%1 forwards the frame to the pod's veth").arg(kBridge);
    hop(Stage::Bridge, *node.lease, kBridge, summary, {}, bridgeLink->mtu, true);
    return true;
}

bool TraceRun::forward(const Node &node)
{
    if (!mTarget.lease) {
        const Route *route = longestMatch(*node.report, mDestination);
        return fail(Stage::RouteLookup, node.lease,
                    QStringLiteral("destination %1 is in no lease's subnet and is no node's public IP").arg(mOut.destination), {},
                    route ? route->toString() : QString());
    }
    if (mTarget.lease == node.lease)
        return receive(node);
    const Node target{mTarget.lease, reportOf(*mTarget.lease)};
    const Route *route = longestMatch(*node.report, mDestination);
    if (!mTarget.pod && !LeaseIndex::subnetOf(mTarget.lease->subnet, mFamily).contains(mDestination)) {
        // Another node's public address: plain underlay traffic (a pod's packets leave masqueraded).
        if (!route)
            return fail(Stage::RouteLookup, node.lease, QStringLiteral("no route to %1").arg(mOut.destination));
        hop(Stage::RouteLookup, *node.lease, route->device, QStringLiteral("%1 is a node's public IP: the underlay carries it").arg(mOut.destination),
            route->toString());
        mFrame = QList<HeaderLayer>{ethernet(route->device)} + mInner;
        hop(Stage::Underlay, *node.lease, route->device, QStringLiteral("across the underlay to %1").arg(mOut.destination), {}, node.report->external.mtu);
        mFrame = mInner;
        hop(Stage::Delivery, *mTarget.lease, {}, QStringLiteral("received by the node"));
        return true;
    }
    const auto desired = desiredTablesFor(mConfig, mLeases, *node.report);
    if (!desired)
        return fail(Stage::RouteLookup, node.lease, desired.error().message());
    const auto wanted = std::find_if(desired->tables.routes.begin(), desired->tables.routes.end(),
                                     [&](const Route &r) { return r.destination.contains(mDestination); });
    if (wanted == desired->tables.routes.end()) {
        QStringList reasons;
        for (const Exclusion &exclusion : desired->exclusions)
            if (exclusion.lease == mTarget.lease->subnet)
                reasons << exclusion.reason;
        return fail(Stage::RouteLookup, node.lease,
                    QStringLiteral("the leases call for no route to %1: %2")
                        .arg(mOut.destination, reasons.isEmpty() ? QStringLiteral("the lease is not programmed") : reasons.join(QStringLiteral("; "))),
                    {}, route ? route->toString() : QString(), mTarget.lease);
    }
    const Lease *producer = mConfig.backend.type == BackendType::Udp ? node.lease : mTarget.lease;
    if (!route)
        return fail(Stage::RouteLookup, node.lease, QStringLiteral("no route to %1").arg(mOut.destination), wanted->toString(), {}, producer);
    if (route->key() != wanted->key()) {
        const bool shadowed = route->destination.prefixLength() > wanted->destination.prefixLength();
        return fail(Stage::RouteLookup, node.lease,
                    shadowed ? QStringLiteral("an extra, more specific route takes %1 away").arg(mOut.destination)
                             : QStringLiteral("route %1 is missing: %2 falls through to a shorter prefix").arg(wanted->destination.toString(), mOut.destination),
                    wanted->toString(), route->toString(), producer);
    }
    if (*route != *wanted)
        return fail(Stage::RouteLookup, node.lease, QStringLiteral("stale route to %1").arg(wanted->destination.toString()),
                    wanted->toString(), route->toString(), producer);
    lookupHop(*node.lease, *node.report, *route);

    const int extMtu = node.report->external.mtu;
    if (route->device == node.report->external.name) { // host-gw, DirectRouting
        mFrame = QList<HeaderLayer>{ethernet(QStringLiteral("%1 -> next hop %2").arg(route->device, route->gateway.toString()))} + mInner;
        if (headerBytes(mInner) > extMtu)
            return fail(Stage::Underlay, node.lease, QStringLiteral("the %1-byte packet exceeds %2's MTU %3").arg(headerBytes(mInner)).arg(route->device).arg(extMtu));
        hop(Stage::Underlay, *node.lease, route->device, QStringLiteral("straight to %1 across the underlay").arg(route->gateway.toString()), {}, extMtu);
        return arrive(target, route->gateway, {}, {});
    }
    if (!overlayDevice(node, *desired, route->device))
        return false;
    if (mConfig.backend.type == BackendType::Vxlan) {
        IpAddress remote;
        const auto data = mTarget.lease->attrs.vxlanData();
        return vxlan(node, *desired, *route, &remote) && arrive(target, remote, route->device, data ? data->vtepMac : MacAddress());
    }
    if (mConfig.backend.type == BackendType::IpIp) {
        if (!encapsulate(node, route->device, route->gateway,
                         {ipLayer(externalAddress(*node.report), route->gateway, QStringLiteral(", proto 4 (IP-in-IP)"))}))
            return false;
        return arrive(target, route->gateway, route->device, {});
    }
    // udp: the TUN hands the packet to the daemon, which looks the peer up in its lease table.
    const IpAddress peer = LeaseIndex::publicIpOf(*mTarget.lease, mFamily);
    mFrame = mInner;
    hop(Stage::Userspace, *node.lease, route->device,
        QStringLiteral("%1 (TUN) hands the packet to the agent, which finds %2 for %3 and sends it to %4")
            .arg(route->device, LeaseIndex::describe(*mTarget.lease), mOut.destination, peer.toString()));
    const int port = mConfig.backend.udp.port;
    if (!encapsulate(node, route->device, peer, {ipLayer(externalAddress(*node.report), peer), {QStringLiteral("UDP"), kUdp, QStringLiteral("dport %1").arg(port)}}))
        return false;
    return arrive(target, peer, route->device, {});
}

bool TraceRun::receive(const Node &node)
{
    const IpNetwork subnet = LeaseIndex::subnetOf(node.lease->subnet, mFamily);
    if (!mTarget.pod) {
        if (!bridge(node, Stage::Delivery, false))
            return false;
        mFrame = mInner;
        hop(Stage::Delivery, *node.lease, kBridge, QStringLiteral("received by the node itself (%1's address)").arg(kBridge));
        return true;
    }
    if (!link(*node.report, kBridge))
        return bridge(node, Stage::Bridge, false); // no bridge, no route to the pods: name the bridge
    const Route wanted{subnet, kMainRouteTable, IpAddress(), kBridge, false};
    const Route *route = longestMatch(*node.report, mDestination);
    if (!route || route->destination != subnet || route->device != kBridge || !route->gateway.isNull())
        return fail(Stage::RouteLookup, node.lease, QStringLiteral("%1 is not routed to %2 on the destination node").arg(mOut.destination, kBridge),
                    wanted.toString(), route ? route->toString() : QString(), node.lease);
    mFrame = mInner;
    lookupHop(*node.lease, *node.report, *route);
    if (!bridge(node, Stage::Bridge, false))
        return false;
    mFrame = QList<HeaderLayer>{ethernet(QStringLiteral("%1 -> pod eth0").arg(kBridge))} + mInner;
    mOut.hops.last().headers = mFrame;
    hop(Stage::Delivery, *node.lease, QStringLiteral("eth0"), QStringLiteral("pod %1 receives it").arg(mOut.destination), {}, 0, true);
    return true;
}

} // namespace tartan::tracing
