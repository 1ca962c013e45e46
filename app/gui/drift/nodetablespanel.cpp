#include "nodetablespanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace tartan::gui {

NodeTablesPanel::NodeTablesPanel(ClusterState *state, AgentReports *reports, QWidget *parent)
    : QWidget(parent), mState(state), mReports(reports)
{
    mStatus = new QLabel(this);
    mStatus->setWordWrap(true);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mRefreshButton = new QPushButton(tr("&Refresh"), this);
    mRepairButton = new QPushButton(tr("Re&pair"), this);
    mRepairButton->setToolTip(tr("Ask the node's agent to reconcile its kernel tables now"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mStatus, 1);
    buttons->addWidget(mRefreshButton);
    buttons->addWidget(mRepairButton);

    mTabs = new QTabWidget(this);
    const std::pair<DriftEntry::Table, QString> tabs[] = {{DriftEntry::Table::Route, tr("Routes")},
                                                          {DriftEntry::Table::Neighbour, tr("ARP")},
                                                          {DriftEntry::Table::Fdb, tr("FDB")},
                                                          {DriftEntry::Table::Link, tr("Links")}};
    mModels.resize(4);
    for (const auto &[table, title] : tabs) {
        auto *model = new NodeTableModel(table, this);
        mModels[int(table)] = model;
        auto *view = new QTableView(this);
        view->setModel(model);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->verticalHeader()->hide();
        view->horizontalHeader()->setStretchLastSection(true);
        view->horizontalHeader()->setSectionResizeMode(NodeTableModel::StateColumn, QHeaderView::ResizeToContents);
        view->horizontalHeader()->setSectionResizeMode(NodeTableModel::EntryColumn, QHeaderView::ResizeToContents);
        view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
        view->setWordWrap(false);
        view->setObjectName(QStringLiteral("table-%1").arg(driftTableName(table)));
        mTabs->addTab(view, title);
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(mTabs, 1);

    mRefresh.setInterval(kDefaultRefresh);
    connect(&mRefresh, &QTimer::timeout, this, &NodeTablesPanel::refresh);
    connect(mRefreshButton, &QPushButton::clicked, this, &NodeTablesPanel::refresh);
    connect(mRepairButton, &QPushButton::clicked, this, [this] {
        if (mNode.isNull())
            return;
        mRepairButton->setEnabled(false);
        mStatus->setText(tr("Asking the agent to repair…"));
        mReports->repair(mNode);
    });
    connect(mReports, &AgentReports::repairDone, this, [this](const SubnetKey &node, const QString &error) {
        if (node != mNode)
            return;
        mRepairButton->setEnabled(true);
        if (!error.isEmpty())
            mStatus->setText(tr("Repair failed: %1").arg(error));
    });
    connect(mReports, &AgentReports::reportUpdated, this, [this](const SubnetKey &node) {
        if (node == mNode)
            rebuild();
    });
    connect(mReports, &AgentReports::reportFailed, this, [this](const SubnetKey &node) {
        if (node == mNode)
            rebuild();
    });
    connect(mState, &ClusterState::summaryChanged, this, [this](const NodeSummary &summary) {
        if (summary.lease == mNode && !mReports->report(mNode))
            rebuild();
    });
    connect(mState, &ClusterState::configChanged, this, &NodeTablesPanel::rebuild);
    rebuild();
}

void NodeTablesPanel::showNode(const SubnetKey &node)
{
    if (node == mNode)
        return;
    mNode = node;
    rebuild();
    if (isVisible())
        refresh();
}

void NodeTablesPanel::showTable(DriftEntry::Table table)
{
    static const int tabOf[] = {3, 1, 2, 0}; // Link, Neighbour, Fdb, Route -> tab
    mTabs->setCurrentIndex(tabOf[int(table)]);
}

DriftEntry::Table NodeTablesPanel::tableOf(PathHop::Stage stage)
{
    switch (stage) {
    case PathHop::Stage::Fdb: return DriftEntry::Table::Fdb;
    case PathHop::Stage::Neighbour: return DriftEntry::Table::Neighbour;
    case PathHop::Stage::RouteLookup: return DriftEntry::Table::Route;
    default: return DriftEntry::Table::Link;
    }
}

NodeTableModel *NodeTablesPanel::model(DriftEntry::Table table) const
{
    return mModels.at(int(table));
}

QString NodeTablesPanel::statusText() const
{
    return mStatus->text();
}

void NodeTablesPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    mRefresh.start();
    refresh();
}

void NodeTablesPanel::hideEvent(QHideEvent *event)
{
    mRefresh.stop();
    QWidget::hideEvent(event);
}

void NodeTablesPanel::refresh()
{
    if (!mNode.isNull())
        mReports->fetch(mNode);
}

void NodeTablesPanel::showSummaryOnly(const QString &why)
{
    for (NodeTableModel *model : std::as_const(mModels))
        model->clear();
    const NodeSummary *summary = mState->summary(mNode);
    if (!summary) {
        mStatus->setText(tr("No report: this node's agent publishes no summary in the store (not a Tartan agent, or not "
                            "running). %1").arg(why));
        return;
    }
    mStatus->setText(tr("The agent at %1 cannot be reached: %2. From the store: health %3, %n drifting entry(ies), "
                        "last check %4.", nullptr, summary->driftCount)
                         .arg(mReports->agentUrl(mNode), why, summary->health,
                              summary->lastReconcile.toLocalTime().toString(Qt::ISODate)));
}

void NodeTablesPanel::rebuild()
{
    mRepairButton->setEnabled(!mNode.isNull() && mState->summary(mNode));
    mRefreshButton->setEnabled(!mNode.isNull());
    if (mNode.isNull()) {
        for (NodeTableModel *model : std::as_const(mModels))
            model->clear();
        mStatus->setText(tr("No node selected"));
        return;
    }
    const NodeReport *report = mReports->report(mNode);
    if (!report) {
        const QString error = mReports->error(mNode);
        if (error.isEmpty() && mState->summary(mNode)) {
            for (NodeTableModel *model : std::as_const(mModels))
                model->clear();
            mStatus->setText(tr("Fetching the report from %1…").arg(mReports->agentUrl(mNode)));
        }
        else
            showSummaryOnly(error);
        return;
    }
    const auto drift = mReports->drift(mNode);
    const QList<Lease> leases = mState->leases().values();
    for (NodeTableModel *model : std::as_const(mModels))
        model->setData(*report, drift, leases);
    QString text;
    if (!drift)
        text = tr("Report of %1; drift unknown: %2").arg(mReports->agentUrl(mNode), mState->config() ? QString() : mState->config().error().message());
    else if (!drift->error.isEmpty())
        text = tr("Report of %1; drift unknown: %2").arg(mReports->agentUrl(mNode), drift->error);
    else if (drift->entries.isEmpty())
        text = tr("Report of %1: the kernel holds what the leases say.").arg(mReports->agentUrl(mNode));
    else
        text = tr("Report of %1: %n drifting entry(ies).", nullptr, int(drift->entries.size()))
                   .arg(mReports->agentUrl(mNode));
    if (const QString error = mReports->error(mNode); !error.isEmpty())
        text = tr("The agent at %1 cannot be reached: %2. Shown: its last report, from %3.")
                   .arg(mReports->agentUrl(mNode), error, mReports->fetchedAt(mNode).toString(QStringLiteral("HH:mm:ss")))
             + QLatin1Char(' ') + text;
    mStatus->setText(text);
}

} // namespace tartan::gui
