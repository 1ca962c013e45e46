#pragma once

#include "json.h"
#include "result.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace tartan {

/// flannel's backend types. Tartan's agent implements Vxlan, HostGw, IpIp and Udp; the others are
/// recognised so that a config written for upstream flannel still parses and validates.
enum class BackendType { Udp, Vxlan, HostGw, IpIp, WireGuard, IpSec, Alloc, Extension, TencentVpc };

/// "vxlan", "host-gw", "ipip", "udp", "wireguard", "ipsec", "alloc", "extension", "tencent-vpc".
QString backendTypeName(BackendType type);
/// Case-insensitive, as flannel lowercases the type before looking up the backend.
std::optional<BackendType> backendTypeFromName(QStringView name);

struct VxlanOptions
{
    std::uint32_t vni = 1;
    std::uint16_t port = 0; ///< 0: the kernel's default, 8472
    /// The UDP port the tunnel really uses.
    int effectivePort() const { return port != 0 ? port : 8472; }
    bool gbp = false;
    bool learning = false;
    bool directRouting = false;
    /// 0: derived from the external interface (ext - 50); else the device MTU + 50. Non-zero values
    /// must be 118 to 65535, so that the device gets at least IPv4's minimum MTU of 68.
    int mtu = 0;

    friend bool operator==(const VxlanOptions &, const VxlanOptions &) = default;
};

struct IpIpOptions
{
    bool directRouting = false;

    friend bool operator==(const IpIpOptions &, const IpIpOptions &) = default;
};

struct UdpOptions
{
    std::uint16_t port = 8285; ///< 1 to 65535

    friend bool operator==(const UdpOptions &, const UdpOptions &) = default;
};

/// The "Backend" object of the network config.
struct BackendConfig
{
    BackendType type = BackendType::Udp;
    VxlanOptions vxlan;
    IpIpOptions ipip;
    UdpOptions udp;
    /// The Backend object as written, for options of backends core does not model. Null if absent.
    json::Json raw;

    /// Reads the Backend member (nullptr when absent: flannel's code then uses "udp"). A Backend
    /// that is present must be an object, even `null`: flannel then finds no Type and fails.
    /// Options are matched case-insensitively and only the chosen type's options are checked; a
    /// wrong type or out-of-range value is an error naming the field, e.g.
    /// "Backend.VNI: must be an integer from 0 to 16777215, got \"1\"".
    /// When two spellings of one option differ only in case, the last in the object's member order
    /// wins, as in Go.
    static Result<BackendConfig> fromJson(const json::Json *backend);

    friend bool operator==(const BackendConfig &, const BackendConfig &) = default;
};

} // namespace tartan
