#pragma once

#include "clustersource.h"
#include "kubeclientoptions.h"
#include "kubenetconfig.h"
#include "kubenodelease.h"

#include <QHash>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>

namespace tartan {

class AgentSummaryPoller;
class KubeClient;
class KubeLeaseWatcher;
class KubeNodeWatcher;

/// What a Kubernetes cluster is shown through, besides the kubeconfig context.
struct KubeSessionOptions
{
    KubeClientOptions client;          ///< a resolved kubeconfig context (KubeConfig::resolve)
    KubeConfigMapRef configMap;        ///< where the network config lives (flannel's manifests by default)
    QString annotationPrefix = QStringLiteral("flannel.alpha.coreos.com");
    int agentPort = 8476;              ///< the agents' --report-port
};

/// The app's live connection to a Kubernetes cluster in flannel's kube-subnet-mgr mode: keeps a
/// ClusterState current, as ClusterSession does for etcd.
///
/// start() clears the state, names it "kube://<server host:port>/<context>" and sets it Connecting.
/// Then:
///  - the leases: a KubeNodeWatcher lists and watches the Nodes, a KubeLeaseWatcher turns them into
///    leases; the first list (and every re-list after 410 Gone) replaces the state's leases at once
///    (resetLeases), afterwards each add, change and removal is forwarded as it happens. A node
///    whose annotations do not decode goes to rejectValue under "node/<name>" (forgotten once it
///    decodes or is deleted);
///  - the network config: the ConfigMap's key is read at start and every configInterval() (a
///    ConfigMap is small, and one GET every few seconds is cheaper than a second watch stream);
///    every value goes to setConfigText, empty when the ConfigMap is absent;
///  - the agents' summaries: agents publish none in the cluster, so an AgentSummaryPoller asks each
///    lease's agent at http://<public IP>:<agentPort>/v1/summary;
///  - the connection: Connected once the config and the Nodes have been read; Reconnecting (with the
///    last error) whenever either fails after that, Connected again once both answer.
///
/// writeConfig() goes through KubeNetConfig::write (compare with what the editor opened, then a PUT
/// at the resourceVersion read). Threading: one thread (the GUI's). No Widgets.
class KubeClusterSession : public ClusterSource
{
    Q_OBJECT
public:
    /// Checks the options (KubeClient::create: TLS material, server URL); nothing is sent before start().
    static Result<std::unique_ptr<KubeClusterSession>> create(const KubeSessionOptions &options, ClusterState *state);
    ~KubeClusterSession() override;

    void start() override;
    void stop() override;
    bool isRunning() const override { return mRunning; }
    QString clusterId() const override { return mClusterId; }
    void writeConfig(const QByteArray &newText, const QByteArray &expectedOldText, const QObject *context,
                     std::function<void(Status)> done) override;

    /// "kube://host:port/context" for a server URL and a context name.
    static QString clusterIdFor(const QUrl &server, const QString &context);

    ClusterState *state() const { return mState.data(); }
    const KubeSessionOptions &options() const { return mOptions; }
    KubeNodeWatcher *nodeWatcher() const { return mNodes; }
    AgentSummaryPoller *summaryPoller() const { return mSummaries; }

    /// How often the ConfigMap is read again; before or after start().
    void setConfigInterval(std::chrono::milliseconds interval);
    /// How often the agents are asked for their summaries; before or after start().
    void setSummaryInterval(std::chrono::milliseconds interval);
    /// Published agent endpoint -> URL to use (a local lab's relays).
    void setAgentEndpointMap(const QHash<QString, QString> &map) override;

private:
    enum class Source { Config, Leases };

    KubeClusterSession(std::unique_ptr<KubeClient> client, KubeSessionOptions options, KubeAnnotations names, ClusterState *state);
    void wireLeases();
    void readConfig();
    void sourceUp(Source source);
    void sourceDown(Source source, const Error &error);

    std::unique_ptr<KubeClient> mClient;
    KubeSessionOptions mOptions;
    QString mClusterId;
    QPointer<ClusterState> mState;
    KubeNodeWatcher *mNodes = nullptr;      // children, deleted before mClient (they use it)
    KubeLeaseWatcher *mLeases = nullptr;
    AgentSummaryPoller *mSummaries = nullptr;
    QTimer mConfigTimer;
    bool mConfigInFlight = false;
    quint64 mGeneration = 0; // config answers from before a stop() are dropped
    bool mRunning = false;
    bool mConfigUp = false;
    bool mLeasesUp = false;
    bool mEverConnected = false;
    bool mAwaitingList = true;
};

} // namespace tartan
