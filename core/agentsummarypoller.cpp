#include "agentsummarypoller.h"

namespace tartan {

namespace {

// Short enough that a round over a few unreachable nodes does not hold up the others' news for
// long; an agent on a live node answers within milliseconds.
constexpr std::chrono::milliseconds kRequestTimeout{3000};

} // namespace

AgentSummaryPoller::AgentSummaryPoller(ClusterState *state, QObject *parent)
    : QObject(parent), mState(state), mClient(kRequestTimeout)
{
    mTimer.setInterval(mInterval);
    connect(&mTimer, &QTimer::timeout, this, &AgentSummaryPoller::poll);
}

void AgentSummaryPoller::setInterval(std::chrono::milliseconds interval)
{
    mInterval = interval;
    mTimer.setInterval(interval);
}

QString AgentSummaryPoller::endpointFor(const Lease &lease) const
{
    const IpAddress &address = lease.attrs.publicIp.isNull() ? lease.attrs.publicIpv6 : lease.attrs.publicIp;
    if (address.isNull())
        return {};
    const QString host = address.isV6() ? QStringLiteral("[%1]").arg(address.toString()) : address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(mPort);
}

void AgentSummaryPoller::start()
{
    if (mRunning)
        return;
    mRunning = true;
    mTimer.start();
    poll();
}

void AgentSummaryPoller::stop()
{
    mRunning = false;
    mRoundActive = false;
    ++mGeneration;
    mTimer.stop();
    mQueue.clear();
    mRound.clear();
    mInFlight = 0;
}

void AgentSummaryPoller::poll()
{
    if (!mRunning || mRoundActive || !mState)
        return;
    mRoundActive = true;
    mQueue.clear();
    mRound.clear();
    for (const Lease &lease : mState->leases()) {
        const QString endpoint = endpointFor(lease);
        if (endpoint.isEmpty())
            mErrors.insert(lease.subnet, QStringLiteral("lease %1 has no public address to reach its agent at").arg(lease.subnet.toString()));
        else
            mQueue.append({lease.subnet, endpoint});
    }
    sendMore();
}

void AgentSummaryPoller::sendMore()
{
    while (mInFlight < mMaxInFlight && !mQueue.isEmpty()) {
        // Named copies, not a structured binding: clang 14 (the fuzz and sanitizer builds) cannot
        // capture those in a lambda.
        const auto next = mQueue.takeFirst();
        const SubnetKey lease = next.first;
        const QString endpoint = next.second;
        ++mInFlight;
        mPeakInFlight = std::max(mPeakInFlight, mInFlight);
        const int generation = mGeneration;
        mClient.fetchSummary(endpoint, this, [this, generation, lease, endpoint](Result<NodeSummary> answer) {
            if (generation != mGeneration)
                return;
            --mInFlight;
            if (!answer) {
                mErrors.insert(lease, answer.error().message());
            } else if (!answer->lease.isNull() && answer->lease != lease) {
                // Another node's agent at this address (a moved address, a stale lease): its
                // summary would make this node look like that one.
                mErrors.insert(lease, QStringLiteral("agent %1 reports lease %2, not %3").arg(endpoint, answer->lease.toString(), lease.toString()));
            } else {
                NodeSummary summary = std::move(answer).value();
                summary.lease = lease;
                summary.endpoint = endpoint;
                mRound.insert(lease, summary);
                mErrors.remove(lease);
            }
            sendMore();
        });
    }
    if (mInFlight == 0 && mQueue.isEmpty())
        finishRound();
}

void AgentSummaryPoller::finishRound()
{
    mRoundActive = false;
    if (!mState)
        return;
    // Errors of leases that are gone are of no use to anyone.
    for (auto it = mErrors.begin(); it != mErrors.end();)
        it = mState->leases().contains(it.key()) ? std::next(it) : mErrors.erase(it);
    mState->setSummaries(mRound);
    emit polled();
}

} // namespace tartan
