#include "pathtracer.h"

#include "leaseindex.h"
#include "nodedrift.h"

#include <algorithm>
#include <map>

namespace tartan {

namespace {

using Stage = PathHop::Stage;
using Family = IpAddress::Family;

constexpr int kEthernet = 14;
constexpr int kUdp = 8;
constexpr int kVxlan = 8;
constexpr int kIcmp = 8;
const QString kBridge = QStringLiteral("cni0"); // the CNI bridge plugin's device, as flannel's CNI config names it

int ipHeader(Family family)
{
    return family == Family::V6 ? 40 : 20;
}

HeaderLayer ipLayer(const IpAddress &from, const IpAddress &to, const QString &extra = {})
{
    return {from.isV6() ? QStringLiteral("IPv6") : QStringLiteral("IPv4"), ipHeader(from.family()),
            QStringLiteral("%1 -> %2%3").arg(from.toString(), to.toString(), extra)};
}

HeaderLayer ethernet(const QString &detail)
{
    return {QStringLiteral("Ethernet"), kEthernet, detail};
}

int totalBytes(const QList<HeaderLayer> &layers)
{
    int total = 0;
    for (const HeaderLayer &layer : layers)
        total += layer.bytes;
    return total;
}

/// One trace run: the steps append hops to `mOut`; each returns false once the trace has stopped.
class Run
{
public:
    Run(const NetworkConfig &config, const LeaseIndex &leases, const QList<NodeReport> &reports, PathTrace &out)
        : mConfig(config), mLeases(leases), mReports(reports), mOut(out)
    {}

    void trace(const IpAddress &source, const IpAddress &destination, int payload);

private:
    struct Endpoint
    {
        const Lease *lease = nullptr;
        bool pod = false; ///< inside the lease's subnet and not cni0's first address
    };
    struct Node
    {
        const Lease *lease = nullptr;
        const NodeReport *report = nullptr;
    };

    Endpoint resolve(const IpAddress &address) const;
    const NodeReport *reportOf(const Lease &lease) const;
    bool fail(Stage stage, const Lease *node, const QString &reason, const QString &expected = {},
              const QString &found = {}, const Lease *lease = nullptr);
    void hop(Stage stage, const Lease &node, const QString &device, const QString &summary, const QString &entry = {},
             int mtu = 0, bool inferred = false);
    /// The kernel's choice for `address` on a node: the longest prefix among the report's routes
    /// and the connected routes of its links' addresses (the kernel adds those itself, with
    /// protocol "kernel", and reports leave them out).
    const Route *longestMatch(const NodeReport &report, const IpAddress &address);
    /// Whether `route` is one of those connected routes rather than an entry of the report.
    static bool isConnected(const NodeReport &report, const Route &route);
    /// The hop of a route lookup, saying where the route comes from.
    void lookupHop(const Lease &node, const NodeReport &report, const Route &route);
    static const LinkState *link(const NodeReport &report, const QString &name);
    IpAddress externalAddress(const NodeReport &report) const;

    bool start(const Node &node, const Endpoint &from);
    /// cni0 checked on `node`; `sending`: the packet enters from a pod (else leaves to one, or ends at the node).
    bool bridge(const Node &node, Stage stage, bool sending);
    bool forward(const Node &node);
    bool overlayDevice(const Node &node, const DesiredTables &desired, const QString &name);
    bool vxlan(const Node &node, const DesiredTables &desired, const Route &route, IpAddress *remote);
    bool encapsulate(const Node &node, const QString &device, const IpAddress &to, QList<HeaderLayer> outer);
    bool arrive(const Node &node, const IpAddress &outerDestination, const QString &device, const MacAddress &innerMac);
    bool receive(const Node &node);

    const NetworkConfig &mConfig;
    const LeaseIndex &mLeases;
    const QList<NodeReport> &mReports;
    PathTrace &mOut;

    IpAddress mSource;
    IpAddress mDestination;
    Family mFamily = Family::None;
    Endpoint mTarget;
    QList<HeaderLayer> mInner; ///< the IP packet itself: IP + ICMP + payload
    QList<HeaderLayer> mFrame; ///< what is on the wire at the current hop
    std::map<const NodeReport *, QList<Route>> mRoutes; ///< longestMatch's routes per report
};

Run::Endpoint Run::resolve(const IpAddress &address) const
{
    if (const Lease *lease = mLeases.containing(address))
        return {lease, LeaseIndex::subnetOf(lease->subnet, address.family()).firstHost() != address};
    return {mLeases.withPublicIp(address), false};
}

const NodeReport *Run::reportOf(const Lease &lease) const
{
    for (const NodeReport &report : mReports)
        if (report.summary.lease == lease.subnet)
            return &report;
    return nullptr;
}

bool Run::fail(Stage stage, const Lease *node, const QString &reason, const QString &expected, const QString &found,
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

void Run::hop(Stage stage, const Lease &node, const QString &device, const QString &summary, const QString &entry,
              int mtu, bool inferred)
{
    mOut.hops << PathHop{stage, node.subnet, LeaseIndex::describe(node), device, summary, entry, inferred, mFrame, mtu};
}

const Route *Run::longestMatch(const NodeReport &report, const IpAddress &address)
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

bool Run::isConnected(const NodeReport &report, const Route &route)
{
    return !report.tables.routes.contains(route);
}

void Run::lookupHop(const Lease &node, const NodeReport &report, const Route &route)
{
    const bool connected = isConnected(report, route);
    hop(Stage::RouteLookup, node, route.device,
        QStringLiteral("longest prefix match for %1%2")
            .arg(mOut.destination, connected ? QStringLiteral(": the connected route of %1's address").arg(route.device) : QString()),
        route.toString(), 0, connected);
}

const LinkState *Run::link(const NodeReport &report, const QString &name)
{
    const auto found = std::find_if(report.links.begin(), report.links.end(), [&](const LinkState &l) { return l.name == name; });
    return found == report.links.end() ? nullptr : &*found;
}

IpAddress Run::externalAddress(const NodeReport &report) const
{
    return mFamily == Family::V6 ? report.external.ipv6 : report.external.ipv4;
}

void Run::trace(const IpAddress &source, const IpAddress &destination, int payload)
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

bool Run::start(const Node &node, const Endpoint &from)
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

bool Run::bridge(const Node &node, Stage stage, bool sending)
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

bool Run::forward(const Node &node)
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
        if (totalBytes(mInner) > extMtu)
            return fail(Stage::Underlay, node.lease, QStringLiteral("the %1-byte packet exceeds %2's MTU %3").arg(totalBytes(mInner)).arg(route->device).arg(extMtu));
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

bool Run::overlayDevice(const Node &node, const DesiredTables &desired, const QString &name)
{
    const auto planned = std::find_if(desired.devices.begin(), desired.devices.end(), [&](const OverlayDevice &d) { return d.name == name; });
    const QString expected = planned != desired.devices.end() ? linkText(*planned, mConfig.backend) : name;
    const LinkState *device = link(*node.report, name);
    if (!device)
        return fail(Stage::Encapsulation, node.lease, QStringLiteral("no device %1 on the node").arg(name), expected, {}, node.lease);
    if (planned != desired.devices.end() && device->mtu != planned->mtu)
        return fail(Stage::Encapsulation, node.lease,
                    QStringLiteral("%1 has MTU %2, the network needs %3 (%4's %5 less the encapsulation)")
                        .arg(name).arg(device->mtu).arg(planned->mtu).arg(node.report->external.name).arg(node.report->external.mtu),
                    expected, linkText(*device), node.lease);
    if (!device->up)
        return fail(Stage::Encapsulation, node.lease, QStringLiteral("%1 is down").arg(name), expected, linkText(*device), node.lease);
    if (totalBytes(mInner) > device->mtu)
        return fail(Stage::Encapsulation, node.lease, QStringLiteral("the %1-byte packet exceeds %2's MTU %3").arg(totalBytes(mInner)).arg(name).arg(device->mtu));
    return true;
}

bool Run::vxlan(const Node &node, const DesiredTables &desired, const Route &route, IpAddress *remote)
{
    const Neighbour::Key neighbourKey{route.device, route.gateway};
    const auto wantedNeighbour = std::find_if(desired.tables.neighbours.begin(), desired.tables.neighbours.end(),
                                              [&](const Neighbour &n) { return n.key() == neighbourKey; });
    const auto neighbour = std::find_if(node.report->tables.neighbours.begin(), node.report->tables.neighbours.end(),
                                        [&](const Neighbour &n) { return n.key() == neighbourKey; });
    const QString expectedNeighbour = wantedNeighbour != desired.tables.neighbours.end() ? wantedNeighbour->toString() : QString();
    if (neighbour == node.report->tables.neighbours.end() || neighbour->mac.isNull())
        return fail(Stage::Neighbour, node.lease, QStringLiteral("no neighbour entry for %1 on %2").arg(route.gateway.toString(), route.device),
                    expectedNeighbour, neighbour == node.report->tables.neighbours.end() ? QString() : neighbour->toString(), mTarget.lease);
    if (wantedNeighbour == desired.tables.neighbours.end() || *neighbour != *wantedNeighbour)
        return fail(Stage::Neighbour, node.lease, QStringLiteral("stale neighbour entry for %1 on %2").arg(route.gateway.toString(), route.device),
                    expectedNeighbour, neighbour->toString(), mTarget.lease);
    hop(Stage::Neighbour, *node.lease, route.device,
        QStringLiteral("gateway %1 resolves to the remote VTEP MAC %2").arg(route.gateway.toString(), neighbour->mac.toString()), neighbour->toString());

    const FdbEntry::Key fdbKey{route.device, neighbour->mac};
    const auto wantedFdb = std::find_if(desired.tables.fdb.begin(), desired.tables.fdb.end(), [&](const FdbEntry &f) { return f.key() == fdbKey; });
    const auto fdb = std::find_if(node.report->tables.fdb.begin(), node.report->tables.fdb.end(), [&](const FdbEntry &f) { return f.key() == fdbKey; });
    const QString expectedFdb = wantedFdb != desired.tables.fdb.end() ? wantedFdb->toString() : QString();
    if (fdb == node.report->tables.fdb.end())
        return fail(Stage::Fdb, node.lease, QStringLiteral("no FDB entry for %1 on %2").arg(neighbour->mac.toString(), route.device), expectedFdb, {}, mTarget.lease);
    if (wantedFdb == desired.tables.fdb.end() || *fdb != *wantedFdb)
        return fail(Stage::Fdb, node.lease, QStringLiteral("stale FDB entry for %1 on %2").arg(neighbour->mac.toString(), route.device), expectedFdb,
                    fdb->toString(), mTarget.lease);
    hop(Stage::Fdb, *node.lease, route.device, QStringLiteral("VTEP MAC %1 is at %2").arg(neighbour->mac.toString(), fdb->destination.toString()), fdb->toString());

    const LinkState *device = link(*node.report, route.device);
    const int port = device->vxlan && device->vxlan->port ? device->vxlan->port : mConfig.backend.vxlan.effectivePort();
    const std::uint32_t vni = device->vxlan ? device->vxlan->vni : mConfig.backend.vxlan.vni;
    const IpAddress local = device->vxlan && !device->vxlan->local.isNull() ? device->vxlan->local : externalAddress(*node.report);
    mInner.prepend(ethernet(QStringLiteral("%1 -> %2").arg(device->mac.toString(), neighbour->mac.toString())));
    *remote = fdb->destination;
    return encapsulate(node, route.device, fdb->destination,
                       {ipLayer(local, fdb->destination), {QStringLiteral("UDP"), kUdp, QStringLiteral("dport %1").arg(port)},
                        {QStringLiteral("VXLAN"), kVxlan, QStringLiteral("VNI %1").arg(vni)}});
}

bool Run::encapsulate(const Node &node, const QString &device, const IpAddress &to, QList<HeaderLayer> outer)
{
    const NodeReport &report = *node.report;
    mFrame = QList<HeaderLayer>{ethernet(QStringLiteral("%1 -> next hop to %2").arg(report.external.name, to.toString()))} + outer + mInner;
    hop(Stage::Encapsulation, *node.lease, device, QStringLiteral("%1 wraps the packet for %2").arg(device, to.toString()), {}, report.external.mtu);
    const int ipBytes = mFrame.size() > 1 ? totalBytes(mFrame) - kEthernet : 0;
    if (ipBytes > report.external.mtu)
        return fail(Stage::Encapsulation, node.lease,
                    QStringLiteral("the encapsulated %1-byte packet exceeds %2's MTU %3").arg(ipBytes).arg(report.external.name).arg(report.external.mtu));
    const Route *underlay = longestMatch(report, to);
    hop(Stage::Underlay, *node.lease, report.external.name,
        QStringLiteral("from %1 to %2 across the underlay").arg(externalAddress(report).toString(), to.toString()),
        underlay ? underlay->toString() : QString(), report.external.mtu);
    return true;
}

bool Run::arrive(const Node &node, const IpAddress &outerDestination, const QString &device, const MacAddress &innerMac)
{
    if (!node.report)
        return fail(Stage::Decapsulation, node.lease, QStringLiteral("no report from the destination node: its tables are unknown"), {}, {}, node.lease);
    if (externalAddress(*node.report) != outerDestination)
        return fail(Stage::Underlay, node.lease,
                    QStringLiteral("%1 is not the destination node's address (its %2 has %3)")
                        .arg(outerDestination.toString(), node.report->external.name, externalAddress(*node.report).toString()),
                    {}, {}, node.lease);
    if (!device.isEmpty()) {
        const LinkState *decap = link(*node.report, device);
        if (!decap)
            return fail(Stage::Decapsulation, node.lease, QStringLiteral("no device %1 on the destination node").arg(device), {}, {}, node.lease);
        if (!innerMac.isNull() && decap->mac != innerMac)
            return fail(Stage::Decapsulation, node.lease,
                        QStringLiteral("the inner frame goes to VTEP MAC %1 (the lease's VtepMAC), %2 has %3: dropped")
                            .arg(innerMac.toString(), device, decap->mac.toString()),
                        innerMac.toString(), decap->mac.toString(), node.lease);
        if (!innerMac.isNull())
            mInner.removeFirst(); // the inner Ethernet header ends at the VTEP
        mFrame = mInner;
        hop(Stage::Decapsulation, *node.lease, device, QStringLiteral("%1 takes the outer headers off").arg(device), {}, decap->mtu);
    }
    return receive(node);
}

bool Run::receive(const Node &node)
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

} // namespace

PathTracer::PathTracer(NetworkConfig config, QList<Lease> leases, QList<NodeReport> reports)
    : mConfig(std::move(config)), mLeases(std::move(leases)), mReports(std::move(reports))
{
}

PathTrace PathTracer::trace(const IpAddress &source, const IpAddress &destination, int payload) const
{
    PathTrace out;
    const LeaseIndex index(mLeases);
    Run(mConfig, index, mReports, out).trace(source, destination, payload);
    return out;
}

} // namespace tartan
