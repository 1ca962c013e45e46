#pragma once

#include "commandcontext.h"
#include "lease.h"
#include "networkconfig.h"
#include "nodesummaries.h"

#include <QList>

#include <memory>

namespace tartan::cli {

/// What doctor, trace and leases read from a cluster, whichever keeps it: etcd (EtcdClusterReader)
/// or the Kubernetes API (KubeClusterReader, with --kubeconfig). Each read is run to completion;
/// a failure comes back as the cluster's error (the caller exits with kStoreUnreachable), entries
/// that cannot be decoded are skipped with a warning on stderr naming them.
class ClusterReader
{
public:
    /// The reader for the command's flags: Kubernetes when --kubeconfig is set. An error (bad
    /// input) when its flags are wrong (a kubeconfig that cannot be read, an unknown context).
    static Result<std::unique_ptr<ClusterReader>> create(CommandContext &context);
    virtual ~ClusterReader() = default;

    /// The network config; an error when the cluster fails, or (with `*unusable` set) when there
    /// is none or it does not parse.
    virtual Result<NetworkConfig> config(bool *unusable) = 0;
    /// Every lease (and reservation), sorted by subnet.
    virtual Result<QList<Lease>> leases() = 0;
    /// The agents' summaries as the cluster keeps them. A Kubernetes cluster keeps none (the agents
    /// only serve them): empty, and agentEndpoint() says where to ask instead.
    virtual Result<NodeSummaries> summaries() = 0;
    /// Whether summaries() can hold anything.
    virtual bool keepsSummaries() const = 0;
    /// The report endpoint of the agent holding `lease` when no summary names it; empty: unknown.
    virtual QString agentEndpoint(const Lease &lease) const = 0;
};

} // namespace tartan::cli
