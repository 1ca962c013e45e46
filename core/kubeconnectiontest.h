#pragma once

#include "kubeclientoptions.h"
#include "kubenetconfig.h"
#include "kubenodelease.h"
#include "networkconfig.h"
#include "result.h"

#include <QObject>

#include <functional>

namespace tartan {

/// What a successful Kubernetes connection test found (see KubeConnectionTest).
struct KubeConnectionReport
{
    QString server;        ///< the API server's URL
    int nodes = 0;         ///< every Node listed
    int leases = 0;        ///< Nodes carrying a flannel lease (kube-subnet-manager="true" and a podCIDR)
    int rejected = 0;      ///< Nodes whose lease annotations do not decode
    /// The network config read from the ConfigMap, or why it could not be (absent, forbidden,
    /// malformed): a cluster whose Nodes can be listed is usable even without it.
    Result<NetworkConfig> config = Error(QString());
};

/// Checks a kubeconfig context before connecting, for the connect dialog: lists the Nodes (counting
/// the leases among them), then reads the network config's ConfigMap. A failure to list says
/// precisely why, naming the server, the context and the kubeconfig user:
///  - 401: "the API server https://h:6443 does not accept the credentials of user 'admin' (context
///    'prod'): ... HTTP 401 Unauthorized ...";
///  - 403: "user 'viewer' (context 'prod') may not list Nodes on https://h:6443: ... HTTP 403 ...";
///  - TLS: "TLS with https://h:6443 failed (context 'prod'): <cause>; check the cluster's
///    certificate-authority ...";
///  - unreachable: "cannot reach the API server https://h:6443 (context 'prod'): <cause>".
/// `done` runs exactly once, after run() returned, unless `context` (when not null) is destroyed
/// first.
class KubeConnectionTest : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(Result<KubeConnectionReport>)>;

    /// `user` is the kubeconfig user of the context, for messages.
    static void run(const KubeClientOptions &options, const QString &user, const KubeConfigMapRef &configMap,
                    const KubeAnnotations &names, const QObject *context, Done done);

private:
    KubeConnectionTest() = default;
};

} // namespace tartan
