#pragma once

#include "etcdclient.h"
#include "lease.h"
#include "networkconfig.h"
#include "storelayout.h"

#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <chrono>

namespace tartan {

class EtcdWatch;

/// This node's subnet lease in etcd: flannel's semantics (flannel-compat.md section 1) without its
/// known defects.
///
/// Acquire: list every lease; reuse the one whose PublicIP is ours when it still fits the config
/// (a reservation, a key without an etcd lease, stays one); else take the previous subnet (from the
/// last subnet.env) when it is free and fits; else pick at random among the first free subnets.
/// A new key is written only by a create-if-absent transaction and an existing one only by a
/// transaction that compares its mod revision, never by a blind put (flannel#1289). A lost race
/// re-lists and picks again, without limit: acquisition never gives up while etcd answers; store
/// failures are retried with back-off.
///
/// Keep: the etcd lease is renewed by keep-alive `renewMargin` before it expires (flannel grants a
/// new lease each time and leaks the old one); a failed renewal retries. The key is watched: if it
/// is deleted (revoked, expired) or taken by another node, the manager says lost() and acquires
/// again, preferring the same subnet (flannel exits with "Lease has been revoked").
///
/// Threading: the client's thread; the client must outlive the manager.
class LeaseManager : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        std::chrono::seconds ttl{24 * 3600};       ///< flannel's lease TTL
        std::chrono::seconds renewMargin{60 * 60}; ///< --subnet-lease-renew-margin
        /// FLANNEL_SUBNET / FLANNEL_IPV6_SUBNET of the last subnet.env; null if none.
        SubnetKey previousSubnet;
        std::chrono::milliseconds retryMin{200};
        std::chrono::milliseconds retryMax{30000};
    };

    LeaseManager(EtcdClient *client, StoreLayout layout, NetworkConfig config, LeaseAttrs self, Options options,
                 QObject *parent = nullptr);
    ~LeaseManager() override;

    /// Acquires a lease, then keeps it. Signals report the outcome.
    void start();
    /// As start(), but the first choice is made from `listing`, a range of the subnets prefix the
    /// caller already has (the agent's LeaseWatcher lists it anyway): one list of every lease
    /// instead of two at start-up. A stale listing costs at most a lost transaction and a re-list,
    /// never a wrong lease: every write compares revisions.
    void start(const etcd::RangeResponse &listing);
    /// Stops renewing and watching; the lease stays in etcd until it expires, so a restart reuses it.
    void stop();
    /// Re-publishes this node's attributes (e.g. a VTEP MAC that changed) on the lease it holds.
    void setAttrs(const LeaseAttrs &self);

    bool hasLease() const { return mHasLease; }
    /// The lease held; meaningful while hasLease().
    const Lease &lease() const { return mLease; }
    /// How many create-if-absent transactions lost to another node so far.
    int racesLost() const { return mRacesLost; }

signals:
    /// A lease is held: the first time, after every re-acquisition (the subnet may differ), and
    /// after setAttrs() re-published this node's attributes on it.
    void acquired(const tartan::Lease &lease);
    void renewed(const tartan::Lease &lease);
    /// The held lease is gone; `why` says how. Acquisition starts again at once.
    void lost(const tartan::Error &why);
    /// A store call failed; the manager retries by itself. For the log.
    void problem(const tartan::Error &error);
    /// Something an operator wants in the log that is not a failure ("own lease ... no longer
    /// fits the config; deleting it").
    void note(const QString &message);

private:
    void acquire();
    void decide(const etcd::RangeResponse &listing);
    void reuseOwn(const Lease &own);
    void rewrite(const Lease &current, qint64 storeLease, const QDateTime &expiration);
    void create(const SubnetKey &subnet);
    void deleteOwn(const Lease &stale);
    void retryLater(const Error &error);
    void hold(const Lease &lease);
    void scheduleRenewal();
    void renew();
    void watchOwnKey();
    void dropWatch();
    void onOwnEvents(const QList<etcd::Event> &events);
    void onLost(const QString &why);
    bool alive(quint64 generation) const { return mRunning && generation == mGeneration; }

    EtcdClient *mClient;
    StoreLayout mLayout;
    NetworkConfig mConfig;
    LeaseAttrs mSelf;
    Options mOptions;
    QRandomGenerator mRandom;
    QTimer mRetryTimer;
    QTimer mRenewTimer;
    QPointer<EtcdWatch> mWatch;
    std::chrono::milliseconds mRetryDelay;
    Lease mLease;
    bool mHasLease = false;
    bool mRunning = false;
    int mRacesLost = 0;
    quint64 mGeneration = 0; // bumped by stop() and by losing the lease: late answers are dropped
};

} // namespace tartan
