#pragma once

#include "addresspool.h"
#include "backendconfig.h"
#include "result.h"

#include <QByteArray>

namespace tartan {

/// flannel's network config: the etcd `<prefix>/config` value or the Kubernetes net-conf.json.
/// A plain value; parse() applies flannel's defaults and rules (flannel-compat.md section 1).
struct NetworkConfig
{
    bool enableIPv4 = true;
    bool enableIPv6 = false;
    AddressPool ipv4; ///< set when enableIPv4
    AddressPool ipv6; ///< set when enableIPv6
    bool enableNFTables = false;
    BackendConfig backend;

    /// Parses and validates. Field names match case-insensitively, as Go's encoding/json does, and
    /// when a name appears twice in any spelling the last one in the text wins. Unknown fields are
    /// ignored, a field set to null counts as absent (except Backend: see BackendConfig::fromJson),
    /// and the fields of a disabled family are not read at all. Every error names the field and the
    /// rule broken, e.g. "SubnetLen: must be at least Network's prefix + 2 (18), got 17"; errors
    /// about the whole document start with "network config:" ("network config: malformed JSON: ...").
    static Result<NetworkConfig> parse(const QByteArray &json);

    /// The pool for one family, or nullptr when that family is disabled.
    const AddressPool *pool(IpAddress::Family family) const
    {
        if (family == IpAddress::Family::V4)
            return enableIPv4 ? &ipv4 : nullptr;
        if (family == IpAddress::Family::V6)
            return enableIPv6 ? &ipv6 : nullptr;
        return nullptr;
    }

    friend bool operator==(const NetworkConfig &, const NetworkConfig &) = default;
};

} // namespace tartan
