#pragma once

#include "clusterstate.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace tartan::gui {

class NodeTablesPanel;

/// Every field of one node's lease, for a dock beside the topology or the lease table: subnet(s),
/// public addresses, backend, VTEP MAC, backend data as indented JSON, etcd lease id, expiry
/// countdown and mod revision. Follows the ClusterState live: a change rewrites the fields, a
/// removal keeps the last values under a notice that the lease is gone, a lease that comes back is
/// shown again. The lease is the first tab; setTablesPanel() adds the node's kernel tables as the
/// second.
class NodeDetailPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Field { Subnet, PublicIp, PublicIpv6, Backend, VtepMac, BackendData, StoreLease, Expiry, ModRevision, Status };

    explicit NodeDetailPanel(ClusterState *state, QWidget *parent = nullptr);

    /// Shows the lease of `subnet`; a null key shows "No node selected".
    void showNode(const SubnetKey &subnet);
    SubnetKey subnet() const { return mSubnet; }
    /// Whether the shown lease is in the store (false once it was removed).
    bool isPresent() const { return mPresent; }
    /// The text of a field as shown, for tests and copying.
    QString text(Field field) const;

    /// Adds `tables` (the node's kernel tables and drift) as a tab, kept on the shown node.
    void setTablesPanel(NodeTablesPanel *tables);
    NodeTablesPanel *tablesPanel() const { return mTables; }
    /// Brings the kernel tables tab to the front (no-op without one).
    void showTablesTab();

private:
    void refresh();
    void refreshExpiry();
    void clearFields();
    void onRemoved(const Lease &lease);

    ClusterState *mState;
    SubnetKey mSubnet;
    Lease mLease; // the last known value, kept after a removal
    bool mPresent = false;
    QTimer mCountdown;

    QLabel *mStatus;
    QLabel *mSubnetLabel;
    QLabel *mPublicIp;
    QLabel *mPublicIpv6;
    QLabel *mBackend;
    QLabel *mVtepMac;
    QPlainTextEdit *mBackendData;
    QLabel *mStoreLease;
    QLabel *mExpiry;
    QLabel *mModRevision;
    QTabWidget *mTabs;
    NodeTablesPanel *mTables = nullptr;
};

} // namespace tartan::gui
