#pragma once

#include "clusterstate.h"
#include "connect/kubetarget.h"
#include "etcdclientoptions.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLineEdit;
class QStackedWidget;
class QTabWidget;

namespace tartan {
class ClusterSource;
}

namespace tartan::gui {

class AgentReports;
class AgentsPanel;
class DeployController;
class ChartsPanel;
class DriftPanel;
class NodeTablesPanel;
class PathPanel;
class ConfigPanel;
class EventLogPanel;
class LeaseTablePanel;
class NodeDetailPanel;
class StartPage;
class TopologyScene;
class TopologyView;

/// The application window: the start page or the topology in the middle, the panels in docks
/// around it, one ClusterState that every view observes and one ClusterSource that fills it (a
/// ClusterSession for etcd, a KubeClusterSession for a kubeconfig).
/// Keeps to wiring; each view and model lives in its own class (connect/, topology/, models/,
/// panels/, shell/).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ClusterState *clusterState() const { return mState; }
    TopologyScene *topologyScene() const { return mScene; }
    TopologyView *topologyView() const { return mView; }
    AgentReports *agentReports() const { return mAgents; }
    NodeDetailPanel *nodePanel() const { return mDetails; }
    NodeTablesPanel *nodeTables() const { return mTables; }
    DriftPanel *driftPanel() const { return mDrift; }
    PathPanel *pathPanel() const { return mPath; }
    AgentsPanel *agentsPanel() const { return mAgentsPanel; }
    DeployController *deployController() const { return mDeploy; }

    /// Shows the packet path view with these addresses and traces as soon as the store and the
    /// agents' summaries are in (at once when they already are). `tartan --trace SRC DST`.
    void traceOnLoad(const QString &source, const QString &destination);
    /// Shows the packet path view (the topology's neighbour in the middle).
    void showPathView();

    /// Connects to a cluster (replacing any current connection). An error (bad options): nothing
    /// changed, and it is shown in the status bar too.
    Status connectTo(const EtcdClientOptions &options, const QString &prefix);
    /// Connects to a Kubernetes cluster through a kubeconfig context (replacing any current
    /// connection). An error (unreadable kubeconfig, unknown context, bad TLS files): nothing changed.
    Status connectToKube(const KubeTarget &target);
    /// Agents' published endpoints -> the URLs to use, for the full reports and (Kubernetes mode)
    /// the summaries. connectTo() and connectToKube() set a local lab's relays; this replaces them.
    void setAgentEndpointMap(const QHash<QString, QString> &map);
    /// The connection shown, or nullptr.
    ClusterSource *source() const { return mSession.get(); }
    void disconnectFromCluster();

signals:
    /// The window has shown a complete view of the store for the first time after connectTo().
    void loaded();
    /// Everything asked for at start is shown: the store loaded and, after traceOnLoad(), the trace
    /// done (or failed). --screenshot waits for this.
    void ready();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createViews();
    QDockWidget *addPanel(QWidget *panel, const QString &title, const QString &objectName, Qt::DockWidgetArea area);
    void createMenus();
    void createToolBar();
    void restoreWindowState();
    void updateTitle();
    void updateStatus();
    void exportTopology(bool svg);
    void exportState();
    void showShortcuts();
    void showAbout();
    void wireAgents();
    void showNodeMenu(const SubnetKey &node, const QPoint &screenPos);
    /// Selects the node and brings its kernel tables to the front.
    void showNodeTables(const SubnetKey &node);
    /// Makes `source` the window's connection (its agents reached through `agentEndpoints`) and starts it.
    void adopt(std::unique_ptr<ClusterSource> source, const QHash<QString, QString> &agentEndpoints);

    ClusterState *mState;
    std::unique_ptr<ClusterSource> mSession;
    QStackedWidget *mCentre = nullptr;
    StartPage *mStartPage = nullptr;
    TopologyScene *mScene = nullptr;
    TopologyView *mView = nullptr;
    NodeDetailPanel *mDetails = nullptr;
    LeaseTablePanel *mLeaseTable = nullptr;
    EventLogPanel *mEventLog = nullptr;
    ConfigPanel *mConfigPanel = nullptr;
    ChartsPanel *mCharts = nullptr;
    AgentReports *mAgents = nullptr;
    NodeTablesPanel *mTables = nullptr;
    DriftPanel *mDrift = nullptr;
    PathPanel *mPath = nullptr;
    AgentsPanel *mAgentsPanel = nullptr;
    DeployController *mDeploy = nullptr;
    QTabWidget *mMiddle = nullptr; // the topology and the path view
    bool mAwaitingTrace = false; // traceOnLoad(): ready() once the path is traced
    QList<QDockWidget *> mDocks;
    QLineEdit *mSearch = nullptr;
    QAction *mDisconnectAction = nullptr;
    QList<QAction *> mClusterActions; // enabled only while connected to a cluster
    bool mLoadedOnce = false;
};

} // namespace tartan::gui
