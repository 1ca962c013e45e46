#include "mainwindow.h"

#include "clusterexport.h"
#include "clustersession.h"
#include "kubeclustersession.h"
#include "connect/connectionbadge.h"
#include "connect/locallabs.h"
#include "connect/startpage.h"
#include "deploy/agentspanel.h"
#include "deploy/deploycontroller.h"
#include "drift/agentreports.h"
#include "drift/driftpanel.h"
#include "drift/nodetablespanel.h"
#include "path/pathpanel.h"
#include "panels/chartspanel.h"
#include "panels/configpanel.h"
#include "panels/eventlogpanel.h"
#include "panels/leasetablepanel.h"
#include "shell/appearance.h"
#include "shell/language.h"
#include "shell/shortcutsdialog.h"
#include "subnetenv.h"
#include "topology/nodedetailpanel.h"
#include "topology/topologyscene.h"
#include "topology/topologyview.h"
#include "version.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QMenu>
#include <QToolBar>

#include <utility>

namespace tartan::gui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), mState(new ClusterState(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/tartan.svg")));
    createViews();
    createToolBar();
    createMenus();
    statusBar()->addPermanentWidget(new ConnectionBadge(mState, this));
    connect(mState, &ClusterState::leasesReset, this, &MainWindow::updateStatus);
    connect(mState, &ClusterState::leaseAdded, this, &MainWindow::updateStatus);
    connect(mState, &ClusterState::leaseRemoved, this, &MainWindow::updateStatus);
    connect(mState, &ClusterState::connectionChanged, this, [this] {
        updateStatus();
        // The first complete view of the store: for --screenshot, and to frame the whole fabric.
        if (!mLoadedOnce && mState->connection() == ClusterState::Connection::Connected && mState->isSynced()) {
            mLoadedOnce = true;
            mView->fitToView();
            emit loaded();
            if (!mPath->isTracePending() && !mAwaitingTrace)
                emit ready();
        }
    });
    restoreWindowState();
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow()
{
    // Ending the session reports Disconnected: this window must not react once its own members are
    // going, while the child views (destroyed later, with the QObject) still follow the state.
    mState->disconnect(this);
    mSession.reset();
}

void MainWindow::createViews()
{
    mStartPage = new StartPage(RecentClusters(), this);
    connect(mStartPage, &StartPage::connectRequested, this,
            [this](const EtcdClientOptions &options, const QString &prefix) { (void)connectTo(options, prefix); });
    connect(mStartPage, &StartPage::kubeConnectRequested, this, [this](const KubeTarget &target) { (void)connectToKube(target); });
    mScene = new TopologyScene(mState, this);
    mView = new TopologyView(mScene, this);
    mAgents = new AgentReports(mState, this);
    mPath = new PathPanel(mState, mAgents, this);
    mMiddle = new QTabWidget(this);
    mMiddle->setDocumentMode(true);
    mMiddle->addTab(mView, tr("Topology"));
    mMiddle->addTab(mPath, tr("Packet path"));
    mCentre = new QStackedWidget(this);
    mCentre->addWidget(mStartPage);
    mCentre->addWidget(mMiddle);
    setCentralWidget(mCentre);

    mDetails = new NodeDetailPanel(mState, this);
    mLeaseTable = new LeaseTablePanel(mState, this);
    mEventLog = new EventLogPanel(mState, this);
    mConfigPanel = new ConfigPanel(mState, this);
    mCharts = new ChartsPanel(mState, this);
    mTables = new NodeTablesPanel(mState, mAgents, this);
    mDetails->setTablesPanel(mTables);
    mDrift = new DriftPanel(mState, mAgents, this);
    mConfigPanel->setConfigWriter([this](const QByteArray &text, const QByteArray &expected, std::function<void(Status)> done) {
        if (!mSession)
            return done(Error(tr("not connected to a cluster")));
        mSession->writeConfig(text, expected, this, std::move(done));
    });
    addPanel(mDetails, tr("Node"), QStringLiteral("details"), Qt::RightDockWidgetArea);
    addPanel(mConfigPanel, tr("Network config"), QStringLiteral("config"), Qt::RightDockWidgetArea);
    addPanel(mLeaseTable, tr("Leases"), QStringLiteral("leases"), Qt::BottomDockWidgetArea);
    addPanel(mEventLog, tr("Events"), QStringLiteral("events"), Qt::BottomDockWidgetArea);
    addPanel(mCharts, tr("Charts"), QStringLiteral("charts"), Qt::BottomDockWidgetArea);
    addPanel(mDrift, tr("Drift"), QStringLiteral("drift"), Qt::BottomDockWidgetArea);
    mAgentsPanel = new AgentsPanel(mState, {}, this);
    mDeploy = new DeployController(mAgentsPanel, this);
    addPanel(mAgentsPanel, tr("Agents"), QStringLiteral("agents"), Qt::RightDockWidgetArea);
    mAgents->setRouter([this](const NodeSummary &summary) { return mDeploy->route(summary); });
    mAgents->setDirectAccess(QSettings().value(QStringLiteral("agents/direct"), true).toBool());
    tabifyDockWidget(mDocks.at(0), mDocks.at(1));
    tabifyDockWidget(mDocks.at(2), mDocks.at(3));
    tabifyDockWidget(mDocks.at(3), mDocks.at(4));
    tabifyDockWidget(mDocks.at(4), mDocks.at(5));
    tabifyDockWidget(mDocks.at(1), mDocks.at(6));
    mDocks.at(0)->raise();
    mDocks.at(2)->raise();

    // One selection, wherever it is made.
    connect(mScene, &TopologyScene::nodeSelected, this, [this](const SubnetKey &subnet) {
        mDetails->showNode(subnet);
        if (subnet.isNull())
            return;
        mLeaseTable->selectLease(subnet);
        mDocks.at(0)->raise(); // the Node panel, in front of the config tabbed with it
    });
    connect(mLeaseTable, &LeaseTablePanel::leaseActivated, this, [this](const SubnetKey &subnet) {
        mScene->selectNode(subnet);
        mDocks.at(0)->raise();
    });
    connect(mLeaseTable, &LeaseTablePanel::currentLeaseChanged, mDetails, &NodeDetailPanel::showNode);
    wireAgents();
}

void MainWindow::wireAgents()
{
    connect(mScene, &TopologyScene::nodeContextMenuRequested, this, &MainWindow::showNodeMenu);
    connect(mDrift, &DriftPanel::entryActivated, this, [this](const SubnetKey &node, int table) {
        showNodeTables(node);
        if (table >= 0)
            mTables->showTable(DriftEntry::Table(table));
    });
    connect(mPath, &PathPanel::traced, this, [this](const PathTrace &trace) {
        if (!std::exchange(mAwaitingTrace, false))
            return;
        // Started to look at this path: the node where it breaks shows the table at fault.
        if (trace.stop && !trace.stop->node.isNull()) {
            showNodeTables(trace.stop->node);
            mTables->showTable(NodeTablesPanel::tableOf(trace.stop->stage));
        }
        emit ready();
    });
    connect(mPath, &PathPanel::failed, this, [this](const QString &why) {
        statusBar()->showMessage(why, 6000);
        if (std::exchange(mAwaitingTrace, false))
            emit ready();
    });
}

void MainWindow::showNodeMenu(const SubnetKey &node, const QPoint &screenPos)
{
    QMenu menu(this);
    const QString pod = PathPanel::podAddress(node);
    menu.addAction(tr("Trace &from Here (%1)").arg(pod), this, [this, pod] {
        mPath->setSource(pod);
        showPathView();
    });
    menu.addAction(tr("Trace &to Here (%1)").arg(pod), this, [this, pod] {
        mPath->setDestination(pod);
        showPathView();
        if (!mPath->source().isEmpty())
            mPath->trace();
    });
    menu.addSeparator();
    menu.addAction(tr("Show &Kernel Tables"), this, [this, node] { showNodeTables(node); });
    menu.exec(screenPos);
}

void MainWindow::showNodeTables(const SubnetKey &node)
{
    mScene->selectNode(node);
    mDetails->showNode(node);
    mDocks.at(0)->show();
    mDocks.at(0)->raise();
    mDetails->showTablesTab();
}

void MainWindow::showPathView()
{
    if (mSession)
        mCentre->setCurrentWidget(mMiddle);
    mMiddle->setCurrentWidget(mPath);
}

void MainWindow::traceOnLoad(const QString &source, const QString &destination)
{
    mAwaitingTrace = true;
    mPath->traceWhenLoaded(source, destination);
    showPathView();
}

QDockWidget *MainWindow::addPanel(QWidget *panel, const QString &title, const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // saveState() keys docks by object name
    dock->setWidget(panel);
    addDockWidget(area, dock);
    mDocks << dock;
    return dock;
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    mSearch = new QLineEdit(this);
    mSearch->setObjectName(QStringLiteral("search"));
    mSearch->setPlaceholderText(tr("Find a node: IP, subnet, name or backend"));
    mSearch->setClearButtonEnabled(true);
    mSearch->setMaximumWidth(360);
    connect(mSearch, &QLineEdit::textChanged, this, [this](const QString &text) {
        const int matches = mScene->setFilter(text);
        mLeaseTable->setFilterText(text);
        if (!text.isEmpty())
            statusBar()->showMessage(tr("%n node(s) match", nullptr, matches), 4000);
    });
    bar->addWidget(mSearch);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = file->addAction(tr("&Connect to a Cluster…"), this, [this] {
        mCentre->setCurrentWidget(mStartPage);
        mStartPage->openConnectDialog();
    });
    connectAction->setShortcut(QKeySequence::Open);
    mDisconnectAction = file->addAction(tr("&Disconnect"), this, &MainWindow::disconnectFromCluster);
    mDisconnectAction->setShortcut(QKeySequence(tr("Ctrl+Shift+W")));
    file->addSeparator();
    QAction *png = file->addAction(tr("Export Topology as &PNG…"), this, [this] { exportTopology(false); });
    png->setShortcut(QKeySequence(tr("Ctrl+E")));
    QAction *svg = file->addAction(tr("Export Topology as &SVG…"), this, [this] { exportTopology(true); });
    svg->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    QAction *json = file->addAction(tr("Export Cluster State as &JSON…"), this, &MainWindow::exportState);
    json->setShortcut(QKeySequence(tr("Ctrl+Shift+J")));
    file->addSeparator();
    QAction *deployAgents = file->addAction(tr("&Deploy Agents…"), this, [this] { (void)mDeploy->openWizard(); });
    deployAgents->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *find = edit->addAction(tr("&Find Node"), this, [this] {
        mSearch->setFocus();
        mSearch->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    QAction *clearFind = edit->addAction(tr("C&lear Search"), mSearch, &QLineEdit::clear);
    clearFind->setShortcut(QKeySequence(tr("Ctrl+Shift+F")));
    QAction *editConfig = edit->addAction(tr("Edit Network &Config…"), this, [this] {
        mDocks.at(1)->show();
        mDocks.at(1)->raise();
        mConfigPanel->openEditor();
    });
    editConfig->setShortcut(QKeySequence(tr("Ctrl+K")));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn = view->addAction(tr("Zoom &In"), mView, &TopologyView::zoomIn);
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))});
    QAction *zoomOut = view->addAction(tr("Zoom &Out"), mView, &TopologyView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction *actual = view->addAction(tr("&Actual Size"), mView, &TopologyView::resetZoom);
    actual->setShortcut(QKeySequence(tr("Ctrl+0")));
    QAction *fit = view->addAction(tr("&Fit to Window"), mView, &TopologyView::fitToView);
    fit->setShortcut(QKeySequence(tr("Ctrl+1")));
    QAction *resetLayout = view->addAction(tr("&Reset Layout"), mScene, &TopologyScene::resetLayout);
    resetLayout->setShortcut(QKeySequence(tr("Ctrl+Shift+L")));
    QAction *topology = view->addAction(tr("&Topology"), this, [this] { mMiddle->setCurrentWidget(mView); });
    topology->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    QAction *path = view->addAction(tr("&Packet Path"), this, &MainWindow::showPathView);
    path->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    view->addSeparator();
    int key = Qt::Key_2;
    for (QDockWidget *dock : std::as_const(mDocks)) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(int(Qt::CTRL) | key++));
        view->addAction(toggle);
    }
    view->addSeparator();
    QAction *direct = view->addAction(tr("Reach Agents &Directly"), this, [this](bool on) {
        mAgents->setDirectAccess(on);
        QSettings().setValue(QStringLiteral("agents/direct"), on);
    });
    direct->setCheckable(true);
    direct->setChecked(mAgents->directAccess());
    direct->setToolTip(tr("Fetch agents' full reports at the endpoints they publish; without it only agents reached "
                          "through SSH or a local lab are asked."));
    direct->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    const std::pair<Appearance::Theme, QString> themeNames[] = {
        {Appearance::Theme::System, tr("Follow the &System")}, {Appearance::Theme::Light, tr("&Light")},
        {Appearance::Theme::Dark, tr("&Dark")}};
    for (const auto &[value, name] : themeNames) {
        QAction *action = theme->addAction(name, this, [value = value] {
            Appearance::save(value);
            Appearance::apply(value);
        });
        action->setCheckable(true);
        action->setChecked(Appearance::saved() == value);
        themes->addAction(action);
    }
    QMenu *language = view->addMenu(tr("&Language"));
    auto *languages = new QActionGroup(this);
    int number = 1;
    for (const Language::Choice &choice : Language::choices()) {
        // Numbered mnemonics: a language's own name has no letter to underline in every script.
        const QString text = QStringLiteral("&%1  %2").arg(number++).arg(choice.native);
        QAction *action = language->addAction(text, this, [this, code = choice.code] {
            Language::save(code);
            QMessageBox::information(this, tr("Language"), tr("The new language is used from the next start of Tartan."));
        });
        action->setCheckable(true);
        action->setChecked(Language::saved() == choice.code);
        languages->addAction(action);
    }
    QAction *fullScreen = view->addAction(tr("F&ull Screen"), this, [this](bool on) {
        setWindowState(on ? windowState() | Qt::WindowFullScreen : windowState() & ~Qt::WindowFullScreen);
    });
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence(tr("Ctrl+/")));
    help->addAction(tr("&About Tartan"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    mClusterActions = {mDisconnectAction, png, svg, json, editConfig, resetLayout};
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

Status MainWindow::connectTo(const EtcdClientOptions &options, const QString &prefix)
{
    auto session = ClusterSession::create(options, prefix, mState);
    if (!session) {
        statusBar()->showMessage(session.error().message());
        return session.error();
    }
    mDeploy->setCluster(options, prefix);
    adopt(std::move(session).value(), LocalLabs::reportRelaysFor(options.endpoints));
    return {};
}

Status MainWindow::connectToKube(const KubeTarget &target)
{
    auto options = target.resolve();
    if (!options) {
        statusBar()->showMessage(options.error().message());
        return options.error();
    }
    auto session = KubeClusterSession::create(*options, mState);
    if (!session) {
        statusBar()->showMessage(session.error().message());
        return session.error();
    }
    // Deploying agents writes etcd flags into their settings: not for a Kubernetes cluster, whose
    // agents a DaemonSet runs.
    mDeploy->setCluster({}, {});
    adopt(std::move(session).value(), LocalLabs::allReportRelays());
    return {};
}

void MainWindow::setAgentEndpointMap(const QHash<QString, QString> &map)
{
    mAgents->setEndpointMap(map);
    if (mSession)
        mSession->setAgentEndpointMap(map);
}

void MainWindow::adopt(std::unique_ptr<ClusterSource> source, const QHash<QString, QString> &agentEndpoints)
{
    mSession.reset(); // the old session first: it writes into the same state
    mSession = std::move(source);
    setAgentEndpointMap(agentEndpoints);
    mLoadedOnce = false;
    mSession->start();
    mCentre->setCurrentWidget(mMiddle);
    updateTitle();
    updateStatus();
}

void MainWindow::disconnectFromCluster()
{
    mSession.reset();
    mDeploy->setCluster({}, {});
    mState->clear();
    mCentre->setCurrentWidget(mStartPage);
    mStartPage->reload();
    updateTitle();
    updateStatus();
}

void MainWindow::updateTitle()
{
    setWindowTitle(mSession ? tr("%1 — Tartan").arg(mState->clusterId()) : tr("Tartan"));
}

void MainWindow::updateStatus()
{
    const bool connected = mSession != nullptr;
    for (QAction *action : std::as_const(mClusterActions))
        action->setEnabled(connected);
    if (connected) {
        QString summary = tr("%n node(s)", nullptr, int(mState->leases().size()));
        if (!mState->rejected().isEmpty())
            summary += tr(", %n rejected value(s)", nullptr, int(mState->rejected().size()));
        statusBar()->showMessage(summary);
    }
    else
        statusBar()->clearMessage();
}

void MainWindow::exportTopology(bool svg)
{
    const QString filter = svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)");
    const QString suffix = svg ? QStringLiteral(".svg") : QStringLiteral(".png");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Topology"), QStringLiteral("topology") + suffix, filter);
    if (path.isEmpty())
        return;
    const Status written = svg ? mScene->exportSvg(path) : mScene->exportPng(path);
    if (!written)
        QMessageBox::warning(this, tr("Export Topology"), written.error().message());
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path), 4000);
}

void MainWindow::exportState()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Cluster State"), QStringLiteral("cluster.json"),
                                                      tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    const Status written = writeFileAtomically(path, ClusterExport::toText(*mState), 0644);
    if (!written)
        QMessageBox::warning(this, tr("Export Cluster State"), written.error().message());
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path), 4000);
}

void MainWindow::showShortcuts()
{
    auto *dialog = new ShortcutsDialog(ShortcutsDialog::collect(menuBar()->actions()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Tartan"),
                       tr("<h3>Tartan %1</h3>"
                          "<p>A flannel-compatible overlay network for container clusters, with a desktop "
                          "control room: every node, subnet and tunnel of the fabric, live from the store.</p>"
                          "<p>Works with clusters run by tartand or by upstream flanneld (etcd v3).</p>"
                          "<p>Built with Qt %2, running on Qt %3.</p>")
                           .arg(QString::fromLatin1(kVersion), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
}

} // namespace tartan::gui
