#pragma once

#include "ipaddress.h"
#include "macaddress.h"
#include "netlinkerror.h"
#include "nodereport.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <optional>

struct rtnl_link;

namespace tartan::netlink {

class NetlinkSocket;

/// What a vxlan link was created with (IFLA_INFO_DATA), as a dump reads it back.
struct VxlanAttributes
{
    std::uint32_t vni = 0;
    IpAddress local;        ///< null when created without a source address
    std::uint16_t port = 0; ///< destination UDP port
    bool learning = false;
    bool gbp = false;
    int underlayIndex = 0; ///< IFLA_VXLAN_LINK; 0 when unset

    friend bool operator==(const VxlanAttributes &, const VxlanAttributes &) = default;
};

/// What an ipip link was created with.
struct IpIpAttributes
{
    IpAddress local;
    int underlayIndex = 0;

    friend bool operator==(const IpIpAttributes &, const IpIpAttributes &) = default;
};

/// One network device as the kernel describes it.
struct LinkInfo
{
    int index = 0;
    QString name;
    QString kind; ///< IFLA_INFO_KIND: "vxlan", "veth", "bridge", "ipip"; empty for loopback and the like
    int mtu = 0;
    MacAddress mac; ///< null for links without an Ethernet address (ipip, loopback has 00:..:00)
    bool up = false; ///< administratively up (IFF_UP)
    std::optional<VxlanAttributes> vxlan;
    std::optional<IpIpAttributes> ipip;
    int masterIndex = 0; ///< IFLA_MASTER: the bridge this link is a port of; 0 when none
    tartan::LinkCounters counters; ///< IFLA_STATS64 (libnl falls back to IFLA_STATS on old kernels)
};

/// The vxlan device a backend asks for (flannel-compat.md section 3).
struct VxlanSpec
{
    static constexpr std::uint16_t kDefaultPort = 8472; ///< the kernel's, and flannel's, port 0

    QString name; ///< "flannel.<VNI>", "flannel-v6.<VNI>"
    std::uint32_t vni = 1;
    IpAddress local;  ///< the tunnel source; its family picks IFLA_VXLAN_LOCAL or _LOCAL6
    QString underlay; ///< the device the tunnel leaves through; empty: none
    std::uint16_t port = 0; ///< 0: kDefaultPort
    bool learning = false;
    bool gbp = false;
    /// Set at creation, so that udev's MACAddressPolicy cannot swap it after the agent has
    /// published it (flannel#1155). Null lets the kernel pick one.
    MacAddress mac;
    int mtu = 0; ///< 0: the kernel's default

    std::uint16_t effectivePort() const { return port != 0 ? port : kDefaultPort; }
};

/// The ipip device of the ipip backend.
struct IpIpSpec
{
    QString name = QStringLiteral("flannel.ipip");
    IpAddress local; ///< IPv4 tunnel source
    QString underlay;
    int mtu = 0;
};

/// What ensureVxlan()/ensureIpip() found or did.
struct EnsuredLink
{
    enum class Outcome {
        Created,     ///< there was no link of that name
        Reused,      ///< a compatible link existed: it keeps its MAC, which the caller must publish
        Incompatible ///< a link of that name differs in what cannot change: delete and ensure again
    };
    Outcome outcome = Outcome::Created;
    LinkInfo link; ///< the link now in the kernel (the existing one when Incompatible)
    /// Incompatible only: every difference, "VNI 2 (want 1), port 4789 (want 8472)".
    QString incompatibility;
};

/// Link operations: find, create, reuse, change and delete the agent's devices, through one
/// NetlinkSocket (not owned: it must outlive this object; same thread). Every failure names the
/// operation and the device: "create vxlan link flannel.1: File exists". Stateless apart from the
/// socket: every call asks the kernel afresh.
class NetlinkLinks
{
public:
    explicit NetlinkLinks(NetlinkSocket &socket) : mSocket(socket) {}

    /// The link called `name`, or nullopt if there is none.
    NlResult<std::optional<LinkInfo>> find(const QString &name);
    /// Every link of the namespace, in index order.
    NlResult<QList<LinkInfo>> list();

    /// Creates `spec` (RTM_NEWLINK with NLM_F_EXCL: an existing link of that name is EEXIST) and
    /// returns it as the kernel reads it back.
    NlResult<LinkInfo> createVxlan(const VxlanSpec &spec);
    /// Reuses a compatible existing link or creates one. VNI, port, learning, GBP, local address
    /// and underlay cannot be changed on an existing vxlan link (the kernel rejects the whole
    /// request), so a link that differs in any of them is reported Incompatible, untouched.
    NlResult<EnsuredLink> ensureVxlan(const VxlanSpec &spec);
    /// The differences between `existing` and `spec` (empty when compatible); `underlayIndex` is
    /// the index of spec.underlay (0 for none).
    static QStringList vxlanDifferences(const LinkInfo &existing, const VxlanSpec &spec, int underlayIndex);

    /// As createVxlan(), for an ipip link. A kernel without the ipip module answers "Operation not
    /// supported" (isNotSupported()).
    NlResult<LinkInfo> createIpip(const IpIpSpec &spec);
    /// As ensureVxlan(): local address and underlay must match.
    NlResult<EnsuredLink> ensureIpip(const IpIpSpec &spec);

    NlStatus setMtu(const QString &name, int mtu);
    /// Sets the link administratively up.
    NlStatus setUp(const QString &name);
    /// Deletes the link; a link that is already gone counts as deleted.
    NlStatus remove(const QString &name);
    /// Writes /proc/sys/net/ipv6/conf/<name>/accept_ra (of the caller's network namespace): flannel
    /// keeps router advertisements off its IPv6 vxlan device.
    NlStatus setAcceptRa(const QString &name, bool accept);

private:
    using DifferenceCheck = std::function<NlResult<QStringList>(const LinkInfo &existing)>;
    NlResult<EnsuredLink> ensure(const QString &name, const std::function<NlResult<LinkInfo>()> &create,
                                 const DifferenceCheck &differences);
    NlResult<int> underlayIndex(const QString &underlay, const QString &operation, const QString &object);
    /// Sends the RTM_NEWLINK for `link` (NLM_F_EXCL) and reads the new link back.
    NlResult<LinkInfo> add(rtnl_link *link, const QString &name, const QString &operation);
    NlStatus change(const QString &name, const QString &operation, int mtu, bool up);

    NetlinkSocket &mSocket;
};

} // namespace tartan::netlink
