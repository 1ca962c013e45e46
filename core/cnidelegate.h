#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

namespace tartan {

class CniNetConf;
class SubnetEnv;

/// The network configuration the flannel plugin hands its delegate plugin (bridge unless the
/// netconf says otherwise), as JSON bytes plus the plugin to run. ADD builds it from the netconf and
/// subnet.env; DEL replays the bytes ADD saved, so that teardown does not depend on a subnet.env
/// that may have changed since.
class CniDelegate
{
public:
    /// Upstream's rendering: the netconf's `delegate` object (which must not set `name` or `ipam`,
    /// and whose `type`, if any, must be a string) gets `runtimeConfig` (when the netconf has
    /// one), `name` from the netconf, and, unless already set, `type` "bridge", `ipMasq` = !
    /// FLANNEL_IPMASQ, `mtu` = FLANNEL_MTU, `isGateway` true for bridge; `cniVersion` is copied
    /// when the netconf has one. `ipam` is the netconf's (or {}) with `type` "host-local" unless
    /// set, `ranges` [[{"subnet": v4}], [{"subnet": v6}]] for the subnets present, and `routes`
    /// the netconf's ipam.routes followed by {"dst": N} for each network, IPv4 first.
    /// `env` must be complete (SubnetEnv::requireComplete). Errors name the offending field:
    /// "'delegate' must not have 'name': flannel sets it from the netconf".
    static Result<CniDelegate> build(const CniNetConf &netconf, const SubnetEnv &env);

    /// The config saved by ADD, replayed verbatim: it must be a JSON object whose `type` names a
    /// plugin.
    static Result<CniDelegate> fromSaved(const QByteArray &bytes);

    /// The delegate plugin's executable name: never empty, never containing '/'.
    const QString &type() const { return mType; }
    /// The JSON text saved to the data dir and piped to the delegate. From build(): compact, map
    /// members sorted by name, routes in libcni's field order and <, >, & escaped, as Go's
    /// json.Marshal writes upstream's map: byte for byte what upstream saves.
    const QByteArray &bytes() const { return mBytes; }

private:
    CniDelegate(QString type, QByteArray bytes) : mType(std::move(type)), mBytes(std::move(bytes)) {}

    QString mType;
    QByteArray mBytes;
};

} // namespace tartan
