#pragma once

#include "clusterstate.h"
#include "deployedhosts.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tartan::gui {

class DeployJob;
class HostPrompts;

/// The Agents dock: the hosts this app deployed to (DeployedHosts), each with its agent's version
/// and state, from the store's report summary when one matches the host's address and from an SSH
/// check otherwise (Check); Upgrade (the deploy wizard with those hosts), Restart (systemctl over
/// SSH), Uninstall (deploy::DeployRunner's undeploy, after a confirmation) and Forget.
class AgentsPanel : public QWidget
{
    Q_OBJECT
public:
    enum Column { Host, Version, State, Source, LastAction, ColumnCount };

    /// `iniFile`: DeployedHosts' (empty: the application's settings).
    explicit AgentsPanel(ClusterState *state, const QString &iniFile = {}, QWidget *parent = nullptr);
    ~AgentsPanel() override;

    /// Re-reads the remembered hosts and the summaries.
    void reload();
    QTableWidget *table() const { return mTable; }
    HostPrompts *prompts() const { return mPrompts; }
    DeployedHosts &deployedHosts() { return mHosts; }

    /// The summary of the agent on `host` (its public IP), or nullptr.
    static const NodeSummary *summaryFor(const QString &host, const ClusterState &state);
    /// Parses the connection test's "key=value, ..." detail into its values.
    static QHash<QString, QString> probeValues(const QString &detail);

signals:
    /// Upgrade: the user wants the deploy wizard for these hosts.
    void upgradeRequested(const QList<tartan::deploy::HostEntry> &hosts);
    /// A job finished (tests wait for it); `what` names it.
    void jobFinished(const QString &what);

private:
    QList<int> selectedRows() const;
    QList<deploy::HostEntry> selectedHosts() const;
    void runJob(int kind, const QList<deploy::HostEntry> &hosts, const QString &what);
    void updateButtons();

    ClusterState *mState;
    DeployedHosts mHosts;
    QList<DeployedHosts::Host> mRows;
    QHash<QString, QString> mChecked; ///< host -> "version|state" from the last SSH check
    QTableWidget *mTable;
    QLabel *mStatus;
    QPushButton *mCheck, *mUpgrade, *mRestart, *mUninstall, *mForget;
    HostPrompts *mPrompts;
    DeployJob *mJob = nullptr;
};

} // namespace tartan::gui
