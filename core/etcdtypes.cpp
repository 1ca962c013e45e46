#include "etcdtypes.h"

namespace tartan::etcd {

QByteArray prefixEnd(const QByteArray &prefix)
{
    QByteArray end = prefix;
    while (!end.isEmpty()) {
        const auto last = static_cast<unsigned char>(end.back());
        if (last < 0xff) {
            end.back() = static_cast<char>(last + 1);
            return end;
        }
        end.chop(1);
    }
    return QByteArray(1, '\0');
}

RangeRequest RangeRequest::withPrefix(const QByteArray &prefix)
{
    RangeRequest request;
    request.key = prefix;
    request.rangeEnd = prefixEnd(prefix);
    return request;
}

DeleteRangeRequest DeleteRangeRequest::withPrefix(const QByteArray &prefix)
{
    DeleteRangeRequest request;
    request.key = prefix;
    request.rangeEnd = prefixEnd(prefix);
    return request;
}

namespace {
Compare numeric(Compare::Target target, const QByteArray &key, Compare::Op op, qint64 number)
{
    Compare compare;
    compare.target = target;
    compare.op = op;
    compare.key = key;
    compare.number = number;
    return compare;
}
} // namespace

Compare Compare::version(const QByteArray &key, Op op, qint64 version)
{
    return numeric(Target::Version, key, op, version);
}

Compare Compare::createRevision(const QByteArray &key, Op op, qint64 revision)
{
    return numeric(Target::CreateRevision, key, op, revision);
}

Compare Compare::modRevision(const QByteArray &key, Op op, qint64 revision)
{
    return numeric(Target::ModRevision, key, op, revision);
}

Compare Compare::valueOf(const QByteArray &key, Op op, const QByteArray &value)
{
    Compare compare;
    compare.target = Target::Value;
    compare.op = op;
    compare.key = key;
    compare.value = value;
    return compare;
}

Compare Compare::lease(const QByteArray &key, Op op, qint64 lease)
{
    return numeric(Target::Lease, key, op, lease);
}

WatchOptions WatchOptions::withPrefix(const QByteArray &prefix, qint64 startRevision)
{
    WatchOptions options;
    options.key = prefix;
    options.rangeEnd = prefixEnd(prefix);
    options.startRevision = startRevision;
    return options;
}

} // namespace tartan::etcd
