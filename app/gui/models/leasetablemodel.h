#pragma once

#include "clusterstate.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace tartan::gui {

/// Every lease of a ClusterState as a table, kept in subnet order and updated incrementally: a
/// lease added, changed or removed touches its one row (found by binary search; the row vector
/// holds pointers, so an insert or removal shifts pointers, never leases), an expiry touches one
/// cell, and only leasesReset() resets the model. A 1 s timer refreshes the Expires countdown with
/// one dataChanged() for that column (display roles only, so sorted proxies need not re-sort: the
/// sort key is the expiry time, which does not move). Health and Drift come from the node's agent
/// summary (ClusterState::summaries()); a summary that changes touches those two cells of its row.
///
/// The model reads `state` for as long as it lives; `state` must outlive it.
class LeaseTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SubnetColumn, PublicIpColumn, BackendColumn, VtepMacColumn, HealthColumn, DriftColumn, ExpiresColumn,
                  StoreLeaseColumn, RevisionColumn, ColumnCount };
    enum Role {
        /// A value that orders naturally with QVariant comparison: subnets and addresses by number
        /// (fixed-width hex text), expiry by time (reservations last), ids and revisions as integers.
        SortRole = Qt::UserRole + 1,
        SubnetRole, ///< the row's SubnetKey (QVariant::fromValue), for selection sync with other views
        LeaseRole,  ///< the row's whole Lease
    };

    explicit LeaseTableModel(ClusterState *state, QObject *parent = nullptr);
    ~LeaseTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The row showing `subnet`, or -1.
    int rowOf(const SubnetKey &subnet) const;
    /// The lease in `row` (0 <= row < rowCount()).
    const Lease &leaseAt(int row) const;

    /// "4m 10s", "42s", "3h 5m", "2d 4h"; "reservation" for a lease without an etcd lease,
    /// "expired" once the time has passed, "unknown" while the expiry has not been looked up.
    static QString countdownText(const Lease &lease, const QDateTime &now);

    /// Where "now" comes from for the countdown (tests pin it); the default is the system clock.
    void setClock(std::function<QDateTime()> clock);
    /// Emits the countdown's dataChanged() now, as the timer does every second.
    void refreshCountdown();

private:
    struct Row;

    void reset();
    void upsert(const Lease &lease);
    void remove(const SubnetKey &subnet);
    void changeExpiration(const SubnetKey &subnet, const QDateTime &expiration);
    void changeSummary(const SubnetKey &subnet);
    /// First row whose subnet is not less than `subnet`.
    std::vector<std::unique_ptr<Row>>::const_iterator lowerBound(const SubnetKey &subnet) const;
    void updateTimer();

    ClusterState *mState;
    std::vector<std::unique_ptr<Row>> mRows;
    std::function<QDateTime()> mClock;
    QTimer mCountdown;
};

} // namespace tartan::gui
