#pragma once

#include "clusterstate.h"
#include "etcdclient.h"
#include "storelayout.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace tartan {

/// Keeps a ClusterState's agent summaries current: reads everything under
/// StoreLayout::reportsPrefix() in one range request, at start() and then every interval(), and
/// hands the decoded set to ClusterState::setSummaries() (which signals only what changed).
///
/// A periodic range rather than a watch: agents rewrite their summary every few seconds anyway
/// (counters, last reconcile), and a summary vanishes with its etcd lease, which a re-read sees
/// without tracking lease expiry. A failed read changes nothing and is retried at the next tick;
/// values that do not decode are skipped (NodeSummaries::problems), the others are kept.
///
/// Threading: the client's thread; the client and the state must outlive the poller.
class SummaryPoller : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultInterval{2000};

    SummaryPoller(EtcdClient *client, StoreLayout layout, ClusterState *state, QObject *parent = nullptr);

    std::chrono::milliseconds interval() const { return mInterval; }
    void setInterval(std::chrono::milliseconds interval);

    void start();
    void stop();
    /// Reads now (unless a read is under way), as the timer does.
    void poll();

signals:
    /// After each read that reached the store.
    void polled();

private:
    EtcdClient *mClient;
    StoreLayout mLayout;
    QPointer<ClusterState> mState;
    QTimer mTimer;
    std::chrono::milliseconds mInterval = kDefaultInterval;
    bool mRunning = false;
    bool mInFlight = false;
    int mGeneration = 0; // answers of reads sent before a stop() are dropped
};

} // namespace tartan
