#include "etcdclusterreader.h"

#include <algorithm>

namespace tartan::cli {

Result<etcd::RangeResponse> EtcdClusterReader::range(const etcd::RangeRequest &request)
{
    auto client = mContext.client();
    if (!client)
        return client.error();
    EtcdClient *etcd = *client;
    return mContext.call<etcd::RangeResponse>([&](const QObject *c, auto done) { etcd->range(request, c, done); });
}

Result<NetworkConfig> EtcdClusterReader::config(bool *unusable)
{
    *unusable = false;
    etcd::RangeRequest request;
    request.key = mContext.layout().configKey();
    const auto answer = range(request);
    if (!answer)
        return answer.error();
    *unusable = true;
    if (answer->kvs.isEmpty())
        return Error(QStringLiteral("no network config at %1").arg(QString::fromUtf8(request.key)));
    auto config = NetworkConfig::parse(answer->kvs.first().value);
    if (!config)
        return config.error().context(QString::fromUtf8(request.key));
    *unusable = false;
    return config;
}

Result<QList<Lease>> EtcdClusterReader::leases()
{
    const StoreLayout layout = mContext.layout();
    const auto listing = range(etcd::RangeRequest::withPrefix(layout.subnetsPrefix()));
    if (!listing)
        return listing.error();
    QList<Lease> leases;
    for (const etcd::KeyValue &kv : listing->kvs) {
        auto subnet = layout.parseSubnetKey(kv.key);
        auto attrs = LeaseAttrs::decode(kv.value);
        if (!subnet || !attrs) {
            mContext.warn(QStringLiteral("skipping %1: %2").arg(QString::fromUtf8(kv.key), (subnet ? attrs.error() : subnet.error()).message()));
            continue;
        }
        leases.append(Lease{*subnet, *attrs, {}, kv.lease, kv.modRevision});
    }
    std::sort(leases.begin(), leases.end(), [](const Lease &a, const Lease &b) { return a.subnet < b.subnet; });
    return leases;
}

Result<NodeSummaries> EtcdClusterReader::summaries()
{
    const StoreLayout layout = mContext.layout();
    const auto listing = range(etcd::RangeRequest::withPrefix(layout.reportsPrefix()));
    if (!listing)
        return listing.error();
    NodeSummaries summaries = NodeSummaries::fromKeyValues(layout, listing->kvs);
    for (const QString &problem : std::as_const(summaries.problems))
        mContext.warn(QStringLiteral("skipping %1").arg(problem));
    return summaries;
}

} // namespace tartan::cli
