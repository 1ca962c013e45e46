#pragma once

#include "clusterstate.h"
#include "json.h"

#include <QByteArray>
#include <QDateTime>

namespace tartan {

/// The whole of what the app knows about a cluster as one JSON document, for the app's "Export"
/// and for attaching to bug reports: the config (raw text and what it means, or why it is invalid),
/// every lease and every rejected value. Field names follow `tartanctl lease list --json`.
///
///   {"format": "tartan-cluster-export", "version": 1, "clusterId": ..., "exportedAt": ISO 8601 UTC,
///    "connection": {"state": "connected", "detail": ""},
///    "config": {"text": raw, "valid": true, "summary": {...}} | {"text": raw, "valid": false, "error": ...},
///    "leases": [{"subnet", "key", "publicIP", "publicIPv6", "backendType", "backendData",
///                "backendV6Data", "vtepMAC", "leaseId", "reservation", "expiration", "modRevision"}],
///    "rejected": [{"key", "reason"}]}
///
/// `expiration` is ISO 8601 UTC with milliseconds, or null for a reservation or an expiry not looked
/// up yet; absent optional values (publicIPv6, vtepMAC, backend data) are null, never omitted.
class ClusterExport
{
public:
    static constexpr int kVersion = 1;

    static json::Json toJson(const ClusterState &state, const QDateTime &exportedAt);
    /// toJson() indented by two spaces with a final newline; invalid UTF-8 (etcd keys are bytes)
    /// becomes U+FFFD.
    static QByteArray toText(const ClusterState &state, const QDateTime &exportedAt = QDateTime::currentDateTimeUtc());

    /// A parsed config with every default applied: {"enableIPv4", "enableIPv6", "ipv4": {"network",
    /// "subnetLen", "subnetMin", "subnetMax"}, "ipv6": {...} (only for enabled families),
    /// "enableNFTables", "backend": {"type", then the type's options}}.
    static json::Json configSummary(const NetworkConfig &config);
    static json::Json leaseJson(const Lease &lease);
};

} // namespace tartan
