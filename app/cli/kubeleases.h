#pragma once

#include <QStringList>

namespace tartan::cli {

class CommandContext;

/// tartanctl leases --kubeconfig FILE [--context NAME] [--watch] [--json]: the leases of a cluster
/// in Kubernetes mode, read from its Nodes (podCIDRs and flannel annotations, --kube-annotation-prefix
/// for another prefix); --watch follows them as `leases --watch` does in etcd. No reserve or
/// release: the subnets belong to the controller manager there.
int runKubeLeases(CommandContext &context, const QStringList &arguments);

} // namespace tartan::cli
