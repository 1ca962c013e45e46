#pragma once

#include "driftlistmodel.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableView;

namespace tartan::gui {

/// The cluster-wide drift list (DriftListModel) with a line that sums it up. While visible, every
/// agent's report is fetched again every few seconds. Double-clicking a row asks for its node and
/// table (entryActivated()).
class DriftPanel : public QWidget
{
    Q_OBJECT
public:
    DriftPanel(ClusterState *state, AgentReports *reports, QWidget *parent = nullptr);

    DriftListModel *model() const { return mModel; }
    QTableView *view() const { return mView; }
    QString statusText() const;

signals:
    /// `table` is a DriftEntry::Table, or -1 for a row without an entry.
    void entryActivated(const tartan::SubnetKey &node, int table);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateStatus();

    AgentReports *mReports;
    DriftListModel *mModel;
    QTableView *mView;
    QLabel *mStatus;
    QTimer mRefresh;
};

} // namespace tartan::gui
