// Agent reports, as the app and tartanctl read them from the store and from agents' endpoints:
// any bytes decode or give an error; a decoded report or summary encodes to bytes that decode to
// the same value.
#include "fuzzcheck.h"
#include "nodereport.h"

#include <cstddef>
#include <cstdint>

using namespace tartan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto summary = decodeNodeSummary(input)) {
        const auto again = decodeNodeSummary(encodeNodeSummary(*summary));
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(encodeNodeSummary(*again) == encodeNodeSummary(*summary));
    }
    if (const auto report = decodeNodeReport(input)) {
        const auto again = decodeNodeReport(encodeNodeReport(*report));
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(encodeNodeReport(*again) == encodeNodeReport(*report));
    }
    return 0;
}
