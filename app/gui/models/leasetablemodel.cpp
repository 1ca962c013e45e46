#include "leasetablemodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>
#include <limits>

namespace tartan::gui {

namespace {

/// Fixed-width text that orders as the address does: family, then the 128-bit value in hex.
QString addressSortKey(const IpAddress &address)
{
    const Uint128 bits = address.bits();
    return QStringLiteral("%1%2%3")
        .arg(static_cast<int>(address.family()))
        .arg(static_cast<quint64>(bits >> 64), 16, 16, QLatin1Char('0'))
        .arg(static_cast<quint64>(bits), 16, 16, QLatin1Char('0'));
}

QString networkSortKey(const IpNetwork &network)
{
    return addressSortKey(network.address()) + QStringLiteral("/%1").arg(network.prefixLength(), 3, 10, QLatin1Char('0'));
}

QString joined(const QString &first, const QString &second)
{
    if (first.isEmpty())
        return second;
    if (second.isEmpty())
        return first;
    return first + QStringLiteral(", ") + second;
}

QString publicIpText(const LeaseAttrs &attrs)
{
    // An IPv6-only node advertises PublicIP 0.0.0.0, which says nothing.
    const bool noIpv4 = attrs.publicIp.isNull() || (attrs.publicIp.toV4() == 0 && !attrs.publicIpv6.isNull());
    return joined(noIpv4 ? QString() : attrs.publicIp.toString(), attrs.publicIpv6.toString());
}

QString vtepMacText(const LeaseAttrs &attrs)
{
    const auto v4 = attrs.vxlanData();
    const auto v6 = attrs.vxlanV6Data();
    const QString v4Mac = v4 ? v4->vtepMac.toString() : QString();
    const QString v6Mac = v6 ? v6->vtepMac.toString() : QString();
    return v6Mac == v4Mac ? v4Mac : joined(v4Mac, v6Mac);
}

} // namespace

/// A lease and the texts derived from it, computed once per change rather than per paint, sort
/// comparison or filter test.
struct LeaseTableModel::Row
{
    explicit Row(const Lease &lease)
        : lease(lease), subnet(joined(lease.subnet.ipv4.toString(), lease.subnet.ipv6.toString())),
          subnetSortKey(networkSortKey(lease.subnet.ipv4) + networkSortKey(lease.subnet.ipv6)),
          publicIp(publicIpText(lease.attrs)),
          publicIpSortKey(addressSortKey(lease.attrs.publicIp) + addressSortKey(lease.attrs.publicIpv6)),
          backend(lease.attrs.backendName()), vtepMac(vtepMacText(lease.attrs)),
          // etcdctl prints lease ids as 16 hex digits; the same form lets users paste them there.
          storeLease(lease.isReservation()
                         ? QString()
                         : QStringLiteral("%1").arg(static_cast<quint64>(lease.storeLeaseId), 16, 16, QLatin1Char('0')))
    {
    }

    Lease lease;
    QString subnet;
    QString subnetSortKey;
    QString publicIp;
    QString publicIpSortKey;
    QString backend;
    QString vtepMac;
    QString storeLease;
};

LeaseTableModel::LeaseTableModel(ClusterState *state, QObject *parent)
    : QAbstractTableModel(parent), mState(state), mClock([] { return QDateTime::currentDateTimeUtc(); })
{
    mCountdown.setInterval(1000);
    connect(&mCountdown, &QTimer::timeout, this, &LeaseTableModel::refreshCountdown);
    connect(state, &ClusterState::leasesReset, this, &LeaseTableModel::reset);
    connect(state, &ClusterState::leaseAdded, this, &LeaseTableModel::upsert);
    connect(state, &ClusterState::leaseChanged, this, [this](const Lease &before, const Lease &after) {
        if (before.subnet != after.subnet)
            remove(before.subnet);
        upsert(after);
    });
    connect(state, &ClusterState::leaseRemoved, this, [this](const Lease &lease) { remove(lease.subnet); });
    connect(state, &ClusterState::expirationChanged, this, &LeaseTableModel::changeExpiration);
    connect(state, &ClusterState::summaryChanged, this, [this](const NodeSummary &summary) { changeSummary(summary.lease); });
    connect(state, &ClusterState::summaryRemoved, this, &LeaseTableModel::changeSummary);
    for (const Lease &lease : state->leases())
        mRows.push_back(std::make_unique<Row>(lease));
    updateTimer();
}

LeaseTableModel::~LeaseTableModel() = default;

int LeaseTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int LeaseTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LeaseTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = *mRows[size_t(index.row())];
    const Lease &lease = row.lease;
    const NodeSummary *summary = mState->summary(lease.subnet);
    switch (role) {
    case SubnetRole:
        return QVariant::fromValue(lease.subnet);
    case LeaseRole:
        return QVariant::fromValue(lease);
    case Qt::DisplayRole:
        switch (index.column()) {
        case SubnetColumn: return row.subnet;
        case PublicIpColumn: return row.publicIp;
        case BackendColumn: return row.backend;
        case VtepMacColumn: return row.vtepMac;
        case HealthColumn:
            if (!summary)
                return mState->summariesKnown() ? tr("no report") : QString();
            return summary->health;
        case DriftColumn: return summary ? QVariant(summary->driftCount) : QVariant();
        case ExpiresColumn: return countdownText(lease, mClock());
        case StoreLeaseColumn: return row.storeLease;
        case RevisionColumn: return QString::number(lease.modRevision);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case SubnetColumn: return row.subnetSortKey;
        case PublicIpColumn: return row.publicIpSortKey;
        case BackendColumn: return row.backend;
        case VtepMacColumn: return row.vtepMac;
        case HealthColumn: return summary ? summary->health : QStringLiteral("~"); // no report last
        case DriftColumn: return summary ? summary->driftCount : -1;
        case ExpiresColumn:
            // Reservations never expire: after every real time; unknown expiries just before them.
            if (lease.isReservation())
                return std::numeric_limits<qint64>::max();
            return lease.expiration.isValid() ? lease.expiration.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max() - 1;
        case StoreLeaseColumn: return qint64(lease.storeLeaseId);
        case RevisionColumn: return qint64(lease.modRevision);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ExpiresColumn && lease.expiration.isValid())
            return QLocale().toString(lease.expiration.toLocalTime(), QLocale::LongFormat);
        if (index.column() == StoreLeaseColumn && !lease.isReservation())
            return tr("etcd lease %1 (decimal %2)").arg(row.storeLease).arg(lease.storeLeaseId);
        break;
    case Qt::ForegroundRole:
        if (index.column() == HealthColumn || index.column() == DriftColumn) {
            if (!summary)
                return QBrush(QColor(0x80, 0x80, 0x80));
            if (summary->health != QLatin1String("ok") || summary->driftCount > 0)
                return QBrush(QColor(0xc0, 0x20, 0x20));
        }
        if (index.column() == ExpiresColumn) {
            if (lease.isReservation())
                return QBrush(QColor(0x60, 0x60, 0x60));
            if (lease.expiration.isValid() && lease.expiration <= mClock())
                return QBrush(QColor(0xc0, 0x20, 0x20));
        }
        break;
    }
    return {};
}

QVariant LeaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubnetColumn: return tr("Subnet");
    case PublicIpColumn: return tr("Public IP");
    case BackendColumn: return tr("Backend");
    case VtepMacColumn: return tr("VTEP MAC");
    case HealthColumn: return tr("Health");
    case DriftColumn: return tr("Drift");
    case ExpiresColumn: return tr("Expires");
    case StoreLeaseColumn: return tr("etcd lease");
    case RevisionColumn: return tr("Revision");
    }
    return {};
}

void LeaseTableModel::changeSummary(const SubnetKey &subnet)
{
    const int row = rowOf(subnet);
    if (row >= 0)
        emit dataChanged(index(row, HealthColumn), index(row, DriftColumn));
}

int LeaseTableModel::rowOf(const SubnetKey &subnet) const
{
    const auto it = lowerBound(subnet);
    return it != mRows.cend() && (*it)->lease.subnet == subnet ? int(it - mRows.cbegin()) : -1;
}

const Lease &LeaseTableModel::leaseAt(int row) const
{
    Q_ASSERT(row >= 0 && size_t(row) < mRows.size());
    return mRows[size_t(row)]->lease;
}

QString LeaseTableModel::countdownText(const Lease &lease, const QDateTime &now)
{
    if (lease.isReservation())
        return tr("reservation");
    if (!lease.expiration.isValid())
        return tr("unknown");
    const qint64 left = now.secsTo(lease.expiration);
    if (left <= 0)
        return tr("expired");
    if (left < 60)
        return tr("%1s").arg(left);
    if (left < 3600)
        return tr("%1m %2s").arg(left / 60).arg(left % 60);
    if (left < 86400)
        return tr("%1h %2m").arg(left / 3600).arg(left / 60 % 60);
    return tr("%1d %2h").arg(left / 86400).arg(left / 3600 % 24);
}

void LeaseTableModel::setClock(std::function<QDateTime()> clock)
{
    mClock = std::move(clock);
    refreshCountdown();
}

void LeaseTableModel::refreshCountdown()
{
    if (mRows.empty())
        return;
    emit dataChanged(index(0, ExpiresColumn), index(int(mRows.size()) - 1, ExpiresColumn),
                     {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole});
}

void LeaseTableModel::reset()
{
    beginResetModel();
    mRows.clear();
    mRows.reserve(size_t(mState->leases().size()));
    for (const Lease &lease : mState->leases()) // a QMap: already in subnet order
        mRows.push_back(std::make_unique<Row>(lease));
    endResetModel();
    updateTimer();
}

void LeaseTableModel::upsert(const Lease &lease)
{
    const auto it = lowerBound(lease.subnet);
    const int row = int(it - mRows.cbegin());
    if (it != mRows.cend() && (*it)->lease.subnet == lease.subnet) {
        mRows[size_t(row)] = std::make_unique<Row>(lease);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, row, row);
    mRows.insert(mRows.begin() + row, std::make_unique<Row>(lease));
    endInsertRows();
    updateTimer();
}

void LeaseTableModel::remove(const SubnetKey &subnet)
{
    const int row = rowOf(subnet);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    mRows.erase(mRows.begin() + row);
    endRemoveRows();
    updateTimer();
}

void LeaseTableModel::changeExpiration(const SubnetKey &subnet, const QDateTime &expiration)
{
    const int row = rowOf(subnet);
    if (row < 0)
        return;
    mRows[size_t(row)]->lease.expiration = expiration;
    const QModelIndex cell = index(row, ExpiresColumn);
    emit dataChanged(cell, cell);
}

std::vector<std::unique_ptr<LeaseTableModel::Row>>::const_iterator LeaseTableModel::lowerBound(const SubnetKey &subnet) const
{
    return std::lower_bound(mRows.cbegin(), mRows.cend(), subnet,
                            [](const std::unique_ptr<Row> &row, const SubnetKey &key) { return row->lease.subnet < key; });
}

void LeaseTableModel::updateTimer()
{
    // Nothing to count down in an empty table: no wake-ups while disconnected.
    if (mRows.empty())
        mCountdown.stop();
    else if (!mCountdown.isActive())
        mCountdown.start();
}

} // namespace tartan::gui
