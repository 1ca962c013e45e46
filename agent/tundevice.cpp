#include "tundevice.h"

#include "errnotext.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#endif
#ifndef TUN_F_USO6
#define TUN_F_USO6 0x40
#endif

namespace tartan::udp {

TunDevice::~TunDevice() { close(); }

TunDevice::TunDevice(TunDevice &&other) noexcept : mFds(std::move(other.mFds)), mOffloads(other.mOffloads)
{
    other.mFds.clear();
}

TunDevice &TunDevice::operator=(TunDevice &&other) noexcept
{
    if (this != &other) {
        close();
        mFds = std::move(other.mFds);
        other.mFds.clear();
        mOffloads = other.mOffloads;
    }
    return *this;
}

void TunDevice::close()
{
    for (int fd : mFds)
        ::close(fd);
    mFds.clear();
}

Result<TunDevice> TunDevice::open(const QString &name, int queues, bool wantOffloads, QString *refused)
{
    TunDevice device;
    const QByteArray ifname = name.toLocal8Bit();
    if (ifname.size() >= IFNAMSIZ)
        return Error(QStringLiteral("TUN %1: name longer than %2 bytes").arg(name).arg(IFNAMSIZ - 1));
    bool vnet = wantOffloads;
    for (int queue = 0; queue < queues; ++queue) {
        const int fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
            return Error(QStringLiteral("TUN %1: opening /dev/net/tun: %2").arg(name, errnoText(errno)));
        device.mFds.push_back(fd);
        ifreq request{};
        std::memcpy(request.ifr_name, ifname.constData(), ifname.size());
        request.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | (vnet ? IFF_VNET_HDR : 0);
        if (::ioctl(fd, TUNSETIFF, &request) == 0)
            continue;
        if (vnet && queue == 0) {
            // A kernel without virtio headers on TUN: plain packets, no offloads.
            vnet = false;
            if (refused)
                *refused += QStringLiteral(" IFF_VNET_HDR (%1)").arg(errnoText(errno));
            request.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE;
            if (::ioctl(fd, TUNSETIFF, &request) == 0)
                continue;
        }
        return Error(QStringLiteral("TUN %1: TUNSETIFF (queue %2): %3").arg(name).arg(queue).arg(errnoText(errno)));
    }
    device.mOffloads.vnetHeader = vnet;
    if (!vnet)
        return device;
    // Offloads are the device's, set once. Ask for the most, then step down.
    const unsigned base = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO_ECN;
    // The kernel takes USO only for both families at once; IPv6 never reaches flannel0 (the udp
    // backend routes only the IPv4 network into it).
    if (::ioctl(device.mFds.front(), TUNSETOFFLOAD, base | TUN_F_USO4 | TUN_F_USO6) == 0) {
        device.mOffloads.tso = device.mOffloads.uso = true;
        return device;
    }
    const int usoError = errno;
    if (::ioctl(device.mFds.front(), TUNSETOFFLOAD, base) == 0) {
        device.mOffloads.tso = true;
        if (refused)
            *refused += QStringLiteral(" TUN_F_USO4 (%1)").arg(errnoText(usoError));
    } else if (refused) {
        *refused += QStringLiteral(" TUN_F_TSO4 (%1)").arg(errnoText(errno));
    }
    return device;
}

} // namespace tartan::udp
