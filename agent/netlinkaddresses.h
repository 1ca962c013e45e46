#pragma once

#include "ipaddress.h"
#include "ipnetwork.h"
#include "netlinkerror.h"

#include <QList>
#include <QString>

namespace tartan::netlink {

class NetlinkSocket;

/// An address on an interface with its prefix length: 10.244.1.0/32, 192.168.1.1/24. Not an
/// IpNetwork, which would mask the host bits off.
struct LinkAddress
{
    IpAddress address;
    int prefixLength = 0;

    /// "192.168.1.1/24"
    QString toString() const { return address.toString() + u'/' + QString::number(prefixLength); }

    friend auto operator<=>(const LinkAddress &, const LinkAddress &) = default;
    friend bool operator==(const LinkAddress &, const LinkAddress &) = default;
};

/// Interface addresses (IPv4 and IPv6) through one NetlinkSocket (not owned: it must outlive this
/// object; same thread). Adding an address that is there and removing one that is not both count
/// as success, so every call can be repeated.
class NetlinkAddresses
{
public:
    explicit NetlinkAddresses(NetlinkSocket &socket) : mSocket(socket) {}

    /// The addresses of `device`, both families, sorted.
    NlResult<QList<LinkAddress>> list(const QString &device);
    NlStatus add(const QString &device, const LinkAddress &address);
    NlStatus remove(const QString &device, const LinkAddress &address);

    /// What flannel does to an overlay device: `address` (the node's subnet address as /32 or
    /// /128, OverlayDevice::address) becomes the only address of `device` that lies inside one of
    /// `networks` (the cluster networks). Other addresses inside them are removed; addresses
    /// outside (the kernel's fe80:: link-local) are left alone.
    NlStatus sync(const QString &device, const IpNetwork &address, const QList<IpNetwork> &networks);

private:
    NlResult<int> deviceIndex(const QString &device, const QString &operation, const QString &object);
    NlStatus change(int command, const QString &device, const LinkAddress &address);

    NetlinkSocket &mSocket;
};

} // namespace tartan::netlink
