#include "kubeclustersession.h"

#include "agentsummarypoller.h"
#include "kubeclient.h"
#include "kubeleasewatcher.h"
#include "kubenodewatcher.h"

namespace tartan {

namespace {

constexpr std::chrono::milliseconds kDefaultConfigInterval{3000};

} // namespace

QString KubeClusterSession::clusterIdFor(const QUrl &server, const QString &context)
{
    const int port = server.port(server.scheme() == QLatin1String("http") ? 80 : 443);
    const QString host = server.host().contains(u':') ? QStringLiteral("[%1]").arg(server.host()) : server.host();
    return QStringLiteral("kube://%1:%2/%3").arg(host).arg(port).arg(context);
}

Result<std::unique_ptr<KubeClusterSession>> KubeClusterSession::create(const KubeSessionOptions &options, ClusterState *state)
{
    if (!state)
        return Error(QStringLiteral("kube cluster session: no state to keep"));
    auto names = KubeAnnotations::withPrefix(options.annotationPrefix);
    if (!names)
        return names.error();
    if (options.agentPort < 0 || options.agentPort > 65535)
        return Error(QStringLiteral("kube cluster session: agent report port %1 is not a port").arg(options.agentPort));
    auto client = KubeClient::create(options.client);
    if (!client)
        return client.error();
    return std::unique_ptr<KubeClusterSession>(
        new KubeClusterSession(std::move(client).value(), options, std::move(names).value(), state));
}

KubeClusterSession::KubeClusterSession(std::unique_ptr<KubeClient> client, KubeSessionOptions options, KubeAnnotations names,
                                       ClusterState *state)
    : mClient(std::move(client)), mOptions(std::move(options)),
      mClusterId(clusterIdFor(mOptions.client.server, mOptions.client.contextName)), mState(state)
{
    mNodes = new KubeNodeWatcher(mClient.get(), this);
    mLeases = new KubeLeaseWatcher(mNodes, std::move(names), this);
    mSummaries = new AgentSummaryPoller(state, this);
    mSummaries->setPort(mOptions.agentPort);
    mConfigTimer.setInterval(kDefaultConfigInterval);
    connect(&mConfigTimer, &QTimer::timeout, this, &KubeClusterSession::readConfig);
    wireLeases();
}

KubeClusterSession::~KubeClusterSession()
{
    KubeClusterSession::stop(); // this class's own: a destructor does not dispatch virtually
    // They hold the client: gone before it, not with this object's children after it.
    delete mSummaries;
    delete mLeases;
    delete mNodes;
}

void KubeClusterSession::wireLeases()
{
    const auto rejectedKey = [](const QString &node) { return QByteArray("node/") + node.toUtf8(); };
    connect(mLeases, &KubeLeaseWatcher::synced, this, [this, rejectedKey] {
        mAwaitingList = false;
        if (!mState)
            return;
        mState->resetLeases(mLeases->leases());
        // The lease watcher reports a rejection once; after a stop() and start() the state was
        // cleared while the watcher still knows it.
        for (auto it = mLeases->rejected().cbegin(); it != mLeases->rejected().cend(); ++it)
            if (!mState->rejected().contains(rejectedKey(it.key())))
                mState->rejectValue(rejectedKey(it.key()), it->message());
        sourceUp(Source::Leases);
    });
    // As in ClusterSession: the first list of a start() reaches the state in one resetLeases(); after
    // it every change is forwarded as it comes (those of a re-list after 410 Gone too: they are what
    // happened while the watch was away).
    connect(mLeases, &KubeLeaseWatcher::leaseAdded, this, [this](const Lease &lease) {
        if (mState && !mAwaitingList)
            mState->addLease(lease);
    });
    connect(mLeases, &KubeLeaseWatcher::leaseChanged, this, [this](const Lease &before, const Lease &after) {
        if (mState && !mAwaitingList)
            mState->changeLease(before, after);
    });
    connect(mLeases, &KubeLeaseWatcher::leaseRemoved, this, [this](const Lease &lease) {
        if (mState && !mAwaitingList)
            mState->removeLease(lease);
    });
    connect(mLeases, &KubeLeaseWatcher::leaseRejected, this, [this, rejectedKey](const QString &node, const Error &error) {
        if (mState)
            mState->rejectValue(rejectedKey(node), error.message());
    });
    connect(mLeases, &KubeLeaseWatcher::rejectionCleared, this, [this, rejectedKey](const QString &node) {
        if (mState)
            mState->forgetRejected(rejectedKey(node));
    });
    connect(mLeases, &KubeLeaseWatcher::problem, this, [this](const Error &error) { sourceDown(Source::Leases, error); });
    connect(mLeases, &KubeLeaseWatcher::watching, this, [this] {
        if (mNodes->isSynced())
            sourceUp(Source::Leases);
    });
}

void KubeClusterSession::start()
{
    if (mRunning || !mState)
        return;
    mRunning = true;
    mConfigUp = mLeasesUp = mEverConnected = false;
    mAwaitingList = true;
    mState->clear();
    mState->setClusterId(mClusterId);
    mState->setConnection(ClusterState::Connection::Connecting);
    readConfig();
    mConfigTimer.start();
    mNodes->start();
    mSummaries->start();
}

void KubeClusterSession::stop()
{
    if (!mRunning)
        return;
    mRunning = false;
    ++mGeneration;
    mConfigInFlight = false;
    mConfigTimer.stop();
    mSummaries->stop();
    mNodes->stop();
    if (mState)
        mState->setConnection(ClusterState::Connection::Disconnected);
}

void KubeClusterSession::readConfig()
{
    if (!mRunning || mConfigInFlight)
        return;
    mConfigInFlight = true;
    const quint64 generation = mGeneration;
    KubeNetConfig::read(mClient.get(), mOptions.configMap, this, [this, generation](Result<KubeNetConfigText> answer) {
        if (generation != mGeneration)
            return;
        mConfigInFlight = false;
        if (!answer) {
            // An absent ConfigMap is an answer, not an outage: the cluster has no config (yet), as
            // an absent etcd key is for ClusterSession.
            if (answer.error().message().contains(QLatin1String("HTTP 404"))) {
                if (mState)
                    mState->setConfigText({});
                return sourceUp(Source::Config);
            }
            return sourceDown(Source::Config, answer.error());
        }
        if (mState)
            mState->setConfigText(answer->text);
        sourceUp(Source::Config);
    });
}

void KubeClusterSession::sourceUp(Source source)
{
    if (!mRunning || !mState)
        return;
    (source == Source::Config ? mConfigUp : mLeasesUp) = true;
    if (!mConfigUp || !mLeasesUp)
        return;
    mEverConnected = true;
    mState->setConnection(ClusterState::Connection::Connected);
}

void KubeClusterSession::sourceDown(Source source, const Error &error)
{
    if (!mRunning || !mState)
        return;
    (source == Source::Config ? mConfigUp : mLeasesUp) = false;
    mState->setConnection(mEverConnected ? ClusterState::Connection::Reconnecting : ClusterState::Connection::Connecting,
                          error.message());
}

void KubeClusterSession::setConfigInterval(std::chrono::milliseconds interval)
{
    mConfigTimer.setInterval(interval);
}

void KubeClusterSession::setSummaryInterval(std::chrono::milliseconds interval)
{
    mSummaries->setInterval(interval);
}

void KubeClusterSession::setAgentEndpointMap(const QHash<QString, QString> &map)
{
    mSummaries->setEndpointMap(map);
}

void KubeClusterSession::writeConfig(const QByteArray &newText, const QByteArray &expectedOldText, const QObject *context,
                                     std::function<void(Status)> done)
{
    // The write answers before the next periodic read: read now, so the state (and the editor's
    // next "expected" text) has the new value at once.
    KubeNetConfig::write(mClient.get(), mOptions.configMap, newText, expectedOldText, context ? context : this,
                         [self = QPointer<KubeClusterSession>(this), done = std::move(done)](Status status) {
                             if (status && self)
                                 self->readConfig();
                             done(status);
                         });
}

} // namespace tartan
