// The network config (<prefix>/config, net-conf.json): any bytes parse or give an error naming a
// field; an accepted config keeps its own rules (the subnet range inside the network, aligned) and
// the allocator over it either hands out a subnet inside that range or says why not.
#include "fuzzcheck.h"
#include "networkconfig.h"
#include "subnetallocator.h"

#include <QRandomGenerator>

#include <cstddef>
#include <cstdint>

using namespace tartan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto config = NetworkConfig::parse(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!config) {
        FUZZ_CHECK(!config.error().message().isEmpty());
        return 0;
    }
    QRandomGenerator random(1);
    const auto subnet = SubnetAllocator(*config, {}).allocate(random);
    if (subnet && !subnet->ipv4.isNull())
        FUZZ_CHECK(config->ipv4.fits(subnet->ipv4));
    return 0;
}
