#include "deploycontroller.h"

#include "agentspanel.h"
#include "agenttunnel.h"
#include "hostprompts.h"
#include "deploywizard.h"
#include "hosttablemodel.h"

#include <QSettings>
#include <QUrl>
#include <QWidget>

namespace tartan::gui {

namespace {
const QString kPackageKey = QStringLiteral("deploy/package");
}

DeployController::DeployController(AgentsPanel *panel, QWidget *window) : QObject(window), mPanel(panel), mWindow(window)
{
    connect(mPanel, &AgentsPanel::upgradeRequested, this, [this](const QList<deploy::HostEntry> &hosts) { (void)openWizard(hosts); });
}

void DeployController::setCluster(const EtcdClientOptions &options, const QString &prefix)
{
    closeTunnels();
    mOptions = options;
    mPrefix = prefix;
}

DeployWizard *DeployController::openWizard(const QList<deploy::HostEntry> &hosts)
{
    if (mWizard) {
        mWizard->raise();
        mWizard->activateWindow();
        return mWizard;
    }
    deploy::DeployConfig defaults;
    QStringList endpoints;
    for (const QUrl &url : std::as_const(mOptions.endpoints))
        endpoints << url.toString(QUrl::StripTrailingSlash);
    defaults.etcdEndpoints = endpoints.join(QLatin1Char(','));
    defaults.etcdPrefix = mPrefix;
    defaults.etcdCaFile = mOptions.caFile;
    defaults.etcdCertFile = mOptions.certFile;
    defaults.etcdKeyFile = mOptions.keyFile;
    defaults.packageFile = QSettings().value(kPackageKey).toString();

    mWizard = new DeployWizard(defaults, mWindow);
    mWizard->setAttribute(Qt::WA_DeleteOnClose);
    for (const deploy::HostEntry &host : hosts)
        mWizard->hostModel()->addHost(host);
    connect(mWizard, &DeployWizard::deployed, this,
            [this](const QList<deploy::HostEntry> &deployed, const QList<deploy::HostResult> &results) {
                QSettings().setValue(kPackageKey, mWizard->config().packageFile);
                for (int i = 0; i < deployed.size() && i < results.size(); ++i)
                    if (results.at(i).outcome != deploy::HostResult::Outcome::Failed)
                        mPanel->deployedHosts().remember(deployed.at(i), QStringLiteral("deploy ") + deploy::outcomeName(results.at(i).outcome));
                mPanel->reload();
            });
    mWizard->show();
    return mWizard;
}

QString DeployController::route(const NodeSummary &summary)
{
    const QString address = summary.publicIp.toString();
    const QUrl endpoint(summary.endpoint);
    if (address.isEmpty() || !endpoint.isValid() || endpoint.host().isEmpty())
        return {};
    const auto deployed = mPanel->deployedHosts().hosts();
    const auto host = std::find_if(deployed.cbegin(), deployed.cend(),
                                   [&](const DeployedHosts::Host &known) { return known.entry.ssh.host == address; });
    if (host == deployed.cend())
        return {};
    const QString key = address + QLatin1Char(' ') + summary.endpoint;
    if (AgentTunnel *tunnel = mTunnels.value(key)) {
        if (tunnel->isRunning())
            return tunnel->url();
        delete mTunnels.take(key); // failed: try again, the error was shown with the fetch
    }
    auto *tunnel = new AgentTunnel(host->entry, mPanel->prompts()->callbacks(), endpoint.host(), endpoint.port(8476), this);
    auto url = tunnel->start();
    if (!url) {
        delete tunnel;
        return {};
    }
    mTunnels.insert(key, tunnel);
    return *url;
}

void DeployController::closeTunnels()
{
    qDeleteAll(mTunnels);
    mTunnels.clear();
}

} // namespace tartan::gui
