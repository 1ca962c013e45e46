#include "etcdclient.h"

#include "etcdcodec.h"
#include "etcdtransport.h"
#include "etcdwatch.h"

#include <QThread>

namespace tartan {

using json::Json;

namespace {
std::string int64Text(qint64 number)
{
    return std::to_string(number);
}
} // namespace

Result<std::unique_ptr<EtcdClient>> EtcdClient::create(const EtcdClientOptions &options)
{
    auto transport = EtcdTransport::create(options);
    if (!transport)
        return transport.error();
    return std::unique_ptr<EtcdClient>(new EtcdClient(std::move(transport).value()));
}

EtcdClient::EtcdClient(std::unique_ptr<EtcdTransport> transport) : mTransport(transport.release())
{
    mTransport->setParent(this);
}

EtcdClient::~EtcdClient() = default;

const EtcdClientOptions &EtcdClient::options() const
{
    return mTransport->options();
}

QUrl EtcdClient::currentEndpoint() const
{
    return mTransport->endpoint(mTransport->preferredEndpoint());
}

template <typename T, typename Decode>
void EtcdClient::call(const QString &path, const auto &body, bool idempotent, const QObject *context, Callback<T> done, Decode decode)
{
    Q_ASSERT_X(thread() == QThread::currentThread(), "EtcdClient", "called from a thread that does not own the client");
    const bool guarded = context != nullptr;
    QPointer<const QObject> guard(context);
    mTransport->post(path, body, idempotent ? EtcdTransport::Idempotency::Idempotent : EtcdTransport::Idempotency::Mutation,
                     [path, guarded, guard, done = std::move(done), decode](Result<EtcdTransport::Reply> reply) {
                         if (guarded && !guard)
                             return;
                         if (!reply) {
                             done(reply.error());
                             return;
                         }
                         // The JSON tree goes as soon as it is decoded: the caller then holds
                         // the decoded answer alone (a 10,000-lease listing is ~10 MB as JSON).
                         Result<T> decoded = decode(json::Json(std::move(reply->body)));
                         if (!decoded) {
                             done(EtcdTransport::describe(reply->endpoint, path,
                                                          QStringLiteral("malformed answer: %1").arg(decoded.error().message())));
                             return;
                         }
                         done(std::move(decoded));
                     });
}

void EtcdClient::range(const etcd::RangeRequest &request, const QObject *context, Callback<etcd::RangeResponse> done)
{
    call<etcd::RangeResponse>(QStringLiteral("/v3/kv/range"), etcd::codec::encode(request), true, context, std::move(done),
                              etcd::codec::decodeRange);
}

void EtcdClient::put(const etcd::PutRequest &request, const QObject *context, Callback<etcd::PutResponse> done)
{
    call<etcd::PutResponse>(QStringLiteral("/v3/kv/put"), etcd::codec::encode(request), false, context, std::move(done),
                            etcd::codec::decodePut);
}

void EtcdClient::deleteRange(const etcd::DeleteRangeRequest &request, const QObject *context, Callback<etcd::DeleteRangeResponse> done)
{
    call<etcd::DeleteRangeResponse>(QStringLiteral("/v3/kv/deleterange"), etcd::codec::encode(request), false, context,
                                    std::move(done), etcd::codec::decodeDeleteRange);
}

void EtcdClient::txn(const etcd::TxnRequest &request, const QObject *context, Callback<etcd::TxnResponse> done)
{
    call<etcd::TxnResponse>(QStringLiteral("/v3/kv/txn"), etcd::codec::encode(request), false, context, std::move(done),
                            etcd::codec::decodeTxn);
}

void EtcdClient::compact(qint64 revision, bool physical, const QObject *context, Callback<etcd::CompactionResponse> done)
{
    Json body = {{"revision", int64Text(revision)}};
    if (physical)
        body["physical"] = true;
    call<etcd::CompactionResponse>(QStringLiteral("/v3/kv/compaction"), body, false, context, std::move(done),
                                   etcd::codec::decodeCompaction);
}

void EtcdClient::leaseGrant(qint64 ttlSeconds, qint64 id, const QObject *context, Callback<etcd::LeaseGrantResponse> done)
{
    Json body = {{"TTL", int64Text(ttlSeconds)}};
    if (id)
        body["ID"] = int64Text(id);
    call<etcd::LeaseGrantResponse>(QStringLiteral("/v3/lease/grant"), body, false, context, std::move(done),
                                   etcd::codec::decodeLeaseGrant);
}

void EtcdClient::leaseRevoke(qint64 id, const QObject *context, Callback<etcd::LeaseRevokeResponse> done)
{
    call<etcd::LeaseRevokeResponse>(QStringLiteral("/v3/lease/revoke"), Json{{"ID", int64Text(id)}}, false, context,
                                    std::move(done), etcd::codec::decodeLeaseRevoke);
}

void EtcdClient::leaseTimeToLive(qint64 id, bool withKeys, const QObject *context, Callback<etcd::LeaseTimeToLiveResponse> done)
{
    Json body = {{"ID", int64Text(id)}};
    if (withKeys)
        body["keys"] = true;
    // /v3/lease/timetolive is the primary binding; /v3/kv/lease/timetolive is a legacy alias
    // (both answer on 3.4.23).
    call<etcd::LeaseTimeToLiveResponse>(QStringLiteral("/v3/lease/timetolive"), body, true, context, std::move(done),
                                        etcd::codec::decodeLeaseTimeToLive);
}

void EtcdClient::leaseKeepAliveOnce(qint64 id, const QObject *context, Callback<etcd::LeaseKeepAliveResponse> done)
{
    call<etcd::LeaseKeepAliveResponse>(QStringLiteral("/v3/lease/keepalive"), Json{{"ID", int64Text(id)}}, true, context,
                                       std::move(done), etcd::codec::decodeLeaseKeepAlive);
}

EtcdWatch *EtcdClient::watch(const etcd::WatchOptions &options, QObject *parent)
{
    return new EtcdWatch(mTransport, options, parent);
}

} // namespace tartan
