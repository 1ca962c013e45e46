#include "clustersession.h"

#include "configwatcher.h"
#include "leaseexpirations.h"
#include "leasewatcher.h"
#include "summarypoller.h"

namespace tartan {

Result<std::unique_ptr<ClusterSession>> ClusterSession::create(const EtcdClientOptions &options, const QString &prefix,
                                                               ClusterState *state)
{
    if (!state)
        return Error(QStringLiteral("cluster session: no state to keep"));
    auto client = EtcdClient::create(options);
    if (!client)
        return client.error();
    // The address of the first endpoint also checks the prefix, and is the cluster's stable name.
    auto url = ClusterUrl::fromEndpoints({options.endpoints.constFirst()}, prefix);
    if (!url)
        return url.error();
    return std::unique_ptr<ClusterSession>(
        new ClusterSession(std::move(client).value(), StoreLayout(url->prefix()), url->clusterId(), state));
}

ClusterSession::ClusterSession(std::unique_ptr<EtcdClient> client, StoreLayout layout, QString clusterId, ClusterState *state)
    : mClient(std::move(client)), mLayout(std::move(layout)), mClusterId(std::move(clusterId)), mState(state)
{
    mLeases = new LeaseWatcher(mClient.get(), mLayout, this);
    mConfig = new ConfigWatcher(mClient.get(), mLayout.configKey(), this);
    mExpirations = new LeaseExpirations(mClient.get(), state, this);
    mSummaries = new SummaryPoller(mClient.get(), mLayout, state, this);
    wireLeases();
    wireConfig();
}

ClusterSession::~ClusterSession()
{
    ClusterSession::stop(); // this class's own: a destructor does not dispatch virtually
    // They hold the client: gone before it, not with this object's children after it.
    delete mSummaries;
    delete mExpirations;
    delete mConfig;
    delete mLeases;
}

void ClusterSession::wireLeases()
{
    connect(mLeases, &LeaseWatcher::synced, this, [this] {
        mAwaitingList = false;
        if (mState)
            mState->resetLeases(mLeases->leases());
        sourceUp(Source::Leases);
    });
    // While the first list of a start() is under way the watcher reports what it lists as added (or,
    // after a stop(), as changes against what it knew); the state gets the list in one resetLeases()
    // instead. After it, every event is forwarded in store order (those of a re-list after a
    // compaction too: they say what happened while history was compacted away).
    connect(mLeases, &LeaseWatcher::leaseAdded, this, [this](const Lease &lease) {
        if (mState && !mAwaitingList)
            mState->addLease(lease);
    });
    connect(mLeases, &LeaseWatcher::leaseChanged, this, [this](const Lease &before, const Lease &after) {
        if (mState && !mAwaitingList)
            mState->changeLease(before, after);
    });
    connect(mLeases, &LeaseWatcher::leaseRemoved, this, [this](const Lease &lease) {
        if (mState && !mAwaitingList)
            mState->removeLease(lease);
    });
    connect(mLeases, &LeaseWatcher::leaseRejected, this, [this](const QByteArray &key, const Error &error) {
        if (mState)
            mState->rejectValue(key, error.message());
    });
    connect(mLeases, &LeaseWatcher::rejectionCleared, this, [this](const QByteArray &key) {
        if (mState)
            mState->forgetRejected(key);
    });
    connect(mLeases, &LeaseWatcher::problem, this, [this](const Error &error) { sourceDown(Source::Leases, error); });
    connect(mLeases, &LeaseWatcher::connected, this, [this] { sourceUp(Source::Leases); });
}

void ClusterSession::wireConfig()
{
    connect(mConfig, &ConfigWatcher::valueChanged, this, [this](const QByteArray &value) {
        if (mState)
            mState->setConfigText(value);
    });
    connect(mConfig, &ConfigWatcher::problem, this, [this](const Error &error) { sourceDown(Source::Config, error); });
    connect(mConfig, &ConfigWatcher::connected, this, [this] { sourceUp(Source::Config); });
}

void ClusterSession::start()
{
    if (mRunning || !mState)
        return;
    mRunning = true;
    mConfigUp = mLeasesUp = mEverConnected = false;
    mAwaitingList = true;
    mState->clear();
    mState->setClusterId(mClusterId);
    mState->setConnection(ClusterState::Connection::Connecting);
    mConfig->start();
    mLeases->start();
    mExpirations->start();
    mSummaries->start();
}

void ClusterSession::stop()
{
    if (!mRunning)
        return;
    mRunning = false;
    mSummaries->stop();
    mExpirations->stop();
    mLeases->stop();
    mConfig->stop();
    if (mState)
        mState->setConnection(ClusterState::Connection::Disconnected);
}

void ClusterSession::sourceUp(Source source)
{
    if (!mRunning || !mState)
        return;
    (source == Source::Config ? mConfigUp : mLeasesUp) = true;
    if (!mConfigUp || !mLeasesUp)
        return;
    const bool recovered = mEverConnected && mState->connection() != ClusterState::Connection::Connected;
    mEverConnected = true;
    mState->setConnection(ClusterState::Connection::Connected);
    // Keep-alives that went unseen during the outage moved the expirations.
    if (recovered)
        mExpirations->refreshAll();
}

void ClusterSession::sourceDown(Source source, const Error &error)
{
    if (!mRunning || !mState)
        return;
    (source == Source::Config ? mConfigUp : mLeasesUp) = false;
    mState->setConnection(mEverConnected ? ClusterState::Connection::Reconnecting : ClusterState::Connection::Connecting,
                          error.message());
}

void ClusterSession::setExpirationRefreshInterval(std::chrono::milliseconds interval)
{
    mExpirations->setRefreshInterval(interval);
}

void ClusterSession::setMaxExpirationLookups(int count)
{
    mExpirations->setMaxInFlight(count);
}

void ClusterSession::setSummaryInterval(std::chrono::milliseconds interval)
{
    mSummaries->setInterval(interval);
}

int ClusterSession::expirationLookupsInFlight() const
{
    return mExpirations->inFlight();
}

int ClusterSession::peakExpirationLookups() const
{
    return mExpirations->peakInFlight();
}

void ClusterSession::writeConfig(const QByteArray &newText, const QByteArray &expectedOldText, const QObject *context,
                                 std::function<void(Status)> done)
{
    const QByteArray key = mLayout.configKey();
    etcd::TxnRequest txn;
    // etcd fails a value comparison on a missing key, so "no config yet" is compared by version.
    txn.compare = {expectedOldText.isEmpty() ? etcd::Compare::version(key, etcd::Compare::Op::Equal, 0)
                                             : etcd::Compare::valueOf(key, etcd::Compare::Op::Equal, expectedOldText)};
    etcd::PutRequest put;
    put.key = key;
    put.value = newText;
    txn.success = {put};
    etcd::RangeRequest current;
    current.key = key;
    txn.failure = {current};

    const QString where = QStringLiteral("writing %1").arg(QString::fromUtf8(key));
    const bool expectedAbsent = expectedOldText.isEmpty();
    mClient->txn(txn, context ? context : this, [where, expectedAbsent, done = std::move(done)](Result<etcd::TxnResponse> answer) {
        if (!answer) {
            done(answer.error().context(where));
            return;
        }
        if (answer->succeeded) {
            done(Status());
            return;
        }
        const auto *read = answer->responses.isEmpty() ? nullptr : std::get_if<etcd::RangeResponse>(&answer->responses.constFirst());
        QString now;
        if (read && read->kvs.isEmpty())
            now = QStringLiteral(" (it has been deleted)");
        else if (expectedAbsent)
            now = QStringLiteral(" (there was none, and now there is one)");
        done(Error(QStringLiteral("%1: the config changed in the store since you opened it%2; open it again and redo your edit")
                       .arg(where, now)));
    });
}

void ClusterSession::testConnection(const EtcdClientOptions &options, const QString &prefix, const QObject *context,
                                    std::function<void(Result<ConnectionReport>)> done)
{
    ConnectionTest::run(options, prefix, context, std::move(done));
}

} // namespace tartan
