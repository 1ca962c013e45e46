#pragma once

#include "agentclient.h"
#include "commandcontext.h"
#include "lease.h"
#include "networkconfig.h"
#include "nodereport.h"

#include <QList>

#include <functional>
#include <memory>
#include <optional>

namespace tartan::cli {

class ClusterReader;

/// What doctor and trace know of one node: its lease, the summary its agent publishes in the store,
/// and the full report fetched from the agent, or why there is none.
struct NodeState
{
    SubnetKey key;
    std::optional<Lease> lease;         ///< absent for a summary whose lease is gone
    /// The agent's summary: the one it publishes in the store, or, where the cluster keeps none
    /// (Kubernetes), the one in its report. Absent when there is neither.
    std::optional<NodeSummary> summary;
    std::optional<NodeReport> report;   ///< absent when not asked for or not reachable
    QString endpoint;                   ///< the agent's endpoint: its summary's, else the cluster reader's guess
    QString url;                        ///< the endpoint actually used (a lab relay, say)
    QString error;                      ///< why `report` is absent, when it was asked for
};

/// The store's view (config, leases, summaries) plus the reports of the agents, for one command.
struct ClusterSnapshot
{
    NetworkConfig config;
    QList<Lease> leases;
    QList<NodeState> nodes; ///< one per lease or summary, sorted by key

    QList<NodeReport> reports() const;
    NodeState *find(const SubnetKey &key);
};

/// Reads a ClusterSnapshot for a command, from etcd or from the Kubernetes API (ClusterReader).
/// Reports are fetched concurrently, each bounded by the agent client's timeout; an agent that
/// cannot be reached leaves an error on its node, not on the command. Talking to a local lab, the
/// lab's loopback relays are used for the agents' endpoints (labReportEndpoints), and a note says
/// so on stderr.
class AgentSnapshot
{
public:
    explicit AgentSnapshot(CommandContext &context);
    ~AgentSnapshot();

    /// Config, leases, summaries, then the reports of the nodes `wanted` accepts (all when empty).
    /// Returns kOk, or the exit code after printing the failure (store unreachable, no config).
    int read(ClusterSnapshot *out, const std::function<bool(const SubnetKey &)> &wanted = {});
    /// Fetches the reports of `keys` again (after a repair), and refreshes their summaries.
    int refresh(ClusterSnapshot *snapshot, const QList<SubnetKey> &keys);
    /// POST /v1/reconcile to one node's agent.
    Status repair(const NodeState &node);

private:
    void fetch(ClusterSnapshot *snapshot, const QList<SubnetKey> &keys);

    CommandContext &mContext;
    std::unique_ptr<ClusterReader> mReader; // made by read()
    AgentClient mAgents;
};

} // namespace tartan::cli
