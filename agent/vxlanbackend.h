#pragma once

#include "backend.h"

#include <QRandomGenerator>

namespace tartan {

/// vxlan: the `flannel.<VNI>` device with the config's VNI, port, GBP and learning options. Its MAC
/// is the node's VTEP identity in every peer's neighbour and FDB tables, so it is kept across agent
/// restarts and reboots: chosen once, persisted in --state-dir (VtepState), and taken from an
/// existing compatible device when there is one. Published as BackendData {"VNI","VtepMAC"}.
class VxlanBackend : public Backend
{
public:
    explicit VxlanBackend(const Context &context);

    Status setUp(LeaseAttrs &self) override;
    /// Also republishes the MAC when the kernel changed it as the device came up (flannel#1795).
    Result<bool> configure(const DesiredTables &desired, LeaseAttrs &self) override;

private:
    QString mDevice;
    QRandomGenerator mRandom;
};

} // namespace tartan
