#include "kubestore.h"

#include "kubeconfig.h"
#include "kubenodename.h"

#include <QFile>

namespace tartan {

using namespace std::chrono_literals;

Result<std::unique_ptr<KubeStore>> KubeStore::create(const AgentOptions &options, QObject *parent)
{
    auto names = KubeAnnotations::withPrefix(options.kubeAnnotationPrefix);
    if (!names)
        return names.error();
    Result<KubeClientOptions> clientOptions = Error(QString());
    if (!options.kubeconfigFile.isEmpty()) {
        auto config = KubeConfig::load(options.kubeconfigFile);
        if (!config)
            return config.error();
        clientOptions = config->resolve();
    } else {
        clientOptions = KubeConfig::inCluster();
    }
    if (!clientOptions && options.kubeApiUrl.isEmpty())
        return clientOptions.error();
    KubeClientOptions resolved = clientOptions ? *clientOptions : KubeClientOptions();
    if (!options.kubeApiUrl.isEmpty())
        resolved.server = QUrl(options.kubeApiUrl);
    auto client = KubeClient::create(resolved);
    if (!client)
        return client.error();
    return std::unique_ptr<KubeStore>(new KubeStore(options, std::move(client).value(), *names, parent));
}

KubeStore::KubeStore(const AgentOptions &options, std::unique_ptr<KubeClient> client, KubeAnnotations names, QObject *parent)
    : QObject(parent), mOptions(options), mClient(std::move(client)), mNames(std::move(names)),
      mNodes(new KubeNodeWatcher(mClient.get(), this)), mLeases(new KubeLeaseWatcher(mNodes, mNames, this))
{
    mNameRetry.setSingleShot(true);
    mNameRetry.setInterval(2s);
    connect(&mNameRetry, &QTimer::timeout, this, &KubeStore::findNodeName);
    connect(mLeases, &KubeLeaseWatcher::synced, this, &KubeStore::peersChanged);
    connect(mLeases, &KubeLeaseWatcher::leaseAdded, this, &KubeStore::peersChanged);
    connect(mLeases, &KubeLeaseWatcher::leaseChanged, this, &KubeStore::peersChanged);
    connect(mLeases, &KubeLeaseWatcher::leaseRemoved, this, &KubeStore::peersChanged);
    connect(mLeases, &KubeLeaseWatcher::problem, this, &KubeStore::problem);
    connect(mLeases, &KubeLeaseWatcher::leaseRejected, this, [this](const QString &node, const Error &error) {
        emit note(QStringLiteral("ignoring node %1: %2").arg(node, error.message()));
    });
}

KubeStore::~KubeStore()
{
    // The watchers and the manager hold the client: gone before it.
    delete mManager;
    delete mLeases;
    delete mNodes;
}

Result<NetworkConfig> KubeStore::readNetworkConfig() const
{
    QFile file(mOptions.netConfigPath);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("--net-config-path '%1': %2").arg(mOptions.netConfigPath, file.errorString()));
    auto config = NetworkConfig::parse(file.readAll());
    if (!config)
        return config.error().context(QStringLiteral("--net-config-path '%1'").arg(mOptions.netConfigPath));
    return config;
}

void KubeStore::start()
{
    mNodes->start();
    findNodeName();
}

void KubeStore::findNodeName()
{
    findKubeNodeName(mClient.get(), QProcessEnvironment::systemEnvironment(), this, [this](Result<QString> name) {
        if (!name) {
            emit problem(Error(name.error().message() + QStringLiteral("; retrying")));
            return mNameRetry.start();
        }
        mNodeName = *name;
        emit note(QStringLiteral("Kubernetes node name: %1").arg(mNodeName));
        startManager();
    });
}

void KubeStore::startLease(const NetworkConfig &config, const LeaseAttrs &self)
{
    mPendingLease.emplace(config, self);
    startManager();
}

void KubeStore::startManager()
{
    if (mManager || mNodeName.isEmpty() || !mPendingLease)
        return;
    KubeLeaseManager::Options options;
    options.setNodeNetworkUnavailable = mOptions.setNodeNetworkUnavailable;
    mManager = new KubeLeaseManager(mClient.get(), mNodes, mNames, mNodeName, mPendingLease->first, mPendingLease->second, options, this);
    connect(mManager, &KubeLeaseManager::acquired, this, &KubeStore::acquired);
    connect(mManager, &KubeLeaseManager::lost, this, &KubeStore::lost);
    connect(mManager, &KubeLeaseManager::problem, this, &KubeStore::problem);
    connect(mManager, &KubeLeaseManager::note, this, &KubeStore::note);
    mManager->start();
}

void KubeStore::setAttrs(const LeaseAttrs &self)
{
    if (mManager)
        mManager->setAttrs(self);
    else if (mPendingLease)
        mPendingLease->second = self;
}

void KubeStore::stop()
{
    if (mManager)
        mManager->stop();
    mNodes->stop();
}

} // namespace tartan
