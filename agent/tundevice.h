#pragma once

#include "result.h"

#include <QString>

#include <vector>

namespace tartan::udp {

/// A layer-3 TUN device (IFF_TUN | IFF_NO_PI) opened with one file descriptor per queue
/// (IFF_MULTI_QUEUE) and, when the kernel takes it, a virtio_net_hdr in front of every packet
/// (IFF_VNET_HDR) with the offloads that let it hand us TCP and UDP super-packets.
///
/// The device is not persistent: it goes away when the last descriptor is closed, as upstream's
/// flannel0 does when flanneld exits.
class TunDevice
{
public:
    /// What the kernel accepted.
    struct Offloads
    {
        bool vnetHeader = false; ///< every read and write starts with a virtio_net_hdr (10 bytes)
        bool tso = false;        ///< TUN_F_TSO4 (and TSO_ECN): reads may be TCP super-packets
        bool uso = false;        ///< TUN_F_USO4: reads may be UDP super-packets
    };

    TunDevice() = default;
    ~TunDevice();
    TunDevice(TunDevice &&other) noexcept;
    TunDevice &operator=(TunDevice &&other) noexcept;

    /// Creates (or attaches to a non-persistent one of ours) `name` with `queues` queues. An
    /// offload the kernel refuses is left off and noted in `refused` (for one log line); only a
    /// device that cannot be made at all is an error. The descriptors are non-blocking.
    static Result<TunDevice> open(const QString &name, int queues, bool wantOffloads, QString *refused);

    const std::vector<int> &queues() const { return mFds; }
    const Offloads &offloads() const { return mOffloads; }

private:
    void close();

    std::vector<int> mFds;
    Offloads mOffloads;
};

} // namespace tartan::udp
