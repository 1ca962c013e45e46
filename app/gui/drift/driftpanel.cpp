#include "driftpanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QHBoxLayout>
#include <QTableView>
#include <QVBoxLayout>

namespace tartan::gui {

DriftPanel::DriftPanel(ClusterState *state, AgentReports *reports, QWidget *parent)
    : QWidget(parent), mReports(reports), mModel(new DriftListModel(state, reports, this))
{
    mStatus = new QLabel(this);
    mStatus->setWordWrap(true);
    auto *refresh = new QPushButton(tr("&Refresh"), this);
    connect(refresh, &QPushButton::clicked, mReports, &AgentReports::fetchAll);
    auto *top = new QHBoxLayout;
    top->addWidget(mStatus, 1);
    top->addWidget(refresh);
    mView = new QTableView(this);
    mView->setModel(mModel);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->verticalHeader()->hide();
    mView->horizontalHeader()->setStretchLastSection(true);
    mView->setWordWrap(false);
    connect(mView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        emit entryActivated(index.data(DriftListModel::NodeRole).value<SubnetKey>(), index.data(DriftListModel::TableRole).toInt());
    });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(mView, 1);
    connect(mModel, &QAbstractItemModel::modelReset, this, &DriftPanel::updateStatus);
    mRefresh.setInterval(5000);
    connect(&mRefresh, &QTimer::timeout, mReports, &AgentReports::fetchAll);
    updateStatus();
}

QString DriftPanel::statusText() const
{
    return mStatus->text();
}

void DriftPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    mRefresh.start();
    mReports->fetchAll();
}

void DriftPanel::hideEvent(QHideEvent *event)
{
    mRefresh.stop();
    QWidget::hideEvent(event);
}

void DriftPanel::updateStatus()
{
    const int rows = mModel->rowCount();
    mStatus->setText(rows == 0 ? tr("No drift: %n node(s) hold what the leases say.", nullptr, mModel->cleanNodes())
                               : tr("%n row(s) of drift; %1 node(s) clean.", nullptr, rows).arg(mModel->cleanNodes()));
}

} // namespace tartan::gui
