#pragma once

#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace tartan {

class KubeClient;

/// Where a Kubernetes cluster keeps its network config: one key of one ConfigMap. The defaults are
/// flannel's manifests (kube-flannel/kube-flannel-cfg, key net-conf.json, which the DaemonSet
/// mounts at /etc/kube-flannel/net-conf.json).
struct KubeConfigMapRef
{
    QString nameSpace = QStringLiteral("kube-flannel");
    QString name = QStringLiteral("kube-flannel-cfg");
    QString key = QStringLiteral("net-conf.json");

    /// "NAMESPACE/NAME[:KEY]" (the key defaults to net-conf.json). Each part must be a DNS label or
    /// subdomain as the API allows (the key: letters, digits, '-', '_', '.').
    static Result<KubeConfigMapRef> parse(const QString &text);
    /// "NAMESPACE/NAME:KEY".
    QString toString() const;
    /// "ConfigMap NAMESPACE/NAME", how messages name it.
    QString describe() const;
    bool operator==(const KubeConfigMapRef &) const = default;
};

/// The network config as stored in its ConfigMap: the text of the key (empty when the ConfigMap
/// exists but has no such key) and the ConfigMap's resourceVersion it was read at.
struct KubeNetConfigText
{
    QByteArray text;
    QString resourceVersion;
};

/// Reads and writes the network config of a Kubernetes cluster, for the desktop app and tartanctl,
/// with the same contract as ClusterSession::writeConfig has for etcd. Callbacks run once on the
/// client's thread, dropped if `context` (when not null) is destroyed first; `client` must outlive
/// the call.
class KubeNetConfig
{
public:
    /// GETs the ConfigMap. An absent ConfigMap is an error ("reading ConfigMap kube-flannel/
    /// kube-flannel-cfg: kube GET ...: HTTP 404 Not Found: ..."); an absent key is an empty text.
    static void read(KubeClient *client, const KubeConfigMapRef &ref, const QObject *context,
                     std::function<void(Result<KubeNetConfigText>)> done);

    /// Writes `newText` under the key, only if the cluster still holds `expectedOldText` (what the
    /// editor opened; empty: the key must be absent). Reads the ConfigMap, compares, and PUTs it
    /// back with the resourceVersion it read, so a change between the read and the write is
    /// refused by the server (409) as well: either way "writing ConfigMap NS/NAME: the config
    /// changed in the cluster since you opened it; open it again and redo your edit". Other keys
    /// of the ConfigMap are kept. `newText` is written as given: validating it is the editor's
    /// business. Other failures name the request and the HTTP status (401/403 included).
    static void write(KubeClient *client, const KubeConfigMapRef &ref, const QByteArray &newText, const QByteArray &expectedOldText,
                      const QObject *context, std::function<void(Status)> done);
};

} // namespace tartan
