#include "desiredtables.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace tartan {

namespace {

using Family = IpAddress::Family;

// Encapsulation overhead per backend and underlay family (flannel-compat.md section 3, pain point 14:
// an IPv6 outer header is 20 bytes longer than an IPv4 one).
constexpr int kVxlanOverheadV4 = 50;
constexpr int kVxlanOverheadV6 = 70;
constexpr int kIpIpOverhead = 20;
constexpr int kUdpOverhead = 28;
// The smallest MTU each family allows on a link (RFC 791, RFC 8200).
constexpr int kMinMtuV4 = 68;
constexpr int kMinMtuV6 = 1280;

const QString kPublicIpField[] = {QString(), QStringLiteral("PublicIP"), QStringLiteral("PublicIPv6")};
const QString kNetworkField[] = {QString(), QStringLiteral("Network"), QStringLiteral("IPv6Network")};
const QString kSubnetLenField[] = {QString(), QStringLiteral("SubnetLen"), QStringLiteral("IPv6SubnetLen")};

int index(Family family)
{
    return static_cast<int>(family);
}

IpNetwork subnetOf(const SubnetKey &key, Family family)
{
    return family == Family::V4 ? key.ipv4 : key.ipv6;
}

// Null when the lease has none: flannel writes "0.0.0.0" as the PublicIP of an IPv6-only node, and
// two such nodes must not look like one address.
IpAddress publicIpOf(const LeaseAttrs &attrs, Family family)
{
    const IpAddress address = family == Family::V4 ? attrs.publicIp : attrs.publicIpv6;
    return address.bits() == 0 ? IpAddress() : address;
}

Result<VxlanBackendData> vxlanDataOf(const LeaseAttrs &attrs, Family family)
{
    return family == Family::V4 ? attrs.vxlanData() : attrs.vxlanV6Data();
}

IpAddress externalAddressOf(const ExternalInterface &ext, Family family)
{
    return family == Family::V4 ? ext.ipv4 : ext.ipv6;
}

QList<Family> enabledFamilies(const NetworkConfig &config)
{
    QList<Family> families;
    if (config.enableIPv4)
        families << Family::V4;
    if (config.enableIPv6)
        families << Family::V6;
    return families;
}

QString leasePrefix(const SubnetKey &key)
{
    return QStringLiteral("lease %1: ").arg(key.toString());
}

// One family of one peer that passed the per-lease and per-family checks.
struct Candidate
{
    const Lease *lease = nullptr;
    IpNetwork subnet;
    IpAddress publicIp;
    MacAddress vtepMac;  // vxlan only
    bool direct = false; // routed via the external interface rather than the overlay device
    bool excluded = false;
};

// Everything compute() works with for one family.
struct FamilyPlan
{
    Family family = Family::None;
    const AddressPool *pool = nullptr;
    IpNetwork ownSubnet;
    MacAddress ownVtepMac;
    QString device;
    QList<Candidate> candidates;
};

class Planner
{
public:
    Planner(const NetworkConfig &config, const Lease &own, const ExternalInterface &ext)
        : mConfig(config), mBackend(config.backend), mOwn(own), mExt(ext)
    {}

    Status planDevices(DesiredTables &out);
    void planPeers(const QList<Lease> &peers, DesiredTables &out);

private:
    std::optional<QString> leaseProblem(const Lease &peer) const;
    std::optional<QString> familyProblem(const FamilyPlan &plan, const Lease &peer,
                                         Candidate &candidate) const;
    void excludeConflicts(FamilyPlan &plan);
    void excludeShared(const QList<QList<Candidate *>> &groups, Family family,
                       const std::function<QString(const Candidate &, const QString &)> &describe);
    void emitEntries(const FamilyPlan &plan, DesiredTables &out) const;
    void exclude(const Lease &peer, Family family, const QString &problem);

    const NetworkConfig &mConfig;
    const BackendConfig &mBackend;
    const Lease &mOwn;
    const ExternalInterface &mExt;
    QList<FamilyPlan> mPlans;
    QList<Exclusion> mExclusions;
};

Status Planner::planDevices(DesiredTables &out)
{
    const BackendType type = mBackend.type;
    const QString backendName = backendTypeName(type);
    if (type != BackendType::Vxlan && type != BackendType::HostGw && type != BackendType::IpIp &&
        type != BackendType::Udp) {
        return Error(QStringLiteral("backend %1: not supported by Tartan (vxlan, host-gw, ipip and udp are)")
                         .arg(backendName));
    }
    const QList<Family> families = enabledFamilies(mConfig);
    if (families.isEmpty())
        return Error(QStringLiteral("network config: neither IPv4 nor IPv6 is enabled"));
    if ((type == BackendType::IpIp || type == BackendType::Udp) && mConfig.enableIPv6)
        return Error(QStringLiteral("backend %1: IPv4 only, but EnableIPv6 is set").arg(backendName));
    if (mExt.name.isEmpty())
        return Error(QStringLiteral("external interface: no name"));
    if (mExt.mtu <= 0)
        return Error(
            QStringLiteral("external interface %1: MTU %2 is not positive").arg(mExt.name).arg(mExt.mtu));

    out.mtu = mExt.mtu;
    int smallestMtu = 0;
    for (Family family : families) {
        FamilyPlan plan;
        plan.family = family;
        plan.pool = mConfig.pool(family);
        plan.ownSubnet = subnetOf(mOwn.subnet, family);
        plan.device = overlayDeviceName(mBackend, family);
        if (plan.ownSubnet.isNull()) {
            return Error(QStringLiteral("own lease %1: no %2 subnet, but %2 is enabled")
                             .arg(mOwn.subnet.toString(), familyName(family)));
        }
        if (type == BackendType::Vxlan) {
            // Our own VtepMAC, when our lease carries it, must not be claimed by a peer.
            if (const auto data = vxlanDataOf(mOwn.attrs, family); data.ok())
                plan.ownVtepMac = data->vtepMac;
        }
        mPlans << plan;
        if (plan.device.isEmpty())
            continue; // host-gw: no device

        OverlayDevice device;
        device.name = plan.device;
        device.family = family;
        device.address = IpNetwork(plan.ownSubnet.address(), plan.ownSubnet.address().bitWidth());
        int base = mExt.mtu;
        int overhead = kUdpOverhead;
        if (type == BackendType::Vxlan) {
            if (mBackend.vxlan.mtu > 0)
                base = mBackend.vxlan.mtu;
            overhead = family == Family::V4 ? kVxlanOverheadV4 : kVxlanOverheadV6;
        } else if (type == BackendType::IpIp) {
            overhead = kIpIpOverhead;
        }
        device.mtu = base - overhead;
        const int minimum = family == Family::V4 ? kMinMtuV4 : kMinMtuV6;
        if (device.mtu < minimum) {
            return Error(QStringLiteral("%1: MTU %2 (%3 - %4) is below the %5 minimum of %6")
                             .arg(device.name)
                             .arg(device.mtu)
                             .arg(base)
                             .arg(overhead)
                             .arg(familyName(family))
                             .arg(minimum));
        }
        if (type != BackendType::Udp) {
            // vxlan and ipip tunnel over the external interface's address of the same family.
            device.local = externalAddressOf(mExt, family);
            if (device.local.isNull()) {
                return Error(QStringLiteral("external interface %1: no %2 address for %3's tunnel")
                                 .arg(mExt.name, familyName(family), device.name));
            }
        }
        smallestMtu = smallestMtu == 0 ? device.mtu : std::min(smallestMtu, device.mtu);
        out.devices << device;
    }
    if (smallestMtu > 0)
        out.mtu = smallestMtu;
    if (type == BackendType::Udp) {
        // The TUN carries the whole cluster network; the userspace proxy picks the peer.
        out.tables.routes << Route{mConfig.ipv4.network, kMainRouteTable, IpAddress(), mPlans.first().device,
                                   false};
    }
    return {};
}

std::optional<QString> Planner::leaseProblem(const Lease &peer) const
{
    for (Family family : {Family::V4, Family::V6}) {
        const IpAddress theirs = publicIpOf(peer.attrs, family);
        if (!theirs.isNull() && theirs == publicIpOf(mOwn.attrs, family)) {
            return QStringLiteral("%1 %2 is this node's own address")
                .arg(kPublicIpField[index(family)], theirs.toString());
        }
    }
    // flannel filters peer events by BackendType for every backend but udp.
    const QString expected = backendTypeName(mBackend.type);
    if (mBackend.type != BackendType::Udp && peer.attrs.backendType != expected)
        return QStringLiteral("BackendType \"%1\" is not \"%2\"").arg(peer.attrs.backendType, expected);
    return std::nullopt;
}

std::optional<QString> Planner::familyProblem(const FamilyPlan &plan, const Lease &peer,
                                              Candidate &candidate) const
{
    const Family family = plan.family;
    const QString name = familyName(family);
    const IpNetwork &subnet = candidate.subnet;
    if (!plan.pool->network.contains(subnet)) {
        return QStringLiteral("%1 subnet %2 is outside %3 %4")
            .arg(name, subnet.toString(), kNetworkField[index(family)], plan.pool->network.toString());
    }
    if (subnet.prefixLength() != plan.pool->subnetLength) {
        return QStringLiteral("%1 subnet %2 is not /%3 long (%4)")
            .arg(name, subnet.toString())
            .arg(plan.pool->subnetLength)
            .arg(kSubnetLenField[index(family)]);
    }
    if (subnet.overlaps(plan.ownSubnet))
        return QStringLiteral("%1 subnet %2 overlaps this node's subnet %3")
            .arg(name, subnet.toString(), plan.ownSubnet.toString());
    const QString &publicIpField = kPublicIpField[index(family)];
    if (candidate.publicIp.isNull())
        return QStringLiteral("no %1 for its %2 subnet").arg(publicIpField, name);
    if (candidate.publicIp.family() != family)
        return QStringLiteral("%1 %2 is not an %3 address")
            .arg(publicIpField, candidate.publicIp.toString(), name);

    const bool onLink = mExt.isOnLink(candidate.publicIp);
    switch (mBackend.type) {
    case BackendType::Vxlan: {
        const auto data = vxlanDataOf(peer.attrs, family);
        if (!data)
            return data.error().message(); // names the field: "lease value: BackendData.VtepMAC: missing"
        candidate.vtepMac = data->vtepMac;
        candidate.direct = mBackend.vxlan.directRouting && onLink;
        if (!candidate.direct && candidate.vtepMac == plan.ownVtepMac)
            return QStringLiteral("VtepMAC %1 is this node's own").arg(candidate.vtepMac.toString());
        break;
    }
    case BackendType::HostGw:
        if (!onLink) {
            return QStringLiteral("%1 %2 is not on-link on %3 (host-gw needs the nodes on one L2 segment)")
                .arg(publicIpField, candidate.publicIp.toString(), mExt.name);
        }
        candidate.direct = true;
        break;
    case BackendType::IpIp:
        candidate.direct = mBackend.ipip.directRouting && onLink;
        break;
    default:
        break; // udp: the userspace proxy needs nothing more
    }
    return std::nullopt;
}

void Planner::exclude(const Lease &peer, Family family, const QString &problem)
{
    mExclusions << Exclusion{peer.subnet, family, leasePrefix(peer.subnet) + problem};
}

void Planner::excludeShared(const QList<QList<Candidate *>> &groups, Family family,
                            const std::function<QString(const Candidate &, const QString &)> &describe)
{
    for (const QList<Candidate *> &group : groups) {
        if (group.size() < 2)
            continue;
        for (Candidate *candidate : group) {
            QStringList others;
            for (const Candidate *other : group) {
                if (other != candidate)
                    others << other->lease->subnet.toString();
            }
            candidate->excluded = true;
            const QString leases = others.size() == 1 ? QStringLiteral("lease ") : QStringLiteral("leases ");
            exclude(*candidate->lease, family,
                    describe(*candidate, leases + others.join(QStringLiteral(", "))));
        }
    }
}

void Planner::excludeConflicts(FamilyPlan &plan)
{
    const QString name = familyName(plan.family);
    const auto byKey = [](const Candidate *a, const Candidate *b) {
        return a->lease->subnet < b->lease->subnet;
    };

    // Subnets: sorted by address, a candidate joins the group when it starts before the group ends.
    QList<Candidate *> members;
    for (Candidate &candidate : plan.candidates)
        members << &candidate;
    std::stable_sort(members.begin(), members.end(), [&](const Candidate *a, const Candidate *b) {
        return a->subnet != b->subnet ? a->subnet < b->subnet : byKey(a, b);
    });
    QList<QList<Candidate *>> groups;
    IpAddress groupEnd;
    for (Candidate *candidate : members) {
        if (groups.isEmpty() || candidate->subnet.address() > groupEnd) {
            groups.append(QList<Candidate *>{candidate});
            groupEnd = candidate->subnet.lastAddress();
        } else {
            groups.last() << candidate;
            groupEnd = std::max(groupEnd, candidate->subnet.lastAddress());
        }
    }
    excludeShared(groups, plan.family, [&](const Candidate &candidate, const QString &others) {
        return QStringLiteral("%1 subnet %2 is also claimed by %3")
            .arg(name, candidate.subnet.toString(), others);
    });

    // VtepMACs: the device holds one FDB entry per MAC, so a MAC shared by tunnelled peers is ambiguous.
    if (mBackend.type != BackendType::Vxlan)
        return;
    members.clear();
    for (Candidate &candidate : plan.candidates) {
        if (!candidate.excluded && !candidate.direct)
            members << &candidate;
    }
    std::stable_sort(members.begin(), members.end(), [&](const Candidate *a, const Candidate *b) {
        return a->vtepMac != b->vtepMac ? a->vtepMac < b->vtepMac : byKey(a, b);
    });
    groups.clear();
    for (Candidate *candidate : members) {
        if (groups.isEmpty() || groups.last().first()->vtepMac != candidate->vtepMac)
            groups.append(QList<Candidate *>{candidate});
        else
            groups.last() << candidate;
    }
    excludeShared(groups, plan.family, [](const Candidate &candidate, const QString &others) {
        return QStringLiteral("VtepMAC %1 is also advertised by %2")
            .arg(candidate.vtepMac.toString(), others);
    });
}

void Planner::emitEntries(const FamilyPlan &plan, DesiredTables &out) const
{
    // At most one entry of each kind per candidate: reserving once keeps the lists from growing by
    // doubling, which at 10,000 peers left megabytes of spare capacity in the agent's peak memory.
    const qsizetype most = plan.candidates.size();
    out.peers.reserve(out.peers.size() + most);
    out.tables.routes.reserve(out.tables.routes.size() + most);
    if (mBackend.type == BackendType::Vxlan) {
        out.tables.neighbours.reserve(out.tables.neighbours.size() + most);
        out.tables.fdb.reserve(out.tables.fdb.size() + most);
    }
    for (const Candidate &candidate : plan.candidates) {
        if (candidate.excluded)
            continue;
        out.peers << candidate.lease->subnet;
        const IpNetwork &subnet = candidate.subnet;
        if (mBackend.type == BackendType::Udp)
            continue;
        if (candidate.direct) {
            out.tables.routes << Route{subnet, kMainRouteTable, candidate.publicIp, mExt.name, false};
            continue;
        }
        if (mBackend.type == BackendType::Vxlan) {
            // flannel's order: the neighbour and FDB entry make the route's gateway resolvable.
            out.tables.neighbours << Neighbour{plan.device, subnet.address(), candidate.vtepMac, true};
            out.tables.fdb << FdbEntry{plan.device, candidate.vtepMac, candidate.publicIp, true};
            out.tables.routes << Route{subnet, kMainRouteTable, subnet.address(), plan.device, true};
        } else { // ipip
            out.tables.routes << Route{subnet, kMainRouteTable, candidate.publicIp, plan.device, true};
        }
    }
}

void Planner::planPeers(const QList<Lease> &peers, DesiredTables &out)
{
    QList<const Lease *> sorted;
    for (const Lease &peer : peers)
        sorted << &peer;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Lease *a, const Lease *b) { return a->subnet < b->subnet; });

    QStringList enabledNames;
    for (const FamilyPlan &plan : mPlans)
        enabledNames << familyName(plan.family);

    for (const Lease *peer : sorted) {
        if (peer->subnet == mOwn.subnet)
            continue; // our own lease, as a full listing returns it
        if (const auto problem = leaseProblem(*peer)) {
            exclude(*peer, Family::None, *problem);
            continue;
        }
        bool hasSubnet = false;
        for (FamilyPlan &plan : mPlans) {
            Candidate candidate;
            candidate.lease = peer;
            candidate.subnet = subnetOf(peer->subnet, plan.family);
            candidate.publicIp = publicIpOf(peer->attrs, plan.family);
            if (candidate.subnet.isNull())
                continue; // a single-stack peer in a dual-stack cluster: the other family is simply absent
            hasSubnet = true;
            if (const auto problem = familyProblem(plan, *peer, candidate))
                exclude(*peer, plan.family, *problem);
            else
                plan.candidates << candidate;
        }
        if (!hasSubnet)
            exclude(*peer, Family::None,
                    QStringLiteral("no subnet of an enabled family (%1)")
                        .arg(enabledNames.join(QStringLiteral(", "))));
    }

    for (FamilyPlan &plan : mPlans) {
        excludeConflicts(plan);
        emitEntries(plan, out);
    }
    std::sort(out.peers.begin(), out.peers.end());
    out.peers.erase(std::unique(out.peers.begin(), out.peers.end()), out.peers.end());
    std::sort(mExclusions.begin(), mExclusions.end(), [](const Exclusion &a, const Exclusion &b) {
        if (a.lease != b.lease)
            return a.lease < b.lease;
        if (a.family != b.family)
            return a.family < b.family;
        return a.reason < b.reason;
    });
    out.exclusions = mExclusions;
}

} // namespace

bool ExternalInterface::isOnLink(const IpAddress &address) const
{
    return !address.isNull() &&
           std::any_of(onLinkPrefixes.begin(), onLinkPrefixes.end(),
                       [&](const IpNetwork &prefix) { return prefix.contains(address); });
}

QString overlayDeviceName(const BackendConfig &backend, IpAddress::Family family)
{
    switch (backend.type) {
    case BackendType::Vxlan:
        if (family == Family::V4)
            return QStringLiteral("flannel.%1").arg(backend.vxlan.vni);
        if (family == Family::V6)
            return QStringLiteral("flannel-v6.%1").arg(backend.vxlan.vni);
        break;
    case BackendType::IpIp:
        if (family == Family::V4)
            return QStringLiteral("flannel.ipip");
        break;
    case BackendType::Udp:
        if (family == Family::V4)
            return QStringLiteral("flannel0");
        break;
    default:
        break;
    }
    return {};
}

TableOwnership tartanOwnership(const NetworkConfig &config, const QString &externalInterface)
{
    TableOwnership ownership;
    ownership.externalDevice = externalInterface;
    for (Family family : enabledFamilies(config)) {
        const QString device = overlayDeviceName(config.backend, family);
        if (!device.isEmpty())
            ownership.devices << device;
        ownership.networks << config.pool(family)->network;
    }
    return ownership;
}

Result<DesiredTables> DesiredTables::compute(const NetworkConfig &config, const Lease &own,
                                             const ExternalInterface &externalInterface,
                                             const QList<Lease> &peers)
{
    DesiredTables out;
    Planner planner(config, own, externalInterface);
    if (const Status status = planner.planDevices(out); !status)
        return status.error();
    planner.planPeers(peers, out);
    out.tables.sort();
    return out;
}

} // namespace tartan
