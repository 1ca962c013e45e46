#pragma once

#include "deploywizard.h"
#include "etcdclientoptions.h"
#include "hostentry.h"
#include "nodereport.h"

#include <QHash>

#include <QObject>
#include <QPointer>

class QWidget;

namespace tartan::gui {

class AgentTunnel;
class AgentsPanel;

/// Ties the deploy wizard to the Agents panel and to the connected cluster: the wizard opens with
/// the cluster's store endpoints, prefix and TLS files (so the new agents join the cluster on
/// screen, their leases arriving like any other), the last package chosen, and the hosts to
/// upgrade when the panel asks; hosts deployed are remembered for the panel.
class DeployController : public QObject
{
    Q_OBJECT
public:
    DeployController(AgentsPanel *panel, QWidget *window);

    /// The cluster the app is connected to (endpoints empty: none).
    void setCluster(const EtcdClientOptions &options, const QString &prefix);
    /// Opens the wizard (non-modal), with `hosts` in its table.
    DeployWizard *openWizard(const QList<deploy::HostEntry> &hosts = {});
    DeployWizard *wizard() const { return mWizard.data(); }

    /// AgentReports' router: for an agent on a host deployed from the app (its public IP is the
    /// host's address), the local URL of an SSH port forward to its report endpoint, started on
    /// first use and again after it failed; empty for any other agent.
    QString route(const NodeSummary &summary);
    /// Ends every port forward.
    void closeTunnels();

private:
    AgentsPanel *mPanel;
    QWidget *mWindow;
    EtcdClientOptions mOptions;
    QString mPrefix;
    QPointer<DeployWizard> mWizard;
    QHash<QString, AgentTunnel *> mTunnels; ///< by host and endpoint
};

} // namespace tartan::gui
