// What the CNI plugin reads: its network config on stdin, and subnet.env. Both parse or give an
// error; a parsed subnet.env formats to text that parses back to the same values.
#include "cninetconf.h"
#include "fuzzcheck.h"
#include "json.h"
#include "subnetenv.h"

#include <cstddef>
#include <cstdint>

using namespace tartan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto netconf = json::parse(input, QStringLiteral("stdin")))
        (void)CniNetConf::fromJson(*netconf);
    if (const auto env = SubnetEnv::parse(input)) {
        const auto again = SubnetEnv::parse(env->format());
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again->format() == env->format());
    }
    return 0;
}
