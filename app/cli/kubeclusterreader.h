#pragma once

#include "clusterreader.h"
#include "kubenetconfig.h"
#include "kubenodelease.h"

namespace tartan::cli {

/// The cluster in the Kubernetes API (--kubeconfig, --context): the network config from its
/// ConfigMap (--configmap), the leases from the Nodes' podCIDRs and flannel annotations
/// (--kube-annotation-prefix). The agents keep no summary in the cluster, so the agent of a lease
/// is asked at http://<its public IP>:<--agent-port>.
class KubeClusterReader : public ClusterReader
{
public:
    /// Checks the flags and loads the kubeconfig; an error (bad input) names the flag or the file.
    static Result<std::unique_ptr<KubeClusterReader>> create(CommandContext &context);

    Result<NetworkConfig> config(bool *unusable) override;
    Result<QList<Lease>> leases() override;
    Result<NodeSummaries> summaries() override { return NodeSummaries(); }
    bool keepsSummaries() const override { return false; }
    QString agentEndpoint(const Lease &lease) const override;

    /// A lease with the name of the Node advertising it.
    struct NodeLease
    {
        QString node;
        Lease lease;
    };
    /// The leases of the managed Nodes, in the order of the Node list.
    Result<QList<NodeLease>> nodeLeases();

    const KubeAnnotations &annotations() const { return mNames; }
    const KubeConfigMapRef &configMap() const { return mConfigMap; }

private:
    KubeClusterReader(CommandContext &context, KubeAnnotations names, KubeConfigMapRef configMap, int agentPort);

    CommandContext &mContext;
    KubeAnnotations mNames;
    KubeConfigMapRef mConfigMap;
    int mAgentPort;
};

/// The network config in ConfigMap `ref`, as KubeNetConfig::read gives it, with a refusal (401,
/// 403) naming the kubeconfig user (CommandContext::kubeError). `*absent` is set when the failure
/// is the cluster's answer about the config (no such ConfigMap, a key that is not a string), not
/// a failure to ask.
Result<KubeNetConfigText> readNetConfig(CommandContext &context, const KubeConfigMapRef &ref, bool *absent);

/// --kube-annotation-prefix, else flannel's.
Result<KubeAnnotations> kubeAnnotationsFor(const CommandContext &context);

} // namespace tartan::cli
