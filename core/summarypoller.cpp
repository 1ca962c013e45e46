#include "summarypoller.h"

#include "nodesummaries.h"

namespace tartan {

SummaryPoller::SummaryPoller(EtcdClient *client, StoreLayout layout, ClusterState *state, QObject *parent)
    : QObject(parent), mClient(client), mLayout(std::move(layout)), mState(state)
{
    mTimer.setInterval(mInterval);
    connect(&mTimer, &QTimer::timeout, this, &SummaryPoller::poll);
}

void SummaryPoller::setInterval(std::chrono::milliseconds interval)
{
    mInterval = interval;
    mTimer.setInterval(interval);
}

void SummaryPoller::start()
{
    if (mRunning)
        return;
    mRunning = true;
    mTimer.start();
    poll();
}

void SummaryPoller::stop()
{
    mRunning = false;
    mInFlight = false;
    ++mGeneration;
    mTimer.stop();
}

void SummaryPoller::poll()
{
    if (!mRunning || mInFlight)
        return;
    mInFlight = true;
    const int generation = mGeneration;
    mClient->range(etcd::RangeRequest::withPrefix(mLayout.reportsPrefix()), this,
                   [this, generation](Result<etcd::RangeResponse> answer) {
                       if (generation != mGeneration)
                           return;
                       mInFlight = false;
                       if (!answer || !mState)
                           return;
                       const NodeSummaries read = NodeSummaries::fromKeyValues(mLayout, answer->kvs);
                       QMap<SubnetKey, NodeSummary> byLease;
                       for (const NodeSummary &summary : read.summaries)
                           byLease.insert(summary.lease, summary);
                       mState->setSummaries(byLease);
                       emit polled();
                   });
}

} // namespace tartan
