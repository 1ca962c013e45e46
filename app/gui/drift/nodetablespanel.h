#pragma once

#include "agentreports.h"
#include "nodetablemodel.h"
#include "pathtrace.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace tartan::gui {

/// One node's kernel tables as its agent reports them, with drift highlighted (NodeTableModel):
/// Routes, ARP, FDB and Links tabs under a line that says where the report comes from (or why
/// there is none, with the summary the store holds), a Refresh button and a Repair button that
/// asks the agent to reconcile now. While visible, the report is fetched again every
/// refreshInterval().
class NodeTablesPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultRefresh{4000};

    NodeTablesPanel(ClusterState *state, AgentReports *reports, QWidget *parent = nullptr);

    void showNode(const SubnetKey &node);
    SubnetKey node() const { return mNode; }
    /// Brings the tab of `table` to the front.
    void showTable(DriftEntry::Table table);
    NodeTableModel *model(DriftEntry::Table table) const;
    /// The table a path trace stops in at `stage` (devices for the stages without a table).
    static DriftEntry::Table tableOf(PathHop::Stage stage);
    /// The line above the tabs, for tests.
    QString statusText() const;
    void setRefreshInterval(std::chrono::milliseconds interval) { mRefresh.setInterval(interval); }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refresh();
    void rebuild();
    void showSummaryOnly(const QString &why);

    ClusterState *mState;
    AgentReports *mReports;
    SubnetKey mNode;
    QTimer mRefresh;
    QLabel *mStatus;
    QPushButton *mRefreshButton;
    QPushButton *mRepairButton;
    QTabWidget *mTabs;
    QList<NodeTableModel *> mModels; // in DriftEntry::Table order
};

} // namespace tartan::gui
