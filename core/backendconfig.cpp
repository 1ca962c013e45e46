#include "backendconfig.h"

#include "configreader.h"

#include <QStringList>

#include <array>

namespace tartan {

namespace {

struct NamedType
{
    BackendType type;
    const char *name;
};

// In the order flannel's docs list them, which is the order error messages name them in.
constexpr std::array kTypeNames{
    NamedType{BackendType::Vxlan, "vxlan"},
    NamedType{BackendType::HostGw, "host-gw"},
    NamedType{BackendType::IpIp, "ipip"},
    NamedType{BackendType::Udp, "udp"},
    NamedType{BackendType::WireGuard, "wireguard"},
    NamedType{BackendType::IpSec, "ipsec"},
    NamedType{BackendType::Alloc, "alloc"},
    NamedType{BackendType::Extension, "extension"},
    NamedType{BackendType::TencentVpc, "tencent-vpc"},
};

constexpr qint64 kMaxVni = (1 << 24) - 1; // VXLAN's VNI is 24 bits
constexpr qint64 kMaxPort = 65535;
constexpr qint64 kMaxMtu = 65535;
// The VXLAN device's MTU is the option minus 50 and must not drop below 68, IPv4's minimum.
constexpr qint64 kMinVxlanMtu = 68 + 50;

QString knownTypeNames()
{
    QStringList names;
    for (const NamedType &entry : kTypeNames)
        names << QLatin1String(entry.name);
    return names.join(QStringLiteral(", "));
}

VxlanOptions readVxlan(ConfigReader &reader)
{
    VxlanOptions options;
    options.vni = static_cast<std::uint32_t>(reader.integer("VNI", 0, kMaxVni).value_or(options.vni));
    options.port = static_cast<std::uint16_t>(reader.integer("Port", 0, kMaxPort).value_or(options.port));
    options.gbp = reader.boolean("GBP", options.gbp);
    options.learning = reader.boolean("Learning", options.learning);
    options.directRouting = reader.boolean("DirectRouting", options.directRouting);
    const auto mtu = reader.integer("MTU", 0, kMaxMtu);
    if (mtu && *mtu != 0 && *mtu < kMinVxlanMtu) {
        reader.fail("MTU", QStringLiteral("must be 0 (derive from the external interface) or from %1 to %2 "
                                          "(the device gets this minus 50, at least 68)")
                               .arg(kMinVxlanMtu)
                               .arg(kMaxMtu));
    }
    options.mtu = static_cast<int>(mtu.value_or(options.mtu));
    // MacPrefix only means something to flannel on Windows; its type is still checked so that a
    // config that flannel's Windows build would reject is not accepted here.
    (void)reader.string("MacPrefix");
    return options;
}

} // namespace

QString backendTypeName(BackendType type)
{
    for (const NamedType &entry : kTypeNames) {
        if (entry.type == type)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<BackendType> backendTypeFromName(QStringView name)
{
    for (const NamedType &entry : kTypeNames) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.type;
    }
    return std::nullopt;
}

Result<BackendConfig> BackendConfig::fromJson(const json::Json *backend)
{
    BackendConfig config;
    if (!backend)
        return config;
    if (!backend->is_object())
        return Error(QStringLiteral("Backend: must be an object, got %1").arg(ConfigReader::quote(*backend)));
    config.raw = *backend;

    ConfigReader reader(*backend, QStringLiteral("Backend."));
    const auto typeName = reader.string("Type");
    if (!reader.ok())
        return reader.error();
    // flannel fails at startup without a Type; failing here says why before anything is set up.
    if (!typeName) {
        reader.fail("Type", QStringLiteral("required: one of %1").arg(knownTypeNames()));
        return reader.error();
    }
    const auto type = backendTypeFromName(*typeName);
    if (!type) {
        reader.fail("Type", QStringLiteral("must be one of %1").arg(knownTypeNames()));
        return reader.error();
    }
    config.type = *type;

    // Only the chosen backend's options are read, as only that backend decodes the object in flannel.
    switch (config.type) {
    case BackendType::Vxlan:
        config.vxlan = readVxlan(reader);
        break;
    case BackendType::IpIp:
        config.ipip.directRouting = reader.boolean("DirectRouting", config.ipip.directRouting);
        break;
    case BackendType::Udp:
        config.udp.port =
            static_cast<std::uint16_t>(reader.integer("Port", 1, kMaxPort).value_or(config.udp.port));
        break;
    default:
        break; // options of backends core does not model stay in raw
    }
    if (!reader.ok())
        return reader.error();
    return config;
}

} // namespace tartan
