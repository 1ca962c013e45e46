#pragma once

#include "kubeclustersession.h"
#include "result.h"

#include <QString>

namespace tartan::gui {

/// A Kubernetes cluster as the app connects to it: a kubeconfig file and one of its contexts, the
/// ConfigMap holding the network config, and the port the agents serve their reports on. What the
/// connect dialog, the recent list and `tartan --kubeconfig` hand to the window.
struct KubeTarget
{
    QString kubeconfig;
    QString context; ///< empty: the file's current-context
    QString configMap = QStringLiteral("kube-flannel/kube-flannel-cfg"); ///< NAMESPACE/NAME[:KEY]
    int agentPort = 8476;

    /// $KUBECONFIG (its first file when it lists several), else ~/.kube/config, as kubectl.
    static QString defaultKubeconfig();

    /// Reads the kubeconfig and resolves the context (reading the files it names), and parses the
    /// ConfigMap reference. Errors name the file, the context or the field at fault.
    Result<KubeSessionOptions> resolve() const;
    /// The kubeconfig user of the context, for messages; empty when it cannot be read.
    QString user() const;

    /// What identifies it in the recent list: "kubeconfig:/home/me/.kube/config#prod".
    QString key() const;

    friend bool operator==(const KubeTarget &, const KubeTarget &) = default;
};

} // namespace tartan::gui
