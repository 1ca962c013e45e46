#pragma once

#include "macaddress.h"
#include "result.h"

#include <QRandomGenerator>
#include <QString>

namespace tartan {

/// The MAC address of each VXLAN device, kept in --state-dir so that it survives agent restarts
/// and reboots: peers' neighbour and FDB entries name it, and a MAC that changes breaks traffic
/// until every peer has caught up (flannel#1828, #533). Upstream keeps it only in Kubernetes mode.
class VtepState
{
public:
    explicit VtepState(QString stateDir) : mStateDir(std::move(stateDir)) {}

    /// The MAC kept for `device`, or a new random locally administered one, written (0644,
    /// atomically) before it is returned so a crash cannot lose it.
    Result<MacAddress> macFor(const QString &device, QRandomGenerator &random) const;
    /// Records the MAC a device really has (an existing device reused as it is).
    Status remember(const QString &device, const MacAddress &mac) const;

    QString pathFor(const QString &device) const;

private:
    QString mStateDir;
};

} // namespace tartan
