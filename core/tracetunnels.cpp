#include "tracerun.h"

#include "nodedrift.h"

#include <algorithm>

namespace tartan::tracing {

bool TraceRun::overlayDevice(const Node &node, const DesiredTables &desired, const QString &name)
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
    if (headerBytes(mInner) > device->mtu)
        return fail(Stage::Encapsulation, node.lease, QStringLiteral("the %1-byte packet exceeds %2's MTU %3").arg(headerBytes(mInner)).arg(name).arg(device->mtu));
    return true;
}

bool TraceRun::vxlan(const Node &node, const DesiredTables &desired, const Route &route, IpAddress *remote)
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

bool TraceRun::encapsulate(const Node &node, const QString &device, const IpAddress &to, const QList<HeaderLayer> &outer)
{
    const NodeReport &report = *node.report;
    mFrame = QList<HeaderLayer>{ethernet(QStringLiteral("%1 -> next hop to %2").arg(report.external.name, to.toString()))} + outer + mInner;
    hop(Stage::Encapsulation, *node.lease, device, QStringLiteral("%1 wraps the packet for %2").arg(device, to.toString()), {}, report.external.mtu);
    const int ipBytes = mFrame.size() > 1 ? headerBytes(mFrame) - kEthernet : 0;
    if (ipBytes > report.external.mtu)
        return fail(Stage::Encapsulation, node.lease,
                    QStringLiteral("the encapsulated %1-byte packet exceeds %2's MTU %3").arg(ipBytes).arg(report.external.name).arg(report.external.mtu));
    const Route *underlay = longestMatch(report, to);
    hop(Stage::Underlay, *node.lease, report.external.name,
        QStringLiteral("from %1 to %2 across the underlay").arg(externalAddress(report).toString(), to.toString()),
        underlay ? underlay->toString() : QString(), report.external.mtu);
    return true;
}

bool TraceRun::arrive(const Node &node, const IpAddress &outerDestination, const QString &device, const MacAddress &innerMac)
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

} // namespace tartan::tracing
