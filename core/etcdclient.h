#pragma once

#include "etcdclientoptions.h"
#include "etcdtypes.h"
#include "result.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace tartan {

class EtcdTransport;
class EtcdWatch;

/// etcd's v3 API over its JSON gateway (grpc-gateway) with Qt Network: KV range/put/delete/txn,
/// compaction, leases and watches, against one or more endpoints with fail-over, TLS and
/// username/password authentication (see EtcdTransport for the retry rules).
///
/// Asynchronous, callback style: every call takes a `context` object and a callback that receives
/// a Result. The callback runs exactly once, on the client's thread, always after the call has
/// returned, unless `context` (when not null) is destroyed first or the client is destroyed with the
/// request still under way; then it is dropped (the request itself may still reach etcd).
///
/// Threading: a client lives on the thread that created it; call it from that thread only.
///
/// Errors name the endpoint, the gateway path and the cause:
/// "etcd http://127.0.0.1:2379 /v3/kv/txn: connection refused (after 5 attempts)". Outcomes that
/// are answers, not failures, are values: a transaction whose compares failed has
/// `succeeded == false`; a keep-alive of a lease etcd no longer has returns ttl 0; time-to-live of
/// an unknown lease returns ttl -1.
class EtcdClient : public QObject
{
    Q_OBJECT
public:
    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    /// Checks the options (see EtcdTransport::create) and loads TLS material; no network traffic
    /// until the first call.
    static Result<std::unique_ptr<EtcdClient>> create(const EtcdClientOptions &options);
    ~EtcdClient() override;

    void range(const etcd::RangeRequest &request, const QObject *context, Callback<etcd::RangeResponse> done);
    void put(const etcd::PutRequest &request, const QObject *context, Callback<etcd::PutResponse> done);
    void deleteRange(const etcd::DeleteRangeRequest &request, const QObject *context, Callback<etcd::DeleteRangeResponse> done);
    void txn(const etcd::TxnRequest &request, const QObject *context, Callback<etcd::TxnResponse> done);
    /// Drops history up to `revision`; `physical` waits until the space is reclaimed.
    void compact(qint64 revision, bool physical, const QObject *context, Callback<etcd::CompactionResponse> done);

    /// `id` 0 lets etcd choose the lease id.
    void leaseGrant(qint64 ttlSeconds, qint64 id, const QObject *context, Callback<etcd::LeaseGrantResponse> done);
    /// Deleting the lease deletes every key attached to it.
    void leaseRevoke(qint64 id, const QObject *context, Callback<etcd::LeaseRevokeResponse> done);
    void leaseTimeToLive(qint64 id, bool withKeys, const QObject *context, Callback<etcd::LeaseTimeToLiveResponse> done);
    /// One renewal (the gateway's keep-alive stream used for a single request and answer).
    void leaseKeepAliveOnce(qint64 id, const QObject *context, Callback<etcd::LeaseKeepAliveResponse> done);

    /// A watch on this client's endpoints and credentials, not yet started (see EtcdWatch). The
    /// caller owns it (`parent` if given); it must not outlive the client.
    EtcdWatch *watch(const etcd::WatchOptions &options, QObject *parent = nullptr);

    const EtcdClientOptions &options() const;
    /// The endpoint requests go to first: the last one that answered, or the next after one that failed.
    QUrl currentEndpoint() const;

private:
    explicit EtcdClient(std::unique_ptr<EtcdTransport> transport);

    template <typename T, typename Decode>
    void call(const QString &path, const auto &body, bool idempotent, const QObject *context, Callback<T> done, Decode decode);

    EtcdTransport *mTransport; // child of this client
};

} // namespace tartan
