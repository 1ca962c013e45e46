// A lease as any etcd client may have written it: the first line is the key's last element
// ("10.5.52.0-24"), the rest the value. A key parses or names the problem and formats back to
// itself; a value decodes or is rejected, and a decoded value re-encodes to bytes that decode to
// the same lease.
#include "fuzzcheck.h"
#include "leaseattrs.h"
#include "subnetkey.h"

#include <cstddef>
#include <cstdint>

using namespace tartan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray keyText = newline < 0 ? input : input.left(newline);
    const QByteArray value = newline < 0 ? QByteArray() : input.mid(newline + 1);

    if (const auto key = SubnetKey::parse(QString::fromUtf8(keyText))) {
        const auto again = SubnetKey::parse(key->toString());
        FUZZ_CHECK(again.ok() && *again == *key);
    }
    if (const auto attrs = LeaseAttrs::decode(value)) {
        const auto again = LeaseAttrs::decode(attrs->encode());
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(*again == *attrs);
    }
    return 0;
}
