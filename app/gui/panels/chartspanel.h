#pragma once

#include "clusterstate.h"
#include "models/eventratehistory.h"
#include "nodefigures.h"

#include <QMap>
#include <QTimer>
#include <QWidget>

#include <functional>

class QAbstractBarSeries;
class QChart;
class QLabel;
class QLineSeries;
class QStackedWidget;

namespace tartan::gui {

/// Three charts, one tab each:
///  - subnet pool: allocated / reserved / free subnets per address family (PoolUsage), as a
///    horizontal percent bar per family with the counts in the category label;
///  - lease events: added / changed / removed per 10 s bucket over the last 10 minutes, live;
///  - nodes: per-node table sizes (routes, neighbours, FDB) and traffic (rx/tx), from agent
///    reports given through setNodeFigures(); until there are any, an empty state explains that
///    this needs agent reports.
/// Cheap under load: events only increment a counter and changes only set a flag; the charts are
/// redrawn at most once a second, and not at all while the panel is hidden.
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    /// Nodes with the largest tables shown in the node charts; more would not be readable.
    static constexpr int kMaxNodesShown = 40;

    explicit ChartsPanel(ClusterState *state, QWidget *parent = nullptr);

    /// Replaces the node figures (an empty map brings the empty state back).
    void setNodeFigures(const QMap<SubnetKey, NodeFigures> &figures);
    const QMap<SubnetKey, NodeFigures> &nodeFigures() const { return mNodeFigures; }

    /// Where "now" comes from for the events chart's window (tests pin it).
    void setClock(std::function<QDateTime()> clock) { mClock = std::move(clock); }

    /// Redraws whatever changed now, visible or not (the timer does it once a second when visible).
    void refresh();

    // The series, for tests and for a later export.
    QAbstractBarSeries *poolSeries() const { return mPoolSeries; }
    QChart *poolChart() const { return mPoolChart; }
    QLineSeries *eventSeries(ClusterEvent::Kind kind) const;
    QAbstractBarSeries *nodeTableSeries() const { return mNodeTables; }
    QAbstractBarSeries *nodeTrafficSeries() const { return mNodeTraffic; }
    /// Whether the node tab shows charts (true) or the "needs agent reports" empty state.
    bool showsNodeCharts() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createPoolTab();
    QWidget *createEventsTab();
    QWidget *createNodesTab();
    void redrawPool();
    void redrawEvents();
    void redrawNodes();

    ClusterState *mState;
    std::function<QDateTime()> mClock;
    EventRateHistory mHistory;
    QMap<SubnetKey, NodeFigures> mNodeFigures;
    QTimer mTimer;
    bool mPoolDirty = true;
    bool mEventsDirty = true;
    qint64 mDrawnBucket = -1;
    bool mNodesDirty = true;

    QChart *mPoolChart = nullptr;
    QAbstractBarSeries *mPoolSeries = nullptr;
    QChart *mEventsChart = nullptr;
    QLineSeries *mAdded = nullptr;
    QLineSeries *mChanged = nullptr;
    QLineSeries *mRemoved = nullptr;
    QStackedWidget *mNodesStack = nullptr;
    QChart *mNodeTablesChart = nullptr;
    QChart *mNodeTrafficChart = nullptr;
    QAbstractBarSeries *mNodeTables = nullptr;
    QAbstractBarSeries *mNodeTraffic = nullptr;
};

} // namespace tartan::gui
