#include "driftlistmodel.h"

#include "nodetablemodel.h"

#include <algorithm>

namespace tartan::gui {

namespace {

NodeTableModel::State stateOf(DriftEntry::Kind kind)
{
    switch (kind) {
    case DriftEntry::Kind::Missing: return NodeTableModel::State::Missing;
    case DriftEntry::Kind::Stale: return NodeTableModel::State::Stale;
    case DriftEntry::Kind::Extra: return NodeTableModel::State::Extra;
    }
    return NodeTableModel::State::InSync;
}

} // namespace

DriftListModel::DriftListModel(ClusterState *state, AgentReports *reports, QObject *parent)
    : QAbstractTableModel(parent), mState(state), mReports(reports)
{
    connect(mReports, &AgentReports::reportUpdated, this, &DriftListModel::rebuild);
    connect(mReports, &AgentReports::reportFailed, this, &DriftListModel::rebuild);
    connect(mState, &ClusterState::leasesReset, this, &DriftListModel::rebuild);
    connect(mState, &ClusterState::leaseRemoved, this, &DriftListModel::rebuild);
    connect(mState, &ClusterState::configChanged, this, &DriftListModel::rebuild);
    rebuild();
}

void DriftListModel::rebuild()
{
    QList<Row> rows;
    int clean = 0;
    QList<SubnetKey> nodes = mState->summaries().keys();
    for (const NodeReport &report : mReports->reports())
        if (!nodes.contains(report.summary.lease))
            nodes << report.summary.lease;
    std::sort(nodes.begin(), nodes.end());
    for (const SubnetKey &node : std::as_const(nodes)) {
        const NodeSummary *summary = mState->summary(node);
        const QString nodeText = QStringLiteral("%1 (%2)").arg(
            node.toString(), summary ? summary->publicIp.toString() : mReports->report(node)->summary.publicIp.toString());
        const auto drift = mReports->drift(node);
        if (!drift || !drift->error.isEmpty()) {
            const QString error = drift ? drift->error : mReports->error(node);
            if (error.isEmpty() && (!summary || summary->driftCount == 0))
                continue; // not fetched yet, and the store reports nothing wrong
            Row row{node, nodeText, -1, tr("unknown"), {}, {}, {}, {}, {}};
            row.entry = summary ? tr("%n drifting entry(ies) according to the store", nullptr, summary->driftCount) : QString();
            row.detail = error.isEmpty() ? tr("report not fetched yet") : tr("no report: %1").arg(error);
            rows << row;
            continue;
        }
        if (drift->entries.isEmpty())
            ++clean;
        for (const DriftEntry &entry : drift->entries) {
            const auto state = stateOf(entry.kind);
            rows << Row{node,
                        nodeText,
                        int(entry.table),
                        NodeTableModel::stateName(state),
                        driftTableName(entry.table),
                        entry.kind == DriftEntry::Kind::Extra ? entry.actual : entry.desired,
                        entry.kind == DriftEntry::Kind::Stale && entry.detail.isEmpty() ? tr("is %1").arg(entry.actual) : entry.detail,
                        entry.leaseText.isEmpty() ? (entry.lease.isNull() ? QString() : entry.lease.toString()) : entry.leaseText,
                        NodeTableModel::stateColor(state)};
        }
    }
    if (rows == mRows && clean == mCleanNodes)
        return;
    beginResetModel();
    mRows = rows;
    mCleanNodes = clean;
    endResetModel();
}

int DriftListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int DriftListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DriftListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = mRows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NodeColumn: return row.nodeText;
        case KindColumn: return row.kind;
        case TableColumn: return row.tableName;
        case EntryColumn: return row.entry;
        case DetailColumn: return row.detail;
        case LeaseColumn: return row.lease;
        }
        return {};
    case Qt::BackgroundRole:
        return row.color.isValid() ? QVariant(row.color) : QVariant();
    case NodeRole:
        return QVariant::fromValue(row.node);
    case TableRole:
        return row.table;
    }
    return {};
}

QVariant DriftListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NodeColumn: return tr("Node");
    case KindColumn: return tr("Drift");
    case TableColumn: return tr("Table");
    case EntryColumn: return tr("Entry");
    case DetailColumn: return tr("Detail");
    case LeaseColumn: return tr("Lease");
    }
    return {};
}

} // namespace tartan::gui
