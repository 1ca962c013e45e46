#pragma once

#include "clusterstate.h"
#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace tartan {

/// What the app holds while it shows a cluster: a live connection to one cluster's store that
/// keeps a ClusterState current. Two kinds exist: ClusterSession (etcd) and KubeClusterSession (the
/// Kubernetes API through a kubeconfig). The views only follow the state; the window only starts,
/// stops, names and writes through this interface, so it does not care which store it is.
///
/// Contract for implementations: start() clears the state, names it (setClusterId) and sets it
/// Connecting; Connected once the config and the leases have been read, Reconnecting (with the last
/// error as detail) while either is lost after that. stop() (and the destructor) set it
/// Disconnected and keep its content. The state is not owned. Threading: one thread (the GUI's).
class ClusterSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ClusterSource() override = default;

    virtual void start() = 0;
    virtual void stop() = 0;
    virtual bool isRunning() const = 0;
    /// A stable name of the cluster ("etcd://host:port/prefix", "kube://host:port/context"): what
    /// ClusterState::clusterId() is set to, and the key of per-cluster settings.
    virtual QString clusterId() const = 0;

    /// Writes the network config, only if the store still holds `expectedOldText` (what the editor
    /// opened; empty: there must be none). A concurrent edit is refused with a message that says so.
    /// `done` runs once, unless `context` (when not null) or the source is destroyed first.
    virtual void writeConfig(const QByteArray &newText, const QByteArray &expectedOldText, const QObject *context,
                             std::function<void(Status)> done) = 0;

    /// Agents' published endpoints -> the URLs to use (a local lab's relays), for a source that asks
    /// the agents itself (Kubernetes mode: their summaries). Nothing by default.
    virtual void setAgentEndpointMap(const QHash<QString, QString> &map) { Q_UNUSED(map) }
};

} // namespace tartan
