#pragma once

#include "desiredtables.h"
#include "leaseindex.h"
#include "networkconfig.h"
#include "nodereport.h"
#include "pathtrace.h"

#include <map>

/// The inside of PathTracer (pathtracer.h): one trace run, walking a packet through the reports.
/// tracerun.cpp holds the walk on the nodes (source, bridge, route lookups, delivery), tracetunnels.cpp
/// the overlay devices and the encapsulation. Not for use outside PathTracer.
namespace tartan::tracing {

using Stage = PathHop::Stage;
using Family = IpAddress::Family;

inline constexpr int kEthernet = 14;
inline constexpr int kUdp = 8;
inline constexpr int kVxlan = 8;
inline constexpr int kIcmp = 8;
inline const QString kBridge = QStringLiteral("cni0"); // the CNI bridge plugin's device, as flannel's CNI config names it

inline int ipHeader(Family family)
{
    return family == Family::V6 ? 40 : 20;
}

inline HeaderLayer ipLayer(const IpAddress &from, const IpAddress &to, const QString &extra = {})
{
    return {from.isV6() ? QStringLiteral("IPv6") : QStringLiteral("IPv4"), ipHeader(from.family()),
            QStringLiteral("%1 -> %2%3").arg(from.toString(), to.toString(), extra)};
}

inline HeaderLayer ethernet(const QString &detail)
{
    return {QStringLiteral("Ethernet"), kEthernet, detail};
}

/// One trace: the steps append hops to the PathTrace; each returns false once the trace has stopped.
class TraceRun
{
public:
    TraceRun(const NetworkConfig &config, const LeaseIndex &leases, const QList<NodeReport> &reports, PathTrace &out)
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
    bool encapsulate(const Node &node, const QString &device, const IpAddress &to, const QList<HeaderLayer> &outer);
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

} // namespace tartan::tracing
