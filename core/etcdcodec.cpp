#include "etcdcodec.h"

#include <charconv>

namespace tartan::etcd::codec {

using json::Json;

namespace {

std::string base64(const QByteArray &bytes)
{
    return bytes.toBase64().toStdString();
}

std::string int64Text(qint64 number)
{
    return std::to_string(number);
}

const Json *member(const Json &object, const char *name)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

Error fieldError(const char *name, const QString &what)
{
    return Error(QStringLiteral("%1: %2").arg(QString::fromLatin1(name), what));
}

Result<QByteArray> bytesField(const Json &object, const char *name)
{
    const Json *value = member(object, name);
    if (!value)
        return QByteArray();
    if (!value->is_string())
        return fieldError(name, QStringLiteral("expected a base64 string, got %1").arg(json::typeName(*value)));
    const std::string &text = value->get_ref<const std::string &>();
    auto decoded = QByteArray::fromBase64Encoding(QByteArray(text.data(), qsizetype(text.size())),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fieldError(name, QStringLiteral("invalid base64"));
    return *decoded;
}

Result<bool> boolField(const Json &object, const char *name)
{
    const Json *value = member(object, name);
    if (!value)
        return false;
    if (!value->is_boolean())
        return fieldError(name, QStringLiteral("expected a boolean, got %1").arg(json::typeName(*value)));
    return value->get<bool>();
}

/// Runs `decode` on every element of the array member `name` (absent: empty list); errors say
/// which element failed: "kvs[3].version: ...".
template <typename T, typename Decode>
Result<QList<T>> listField(const Json &object, const char *name, Decode decode)
{
    QList<T> list;
    const Json *array = member(object, name);
    if (!array)
        return list;
    if (!array->is_array())
        return fieldError(name, QStringLiteral("expected an array, got %1").arg(json::typeName(*array)));
    list.reserve(qsizetype(array->size()));
    for (size_t i = 0; i < array->size(); ++i) {
        auto item = decode((*array)[i]);
        if (!item)
            return item.error().context(QStringLiteral("%1[%2]").arg(QString::fromLatin1(name)).arg(i));
        list.append(std::move(item).value());
    }
    return list;
}

/// The object that carries the payload: unwraps the {"result": ...} of streaming RPCs.
const Json &payload(const Json &object)
{
    const Json *result = member(object, "result");
    return result && result->is_object() ? *result : object;
}

// Shorthand for the decoders below: assign a field or return its error.
#define TARTAN_ETCD_FIELD(target, expression)                                                                        \
    do {                                                                                                             \
        auto field_ = (expression);                                                                                  \
        if (!field_)                                                                                                 \
            return field_.error();                                                                                   \
        (target) = std::move(field_).value();                                                                        \
    } while (false)

Result<ResponseHeader> headerOf(const Json &object)
{
    const Json *header = member(object, "header");
    if (!header)
        return ResponseHeader();
    auto decoded = decodeHeader(*header);
    if (!decoded)
        return decoded.error().context(QStringLiteral("header"));
    return decoded;
}

Json encodeOp(const TxnOp &op)
{
    return std::visit(
        [](const auto &request) {
            using T = std::decay_t<decltype(request)>;
            Json wrapped = Json::object();
            if constexpr (std::is_same_v<T, RangeRequest>)
                wrapped["request_range"] = encode(request);
            else if constexpr (std::is_same_v<T, PutRequest>)
                wrapped["request_put"] = encode(request);
            else
                wrapped["request_delete_range"] = encode(request);
            return wrapped;
        },
        op);
}

Result<TxnOpResponse> decodeOpResponse(const Json &object)
{
    if (const Json *range = member(object, "response_range")) {
        auto decoded = decodeRange(*range);
        if (!decoded)
            return decoded.error().context(QStringLiteral("response_range"));
        return TxnOpResponse(std::move(decoded).value());
    }
    if (const Json *put = member(object, "response_put")) {
        auto decoded = decodePut(*put);
        if (!decoded)
            return decoded.error().context(QStringLiteral("response_put"));
        return TxnOpResponse(std::move(decoded).value());
    }
    if (const Json *del = member(object, "response_delete_range")) {
        auto decoded = decodeDeleteRange(*del);
        if (!decoded)
            return decoded.error().context(QStringLiteral("response_delete_range"));
        return TxnOpResponse(std::move(decoded).value());
    }
    return Error(QStringLiteral("unknown operation response (nested transactions are not supported)"));
}

const char *targetName(Compare::Target target)
{
    switch (target) {
    case Compare::Target::Version:
        return "VERSION";
    case Compare::Target::CreateRevision:
        return "CREATE";
    case Compare::Target::ModRevision:
        return "MOD";
    case Compare::Target::Value:
        return "VALUE";
    case Compare::Target::Lease:
        return "LEASE";
    }
    return "VERSION";
}

const char *opName(Compare::Op op)
{
    switch (op) {
    case Compare::Op::Equal:
        return "EQUAL";
    case Compare::Op::Greater:
        return "GREATER";
    case Compare::Op::Less:
        return "LESS";
    case Compare::Op::NotEqual:
        return "NOT_EQUAL";
    }
    return "EQUAL";
}

Json encodeCompare(const Compare &compare)
{
    Json object = {{"target", targetName(compare.target)}, {"result", opName(compare.op)}, {"key", base64(compare.key)}};
    if (!compare.rangeEnd.isEmpty())
        object["range_end"] = base64(compare.rangeEnd);
    switch (compare.target) {
    case Compare::Target::Version:
        object["version"] = int64Text(compare.number);
        break;
    case Compare::Target::CreateRevision:
        object["create_revision"] = int64Text(compare.number);
        break;
    case Compare::Target::ModRevision:
        object["mod_revision"] = int64Text(compare.number);
        break;
    case Compare::Target::Value:
        object["value"] = base64(compare.value);
        break;
    case Compare::Target::Lease:
        object["lease"] = int64Text(compare.number);
        break;
    }
    return object;
}

} // namespace

Result<quint64> uint64Field(const Json &object, const char *name)
{
    const Json *value = member(object, name);
    if (!value)
        return quint64(0);
    if (value->is_number_unsigned())
        return value->get<quint64>();
    if (value->is_string()) {
        const std::string &text = value->get_ref<const std::string &>();
        quint64 number = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec == std::errc() && end == text.data() + text.size() && !text.empty())
            return number;
    }
    return fieldError(name, QStringLiteral("expected an unsigned integer, got %1").arg(json::typeName(*value)));
}

Result<qint64> int64Field(const Json &object, const char *name)
{
    const Json *value = member(object, name);
    if (!value)
        return qint64(0);
    if (value->is_number_integer())
        return value->get<qint64>();
    if (value->is_string()) {
        const std::string &text = value->get_ref<const std::string &>();
        qint64 number = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec == std::errc() && end == text.data() + text.size() && !text.empty())
            return number;
    }
    return fieldError(name, QStringLiteral("expected an integer, got %1").arg(json::typeName(*value)));
}

QString errorMessage(const Json &body, int *code)
{
    if (code)
        *code = -1;
    const Json *error = member(body, "error");
    if (!error)
        return {};
    // Unary calls: {"error": "text", "message": "text", "code": 14}. Streams (grpc-gateway v1):
    // {"error": {"grpc_code": 14, "http_code": 503, "message": "text", "http_status": "..."}}.
    const Json &detail = error->is_object() ? *error : body;
    if (code) {
        if (const Json *number = member(detail, error->is_object() ? "grpc_code" : "code"); number && number->is_number_integer())
            *code = number->get<int>();
    }
    if (const Json *message = member(detail, "message"); message && message->is_string() && !message->get_ref<const std::string &>().empty())
        return json::toQString(message->get<std::string>());
    if (error->is_string())
        return json::toQString(error->get<std::string>());
    return QStringLiteral("unspecified error");
}

QByteArray serialize(const Json &body)
{
    return json::dump(body);
}

Json encode(const RangeRequest &request)
{
    Json object = {{"key", base64(request.key)}};
    if (!request.rangeEnd.isEmpty())
        object["range_end"] = base64(request.rangeEnd);
    if (request.revision)
        object["revision"] = int64Text(request.revision);
    if (request.limit)
        object["limit"] = int64Text(request.limit);
    if (request.keysOnly)
        object["keys_only"] = true;
    if (request.countOnly)
        object["count_only"] = true;
    if (request.serializable)
        object["serializable"] = true;
    if (request.minModRevision)
        object["min_mod_revision"] = int64Text(request.minModRevision);
    return object;
}

Json encode(const PutRequest &request)
{
    Json object = {{"key", base64(request.key)}, {"value", base64(request.value)}};
    if (request.lease)
        object["lease"] = int64Text(request.lease);
    if (request.prevKv)
        object["prev_kv"] = true;
    return object;
}

Json encode(const DeleteRangeRequest &request)
{
    Json object = {{"key", base64(request.key)}};
    if (!request.rangeEnd.isEmpty())
        object["range_end"] = base64(request.rangeEnd);
    if (request.prevKv)
        object["prev_kv"] = true;
    return object;
}

Json encode(const TxnRequest &request)
{
    Json compare = Json::array();
    for (const Compare &c : request.compare)
        compare.push_back(encodeCompare(c));
    Json success = Json::array();
    for (const TxnOp &op : request.success)
        success.push_back(encodeOp(op));
    Json failure = Json::array();
    for (const TxnOp &op : request.failure)
        failure.push_back(encodeOp(op));
    return {{"compare", compare}, {"success", success}, {"failure", failure}};
}

Json encode(const WatchOptions &options)
{
    Json create = {{"key", base64(options.key)}};
    if (!options.rangeEnd.isEmpty())
        create["range_end"] = base64(options.rangeEnd);
    if (options.startRevision)
        create["start_revision"] = int64Text(options.startRevision);
    if (options.prevKv)
        create["prev_kv"] = true;
    if (options.progressNotify)
        create["progress_notify"] = true;
    Json filters = Json::array();
    if (options.noPut)
        filters.push_back("NOPUT");
    if (options.noDelete)
        filters.push_back("NODELETE");
    if (!filters.empty())
        create["filters"] = filters;
    return {{"create_request", create}};
}

Result<ResponseHeader> decodeHeader(const Json &object)
{
    ResponseHeader header;
    TARTAN_ETCD_FIELD(header.revision, int64Field(object, "revision"));
    TARTAN_ETCD_FIELD(header.clusterId, uint64Field(object, "cluster_id"));
    TARTAN_ETCD_FIELD(header.memberId, uint64Field(object, "member_id"));
    TARTAN_ETCD_FIELD(header.raftTerm, uint64Field(object, "raft_term"));
    return header;
}

Result<KeyValue> decodeKeyValue(const Json &object)
{
    if (!object.is_object())
        return Error(QStringLiteral("expected an object, got %1").arg(json::typeName(object)));
    KeyValue kv;
    TARTAN_ETCD_FIELD(kv.key, bytesField(object, "key"));
    TARTAN_ETCD_FIELD(kv.value, bytesField(object, "value"));
    TARTAN_ETCD_FIELD(kv.createRevision, int64Field(object, "create_revision"));
    TARTAN_ETCD_FIELD(kv.modRevision, int64Field(object, "mod_revision"));
    TARTAN_ETCD_FIELD(kv.version, int64Field(object, "version"));
    TARTAN_ETCD_FIELD(kv.lease, int64Field(object, "lease"));
    return kv;
}

Result<RangeResponse> decodeRange(const Json &object)
{
    RangeResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    TARTAN_ETCD_FIELD(response.kvs, listField<KeyValue>(object, "kvs", decodeKeyValue));
    TARTAN_ETCD_FIELD(response.more, boolField(object, "more"));
    TARTAN_ETCD_FIELD(response.count, int64Field(object, "count"));
    return response;
}

Result<PutResponse> decodePut(const Json &object)
{
    PutResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    if (const Json *prev = member(object, "prev_kv")) {
        auto kv = decodeKeyValue(*prev);
        if (!kv)
            return kv.error().context(QStringLiteral("prev_kv"));
        response.prevKv = std::move(kv).value();
    }
    return response;
}

Result<DeleteRangeResponse> decodeDeleteRange(const Json &object)
{
    DeleteRangeResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    TARTAN_ETCD_FIELD(response.deleted, int64Field(object, "deleted"));
    TARTAN_ETCD_FIELD(response.prevKvs, listField<KeyValue>(object, "prev_kvs", decodeKeyValue));
    return response;
}

Result<TxnResponse> decodeTxn(const Json &object)
{
    TxnResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    TARTAN_ETCD_FIELD(response.succeeded, boolField(object, "succeeded"));
    TARTAN_ETCD_FIELD(response.responses, listField<TxnOpResponse>(object, "responses", decodeOpResponse));
    return response;
}

Result<CompactionResponse> decodeCompaction(const Json &object)
{
    CompactionResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    return response;
}

Result<LeaseGrantResponse> decodeLeaseGrant(const Json &object)
{
    // LeaseGrantResponse has its own string "error" field besides the gateway's error bodies.
    if (const Json *error = member(object, "error"); error && error->is_string() && !error->get_ref<const std::string &>().empty())
        return Error(json::toQString(error->get<std::string>()));
    LeaseGrantResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    TARTAN_ETCD_FIELD(response.id, int64Field(object, "ID"));
    TARTAN_ETCD_FIELD(response.ttl, int64Field(object, "TTL"));
    return response;
}

Result<LeaseRevokeResponse> decodeLeaseRevoke(const Json &object)
{
    LeaseRevokeResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    return response;
}

Result<LeaseKeepAliveResponse> decodeLeaseKeepAlive(const Json &object)
{
    const Json &body = payload(object);
    LeaseKeepAliveResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(body));
    TARTAN_ETCD_FIELD(response.id, int64Field(body, "ID"));
    TARTAN_ETCD_FIELD(response.ttl, int64Field(body, "TTL"));
    return response;
}

Result<LeaseTimeToLiveResponse> decodeLeaseTimeToLive(const Json &object)
{
    LeaseTimeToLiveResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(object));
    TARTAN_ETCD_FIELD(response.id, int64Field(object, "ID"));
    TARTAN_ETCD_FIELD(response.ttl, int64Field(object, "TTL"));
    TARTAN_ETCD_FIELD(response.grantedTtl, int64Field(object, "grantedTTL"));
    const Json *keys = member(object, "keys");
    if (keys) {
        if (!keys->is_array())
            return fieldError("keys", QStringLiteral("expected an array, got %1").arg(json::typeName(*keys)));
        for (size_t i = 0; i < keys->size(); ++i) {
            const Json wrapper = {{"key", (*keys)[i]}};
            auto key = bytesField(wrapper, "key");
            if (!key)
                return key.error().context(QStringLiteral("keys[%1]").arg(i));
            response.keys.append(std::move(key).value());
        }
    }
    return response;
}

namespace {
Result<Event> decodeEvent(const Json &object)
{
    if (!object.is_object())
        return Error(QStringLiteral("expected an object, got %1").arg(json::typeName(object)));
    Event event;
    const Json *type = member(object, "type");
    if (!type || (type->is_string() && type->get_ref<const std::string &>() == "PUT") || (type->is_number_integer() && type->get<int>() == 0))
        event.type = Event::Type::Put;
    else if ((type->is_string() && type->get_ref<const std::string &>() == "DELETE") || (type->is_number_integer() && type->get<int>() == 1))
        event.type = Event::Type::Delete;
    else
        return fieldError("type", QStringLiteral("unknown event type %1").arg(json::toQString(type->dump())));
    const Json *kv = member(object, "kv");
    if (!kv)
        return fieldError("kv", QStringLiteral("missing"));
    auto decoded = decodeKeyValue(*kv);
    if (!decoded)
        return decoded.error().context(QStringLiteral("kv"));
    event.kv = std::move(decoded).value();
    if (const Json *prev = member(object, "prev_kv")) {
        auto prevKv = decodeKeyValue(*prev);
        if (!prevKv)
            return prevKv.error().context(QStringLiteral("prev_kv"));
        event.prevKv = std::move(prevKv).value();
    }
    return event;
}
} // namespace

Result<WatchResponse> decodeWatchResponse(const Json &object)
{
    if (!object.is_object())
        return Error(QStringLiteral("expected an object, got %1").arg(json::typeName(object)));
    int code = -1;
    const QString streamError = errorMessage(object, &code);
    if (!streamError.isEmpty())
        return Error(streamError);
    const Json *result = member(object, "result");
    if (!result || !result->is_object())
        return Error(QStringLiteral("neither \"result\" nor \"error\" in a watch response"));
    WatchResponse response;
    TARTAN_ETCD_FIELD(response.header, headerOf(*result));
    TARTAN_ETCD_FIELD(response.watchId, int64Field(*result, "watch_id"));
    TARTAN_ETCD_FIELD(response.created, boolField(*result, "created"));
    TARTAN_ETCD_FIELD(response.canceled, boolField(*result, "canceled"));
    TARTAN_ETCD_FIELD(response.compactRevision, int64Field(*result, "compact_revision"));
    if (const Json *reason = member(*result, "cancel_reason"); reason && reason->is_string())
        response.cancelReason = QByteArray::fromStdString(reason->get<std::string>());
    TARTAN_ETCD_FIELD(response.events, listField<Event>(*result, "events", decodeEvent));
    return response;
}

#undef TARTAN_ETCD_FIELD

} // namespace tartan::etcd::codec
