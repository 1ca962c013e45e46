#pragma once

#include "agentmetrics.h"
#include "agentoptions.h"
#include "desiredtables.h"
#include "lease.h"
#include "networkconfig.h"
#include "nodereport.h"
#include "storelayout.h"

#include <QObject>

namespace tartan {

class EtcdClient;
class Reconciler;
class ReportPublisher;
class StatusServer;
namespace netlink {
class NetlinkSocket;
struct KernelState;
}

/// The agent's reporting: keeps the AgentMetrics from the reconciler's checks and the store's
/// failures, builds the NodeSummary (published by ReportPublisher) and the full NodeReport (served
/// by StatusServer, with the metrics and the reconcile request).
///
/// Threading: the agent's thread; socket and client must outlive it.
class NodeReporter : public QObject
{
    Q_OBJECT
public:
    NodeReporter(const AgentOptions &options, const StoreLayout &layout, EtcdClient *client,
                 netlink::NetlinkSocket &socket, QObject *parent = nullptr);
    ~NodeReporter() override;

    /// Starts the endpoint when --report-port is not 0; the error names the address.
    Status start();

    /// What the node runs: the backend's devices and the external interface to report.
    void setNode(const NetworkConfig &config, const ExternalInterface &external, const IpAddress &publicIp);
    void setLease(const Lease &lease);
    void leaseLost();
    /// Follows the reconciler's checks (drift, programmed entries, repairs, errors, event lag).
    void attach(Reconciler *reconciler);
    void setLeasesSeen(qsizetype leases);
    /// A store call of the agent failed (lease keeping, the lease watch, the report).
    void addStoreError();

    AgentMetrics &metrics() { return mMetrics; }
    NodeSummary summary() const;
    /// The summary, links and tables, read from the kernel now.
    Result<NodeReport> report();

private:
    Result<QByteArray> reconcileNow();
    /// The reported links and tables; a failure is counted as a netlink error.
    Result<netlink::KernelState> readKernel();
    void refreshDigest();
    void publish();
    QStringList overlayDevices() const;

    AgentOptions mOptions;
    netlink::NetlinkSocket &mSocket;
    AgentMetrics mMetrics;
    ReportPublisher *mPublisher;
    StatusServer *mServer = nullptr;
    Reconciler *mReconciler = nullptr;
    NetworkConfig mConfig;
    ExternalInterface mExternal;
    bool mHasNode = false;
    IpAddress mPublicIp;
    SubnetKey mLease;
    QString mDigest;
    bool mDigestPending = false; // a refresh after the last pass is queued
};

} // namespace tartan
