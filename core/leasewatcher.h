#pragma once

#include "etcdclient.h"
#include "lease.h"
#include "storelayout.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace tartan {

class EtcdWatch;

/// Every lease under <prefix>/subnets/, kept current: lists them once, then follows one watch from
/// the listed revision + 1. Every event of every watch response is applied, in order; a put whose
/// value differs from the known one is a change (a new VtepMAC, a new PublicIP), a put with the same
/// value is not reported. When etcd has compacted the revision the watch needs, the watcher
/// re-lists, reports the difference to what it knew by key AND by value, and resumes from the
/// re-list's revision + 1. A disconnect is bridged by the watch itself: nothing lost, nothing twice.
///
/// Lease data is untrusted: a key or value that does not decode is reported once through
/// leaseRejected() (again only if its value changes) and is not in leases(). A key whose value turns
/// bad is reported removed.
///
/// Threading: the client's thread. The client must outlive the watcher.
class LeaseWatcher : public QObject
{
    Q_OBJECT
public:
    LeaseWatcher(EtcdClient *client, StoreLayout layout, QObject *parent = nullptr);
    ~LeaseWatcher() override;

    /// Lists and starts watching; retries the list with back-off while etcd is unreachable.
    void start();
    void stop();

    bool isSynced() const { return mSynced; }
    /// The valid leases, by subnet. Expirations are not known here (see Lease::expiration).
    const QMap<SubnetKey, Lease> &leases() const { return mLeases; }
    /// Keys whose value did not decode, with the reason.
    const QMap<QByteArray, Error> &rejected() const { return mRejected; }
    /// The store revision the current view reflects.
    qint64 revision() const { return mRevision; }

signals:
    /// A list of the subnets prefix arrived, before it is applied: for a reader that needs the raw
    /// listing too (LeaseManager::start(listing)), so that nobody lists twice.
    void listed(const tartan::etcd::RangeResponse &response);
    /// The first list is applied (and again after every re-list that followed a compaction).
    void synced();
    void leaseAdded(const tartan::Lease &lease);
    void leaseChanged(const tartan::Lease &before, const tartan::Lease &after);
    void leaseRemoved(const tartan::Lease &lease);
    void leaseRejected(const QByteArray &key, const tartan::Error &error);
    /// A key reported through leaseRejected() was deleted or now holds a valid lease.
    void rejectionCleared(const QByteArray &key);
    /// The store could not be reached or listed; the watcher keeps trying. For status display.
    void problem(const tartan::Error &error);
    /// The watch stream is up again after a problem.
    void connected();

private:
    void list();
    void applyList(const etcd::RangeResponse &response);
    void applyEvents(const QList<etcd::Event> &events, qint64 revision);
    void applyPut(const etcd::KeyValue &kv);
    /// Drops the valid lease stored under `key`, if any, and reports it removed.
    void applyDelete(const QByteArray &key);
    void forgetRejected(const QByteArray &key);
    void startWatch(qint64 fromRevision);

    EtcdClient *mClient;
    StoreLayout mLayout;
    QPointer<EtcdWatch> mWatch;
    QTimer mRetryTimer;
    int mListFailures = 0;
    bool mRunning = false;
    bool mSynced = false;
    qint64 mRevision = 0;
    QMap<SubnetKey, Lease> mLeases;
    QMap<QByteArray, SubnetKey> mKeys;        // etcd key -> subnet of a valid lease
    QMap<QByteArray, Error> mRejected;        // etcd key -> why its value is not a lease
    QMap<QByteArray, QByteArray> mRejectedValues; // to report a bad value once, not on every put
};

} // namespace tartan
