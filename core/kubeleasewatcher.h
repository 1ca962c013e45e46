#pragma once

#include "kubenodelease.h"
#include "kubenodewatcher.h"

#include <QMap>
#include <QObject>

namespace tartan {

/// The leases of a Kubernetes cluster, kept current: what LeaseWatcher gives for etcd, read from
/// the Nodes a KubeNodeWatcher follows. Only nodes with kube-subnet-manager="true" and a podCIDR
/// count, as in flanneld. A node whose annotations do not decode is reported once through
/// leaseRejected() and left out.
///
/// Threading: the node watcher's thread; the node watcher must outlive this one.
class KubeLeaseWatcher : public QObject
{
    Q_OBJECT
public:
    KubeLeaseWatcher(KubeNodeWatcher *nodes, KubeAnnotations names, QObject *parent = nullptr);

    bool isSynced() const { return mNodes->isSynced(); }
    /// The valid leases, by subnet.
    const QMap<SubnetKey, Lease> &leases() const { return mLeases; }
    /// Nodes whose lease did not decode, by name, with the reason.
    const QMap<QString, Error> &rejected() const { return mRejected; }

signals:
    void synced();
    void leaseAdded(const tartan::Lease &lease);
    void leaseChanged(const tartan::Lease &before, const tartan::Lease &after);
    void leaseRemoved(const tartan::Lease &lease);
    void leaseRejected(const QString &node, const tartan::Error &error);
    /// The node's lease decodes again, or the node is gone.
    void rejectionCleared(const QString &node);
    /// The node watcher's watching(): the server is reachable.
    void watching();
    void problem(const tartan::Error &error);

private:
    void update(const json::Json &node);
    void remove(const QString &name);

    KubeNodeWatcher *mNodes;
    KubeAnnotations mNames;
    QMap<SubnetKey, Lease> mLeases;
    QMap<QString, SubnetKey> mSubnetOf; // node name -> subnet of its valid lease
    QMap<QString, Error> mRejected;
};

} // namespace tartan
