#pragma once

#include "blockingcall.h"
#include "etcdclient.h"
#include "etcdwatch.h"
#include "etcdfixture.h"

#include <QObject>

#include <chrono>

namespace tartan::test {

/// The calls of EtcdClient, blocking (with the event loop running) for tests.
class SyncEtcd
{
public:
    explicit SyncEtcd(EtcdClient &client) : mClient(client) {}

    Result<etcd::RangeResponse> range(const etcd::RangeRequest &request)
    {
        return call<etcd::RangeResponse>([&](const QObject *c, auto done) { mClient.range(request, c, done); });
    }
    Result<etcd::RangeResponse> get(const QByteArray &key)
    {
        etcd::RangeRequest request;
        request.key = key;
        return range(request);
    }
    Result<etcd::PutResponse> put(const etcd::PutRequest &request)
    {
        return call<etcd::PutResponse>([&](const QObject *c, auto done) { mClient.put(request, c, done); });
    }
    Result<etcd::PutResponse> put(const QByteArray &key, const QByteArray &value, qint64 lease = 0)
    {
        etcd::PutRequest request;
        request.key = key;
        request.value = value;
        request.lease = lease;
        return put(request);
    }
    Result<etcd::DeleteRangeResponse> deleteRange(const etcd::DeleteRangeRequest &request)
    {
        return call<etcd::DeleteRangeResponse>([&](const QObject *c, auto done) { mClient.deleteRange(request, c, done); });
    }
    Result<etcd::TxnResponse> txn(const etcd::TxnRequest &request)
    {
        return call<etcd::TxnResponse>([&](const QObject *c, auto done) { mClient.txn(request, c, done); });
    }
    Result<etcd::CompactionResponse> compact(qint64 revision, bool physical = true)
    {
        return call<etcd::CompactionResponse>([&](const QObject *c, auto done) { mClient.compact(revision, physical, c, done); });
    }
    Result<etcd::LeaseGrantResponse> leaseGrant(qint64 ttl, qint64 id = 0)
    {
        return call<etcd::LeaseGrantResponse>([&](const QObject *c, auto done) { mClient.leaseGrant(ttl, id, c, done); });
    }
    Result<etcd::LeaseRevokeResponse> leaseRevoke(qint64 id)
    {
        return call<etcd::LeaseRevokeResponse>([&](const QObject *c, auto done) { mClient.leaseRevoke(id, c, done); });
    }
    Result<etcd::LeaseTimeToLiveResponse> leaseTimeToLive(qint64 id, bool keys = true)
    {
        return call<etcd::LeaseTimeToLiveResponse>([&](const QObject *c, auto done) { mClient.leaseTimeToLive(id, keys, c, done); });
    }
    Result<etcd::LeaseKeepAliveResponse> leaseKeepAliveOnce(qint64 id)
    {
        return call<etcd::LeaseKeepAliveResponse>([&](const QObject *c, auto done) { mClient.leaseKeepAliveOnce(id, c, done); });
    }

private:
    /// A call that gets no answer fails the test after 30 s (blockingCall's default is 60 s).
    template <typename T, typename Start>
    static Result<T> call(Start start)
    {
        return blockingCall<T>(start, std::chrono::milliseconds(30000));
    }

    EtcdClient &mClient;
};

/// Records what a watch reports, for assertions.
class WatchRecorder : public QObject
{
public:
    explicit WatchRecorder(EtcdWatch *watch)
    {
        connect(watch, &EtcdWatch::eventsReceived, this, [this](const QList<etcd::Event> &batch, qint64) {
            events += batch;
            ++batches;
        });
        connect(watch, &EtcdWatch::compacted, this, [this](qint64 revision) { compactions.append(revision); });
        connect(watch, &EtcdWatch::connected, this, [this](const QUrl &endpoint) { connections.append(endpoint); });
        connect(watch, &EtcdWatch::disconnected, this, [this](const Error &error) { errors.append(error.message()); });
    }

    QList<etcd::Event> events;
    int batches = 0;
    QList<qint64> compactions;
    QList<QUrl> connections;
    QStringList errors;
};

/// The message of a failed result, for QVERIFY2.
template <typename T>
QByteArray why(const Result<T> &result)
{
    return result.ok() ? QByteArray() : result.error().message().toUtf8();
}

/// A client for `urls` with the fixture's defaults, or an error.
inline Result<std::unique_ptr<EtcdClient>> makeClient(const QList<QUrl> &urls, EtcdClientOptions options = {})
{
    options.endpoints = urls;
    return EtcdClient::create(options);
}

/// Starts a one-member etcd into `etcd` and a client for it into `client` (a suite's fresh store).
inline Status startEtcdWithClient(std::unique_ptr<EtcdFixture> &etcd, std::unique_ptr<EtcdClient> &client)
{
    etcd = std::make_unique<EtcdFixture>();
    if (auto started = etcd->start(); !started)
        return started;
    auto made = makeClient(etcd->clientUrls());
    if (!made)
        return made.error();
    client = std::move(made).value();
    return {};
}

} // namespace tartan::test

/// Fails the test with the error's message unless `expression` (evaluated once) holds a value.
#define TARTAN_VERIFY_OK(expression)                                                                                   \
    do {                                                                                                               \
        const auto &tartanResult_ = (expression);                                                                      \
        QVERIFY2(tartanResult_.ok(), tartan::test::why(tartanResult_).constData());                                    \
    } while (false)
