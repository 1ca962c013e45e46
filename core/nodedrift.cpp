#include "nodedrift.h"

#include <algorithm>

namespace tartan {

namespace {

using Kind = DriftEntry::Kind;
using Table = DriftEntry::Table;

QString deviceKind(BackendType type)
{
    switch (type) {
    case BackendType::Vxlan:
        return QStringLiteral("vxlan");
    case BackendType::IpIp:
        return QStringLiteral("ipip");
    default:
        return QStringLiteral("tun");
    }
}

/// Builds the entries of one node; the lease lookups decide which lease explains each.
class DriftBuilder
{
public:
    DriftBuilder(const DesiredTables &desired, NodeDrift &out) : mDesired(desired), mOut(out)
    {}

    void add(Kind kind, Table table, const QString &desired, const QString &actual, QString detail, const Lease *lease)
    {
        DriftEntry entry{kind, table, desired, actual, std::move(detail), {}, {}};
        if (lease) {
            entry.lease = lease->subnet;
            entry.leaseText = LeaseIndex::describe(*lease);
        }
        mOut.entries << entry;
    }

    /// Why an entry that matches `lease` is not desired: the lease's exclusion, if it has one.
    QString extraDetail(const Lease *lease) const
    {
        if (!lease)
            return QStringLiteral("no lease explains it");
        if (lease->subnet == mOut.node)
            return QStringLiteral("inside this node's own subnet");
        QStringList reasons;
        for (const Exclusion &exclusion : mDesired.exclusions)
            if (exclusion.lease == lease->subnet)
                reasons << exclusion.reason;
        if (!reasons.isEmpty())
            return QStringLiteral("excluded: ") + reasons.join(QStringLiteral("; "));
        return QStringLiteral("not what the lease calls for");
    }

    template <typename Entry, typename Explain, typename Describe>
    void addDiff(Table table, const EntryDiff<Entry> &diff, Explain explain, Describe difference)
    {
        for (const Entry &entry : diff.add)
            add(Kind::Missing, table, entry.toString(), {}, {}, explain(entry));
        for (const EntryPair<Entry> &pair : diff.replace)
            add(Kind::Stale, table, pair.desired.toString(), pair.actual.toString(), difference(pair.actual, pair.desired),
                explain(pair.desired));
        for (const EntryPair<Entry> &pair : diff.blocked)
            add(Kind::Stale, table, pair.desired.toString(), pair.actual.toString(),
                QStringLiteral("held by an entry Tartan does not own"), explain(pair.desired));
        for (const Entry &entry : diff.remove) {
            const Lease *lease = explain(entry);
            add(Kind::Extra, table, {}, entry.toString(), extraDetail(lease), lease);
        }
    }

private:
    const DesiredTables &mDesired;
    NodeDrift &mOut;
};

QString differs(const QString &what, const QString &actual, const QString &desired)
{
    return QStringLiteral("%1 %2, not %3").arg(what, actual.isEmpty() ? QStringLiteral("none") : actual,
                                              desired.isEmpty() ? QStringLiteral("none") : desired);
}

QString routeDifference(const Route &actual, const Route &desired)
{
    QStringList parts;
    if (actual.gateway != desired.gateway)
        parts << differs(QStringLiteral("gateway"), actual.gateway.toString(), desired.gateway.toString());
    if (actual.device != desired.device)
        parts << differs(QStringLiteral("dev"), actual.device, desired.device);
    if (actual.onlink != desired.onlink)
        parts << (desired.onlink ? QStringLiteral("onlink flag missing") : QStringLiteral("onlink flag set"));
    return parts.join(QStringLiteral("; "));
}

QString neighbourDifference(const Neighbour &actual, const Neighbour &desired)
{
    QStringList parts;
    if (actual.mac != desired.mac)
        parts << differs(QStringLiteral("lladdr"), actual.mac.toString(), desired.mac.toString());
    if (actual.permanent != desired.permanent)
        parts << QStringLiteral("not PERMANENT");
    return parts.join(QStringLiteral("; "));
}

QString fdbDifference(const FdbEntry &actual, const FdbEntry &desired)
{
    QStringList parts;
    if (actual.destination != desired.destination)
        parts << differs(QStringLiteral("dst"), actual.destination.toString(), desired.destination.toString());
    if (actual.permanent != desired.permanent)
        parts << QStringLiteral("not permanent");
    return parts.join(QStringLiteral("; "));
}

void compareLinks(const NetworkConfig &config, const NodeReport &report, const DesiredTables &desired,
                  const Lease *own, DriftBuilder &builder)
{
    for (const OverlayDevice &device : desired.devices) {
        const QString wanted = linkText(device, config.backend);
        const auto found = std::find_if(report.links.begin(), report.links.end(),
                                        [&](const LinkState &link) { return link.name == device.name; });
        if (found == report.links.end()) {
            builder.add(Kind::Missing, Table::Link, wanted, {}, {}, own);
            continue;
        }
        QStringList problems;
        const QString kind = deviceKind(config.backend.type);
        if (found->kind != kind)
            problems << differs(QStringLiteral("kind"), found->kind, kind);
        if (found->mtu != device.mtu)
            problems << differs(QStringLiteral("mtu"), QString::number(found->mtu), QString::number(device.mtu));
        if (!found->up)
            problems << QStringLiteral("down");
        if (config.backend.type == BackendType::Vxlan && found->vxlan) {
            const VxlanAttributes &vxlan = *found->vxlan;
            if (vxlan.vni != config.backend.vxlan.vni)
                problems << differs(QStringLiteral("id"), QString::number(vxlan.vni), QString::number(config.backend.vxlan.vni));
            if (vxlan.local != device.local)
                problems << differs(QStringLiteral("local"), vxlan.local.toString(), device.local.toString());
            if (vxlan.port != config.backend.vxlan.effectivePort())
                problems << differs(QStringLiteral("dstport"), QString::number(vxlan.port), QString::number(config.backend.vxlan.effectivePort()));
        }
        if (!problems.isEmpty())
            builder.add(Kind::Stale, Table::Link, wanted, linkText(*found), problems.join(QStringLiteral("; ")), own);
    }
}

} // namespace

QString driftKindName(DriftEntry::Kind kind)
{
    switch (kind) {
    case Kind::Missing:
        return QStringLiteral("missing");
    case Kind::Stale:
        return QStringLiteral("stale");
    case Kind::Extra:
        break;
    }
    return QStringLiteral("extra");
}

QString driftTableName(DriftEntry::Table table)
{
    switch (table) {
    case Table::Link:
        return QStringLiteral("link");
    case Table::Neighbour:
        return QStringLiteral("neigh");
    case Table::Fdb:
        return QStringLiteral("fdb");
    case Table::Route:
        break;
    }
    return QStringLiteral("route");
}

QString DriftEntry::toString() const
{
    QString text = driftKindName(kind) + u' ' + driftTableName(table) + u' ';
    if (kind == Kind::Missing)
        text += desired;
    else if (kind == Kind::Extra)
        text += actual;
    else
        text += QStringLiteral("%1 (is %2)").arg(desired, actual);
    QStringList why;
    if (!detail.isEmpty())
        why << detail;
    if (!leaseText.isEmpty())
        why << leaseText;
    if (!why.isEmpty())
        text += QStringLiteral(" -- ") + why.join(QStringLiteral("; "));
    return text;
}

json::Json DriftEntry::toJson() const
{
    const auto orNull = [](const QString &text) { return text.isEmpty() ? json::Json() : json::Json(text.toStdString()); };
    return json::Json{{"kind", driftKindName(kind).toStdString()},
                      {"table", driftTableName(table).toStdString()},
                      {"desired", orNull(desired)},
                      {"actual", orNull(actual)},
                      {"detail", orNull(detail)},
                      {"lease", lease.isNull() ? json::Json() : json::Json(lease.toString().toStdString())},
                      {"leaseText", orNull(leaseText)}};
}

json::Json NodeDrift::toJson() const
{
    json::Json out{{"node", node.toString().toStdString()},
                   {"publicIP", publicIp.toString().toStdString()},
                   {"clean", clean()},
                   {"error", error.isEmpty() ? json::Json() : json::Json(error.toStdString())}};
    json::Json list = json::Json::array();
    for (const DriftEntry &entry : entries)
        list.push_back(entry.toJson());
    out["drift"] = list;
    json::Json excluded = json::Json::array();
    for (const Exclusion &exclusion : exclusions)
        excluded.push_back(json::Json{{"lease", exclusion.lease.toString().toStdString()},
                                      {"family", familyName(exclusion.family).toStdString()},
                                      {"reason", exclusion.reason.toStdString()}});
    out["exclusions"] = excluded;
    return out;
}

QString linkText(const LinkState &link)
{
    QString text = link.name + u' ' + (link.kind.isEmpty() ? QStringLiteral("device") : link.kind);
    if (link.vxlan)
        text += QStringLiteral(" id %1 local %2 dstport %3").arg(link.vxlan->vni).arg(link.vxlan->local.toString()).arg(link.vxlan->port);
    text += QStringLiteral(" mtu %1").arg(link.mtu);
    if (!link.up)
        text += QStringLiteral(" down");
    return text;
}

QString linkText(const OverlayDevice &device, const BackendConfig &backend)
{
    QString text = device.name + u' ' + deviceKind(backend.type);
    if (backend.type == BackendType::Vxlan)
        text += QStringLiteral(" id %1 local %2 dstport %3").arg(backend.vxlan.vni).arg(device.local.toString()).arg(backend.vxlan.effectivePort());
    else if (!device.local.isNull())
        text += QStringLiteral(" local ") + device.local.toString();
    return text + QStringLiteral(" mtu %1").arg(device.mtu);
}

NodeDrift computeNodeDrift(const NetworkConfig &config, const QList<Lease> &leases, const NodeReport &report)
{
    NodeDrift out;
    out.node = report.summary.lease;
    out.publicIp = report.summary.publicIp;
    const LeaseIndex index(leases);
    const auto desired = desiredTablesFor(config, index, report);
    if (!desired) {
        out.error = desired.error().message();
        return out;
    }
    out.exclusions = desired->exclusions;
    DriftBuilder builder(*desired, out);
    compareLinks(config, report, *desired, index.byKey(report.summary.lease), builder);

    const TableDiff diff = tartan::diff(desired->tables, report.tables, tartanOwnership(config, report.external.name));
    builder.addDiff(Table::Neighbour, diff.neighbours,
                    [&](const Neighbour &entry) { return index.containing(entry.address); }, neighbourDifference);
    builder.addDiff(Table::Fdb, diff.fdb,
                    [&](const FdbEntry &entry) {
                        const Lease *lease = index.withVtepMac(entry.mac);
                        return lease ? lease : index.withPublicIp(entry.destination);
                    },
                    fdbDifference);
    builder.addDiff(Table::Route, diff.routes,
                    [&](const Route &entry) { return index.containing(entry.destination); }, routeDifference);
    return out;
}

QList<NodeDrift> computeClusterDrift(const NetworkConfig &config, const QList<Lease> &leases,
                                     const QList<NodeReport> &reports)
{
    QList<NodeDrift> out;
    for (const NodeReport &report : reports)
        out << computeNodeDrift(config, leases, report);
    std::stable_sort(out.begin(), out.end(), [](const NodeDrift &a, const NodeDrift &b) { return a.node < b.node; });
    return out;
}

} // namespace tartan
