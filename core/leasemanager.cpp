#include "leasemanager.h"

#include "etcdwatch.h"
#include "subnetallocator.h"

#include <algorithm>

namespace tartan {

using namespace std::chrono_literals;

namespace {

// Every key under subnets/ takes its subnet, valid value or not: someone wrote it, and a lease must
// never be handed out twice. Keys that are not subnet keys at all are ignored.
QList<Lease> leasesOf(const StoreLayout &layout, const etcd::RangeResponse &listing)
{
    QList<Lease> leases;
    for (const etcd::KeyValue &kv : listing.kvs) {
        auto subnet = layout.parseSubnetKey(kv.key);
        if (!subnet)
            continue;
        Lease lease;
        lease.subnet = *subnet;
        if (auto attrs = LeaseAttrs::decode(kv.value))
            lease.attrs = std::move(attrs).value();
        lease.storeLeaseId = kv.lease;
        lease.modRevision = kv.modRevision;
        leases.append(lease);
    }
    return leases;
}

QDateTime expiresIn(qint64 seconds)
{
    return QDateTime::currentDateTimeUtc().addSecs(seconds);
}

etcd::PutRequest putOf(const QByteArray &key, const LeaseAttrs &attrs, qint64 storeLease)
{
    etcd::PutRequest put;
    put.key = key;
    put.value = attrs.encode();
    put.lease = storeLease;
    return put;
}

} // namespace

LeaseManager::LeaseManager(EtcdClient *client, StoreLayout layout, NetworkConfig config, LeaseAttrs self,
                           Options options, QObject *parent)
    : QObject(parent),
      mClient(client),
      mLayout(std::move(layout)),
      mConfig(std::move(config)),
      mSelf(std::move(self)),
      mOptions(options),
      mRandom(QRandomGenerator::securelySeeded()),
      mRetryDelay(options.retryMin)
{
    mRetryTimer.setSingleShot(true);
    mRenewTimer.setSingleShot(true);
    connect(&mRetryTimer, &QTimer::timeout, this, &LeaseManager::acquire);
    connect(&mRenewTimer, &QTimer::timeout, this, &LeaseManager::renew);
}

LeaseManager::~LeaseManager() = default;

void LeaseManager::start()
{
    if (mRunning)
        return;
    mRunning = true;
    acquire();
}

void LeaseManager::start(const etcd::RangeResponse &listing)
{
    if (mRunning)
        return;
    mRunning = true;
    decide(listing);
}

void LeaseManager::stop()
{
    mRunning = false;
    ++mGeneration;
    mRetryTimer.stop();
    mRenewTimer.stop();
    dropWatch();
}

void LeaseManager::dropWatch()
{
    // Disconnect first: a stream may still deliver before deleteLater() takes effect.
    if (mWatch) {
        mWatch->disconnect(this);
        mWatch->deleteLater();
    }
}

void LeaseManager::acquire()
{
    if (!mRunning)
        return;
    const quint64 generation = mGeneration;
    mClient->range(etcd::RangeRequest::withPrefix(mLayout.subnetsPrefix()), this,
                   [this, generation](Result<etcd::RangeResponse> listing) {
                       if (!alive(generation))
                           return;
                       if (!listing)
                           return retryLater(listing.error().context(QStringLiteral("listing leases")));
                       decide(*listing);
                   });
}

void LeaseManager::decide(const etcd::RangeResponse &listing)
{
    const SubnetAllocator allocator(mConfig, leasesOf(mLayout, listing));
    if (const Lease *own = allocator.findOwn(mSelf)) {
        const Status reusable = allocator.checkReuse(own->subnet, mSelf);
        if (reusable)
            return reuseOwn(*own);
        emit note(QStringLiteral("own lease %1 cannot be kept (%2); deleting it")
                      .arg(own->subnet.toString(), reusable.error().message()));
        return deleteOwn(*own);
    }
    if (!mOptions.previousSubnet.isNull()) {
        const Status reusable = allocator.checkReuse(mOptions.previousSubnet, mSelf);
        if (reusable)
            return create(mOptions.previousSubnet);
        emit note(QStringLiteral("previous subnet %1 cannot be taken again (%2)")
                      .arg(mOptions.previousSubnet.toString(), reusable.error().message()));
    }
    auto subnet = allocator.allocate(mRandom);
    if (!subnet)
        return retryLater(subnet.error());
    create(*subnet);
}

void LeaseManager::reuseOwn(const Lease &own)
{
    if (own.isReservation())
        return rewrite(own, 0, QDateTime());
    // Keep the etcd lease the key already has: one keep-alive tells whether it is still alive and
    // renews it in the same step.
    const quint64 generation = mGeneration;
    mClient->leaseKeepAliveOnce(own.storeLeaseId, this,
                                [this, generation, own](Result<etcd::LeaseKeepAliveResponse> answer) {
                                    if (!alive(generation))
                                        return;
                                    if (!answer)
                                        return retryLater(answer.error().context(QStringLiteral("renewing own lease")));
                                    if (answer->ttl <= 0)
                                        return acquire(); // expired just now, and the key with it
                                    rewrite(own, own.storeLeaseId, expiresIn(answer->ttl));
                                });
}

void LeaseManager::rewrite(const Lease &current, qint64 storeLease, const QDateTime &expiration)
{
    Lease lease = current;
    lease.storeLeaseId = storeLease;
    lease.expiration = expiration;
    if (current.attrs == mSelf)
        return hold(lease);
    // Our attributes changed (a new VTEP MAC, say): write them only over the version we read.
    etcd::TxnRequest txn;
    const QByteArray key = mLayout.subnetKey(current.subnet);
    txn.compare.append(etcd::Compare::modRevision(key, etcd::Compare::Op::Equal, current.modRevision));
    txn.success.append(putOf(key, mSelf, storeLease));
    const quint64 generation = mGeneration;
    mClient->txn(txn, this, [this, generation, lease](Result<etcd::TxnResponse> answer) mutable {
        if (!alive(generation))
            return;
        if (!answer)
            return retryLater(answer.error().context(QStringLiteral("updating own lease")));
        if (!answer->succeeded)
            return acquire(); // changed under us: look again
        lease.attrs = mSelf;
        lease.modRevision = answer->header.revision;
        hold(lease);
    });
}

void LeaseManager::deleteOwn(const Lease &stale)
{
    etcd::TxnRequest txn;
    const QByteArray key = mLayout.subnetKey(stale.subnet);
    txn.compare.append(etcd::Compare::modRevision(key, etcd::Compare::Op::Equal, stale.modRevision));
    etcd::DeleteRangeRequest del;
    del.key = key;
    txn.success.append(del);
    const quint64 generation = mGeneration;
    mClient->txn(txn, this, [this, generation](Result<etcd::TxnResponse> answer) {
        if (!alive(generation))
            return;
        if (!answer)
            return retryLater(answer.error().context(QStringLiteral("deleting own stale lease")));
        acquire();
    });
}

void LeaseManager::create(const SubnetKey &subnet)
{
    const quint64 generation = mGeneration;
    mClient->leaseGrant(mOptions.ttl.count(), 0, this,
                        [this, generation, subnet](Result<etcd::LeaseGrantResponse> grant) {
        if (!alive(generation))
            return;
        if (!grant)
            return retryLater(grant.error().context(QStringLiteral("granting a lease")));
        const qint64 storeLease = grant->id;
        const qint64 ttl = grant->ttl;
        const QByteArray key = mLayout.subnetKey(subnet);
        etcd::TxnRequest txn;
        txn.compare.append(etcd::Compare::version(key, etcd::Compare::Op::Equal, 0));
        txn.success.append(putOf(key, mSelf, storeLease));
        mClient->txn(txn, this, [this, generation, subnet, storeLease, ttl](Result<etcd::TxnResponse> answer) {
            const auto giveBack = [this, storeLease] {
                mClient->leaseRevoke(storeLease, this, [](Result<etcd::LeaseRevokeResponse>) {});
            };
            if (!alive(generation))
                return giveBack();
            if (!answer) {
                giveBack();
                return retryLater(answer.error().context(QStringLiteral("creating lease %1").arg(subnet.toString())));
            }
            if (!answer->succeeded) {
                // Another node took this subnet between our list and our write: pick again, after
                // a short random pause so that racing nodes spread out.
                giveBack();
                ++mRacesLost;
                mRetryTimer.start(std::chrono::milliseconds(10 + mRandom.bounded(90)));
                return;
            }
            Lease lease;
            lease.subnet = subnet;
            lease.attrs = mSelf;
            lease.storeLeaseId = storeLease;
            lease.expiration = expiresIn(ttl);
            lease.modRevision = answer->header.revision;
            hold(lease);
        });
    });
}

void LeaseManager::retryLater(const Error &error)
{
    emit problem(error);
    mRetryTimer.start(mRetryDelay);
    mRetryDelay = std::min(mOptions.retryMax, mRetryDelay * 2);
}

void LeaseManager::hold(const Lease &lease)
{
    mLease = lease;
    mHasLease = true;
    mRetryDelay = mOptions.retryMin;
    mOptions.previousSubnet = lease.subnet; // what a re-acquisition prefers
    watchOwnKey();
    scheduleRenewal();
    emit acquired(mLease);
}

void LeaseManager::scheduleRenewal()
{
    mRenewTimer.stop();
    if (mLease.isReservation() || !mLease.expiration.isValid())
        return;
    const qint64 due = QDateTime::currentDateTimeUtc().msecsTo(mLease.expiration) -
                       std::chrono::duration_cast<std::chrono::milliseconds>(mOptions.renewMargin).count();
    mRenewTimer.start(std::chrono::milliseconds(std::max<qint64>(0, due)));
}

void LeaseManager::renew()
{
    const quint64 generation = mGeneration;
    mClient->leaseKeepAliveOnce(mLease.storeLeaseId, this, [this, generation](Result<etcd::LeaseKeepAliveResponse> answer) {
        if (!alive(generation) || !mHasLease)
            return;
        if (!answer) {
            emit problem(answer.error().context(QStringLiteral("renewing lease %1").arg(mLease.subnet.toString())));
            // Retry well before the lease runs out, however short the margin.
            const qint64 left = QDateTime::currentDateTimeUtc().msecsTo(mLease.expiration);
            mRenewTimer.start(std::chrono::milliseconds(std::clamp<qint64>(left / 4, 200, 60000)));
            return;
        }
        if (answer->ttl <= 0)
            return onLost(QStringLiteral("lease %1 expired before it was renewed").arg(mLease.subnet.toString()));
        mLease.expiration = expiresIn(answer->ttl);
        scheduleRenewal();
        emit renewed(mLease);
    });
}

void LeaseManager::watchOwnKey()
{
    dropWatch();
    etcd::WatchOptions options;
    options.key = mLayout.subnetKey(mLease.subnet);
    options.startRevision = mLease.modRevision + 1;
    mWatch = mClient->watch(options, this);
    connect(mWatch, &EtcdWatch::eventsReceived, this, &LeaseManager::onOwnEvents);
    connect(mWatch, &EtcdWatch::compacted, this, [this] {
        // History is gone; look at the store afresh (reusing our key if it is still ours).
        mHasLease = false;
        ++mGeneration;
        mRenewTimer.stop();
        acquire();
    });
    mWatch->start();
}

void LeaseManager::onOwnEvents(const QList<etcd::Event> &events)
{
    for (const etcd::Event &event : events) {
        if (!mHasLease)
            return;
        if (event.type == etcd::Event::Type::Delete)
            return onLost(QStringLiteral("lease %1 was deleted (revoked or expired)").arg(mLease.subnet.toString()));
        auto attrs = LeaseAttrs::decode(event.kv.value);
        if (!attrs || !SubnetAllocator::isOwnedBy(Lease{mLease.subnet, *attrs, {}, 0, 0}, mSelf)) {
            return onLost(QStringLiteral("lease %1 was overwritten by another writer (%2)")
                              .arg(mLease.subnet.toString(),
                                   attrs ? attrs->publicIp.toString() : attrs.error().message()));
        }
        mLease.modRevision = event.kv.modRevision;
        mLease.storeLeaseId = event.kv.lease;
    }
}

void LeaseManager::onLost(const QString &why)
{
    mHasLease = false;
    ++mGeneration;
    mRenewTimer.stop();
    dropWatch();
    emit lost(Error(why));
    acquire();
}

void LeaseManager::setAttrs(const LeaseAttrs &self)
{
    mSelf = self;
    if (!mHasLease || mLease.attrs == mSelf)
        return;
    rewrite(mLease, mLease.storeLeaseId, mLease.expiration);
}

} // namespace tartan
