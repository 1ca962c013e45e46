#include "leasetablepanel.h"

#include "models/leasefilterproxy.h"
#include "models/leasetablemodel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace tartan::gui {

LeaseTablePanel::LeaseTablePanel(ClusterState *state, QWidget *parent)
    : QWidget(parent), mModel(new LeaseTableModel(state, this)), mProxy(new LeaseFilterProxy(this)),
      mFilter(new QLineEdit(this)), mView(new QTableView(this))
{
    mProxy->setSourceModel(mModel);

    mFilter->setObjectName(QStringLiteral("leaseFilter"));
    mFilter->setPlaceholderText(tr("Filter: subnet, CIDR, address, backend or MAC"));
    mFilter->setClearButtonEnabled(true);
    connect(mFilter, &QLineEdit::textChanged, mProxy, &LeaseFilterProxy::setFilterText);

    mView->setObjectName(QStringLiteral("leaseTable"));
    mView->setModel(mProxy);
    mView->setSortingEnabled(true);
    mView->sortByColumn(LeaseTableModel::SubnetColumn, Qt::AscendingOrder);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::SingleSelection);
    mView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mView->setAlternatingRowColors(true);
    mView->verticalHeader()->hide();
    // Fixed row heights and no per-row size computation: 10,000 rows must lay out instantly.
    mView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    mView->horizontalHeader()->setStretchLastSection(true);
    // Widths from the longest text a column can hold, not from the rows: measuring 10,000 rows
    // would stall, and the widths would jump as leases come and go.
    const QFontMetrics metrics(mView->font());
    mView->verticalHeader()->setDefaultSectionSize(metrics.height() + 6);
    const auto fit = [&](int column, const QString &widest) {
        mView->horizontalHeader()->resizeSection(column, metrics.horizontalAdvance(widest) + 2 * metrics.averageCharWidth() + 8);
    };
    fit(LeaseTableModel::SubnetColumn, QStringLiteral("255.255.255.255/32"));
    fit(LeaseTableModel::PublicIpColumn, QStringLiteral("255.255.255.255"));
    fit(LeaseTableModel::BackendColumn, QStringLiteral("host-gw"));
    fit(LeaseTableModel::VtepMacColumn, QStringLiteral("00:00:00:00:00:00"));
    const Lease reservation; // "reservation" is the widest countdown text
    fit(LeaseTableModel::ExpiresColumn, LeaseTableModel::countdownText(reservation, {}));
    fit(LeaseTableModel::StoreLeaseColumn, QStringLiteral("0000000000000000"));

    connect(mView, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit leaseActivated(index.data(LeaseTableModel::SubnetRole).value<SubnetKey>());
    });
    connect(mView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (!mSelecting)
            emit currentLeaseChanged(current.isValid() ? current.data(LeaseTableModel::SubnetRole).value<SubnetKey>() : SubnetKey());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mFilter);
    layout->addWidget(mView);
}

bool LeaseTablePanel::selectLease(const SubnetKey &subnet)
{
    const int row = mModel->rowOf(subnet);
    if (row < 0)
        return false;
    const QModelIndex index = mProxy->mapFromSource(mModel->index(row, 0));
    if (!index.isValid())
        return false;
    mSelecting = true;
    mView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    mSelecting = false;
    mView->scrollTo(index);
    return true;
}

SubnetKey LeaseTablePanel::currentLease() const
{
    const QModelIndex current = mView->currentIndex();
    return current.isValid() ? current.data(LeaseTableModel::SubnetRole).value<SubnetKey>() : SubnetKey();
}

void LeaseTablePanel::setFilterText(const QString &text)
{
    mFilter->setText(text);
}

} // namespace tartan::gui
