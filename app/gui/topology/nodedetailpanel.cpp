#include "nodedetailpanel.h"

#include "drift/nodetablespanel.h"
#include "leasetext.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTabBar>
#include <QVBoxLayout>

namespace tartan::gui {

namespace {

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

NodeDetailPanel::NodeDetailPanel(ClusterState *state, QWidget *parent) : QWidget(parent), mState(state)
{
    mStatus = new QLabel(this);
    mStatus->setWordWrap(true);
    QFont bold = mStatus->font();
    bold.setBold(true);
    mStatus->setFont(bold);
    mSubnetLabel = valueLabel(this);
    mPublicIp = valueLabel(this);
    mPublicIpv6 = valueLabel(this);
    mBackend = valueLabel(this);
    mVtepMac = valueLabel(this);
    mBackendData = new QPlainTextEdit(this);
    mBackendData->setReadOnly(true);
    mBackendData->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mBackendData->setMaximumHeight(140);
    mStoreLease = valueLabel(this);
    mExpiry = valueLabel(this);
    mModRevision = valueLabel(this);

    auto *form = new QFormLayout;
    form->addRow(tr("Subnet:"), mSubnetLabel);
    form->addRow(tr("Public IP:"), mPublicIp);
    form->addRow(tr("Public IPv6:"), mPublicIpv6);
    form->addRow(tr("Backend:"), mBackend);
    form->addRow(tr("VTEP MAC:"), mVtepMac);
    form->addRow(tr("Backend data:"), mBackendData);
    form->addRow(tr("etcd lease:"), mStoreLease);
    form->addRow(tr("Expiry:"), mExpiry);
    form->addRow(tr("Mod revision:"), mModRevision);
    auto *leasePage = new QWidget(this);
    auto *leaseLayout = new QVBoxLayout(leasePage);
    leaseLayout->addLayout(form);
    leaseLayout->addStretch();
    mTabs = new QTabWidget(this);
    mTabs->addTab(leasePage, tr("Lease"));
    mTabs->tabBar()->setVisible(false); // until there is a second tab
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mStatus);
    layout->addWidget(mTabs, 1);

    mCountdown.setInterval(1000);
    connect(&mCountdown, &QTimer::timeout, this, &NodeDetailPanel::refreshExpiry);
    connect(mState, &ClusterState::leasesReset, this, &NodeDetailPanel::refresh);
    connect(mState, &ClusterState::leaseAdded, this, [this](const Lease &lease) {
        if (lease.subnet == mSubnet)
            refresh();
    });
    connect(mState, &ClusterState::leaseChanged, this, [this](const Lease &, const Lease &after) {
        if (after.subnet == mSubnet)
            refresh();
    });
    connect(mState, &ClusterState::leaseRemoved, this, &NodeDetailPanel::onRemoved);
    connect(mState, &ClusterState::expirationChanged, this, [this](const SubnetKey &subnet) {
        if (subnet == mSubnet)
            refresh();
    });
    showNode({});
}

void NodeDetailPanel::setTablesPanel(NodeTablesPanel *tables)
{
    mTables = tables;
    mTabs->addTab(tables, tr("Kernel tables"));
    mTabs->tabBar()->setVisible(true);
    tables->showNode(mSubnet);
}

void NodeDetailPanel::showTablesTab()
{
    if (mTables)
        mTabs->setCurrentWidget(mTables);
}

void NodeDetailPanel::showNode(const SubnetKey &subnet)
{
    if (mTables)
        mTables->showNode(subnet);
    mSubnet = subnet;
    mLease = Lease();
    refresh();
}

void NodeDetailPanel::clearFields()
{
    for (QLabel *label : {mSubnetLabel, mPublicIp, mPublicIpv6, mBackend, mVtepMac, mStoreLease, mExpiry, mModRevision})
        label->clear();
    mBackendData->clear();
}

void NodeDetailPanel::refresh()
{
    if (mSubnet.isNull()) {
        mPresent = false;
        mCountdown.stop();
        clearFields();
        mStatus->setText(tr("No node selected."));
        return;
    }
    const auto it = mState->leases().constFind(mSubnet);
    mPresent = it != mState->leases().cend();
    if (mPresent) {
        mLease = *it;
        mStatus->setText(tr("Lease of %1").arg(LeaseText::subnet(mSubnet)));
    } else {
        mStatus->setText(tr("The lease of %1 is no longer in the store; these were its last values.")
                             .arg(LeaseText::subnet(mSubnet)));
        if (mLease.subnet.isNull()) {
            clearFields();
            mCountdown.stop();
            return;
        }
    }
    const LeaseAttrs &attrs = mLease.attrs;
    mSubnetLabel->setText(LeaseText::subnet(mLease.subnet));
    mPublicIp->setText(attrs.publicIp.isNull() ? tr("none") : attrs.publicIp.toString());
    mPublicIpv6->setText(attrs.publicIpv6.isNull() ? tr("none") : attrs.publicIpv6.toString());
    mBackend->setText(attrs.backendName());
    const auto vxlan = attrs.vxlanData();
    mVtepMac->setText(vxlan ? vxlan->vtepMac.toString() : tr("none"));
    const QString data = LeaseText::backendData(attrs);
    if (mBackendData->toPlainText() != data)
        mBackendData->setPlainText(data);
    mStoreLease->setText(LeaseText::storeLease(mLease.storeLeaseId));
    mModRevision->setText(QString::number(mLease.modRevision));
    refreshExpiry();
    if (mPresent && mLease.expiration.isValid())
        mCountdown.start();
    else
        mCountdown.stop();
}

void NodeDetailPanel::refreshExpiry()
{
    if (!mPresent) {
        mExpiry->setText(tr("removed"));
        return;
    }
    QString text = LeaseText::expiry(mLease, QDateTime::currentDateTimeUtc());
    if (mLease.expiration.isValid())
        text += QStringLiteral(" (%1)").arg(QLocale().toString(mLease.expiration.toLocalTime(), QLocale::ShortFormat));
    mExpiry->setText(text);
}

void NodeDetailPanel::onRemoved(const Lease &lease)
{
    if (lease.subnet != mSubnet)
        return;
    mLease = lease;
    refresh();
}

QString NodeDetailPanel::text(Field field) const
{
    switch (field) {
    case Field::Subnet:
        return mSubnetLabel->text();
    case Field::PublicIp:
        return mPublicIp->text();
    case Field::PublicIpv6:
        return mPublicIpv6->text();
    case Field::Backend:
        return mBackend->text();
    case Field::VtepMac:
        return mVtepMac->text();
    case Field::BackendData:
        return mBackendData->toPlainText();
    case Field::StoreLease:
        return mStoreLease->text();
    case Field::Expiry:
        return mExpiry->text();
    case Field::ModRevision:
        return mModRevision->text();
    case Field::Status:
        return mStatus->text();
    }
    return {};
}

} // namespace tartan::gui
