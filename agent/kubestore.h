#pragma once

#include "agentoptions.h"
#include "kubeclient.h"
#include "kubeleasemanager.h"
#include "kubeleasewatcher.h"
#include "kubenodewatcher.h"
#include "networkconfig.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace tartan {

/// The agent's store in Kubernetes mode (--kube-subnet-mgr): the API client, one watcher of every
/// Node shared by the peers' leases (KubeLeaseWatcher) and this node's lease (KubeLeaseManager),
/// and the node's name (NODE_NAME or POD_NAME/POD_NAMESPACE). The network config comes from
/// --net-config-path, not from the store. Gives the Agent what LeaseManager and LeaseWatcher give
/// it with etcd.
///
/// Reports: in this mode the agent publishes no NodeSummary into the store (a summary per node in
/// Node annotations would make every node's watchers receive every node's report); they are
/// served by the agent's HTTP endpoint (--report-port) only.
class KubeStore : public QObject
{
    Q_OBJECT
public:
    /// Client options: --kubeconfig-file (its current context) or else the pod's service account;
    /// --kube-api-url replaces the server of either.
    static Result<std::unique_ptr<KubeStore>> create(const AgentOptions &options, QObject *parent = nullptr);
    ~KubeStore() override;

    /// Reads and parses --net-config-path.
    Result<NetworkConfig> readNetworkConfig() const;
    /// Finds the node's name (retrying while the API does not answer) and starts watching Nodes.
    void start();
    /// Starts keeping this node's lease once the name is known.
    void startLease(const NetworkConfig &config, const LeaseAttrs &self);
    void setAttrs(const LeaseAttrs &self);
    void stop();

    bool peersSynced() const { return mNodes->isSynced(); }
    QList<Lease> peers() const { return mLeases->leases().values(); }
    QString nodeName() const { return mNodeName; }

signals:
    void acquired(const tartan::Lease &lease);
    void lost(const tartan::Error &why);
    void problem(const tartan::Error &error);
    void note(const QString &message);
    /// Any change of the peers' leases (or the first sync).
    void peersChanged();

private:
    KubeStore(const AgentOptions &options, std::unique_ptr<KubeClient> client, KubeAnnotations names, QObject *parent);
    void findNodeName();
    void startManager();

    AgentOptions mOptions;
    std::unique_ptr<KubeClient> mClient;
    KubeAnnotations mNames;
    KubeNodeWatcher *mNodes;
    KubeLeaseWatcher *mLeases;
    KubeLeaseManager *mManager = nullptr;
    QTimer mNameRetry;
    QString mNodeName;
    std::optional<std::pair<NetworkConfig, LeaseAttrs>> mPendingLease;
};

} // namespace tartan
