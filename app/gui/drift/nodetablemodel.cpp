#include "nodetablemodel.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSet>

#include <algorithm>

namespace tartan::gui {

namespace {

QString leaseText(const Lease &lease)
{
    return QStringLiteral("%1 (%2)").arg(lease.subnet.toString(), lease.attrs.publicIp.toString());
}

bool matches(const Lease &lease, const IpNetwork &network)
{
    return lease.subnet.ipv4 == network || lease.subnet.ipv6 == network;
}

bool contains(const Lease &lease, const IpAddress &address)
{
    return (!lease.subnet.ipv4.isNull() && lease.subnet.ipv4.contains(address))
        || (!lease.subnet.ipv6.isNull() && lease.subnet.ipv6.contains(address));
}

// The lease an entry in sync comes from: the route to its subnet, the neighbour of an address in
// it, the FDB entry of its VTEP MAC.
template <typename Pred> QString explaining(const QList<Lease> &leases, Pred pred)
{
    const auto it = std::find_if(leases.cbegin(), leases.cend(), pred);
    return it == leases.cend() ? QString() : leaseText(*it);
}

} // namespace

NodeTableModel::NodeTableModel(DriftEntry::Table table, QObject *parent) : QAbstractTableModel(parent), mTable(table) {}

void NodeTableModel::setData(const NodeReport &report, const std::optional<NodeDrift> &drift, const QList<Lease> &leases)
{
    QList<Row> rows;
    QSet<QString> accounted; // actual entries a drift entry already covers
    if (drift) {
        for (const DriftEntry &entry : drift->entries) {
            if (entry.table != mTable)
                continue;
            const QString lease = entry.leaseText.isEmpty() ? entry.lease.toString() : entry.leaseText;
            switch (entry.kind) {
            case DriftEntry::Kind::Missing:
                rows << Row{State::Missing, entry.desired, entry.detail, lease};
                break;
            case DriftEntry::Kind::Stale:
                rows << Row{State::Stale, entry.actual, entry.detail.isEmpty() ? entry.desired : tr("%1 (%2)").arg(entry.desired, entry.detail), lease};
                accounted << entry.actual;
                break;
            case DriftEntry::Kind::Extra:
                rows << Row{State::Extra, entry.actual, entry.detail, lease};
                accounted << entry.actual;
                break;
            }
        }
    }
    auto addActual = [&](const QString &text, const QString &lease) {
        if (!accounted.contains(text))
            rows << Row{State::InSync, text, {}, lease};
    };
    switch (mTable) {
    case DriftEntry::Table::Route:
        for (const Route &route : report.tables.routes)
            addActual(route.toString(), explaining(leases, [&](const Lease &l) { return matches(l, route.destination); }));
        break;
    case DriftEntry::Table::Neighbour:
        for (const Neighbour &neighbour : report.tables.neighbours)
            addActual(neighbour.toString(), explaining(leases, [&](const Lease &l) { return contains(l, neighbour.address); }));
        break;
    case DriftEntry::Table::Fdb:
        for (const FdbEntry &entry : report.tables.fdb)
            addActual(entry.toString(), explaining(leases, [&](const Lease &l) {
                          const auto vxlan = l.attrs.vxlanData();
                          return vxlan && vxlan->vtepMac == entry.mac;
                      }));
        break;
    case DriftEntry::Table::Link:
        for (const LinkState &link : report.links)
            addActual(link.vxlan || link.kind == QLatin1String("ipip") || link.kind == QLatin1String("tun") ? linkText(link)
                          : QStringLiteral("%1 %2 mtu %3").arg(link.name, link.kind.isEmpty() ? tr("device") : link.kind).arg(link.mtu),
                      {});
        break;
    }
    // Entries in text order put a missing row where the kernel would hold it.
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.entry < b.entry; });
    if (rows == mRows)
        return; // the periodic refresh of an unchanged kernel
    beginResetModel();
    mRows = rows;
    endResetModel();
}

void NodeTableModel::clear()
{
    beginResetModel();
    mRows.clear();
    endResetModel();
}

int NodeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = mRows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StateColumn: return stateName(row.state);
        case EntryColumn: return row.entry;
        case DesiredColumn: return row.desired;
        case LeaseColumn: return row.lease;
        }
        return {};
    case Qt::ToolTipRole:
        return row.desired.isEmpty() ? row.entry : QStringLiteral("%1\n%2").arg(row.entry, row.desired);
    case Qt::BackgroundRole:
        if (const QColor color = stateColor(row.state); color.isValid())
            return color;
        return {};
    case StateRole:
        return int(row.state);
    }
    return {};
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StateColumn: return tr("State");
    case EntryColumn: return tr("Entry");
    case DesiredColumn: return tr("Should be / why");
    case LeaseColumn: return tr("Lease");
    }
    return {};
}

int NodeTableModel::driftCount() const
{
    return int(std::count_if(mRows.cbegin(), mRows.cend(), [](const Row &row) { return row.state != State::InSync; }));
}

QString NodeTableModel::stateName(State state)
{
    switch (state) {
    case State::InSync: return tr("in sync");
    case State::Missing: return tr("missing");
    case State::Stale: return tr("stale");
    case State::Extra: return tr("extra");
    }
    return {};
}

QColor NodeTableModel::stateColor(State state)
{
    switch (state) {
    case State::InSync: return {};
    case State::Missing: return QColor(230, 80, 60, 110);
    case State::Stale: return QColor(230, 170, 30, 120);
    case State::Extra: return QColor(140, 90, 220, 100);
    }
    return {};
}

} // namespace tartan::gui
