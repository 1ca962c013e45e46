#pragma once

#include "json.h"
#include "result.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>

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
    /// When two spellings of one option differ only in case, json::Json has lost which came last in
    /// the text; NetworkConfig::parse resolves that before calling this.
    static Result<BackendConfig> fromJson(const json::Json *backend);

    friend bool operator==(const BackendConfig &, const BackendConfig &) = default;
};

/// Reads typed members of one config object the way Go's encoding/json fills a struct: names match
/// ignoring ASCII case, a member that is null leaves the field at its default, and an integer field
/// takes JSON integers only (1.0, 1e3 and "1" are errors, as in Go). Every failure is worded alike,
/// "<field>: <rule>, got <value as JSON>". Shared by NetworkConfig::parse and BackendConfig::fromJson.
///
/// The first failure is kept and later reads return nothing, so a parser can read a group of
/// fields and check ok() once. The reader borrows `object`, which must outlive it.
class ConfigReader
{
public:
    /// `prefix` goes before every field name in messages: "Backend." gives "Backend.VNI".
    explicit ConfigReader(const json::Json &object, QString prefix = {});

    /// The member called `name`, or nullptr when it is absent or null.
    const json::Json *find(std::string_view name) const;

    /// `fallback` when absent; must be a JSON boolean.
    bool boolean(std::string_view name, bool fallback);
    /// nullopt when absent (or after a failure); must be a JSON integer from `min` to `max`.
    std::optional<qint64> integer(std::string_view name, qint64 min, qint64 max);
    /// nullopt when absent (or after a failure); must be a JSON string.
    std::optional<QString> string(std::string_view name);

    /// Records that `name` broke `rule` (unless a failure is already recorded). The message quotes
    /// the member's value when it has one: "SubnetLen: must be an integer from 0 to 30, got 31".
    void fail(std::string_view name, const QString &rule);

    bool ok() const { return !mError.has_value(); }
    /// The first failure; only meaningful when !ok().
    Error error() const { return mError.value_or(Error()); }
    /// The field's name as messages spell it: prefix + name.
    QString field(std::string_view name) const;

    /// A value as compact JSON for a message, shortened when long.
    static QString quote(const json::Json &value);

private:
    const json::Json &mObject;
    QString mPrefix;
    std::optional<Error> mError;
};

} // namespace tartan
