#include "backend.h"

#include "hostgwbackend.h"
#include "ipipbackend.h"
#include "netlinkaddresses.h"
#include "netlinklinks.h"
#include "udpbackend.h"
#include "vxlanbackend.h"

namespace tartan {

Result<std::unique_ptr<Backend>> Backend::create(const Context &context)
{
    switch (context.config.backend.type) {
    case BackendType::Vxlan:
        return std::unique_ptr<Backend>(new VxlanBackend(context));
    case BackendType::HostGw:
        return std::unique_ptr<Backend>(new HostGwBackend(context));
    case BackendType::IpIp:
        return std::unique_ptr<Backend>(new IpIpBackend(context));
    case BackendType::Udp:
        return std::unique_ptr<Backend>(new UdpBackend(context));
    default:
        return Error(QStringLiteral("Backend.Type: %1 is not supported by this tartand build (vxlan, host-gw, ipip, udp are)")
                         .arg(backendTypeName(context.config.backend.type)));
    }
}

Result<bool> Backend::configure(const DesiredTables &desired, LeaseAttrs &self)
{
    Q_UNUSED(self);
    netlink::NetlinkLinks links(mContext.socket);
    netlink::NetlinkAddresses addresses(mContext.socket);
    for (const OverlayDevice &device : desired.devices) {
        const IpNetwork network = device.family == IpAddress::Family::V6 ? mContext.config.ipv6.network
                                                                          : mContext.config.ipv4.network;
        if (auto synced = addresses.sync(device.name, device.address, {network}); !synced)
            return Error(synced.error().message());
        if (auto mtu = links.setMtu(device.name, device.mtu); !mtu)
            return Error(mtu.error().message());
        if (auto up = links.setUp(device.name); !up)
            return Error(up.error().message());
    }
    return false;
}

} // namespace tartan
