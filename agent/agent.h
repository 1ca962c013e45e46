#pragma once

#include "agentoptions.h"
#include "desiredtables.h"
#include "etcdclient.h"
#include "leaseattrs.h"
#include "networkconfig.h"
#include "netlinksocket.h"
#include "storelayout.h"
#include "subnetenv.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

namespace tartan {

class Backend;
class HealthServer;
class KubeStore;
class LeaseManager;
class LeaseWatcher;
class NodeReporter;
class Reconciler;
class RulesKeeper;

/// tartand: one node's agent, in flanneld's startup order (flannel-compat.md section 4):
///   1. read the network config from the store, retrying every second until it is there and valid;
///   2. choose the external interface;
///   3. set up the backend (Backend: vxlan's flannel.<VNI> with the MAC kept in --state-dir) and
///      acquire the lease (LeaseManager). The peers' leases are listed from the start, beside
///      step 1 (upstream lists them only in step 6), and the lease is chosen from that same list,
///      so that nothing waits for a second round trip;
///   4. set up the ip-masq and forward rules;
///   5. write subnet.env (on a worker thread: its fsync does not hold up step 6);
///   6. run the backend: program the peers and keep the kernel reconciled (Reconciler);
///   7. once subnet.env is written: /readyz answers 200 and systemd hears READY=1 (when run under it).
/// Store and kernel failures are retried and logged; only a configuration tartand cannot serve
/// (an unsupported backend, no usable interface) is fatal.
///
/// This is the program's boundary: it logs (qInfo/qWarning), one line per event, in the words of
/// the Error values the layers below return.
class Agent : public QObject
{
    Q_OBJECT
public:
    explicit Agent(AgentOptions options, QObject *parent = nullptr);
    ~Agent() override;

    /// Opens the store client and the kernel socket and starts step 1. An error: nothing started.
    Status start();
    /// Before exit: removes the iptables rules, as flanneld does. The lease and the kernel's
    /// tables stay, so that a restart takes over without a gap in traffic.
    void shutdown();

signals:
    /// The agent cannot serve this configuration; main exits non-zero.
    void failed(const tartan::Error &error);
    void ready();

private:
    void fetchConfig();
    Status setUpBackend();
    void onAcquired(const Lease &lease);
    /// The iptables rules for `lease` (in their own thread), then subnet.env.
    void setUpRulesThenSubnetEnv(const Lease &lease, int mtu);
    void startSubnetEnvWrite();
    void onSubnetEnvWritten(const Status &written);
    void startWatchingLeases();
    void startLeaseManager();
    void startReconciler();
    void handOverPeers();
    void fail(const Error &error);
    // Kubernetes mode (--kube-subnet-mgr), in agentkube.cpp: the same steps with KubeStore in
    // place of the etcd client, LeaseManager and LeaseWatcher.
    Status startKube();
    /// The netlink socket, the health endpoint and the reporter, for either store; `reportStore`
    /// null: reports go to the HTTP endpoint only.
    Status openKernelAndEndpoints(EtcdClient *reportStore);
    void startKubeLease();
    bool peersSynced() const;
    QList<Lease> peerList() const;

    AgentOptions mOptions;
    StoreLayout mLayout;
    std::unique_ptr<EtcdClient> mClient;
    std::optional<netlink::NetlinkSocket> mSocket;
    QTimer mConfigRetry;
    QTimer mPeersChanged; // one hand-over of the peers per event-loop turn, however many events came
    NetworkConfig mConfig;
    ExternalInterface mExternal;
    LeaseAttrs mSelf;
    std::unique_ptr<Backend> mBackend;
    LeaseManager *mLeases = nullptr;
    bool mLeasesStarted = false;
    std::optional<etcd::RangeResponse> mFirstListing; // the watcher's first list, until the manager takes it
    LeaseWatcher *mWatcher = nullptr;
    KubeStore *mKube = nullptr; // Kubernetes mode only; then mClient, mLeases and mWatcher stay null
    Reconciler *mReconciler = nullptr;
    RulesKeeper *mRules = nullptr; // made at the first lease when rules are asked for
    HealthServer *mHealth = nullptr;
    NodeReporter *mReporter = nullptr;
    // When the oldest lease event not yet handed to the reconciler came in (for the event lag).
    std::optional<std::chrono::steady_clock::time_point> mEventArrived;
    SubnetKey mRulesFor; // the subnet the current iptables rules were made for
    bool mReady = false;
    // The subnet.env to write: kept for the retries after a failed write (read-only or full file
    // system), which back off from 1 s to 30 s; readiness waits for the first successful write.
    SubnetEnv mSubnetEnv;
    QTimer mSubnetEnvRetry;
    QThreadPool mFileWriter; // last member: destroyed first, waiting for a write in progress
};

} // namespace tartan
