#pragma once

#include "clusterreader.h"

namespace tartan::cli {

/// The cluster in etcd under the flags' prefix: one range request per read; each agent publishes
/// its summary (with its endpoint) under <prefix>/tartan/reports/.
class EtcdClusterReader : public ClusterReader
{
public:
    explicit EtcdClusterReader(CommandContext &context) : mContext(context) {}

    Result<NetworkConfig> config(bool *unusable) override;
    Result<QList<Lease>> leases() override;
    Result<NodeSummaries> summaries() override;
    bool keepsSummaries() const override { return true; }
    QString agentEndpoint(const Lease &) const override { return {}; }

private:
    Result<etcd::RangeResponse> range(const etcd::RangeRequest &request);

    CommandContext &mContext;
};

} // namespace tartan::cli
