#pragma once

#include "agentoptions.h"
#include "desiredtables.h"
#include "result.h"

#include <QList>

namespace tartan {

/// One network interface as the finder sees it.
struct InterfaceFacts
{
    struct Address
    {
        IpAddress address;
        int prefixLength = 0;
    };
    QString name;
    int mtu = 0;
    bool up = false;
    bool loopback = false;
    QList<Address> addresses;
};

/// Chooses the interface that carries the overlay, as flanneld does: each --iface (a name or an
/// address) in order, then each --iface-regex (against names, then addresses), then
/// --iface-can-reach, else the interface of the IPv4 default route. --iface-can-reach picks the
/// interface whose connected network holds the address, else the default route's: flanneld asks
/// the kernel ("ip route get"), which gives the same answer wherever no other route is more
/// specific.
class InterfaceFinder
{
public:
    /// Reads the machine's interfaces (QNetworkInterface) and default route (/proc/net/route) and
    /// chooses. Errors say what was asked for and what was found.
    static Result<ExternalInterface> find(const AgentOptions &options);

    /// The choice itself, on given facts.
    static Result<ExternalInterface> choose(const QList<InterfaceFacts> &interfaces, const QString &defaultRouteInterface,
                                            const AgentOptions &options);

    static QList<InterfaceFacts> systemInterfaces();
    /// The interface of the IPv4 default route with the lowest metric; empty if there is none.
    static QString defaultRouteInterface();
};

} // namespace tartan
