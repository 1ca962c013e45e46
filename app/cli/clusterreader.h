#pragma once

#include "commandcontext.h"
#include "lease.h"
#include "networkconfig.h"
#include "nodesummaries.h"

#include <QList>

namespace tartan::cli {

/// What commands read from the store, one range request each. Every read returns the store's
/// error as is (the caller exits with kStoreUnreachable); entries that cannot be decoded are
/// skipped with a warning on stderr naming the key.
class ClusterReader
{
public:
    explicit ClusterReader(CommandContext &context) : mContext(context) {}

    /// The network config; an error when the store fails, or (with `*unusable` set) when there is none or it does not parse.
    Result<NetworkConfig> config(bool *unusable);
    /// Every lease and reservation under subnets/, sorted by key.
    Result<QList<Lease>> leases();
    /// Every agent's summary under tartan/reports/.
    Result<NodeSummaries> summaries();

private:
    Result<etcd::RangeResponse> range(const etcd::RangeRequest &request);

    CommandContext &mContext;
};

} // namespace tartan::cli
