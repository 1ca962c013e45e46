#pragma once

#include "etcdtypes.h"
#include "json.h"

/// The JSON shape of etcd's v3 gateway (grpc-gateway over etcdserverpb), both directions.
/// Pure functions: no I/O, no Qt event loop, unit-testable on captured bodies.
///
/// What the gateway does that these functions absorb:
/// - bytes fields (keys, values) are base64;
/// - int64/uint64 fields come back as JSON strings ("revision":"12"); numbers are accepted too;
///   requests send them as strings, since lease ids exceed 2^53 and would lose precision as numbers;
/// - fields at their protobuf default are omitted: no "succeeded" in a failed txn, no "type" in a
///   PUT event, no "kvs" in an empty range, no "TTL" in the keep-alive of an unknown lease;
/// - responses of streaming RPCs (watch, lease keep-alive) are wrapped as {"result": {...}}, and a
///   stream error arrives as {"error": {...}} inside the stream.
///
/// Decoders' errors name the offending field ("kvs[2].mod_revision: not an integer"); the caller
/// adds the endpoint and request.
namespace tartan::etcd::codec {

json::Json encode(const RangeRequest &request);
json::Json encode(const PutRequest &request);
json::Json encode(const DeleteRangeRequest &request);
json::Json encode(const TxnRequest &request);
json::Json encode(const WatchOptions &options);

/// The request body as sent: compact JSON. Never throws (invalid UTF-8 would become U+FFFD, though
/// keys and values are base64 and cannot carry any).
QByteArray serialize(const json::Json &body);

Result<ResponseHeader> decodeHeader(const json::Json &object);
Result<KeyValue> decodeKeyValue(const json::Json &object);
Result<RangeResponse> decodeRange(const json::Json &object);
Result<PutResponse> decodePut(const json::Json &object);
Result<DeleteRangeResponse> decodeDeleteRange(const json::Json &object);
Result<TxnResponse> decodeTxn(const json::Json &object);
Result<CompactionResponse> decodeCompaction(const json::Json &object);
Result<LeaseGrantResponse> decodeLeaseGrant(const json::Json &object);
Result<LeaseRevokeResponse> decodeLeaseRevoke(const json::Json &object);
/// Accepts the body with or without the {"result": ...} wrapper of the streaming RPC.
Result<LeaseKeepAliveResponse> decodeLeaseKeepAlive(const json::Json &object);
Result<LeaseTimeToLiveResponse> decodeLeaseTimeToLive(const json::Json &object);
/// One object of the watch stream. A stream-level error ({"error": ...}) comes back as an Error
/// carrying the server's message.
Result<WatchResponse> decodeWatchResponse(const json::Json &object);

/// An int64 field that the gateway may send as a string or a number; absent means 0.
Result<qint64> int64Field(const json::Json &object, const char *name);
/// A uint64 field (member and cluster ids use all 64 bits); absent means 0.
Result<quint64> uint64Field(const json::Json &object, const char *name);
/// etcd's error message in an error body ({"error": "...", "message": "...", "code": 14}), or an
/// empty string when the body is not of that shape. `code` receives the gRPC status code (or -1).
QString errorMessage(const json::Json &body, int *code = nullptr);

} // namespace tartan::etcd::codec
