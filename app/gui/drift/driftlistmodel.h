#pragma once

#include "agentreports.h"

#include <QAbstractTableModel>
#include <QColor>

namespace tartan::gui {

/// Every drift entry of every node whose report the app has (AgentReports), one row each, sorted
/// by node then as computeNodeDrift orders them; a node whose report cannot be fetched is one row
/// saying so, with the drift count its summary in the store gives. Rebuilt when a report arrives
/// or fails, or the leases or config change; reset only when a row differs.
class DriftListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NodeColumn, KindColumn, TableColumn, EntryColumn, DetailColumn, LeaseColumn, ColumnCount };
    enum Role { NodeRole = Qt::UserRole + 1, TableRole }; ///< SubnetKey; DriftEntry::Table as int (-1: no entry)

    DriftListModel(ClusterState *state, AgentReports *reports, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Recomputes every row now.
    void rebuild();
    /// Nodes with a report and no drift.
    int cleanNodes() const { return mCleanNodes; }

private:
    struct Row
    {
        SubnetKey node;
        QString nodeText;
        int table = -1;
        QString kind, tableName, entry, detail, lease;
        QColor color;
        friend bool operator==(const Row &, const Row &) = default;
    };

    ClusterState *mState;
    AgentReports *mReports;
    QList<Row> mRows;
    int mCleanNodes = 0;
};

} // namespace tartan::gui
