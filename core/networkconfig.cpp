#include "networkconfig.h"

#include "configreader.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace tartan {

namespace {

QString documentName()
{
    return QStringLiteral("network config");
}

/// One family's field names and flannel's limits for it.
struct PoolRules
{
    IpAddress::Family family;
    std::string_view enableField;
    std::string_view network;
    std::string_view subnetLen;
    std::string_view subnetMin;
    std::string_view subnetMax;
    const char *example;
    int maxNetworkPrefix;    ///< the network must hold four of the smallest subnets
    int maxSubnetLength;     ///< the smallest subnet that leaves room for a tunnel and a bridge address
    int defaultSubnetLength; ///< given to each node when the network is big enough
};

constexpr PoolRules kIpv4{
    .family = IpAddress::Family::V4,
    .enableField = "EnableIPv4",
    .network = "Network",
    .subnetLen = "SubnetLen",
    .subnetMin = "SubnetMin",
    .subnetMax = "SubnetMax",
    .example = "10.244.0.0/16",
    .maxNetworkPrefix = 28,
    .maxSubnetLength = 30,
    .defaultSubnetLength = 24,
};

constexpr PoolRules kIpv6{
    .family = IpAddress::Family::V6,
    .enableField = "EnableIPv6",
    .network = "IPv6Network",
    .subnetLen = "IPv6SubnetLen",
    .subnetMin = "IPv6SubnetMin",
    .subnetMax = "IPv6SubnetMax",
    .example = "fd00:10:244::/56",
    .maxNetworkPrefix = 124,
    .maxSubnetLength = 126,
    .defaultSubnetLength = 64,
};

std::optional<IpNetwork> readNetwork(ConfigReader &reader, const PoolRules &rules)
{
    const auto text = reader.string(rules.network);
    if (!reader.ok())
        return std::nullopt;
    if (!text) {
        reader.fail(rules.network,
                    QStringLiteral("required when %1 is true").arg(reader.field(rules.enableField)));
        return std::nullopt;
    }
    const auto network = IpNetwork::parse(*text);
    if (!network || network->family() != rules.family) {
        reader.fail(rules.network, QStringLiteral("must be an %1 network in CIDR notation, like %2")
                                       .arg(familyName(rules.family), QLatin1String(rules.example)));
        return std::nullopt;
    }
    if (network->prefixLength() > rules.maxNetworkPrefix) {
        reader.fail(rules.network,
                    QStringLiteral("prefix must be /%1 or shorter, to hold four subnets of at least /%2")
                        .arg(rules.maxNetworkPrefix)
                        .arg(rules.maxSubnetLength));
        return std::nullopt;
    }
    return *network;
}

int readSubnetLength(ConfigReader &reader, const PoolRules &rules, const IpNetwork &network)
{
    // Each subnet must fit at least four times: the first is skipped, and one would leave no choice.
    const int shortest = network.prefixLength() + 2;
    const auto given = reader.integer(rules.subnetLen, 0, rules.maxSubnetLength);
    // 0 is Go's zero value, which flannel cannot tell from "not given".
    if (!given || *given == 0)
        return std::max(rules.defaultSubnetLength, shortest);
    if (*given < shortest)
        reader.fail(rules.subnetLen, QStringLiteral("must be at least %1's prefix + 2 (%2)")
                                         .arg(reader.field(rules.network))
                                         .arg(shortest));
    return static_cast<int>(*given);
}

std::optional<IpAddress> readSubnetBound(ConfigReader &reader, std::string_view field, const PoolRules &rules,
                                         const IpNetwork &network, int subnetLength)
{
    const auto text = reader.string(field);
    if (!text)
        return std::nullopt;
    const auto address = IpAddress::parse(*text);
    if (!address || address->family() != network.family()) {
        reader.fail(field, QStringLiteral("must be an %1 address").arg(familyName(network.family())));
        return std::nullopt;
    }
    if (!network.contains(*address)) {
        reader.fail(
            field,
            QStringLiteral("must be inside %1 (%2)").arg(reader.field(rules.network), network.toString()));
    } else if (IpNetwork(*address, subnetLength).address() != *address) {
        reader.fail(field, QStringLiteral("must be the first address of a /%1 subnet (%2)")
                               .arg(subnetLength)
                               .arg(reader.field(rules.subnetLen)));
    }
    return *address;
}

AddressPool readPool(ConfigReader &reader, const PoolRules &rules)
{
    const auto network = readNetwork(reader, rules);
    if (!network)
        return {};
    AddressPool pool;
    pool.network = *network;
    pool.subnetLength = readSubnetLength(reader, rules, *network);
    if (!reader.ok())
        return {};

    const auto min = readSubnetBound(reader, rules.subnetMin, rules, *network, pool.subnetLength);
    const auto max = readSubnetBound(reader, rules.subnetMax, rules, *network, pool.subnetLength);
    // flannel skips the first subnet: its network address would clash with Network's own.
    pool.subnetMin = min.value_or(network->subnet(pool.subnetLength, 1).address());
    pool.subnetMax = max.value_or(
        network->subnet(pool.subnetLength, network->subnetCount(pool.subnetLength) - 1).address());
    // flannel accepts an empty range and then finds no subnet to lease; saying so here is kinder.
    if (pool.subnetMin > pool.subnetMax) {
        if (min) {
            reader.fail(rules.subnetMin, QStringLiteral("must not be greater than %1 (%2)")
                                             .arg(reader.field(rules.subnetMax), pool.subnetMax.toString()));
        } else {
            reader.fail(rules.subnetMax, QStringLiteral("must not be less than %1 (%2)")
                                             .arg(reader.field(rules.subnetMin), pool.subnetMin.toString()));
        }
    }
    return pool;
}

} // namespace

Result<NetworkConfig> NetworkConfig::parse(const QByteArray &text)
{
    const auto document = json::parse(text, documentName());
    if (!document)
        return document.error();
    const json::Json &root = *document;
    if (!root.is_object())
        return Error(documentName() + QStringLiteral(": must be a JSON object, got ") +
                     ConfigReader::quote(root));

    NetworkConfig config;
    ConfigReader reader(root);
    config.enableIPv4 = reader.boolean("EnableIPv4", config.enableIPv4);
    config.enableIPv6 = reader.boolean("EnableIPv6", config.enableIPv6);
    config.enableNFTables = reader.boolean("EnableNFTables", config.enableNFTables);
    if (reader.ok() && !config.enableIPv4 && !config.enableIPv6)
        reader.fail("EnableIPv4",
                    QStringLiteral("must be true unless EnableIPv6 is true (no address family is enabled)"));
    if (reader.ok() && config.enableIPv4)
        config.ipv4 = readPool(reader, kIpv4);
    if (reader.ok() && config.enableIPv6)
        config.ipv6 = readPool(reader, kIpv6);
    if (!reader.ok())
        return reader.error();

    auto backend = BackendConfig::fromJson(json::findField(root, "Backend"));
    if (!backend)
        return backend.error();
    config.backend = std::move(backend).value();
    return config;
}

} // namespace tartan
