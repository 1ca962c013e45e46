#pragma once

#include "kubeclient.h"
#include "kubenodelease.h"
#include "kubenodewatcher.h"
#include "lease.h"
#include "networkconfig.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace tartan {

/// This node's lease in Kubernetes mode (flannel-compat.md section 2): the subnet is the node's
/// podCIDR(s), assigned by the controller manager, never chosen here; what the agent owns are the
/// flannel annotations, which it writes with one strategic-merge PATCH of nodes/status holding
/// only the values that differ from the node's (no PATCH at all when none do), and the
/// NetworkUnavailable=False condition (reason FlannelIsUp), set once after the first acquisition.
///
/// public-ip-overwrite (and the v6 one) on the node replace the advertised address, also in the
/// public-ip annotation written. While the node has no podCIDR, or one outside the Network, the
/// manager reports problem("node 'n1': pod cidr not assigned") and tries again with back-off; it
/// never gives up while the API answers.
///
/// Own node followed through `nodes` (the agent's watcher, shared with KubeLeaseWatcher): a
/// deleted node or a changed podCIDR is lost(), then acquired again.
///
/// Threading: the client's thread; client and watcher must outlive the manager.
class KubeLeaseManager : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool setNodeNetworkUnavailable = true;
        std::chrono::milliseconds retryMin{500};
        std::chrono::milliseconds retryMax{30000};
    };

    KubeLeaseManager(KubeClient *client, KubeNodeWatcher *nodes, KubeAnnotations names, QString nodeName, NetworkConfig config,
                     LeaseAttrs self, Options options, QObject *parent = nullptr);

    void start();
    void stop();
    /// Re-publishes this node's attributes (a new VTEP MAC): patches only what changed.
    void setAttrs(const LeaseAttrs &self);

    bool hasLease() const { return mHasLease; }
    const Lease &lease() const { return mLease; }
    /// PATCH requests sent so far (annotations and condition): for tests, "only when changed".
    int patchesSent() const { return mPatches; }

signals:
    void acquired(const tartan::Lease &lease);
    void lost(const tartan::Error &why);
    void problem(const tartan::Error &error);
    void note(const QString &message);

private:
    void acquire();
    void evaluate(const json::Json &node);
    void hold(const Lease &lease);
    void markNetworkAvailable();
    void retryLater(const Error &error);
    void onNodeChanged(const json::Json &node);
    void onNodeRemoved(const json::Json &node);
    bool alive(quint64 generation) const { return mRunning && generation == mGeneration; }

    KubeClient *mClient;
    KubeNodeWatcher *mNodes;
    KubeAnnotations mNames;
    QString mNodeName;
    NetworkConfig mConfig;
    LeaseAttrs mSelf;
    Options mOptions;
    QTimer mRetryTimer;
    std::chrono::milliseconds mRetryDelay;
    Lease mLease;
    bool mHasLease = false;
    bool mRunning = false;
    bool mConditionSet = false;
    int mPatches = 0;
    quint64 mGeneration = 0;
};

} // namespace tartan
