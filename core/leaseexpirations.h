#pragma once

#include "clusterstate.h"
#include "etcdclient.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace tartan {

/// Fills in the expirations of a ClusterState's leases, which a watch does not carry: asks etcd
/// for the time to live of every distinct etcd lease id the state's leases are attached to (one
/// lookup serves every subnet on that id), with at most maxInFlight() lookups under way at once.
/// A lease is looked up when it appears (a list, an add, a change) and all of them again every
/// refreshInterval(), since a keep-alive extends a lease without writing its key. A subnet with
/// etcd lease id 0 is a reservation: it never expires and is never looked up.
///
/// A failed lookup is dropped: the next refresh asks again. An answer of ttl -1 (the etcd lease is
/// gone) changes nothing: its keys are being deleted, and the watch reports that.
///
/// Threading: the client's thread; the client and the state must outlive the tracker.
class LeaseExpirations : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultMaxInFlight = 8;
    static constexpr std::chrono::milliseconds kDefaultRefreshInterval{30000};

    LeaseExpirations(EtcdClient *client, ClusterState *state, QObject *parent = nullptr);
    ~LeaseExpirations() override;

    int maxInFlight() const { return mMaxInFlight; }
    void setMaxInFlight(int count);
    std::chrono::milliseconds refreshInterval() const { return mRefreshInterval; }
    /// 0 turns the periodic refresh off.
    void setRefreshInterval(std::chrono::milliseconds interval);

    /// Looks up every lease the state has and follows the state's changes from now on.
    void start();
    void stop();
    /// Queues every known etcd lease id (the periodic refresh; also after a reconnect).
    void refreshAll();

    /// Lookups queued and not yet sent, and under way: for tests and status display.
    int pending() const { return int(mQueue.size()); }
    int inFlight() const { return int(mInFlight.size()); }
    /// The highest number of lookups ever under way at once.
    int peakInFlight() const { return mPeakInFlight; }

private:
    void rebuildIndex();
    void attach(const Lease &lease);
    void detach(const Lease &lease);
    void enqueue(qint64 storeLeaseId);
    void pump();
    void apply(qint64 storeLeaseId, qint64 ttlSeconds);

    EtcdClient *mClient;
    QPointer<ClusterState> mState;
    QTimer mRefreshTimer;
    bool mRunning = false;
    int mMaxInFlight = kDefaultMaxInFlight;
    std::chrono::milliseconds mRefreshInterval = kDefaultRefreshInterval;
    int mPeakInFlight = 0;
    QHash<qint64, QSet<SubnetKey>> mSubnets; // etcd lease id -> subnets attached to it
    QList<qint64> mQueue;
    QSet<qint64> mQueued;
    QSet<qint64> mInFlight;
    QList<QMetaObject::Connection> mStateConnections;
};

} // namespace tartan
