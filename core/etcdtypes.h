#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>

#include <optional>
#include <variant>

/// Value types of etcd's v3 KV, lease and watch API, as EtcdClient sends and returns them.
/// Keys and values are raw bytes (the JSON gateway's base64 is the codec's business); revisions,
/// versions, lease ids and TTLs are int64 as in etcd's protobufs.
namespace tartan::etcd {

/// Response header of every call: the store revision the answer reflects and who answered.
struct ResponseHeader
{
    qint64 revision = 0;
    quint64 clusterId = 0;
    quint64 memberId = 0;
    quint64 raftTerm = 0;

    friend bool operator==(const ResponseHeader &, const ResponseHeader &) = default;
};

struct KeyValue
{
    QByteArray key;
    QByteArray value;
    qint64 createRevision = 0;
    qint64 modRevision = 0;
    qint64 version = 0; ///< 1 when created, +1 on every put; a deleted key has version 0
    qint64 lease = 0;   ///< 0: the key has no lease (flannel calls such a subnet a reservation)

    friend bool operator==(const KeyValue &, const KeyValue &) = default;
};

/// The range_end that selects every key starting with `prefix` (etcd's WithPrefix): the prefix
/// with its last byte below 0xff incremented and the rest cut. A prefix of only 0xff bytes (or an
/// empty one) yields "\0", which etcd reads as "every key from `key` on".
QByteArray prefixEnd(const QByteArray &prefix);

struct RangeRequest
{
    QByteArray key;
    QByteArray rangeEnd; ///< empty: the single key; "\0": every key >= key; see prefixEnd()
    qint64 revision = 0; ///< 0: the newest revision
    qint64 limit = 0;    ///< 0: no limit
    bool keysOnly = false;
    bool countOnly = false;
    bool serializable = false; ///< answer from the member's local state, without the leader
    /// > 0: only keys last modified at or after this revision. etcd applies it after the count:
    /// `count` still counts every key of the range, only `kvs` is filtered.
    qint64 minModRevision = 0;

    /// Every key under `prefix`.
    static RangeRequest withPrefix(const QByteArray &prefix);
};

struct RangeResponse
{
    ResponseHeader header;
    QList<KeyValue> kvs;
    bool more = false; ///< a limit cut the answer short
    qint64 count = 0;  ///< how many keys are in the range, whatever the limit
};

struct PutRequest
{
    QByteArray key;
    QByteArray value;
    qint64 lease = 0; ///< 0: no lease
    bool prevKv = false;
};

struct PutResponse
{
    ResponseHeader header;
    std::optional<KeyValue> prevKv; ///< set when asked for and the key existed
};

struct DeleteRangeRequest
{
    QByteArray key;
    QByteArray rangeEnd;
    bool prevKv = false;

    static DeleteRangeRequest withPrefix(const QByteArray &prefix);
};

struct DeleteRangeResponse
{
    ResponseHeader header;
    qint64 deleted = 0;
    QList<KeyValue> prevKvs;
};

/// One condition of a transaction: `target(key) op operand`. A key that does not exist has
/// version, create and mod revision 0, which is how "create if absent" is written.
struct Compare
{
    enum class Target { Version, CreateRevision, ModRevision, Value, Lease };
    enum class Op { Equal, Greater, Less, NotEqual };

    Target target = Target::Version;
    Op op = Op::Equal;
    QByteArray key;
    QByteArray rangeEnd;  ///< optional: the condition must hold for every key in the range
    qint64 number = 0;    ///< operand for Version, CreateRevision, ModRevision and Lease
    QByteArray value;     ///< operand for Value

    static Compare version(const QByteArray &key, Op op, qint64 version);
    static Compare createRevision(const QByteArray &key, Op op, qint64 revision);
    static Compare modRevision(const QByteArray &key, Op op, qint64 revision);
    static Compare valueOf(const QByteArray &key, Op op, const QByteArray &value);
    static Compare lease(const QByteArray &key, Op op, qint64 lease);
};

/// One operation inside a transaction (nested transactions are not supported).
using TxnOp = std::variant<RangeRequest, PutRequest, DeleteRangeRequest>;
/// Its answer, of the matching alternative.
using TxnOpResponse = std::variant<RangeResponse, PutResponse, DeleteRangeResponse>;

struct TxnRequest
{
    QList<Compare> compare; ///< all must hold (empty: always true)
    QList<TxnOp> success;   ///< run when they hold
    QList<TxnOp> failure;   ///< run otherwise
};

struct TxnResponse
{
    ResponseHeader header;
    bool succeeded = false; ///< whether the compares held, i.e. which list ran
    QList<TxnOpResponse> responses;
};

struct CompactionResponse
{
    ResponseHeader header;
};

struct LeaseGrantResponse
{
    ResponseHeader header;
    qint64 id = 0;
    qint64 ttl = 0; ///< seconds, as granted (the server may round up to its minimum)
};

struct LeaseRevokeResponse
{
    ResponseHeader header;
};

struct LeaseKeepAliveResponse
{
    ResponseHeader header;
    qint64 id = 0;
    qint64 ttl = 0; ///< the renewed TTL in seconds; etcd answers 0 (not an error) for a lease it no longer has
};

struct LeaseTimeToLiveResponse
{
    ResponseHeader header;
    qint64 id = 0;
    qint64 ttl = 0;        ///< seconds left; -1 when the lease has expired or never existed
    qint64 grantedTtl = 0; ///< the TTL asked for at grant or last keep-alive
    QList<QByteArray> keys; ///< keys attached, when asked for
};

struct Event
{
    enum class Type { Put, Delete };
    Type type = Type::Put;
    /// For a delete only the key and modRevision (the revision of the delete) are set.
    KeyValue kv;
    std::optional<KeyValue> prevKv; ///< when the watch asked for it and the key existed

    friend bool operator==(const Event &, const Event &) = default;
};

/// One response on a watch stream, decoded.
struct WatchResponse
{
    ResponseHeader header;
    qint64 watchId = 0;
    bool created = false;
    bool canceled = false;
    qint64 compactRevision = 0; ///< > 0: the start revision was compacted away; the watch is canceled
    QByteArray cancelReason;
    QList<Event> events;
};

struct WatchOptions
{
    QByteArray key;
    QByteArray rangeEnd;      ///< see RangeRequest::rangeEnd; prefixEnd() for a prefix watch
    qint64 startRevision = 0; ///< 0: from the next revision on; otherwise first revision to deliver
    bool prevKv = false;
    /// Ask etcd for periodic empty responses (every 10 min by default server-side), which let an idle
    /// watch advance its resume revision and so survive compaction without a re-list.
    bool progressNotify = true;
    bool noPut = false;    ///< filter out put events
    bool noDelete = false; ///< filter out delete events

    static WatchOptions withPrefix(const QByteArray &prefix, qint64 startRevision = 0);
};

} // namespace tartan::etcd

Q_DECLARE_METATYPE(tartan::etcd::Event)
