#include "leasewatcher.h"

#include "etcdwatch.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace tartan {

using namespace std::chrono_literals;

namespace {

Result<Lease> leaseFrom(const StoreLayout &layout, const etcd::KeyValue &kv)
{
    auto subnet = layout.parseSubnetKey(kv.key);
    if (!subnet)
        return subnet.error();
    auto attrs = LeaseAttrs::decode(kv.value);
    if (!attrs)
        return attrs.error().context(QString::fromUtf8(kv.key));
    Lease lease;
    lease.subnet = *subnet;
    lease.attrs = std::move(attrs).value();
    lease.storeLeaseId = kv.lease;
    lease.modRevision = kv.modRevision;
    return lease;
}

// Whether two leases differ in what a peer acts on (the modRevision of a re-put does not count).
bool sameContent(const Lease &a, const Lease &b)
{
    return a.subnet == b.subnet && a.attrs == b.attrs && a.storeLeaseId == b.storeLeaseId;
}

} // namespace

LeaseWatcher::LeaseWatcher(EtcdClient *client, StoreLayout layout, QObject *parent)
    : QObject(parent), mClient(client), mLayout(std::move(layout))
{
    mRetryTimer.setSingleShot(true);
    connect(&mRetryTimer, &QTimer::timeout, this, &LeaseWatcher::list);
}

LeaseWatcher::~LeaseWatcher() = default;

void LeaseWatcher::start()
{
    if (mRunning)
        return;
    mRunning = true;
    list();
}

void LeaseWatcher::stop()
{
    mRunning = false;
    mRetryTimer.stop();
    if (mWatch)
        mWatch->stop();
}

void LeaseWatcher::list()
{
    if (!mRunning)
        return;
    mClient->range(etcd::RangeRequest::withPrefix(mLayout.subnetsPrefix()), this,
                   [this](Result<etcd::RangeResponse> response) {
                       if (!mRunning)
                           return;
                       if (!response) {
                           emit problem(response.error().context(QStringLiteral("listing leases")));
                           // 1 s, 2 s, 4 s ... 30 s: the client already retried each endpoint.
                           const auto delay = std::min(30000ms, 1000ms * (1 << std::min(mListFailures++, 5)));
                           mRetryTimer.start(delay);
                           return;
                       }
                       mListFailures = 0;
                       emit listed(*response);
                       applyList(*response);
                   });
}

void LeaseWatcher::applyList(const etcd::RangeResponse &response)
{
    // Diff the listing against what we knew, by key and by value: after a compaction this is the
    // only way to learn what happened in the history etcd no longer has.
    QMap<QByteArray, etcd::KeyValue> listed;
    for (const etcd::KeyValue &kv : response.kvs)
        listed.insert(kv.key, kv);
    QList<QByteArray> gone;
    for (auto it = mKeys.cbegin(); it != mKeys.cend(); ++it)
        if (!listed.contains(it.key()))
            gone.append(it.key());
    for (auto it = mRejected.cbegin(); it != mRejected.cend(); ++it)
        if (!listed.contains(it.key()))
            gone.append(it.key());
    for (const QByteArray &key : gone) {
        forgetRejected(key);
        applyDelete(key);
    }
    for (const etcd::KeyValue &kv : std::as_const(listed))
        applyPut(kv);

    mRevision = response.header.revision;
    mSynced = true;
    startWatch(mRevision + 1);
    emit synced();
}

void LeaseWatcher::startWatch(qint64 fromRevision)
{
    if (!mWatch) {
        etcd::WatchOptions options;
        options.key = mLayout.subnetsPrefix();
        options.rangeEnd = etcd::prefixEnd(options.key);
        options.startRevision = fromRevision;
        mWatch = mClient->watch(options, this);
        connect(mWatch, &EtcdWatch::eventsReceived, this, &LeaseWatcher::applyEvents);
        connect(mWatch, &EtcdWatch::compacted, this, [this](qint64) {
            // The watch stopped; re-list (at the newest revision, which is past the compaction).
            list();
        });
        connect(mWatch, &EtcdWatch::disconnected, this, [this](const Error &error) {
            emit problem(error.context(QStringLiteral("watching leases")));
        });
        connect(mWatch, &EtcdWatch::connected, this, &LeaseWatcher::connected);
        mWatch->start();
    } else {
        mWatch->restartFrom(fromRevision);
    }
}

void LeaseWatcher::applyEvents(const QList<etcd::Event> &events, qint64 revision)
{
    for (const etcd::Event &event : events) {
        if (event.type == etcd::Event::Type::Put)
            applyPut(event.kv);
        else {
            forgetRejected(event.kv.key);
            applyDelete(event.kv.key);
        }
    }
    mRevision = std::max(mRevision, revision);
}

void LeaseWatcher::applyPut(const etcd::KeyValue &kv)
{
    auto lease = leaseFrom(mLayout, kv);
    if (!lease) {
        // A value that turned bad takes the lease away: peers must stop using it.
        applyDelete(kv.key);
        const bool known = mRejected.contains(kv.key) && mRejectedValues.value(kv.key) == kv.value;
        if (!known) {
            mRejected.insert(kv.key, lease.error());
            mRejectedValues.insert(kv.key, kv.value);
            emit leaseRejected(kv.key, lease.error());
        }
        return;
    }
    forgetRejected(kv.key);
    const auto known = mLeases.constFind(lease->subnet);
    if (known == mLeases.cend()) {
        mKeys.insert(kv.key, lease->subnet);
        mLeases.insert(lease->subnet, *lease);
        emit leaseAdded(*lease);
        return;
    }
    const Lease before = std::exchange(mLeases[lease->subnet], *lease);
    if (!sameContent(before, *lease))
        emit leaseChanged(before, *lease);
}

void LeaseWatcher::forgetRejected(const QByteArray &key)
{
    mRejectedValues.remove(key);
    if (mRejected.remove(key) > 0)
        emit rejectionCleared(key);
}

void LeaseWatcher::applyDelete(const QByteArray &key)
{
    const auto subnet = mKeys.constFind(key);
    if (subnet == mKeys.cend())
        return;
    const Lease removed = mLeases.take(*subnet);
    mKeys.erase(subnet);
    emit leaseRemoved(removed);
}

} // namespace tartan
