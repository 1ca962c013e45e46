// The etcd gateway's answers (range, put, delete, txn, lease calls, watch responses): whatever JSON
// a broken or hostile endpoint sends decodes or gives an error, never a crash.
#include "etcdcodec.h"
#include "fuzzcheck.h"
#include "json.h"

#include <cstddef>
#include <cstdint>

using namespace tartan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto parsed = json::parse(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)),
                                    QStringLiteral("response"));
    if (!parsed)
        return 0;
    const json::Json &object = *parsed;
    (void)etcd::codec::decodeHeader(object);
    (void)etcd::codec::decodeKeyValue(object);
    (void)etcd::codec::decodeRange(object);
    (void)etcd::codec::decodePut(object);
    (void)etcd::codec::decodeDeleteRange(object);
    (void)etcd::codec::decodeTxn(object);
    (void)etcd::codec::decodeCompaction(object);
    (void)etcd::codec::decodeLeaseGrant(object);
    (void)etcd::codec::decodeLeaseRevoke(object);
    (void)etcd::codec::decodeLeaseKeepAlive(object);
    (void)etcd::codec::decodeLeaseTimeToLive(object);
    (void)etcd::codec::decodeWatchResponse(object);
    return 0;
}
