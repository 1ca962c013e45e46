#include "leaseexpirations.h"

#include <algorithm>
#include <cstdlib>

namespace tartan {

namespace {

/// TTLs come in whole seconds and each lookup lands at a different moment: an expiry that moved
/// less than this is the same expiry, not a renewal worth a signal to every view.
constexpr qint64 kJitterSeconds = 2;

} // namespace

LeaseExpirations::LeaseExpirations(EtcdClient *client, ClusterState *state, QObject *parent)
    : QObject(parent), mClient(client), mState(state)
{
    connect(&mRefreshTimer, &QTimer::timeout, this, &LeaseExpirations::refreshAll);
}

LeaseExpirations::~LeaseExpirations() = default;

void LeaseExpirations::setMaxInFlight(int count)
{
    mMaxInFlight = std::max(1, count);
    pump();
}

void LeaseExpirations::setRefreshInterval(std::chrono::milliseconds interval)
{
    mRefreshInterval = interval;
    mRefreshTimer.stop();
    if (mRunning && interval.count() > 0)
        mRefreshTimer.start(interval);
}

void LeaseExpirations::start()
{
    if (mRunning || !mState)
        return;
    mRunning = true;
    ClusterState *state = mState;
    mStateConnections = {
        connect(state, &ClusterState::leasesReset, this, [this] {
            rebuildIndex();
            refreshAll();
        }),
        connect(state, &ClusterState::leaseAdded, this, [this](const Lease &lease) {
            attach(lease);
            enqueue(lease.storeLeaseId);
        }),
        connect(state, &ClusterState::leaseChanged, this, [this](const Lease &before, const Lease &after) {
            detach(before);
            attach(after);
            enqueue(after.storeLeaseId);
        }),
        connect(state, &ClusterState::leaseRemoved, this, [this](const Lease &lease) { detach(lease); }),
    };
    rebuildIndex();
    refreshAll();
    if (mRefreshInterval.count() > 0)
        mRefreshTimer.start(mRefreshInterval);
}

void LeaseExpirations::stop()
{
    mRunning = false;
    mRefreshTimer.stop();
    for (const QMetaObject::Connection &connection : std::as_const(mStateConnections))
        disconnect(connection);
    mStateConnections.clear();
    mQueue.clear();
    mQueued.clear();
    // Answers still under way are ignored (see apply()); mInFlight empties as they arrive.
}

void LeaseExpirations::rebuildIndex()
{
    mSubnets.clear();
    if (!mState)
        return;
    for (const Lease &lease : mState->leases())
        attach(lease);
}

void LeaseExpirations::attach(const Lease &lease)
{
    if (!lease.isReservation())
        mSubnets[lease.storeLeaseId].insert(lease.subnet);
}

void LeaseExpirations::detach(const Lease &lease)
{
    const auto it = mSubnets.find(lease.storeLeaseId);
    if (it == mSubnets.end())
        return;
    it->remove(lease.subnet);
    if (it->isEmpty())
        mSubnets.erase(it);
}

void LeaseExpirations::refreshAll()
{
    for (auto it = mSubnets.cbegin(); it != mSubnets.cend(); ++it)
        enqueue(it.key());
}

void LeaseExpirations::enqueue(qint64 storeLeaseId)
{
    if (!mRunning || storeLeaseId == 0 || mQueued.contains(storeLeaseId))
        return;
    mQueued.insert(storeLeaseId);
    mQueue.append(storeLeaseId);
    pump();
}

void LeaseExpirations::pump()
{
    while (mRunning && !mQueue.isEmpty() && mInFlight.size() < mMaxInFlight) {
        // One lookup per id at a time: an id asked for again while under way waits its turn.
        const auto next = std::find_if(mQueue.begin(), mQueue.end(), [this](qint64 id) { return !mInFlight.contains(id); });
        if (next == mQueue.end())
            return;
        const qint64 id = *next;
        mQueue.erase(next);
        mQueued.remove(id);
        mInFlight.insert(id);
        mPeakInFlight = std::max(mPeakInFlight, int(mInFlight.size()));
        mClient->leaseTimeToLive(id, false, this, [this, id](Result<etcd::LeaseTimeToLiveResponse> answer) {
            mInFlight.remove(id);
            if (answer)
                apply(id, answer->ttl);
            pump();
        });
    }
}

void LeaseExpirations::apply(qint64 storeLeaseId, qint64 ttlSeconds)
{
    if (!mRunning || !mState || ttlSeconds < 0)
        return;
    const QDateTime expiration = QDateTime::currentDateTimeUtc().addSecs(ttlSeconds);
    const QSet<SubnetKey> subnets = mSubnets.value(storeLeaseId);
    for (const SubnetKey &subnet : subnets) {
        const auto known = mState->leases().constFind(subnet);
        if (known == mState->leases().cend() || known->storeLeaseId != storeLeaseId)
            continue;
        if (known->expiration.isValid() && std::abs(known->expiration.secsTo(expiration)) < kJitterSeconds)
            continue;
        mState->setExpiration(subnet, expiration);
    }
}

} // namespace tartan
