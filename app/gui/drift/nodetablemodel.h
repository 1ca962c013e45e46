#pragma once

#include "lease.h"
#include "nodedrift.h"
#include "nodereport.h"

#include <QAbstractTableModel>
#include <QColor>

#include <optional>

namespace tartan::gui {

/// One table of one node (routes, neighbours, FDB or links) as its agent reported it, merged with
/// its drift: every entry the kernel holds (in sync, stale: desired next to actual, or extra), and
/// every entry the leases call for that the kernel lacks, in place among them (rows in entry text
/// order). Each row names the lease that explains it. Rebuilt as a whole by setData() (a report is
/// a snapshot), unless nothing changed: then views keep their selection and scroll position.
class NodeTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class State { InSync, Missing, Stale, Extra };
    enum Column { StateColumn, EntryColumn, DesiredColumn, LeaseColumn, ColumnCount };
    enum Role { StateRole = Qt::UserRole + 1 }; ///< the row's State as int

    explicit NodeTableModel(DriftEntry::Table table, QObject *parent = nullptr);

    DriftEntry::Table table() const { return mTable; }
    /// The report and its drift (nullopt: drift unknown, every entry shown as read); `leases`
    /// name the lease of entries in sync.
    void setData(const NodeReport &report, const std::optional<NodeDrift> &drift, const QList<Lease> &leases);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Rows that are not in sync.
    int driftCount() const;
    State stateAt(int row) const { return mRows.at(row).state; }
    QString entryAt(int row) const { return mRows.at(row).entry; }

    static QString stateName(State state);
    /// A background that reads in light and dark palettes; invalid for InSync.
    static QColor stateColor(State state);

private:
    struct Row
    {
        State state = State::InSync;
        QString entry;   ///< what the kernel holds; the desired entry for a missing row
        QString desired; ///< for stale rows: what it should be, and why
        QString lease;
        friend bool operator==(const Row &, const Row &) = default;
    };

    DriftEntry::Table mTable;
    QList<Row> mRows;
};

} // namespace tartan::gui
