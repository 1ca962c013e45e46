#include "netlinklinks.h"

#include "netlinkobjects.h"
#include "netlinksocket.h"

#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipip.h>
#include <netlink/route/link/vxlan.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace tartan::netlink {

namespace {

LinkInfo toLinkInfo(rtnl_link *link)
{
    LinkInfo info;
    info.index = rtnl_link_get_ifindex(link);
    info.name = QString::fromUtf8(rtnl_link_get_name(link));
    if (const char *kind = rtnl_link_get_type(link))
        info.kind = QString::fromUtf8(kind);
    info.mtu = static_cast<int>(rtnl_link_get_mtu(link));
    info.mac = toMacAddress(rtnl_link_get_addr(link));
    info.up = (rtnl_link_get_flags(link) & IFF_UP) != 0;
    info.masterIndex = rtnl_link_get_master(link);
    info.counters.rxBytes = rtnl_link_get_stat(link, RTNL_LINK_RX_BYTES);
    info.counters.rxPackets = rtnl_link_get_stat(link, RTNL_LINK_RX_PACKETS);
    info.counters.rxErrors = rtnl_link_get_stat(link, RTNL_LINK_RX_ERRORS);
    info.counters.rxDropped = rtnl_link_get_stat(link, RTNL_LINK_RX_DROPPED);
    info.counters.txBytes = rtnl_link_get_stat(link, RTNL_LINK_TX_BYTES);
    info.counters.txPackets = rtnl_link_get_stat(link, RTNL_LINK_TX_PACKETS);
    info.counters.txErrors = rtnl_link_get_stat(link, RTNL_LINK_TX_ERRORS);
    info.counters.txDropped = rtnl_link_get_stat(link, RTNL_LINK_TX_DROPPED);

    if (rtnl_link_is_vxlan(link)) {
        VxlanAttributes vxlan;
        (void)rtnl_link_vxlan_get_id(link, &vxlan.vni);
        nl_addr *local = nullptr;
        if (rtnl_link_vxlan_get_local(link, &local) == 0) {
            vxlan.local = toIpAddress(local);
            nl_addr_put(local);
        }
        std::uint32_t port = 0;
        if (rtnl_link_vxlan_get_port(link, &port) == 0)
            vxlan.port = static_cast<std::uint16_t>(port);
        vxlan.learning = rtnl_link_vxlan_get_learning(link) > 0;
        std::uint32_t flags = 0;
        if (rtnl_link_vxlan_get_flags(link, &flags) == 0)
            vxlan.gbp = (flags & RTNL_LINK_VXLAN_F_GBP) != 0;
        std::uint32_t underlay = 0;
        if (rtnl_link_vxlan_get_link(link, &underlay) == 0)
            vxlan.underlayIndex = static_cast<int>(underlay);
        info.vxlan = vxlan;
    } else if (rtnl_link_is_ipip(link)) {
        IpIpAttributes ipip;
        if (const std::uint32_t local = rtnl_link_ipip_get_local(link); local != 0)
            ipip.local = IpAddress::fromV4(ntohl(local));
        ipip.underlayIndex = static_cast<int>(rtnl_link_ipip_get_link(link));
        info.ipip = ipip;
    }
    return info;
}

QString describe(const QString &what, const QString &actual, const QString &wanted)
{
    return QStringLiteral("%1 %2 (want %3)").arg(what, actual, wanted);
}

QString onOff(bool value)
{
    return value ? QStringLiteral("on") : QStringLiteral("off");
}

QString addressText(const IpAddress &address)
{
    return address.isNull() ? QStringLiteral("none") : address.toString();
}

} // namespace

NlResult<std::optional<LinkInfo>> NetlinkLinks::find(const QString &name)
{
    const QString operation = QStringLiteral("look up link");
    nl_msg *raw = nullptr;
    if (const int rc = rtnl_link_build_get_request(0, name.toUtf8().constData(), &raw); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, name);
    std::optional<LinkInfo> found;
    const NlStatus status = mSocket.get(NlMsgPtr(raw), operation, name, [&](nl_object *object) {
        found = toLinkInfo(reinterpret_cast<rtnl_link *>(object));
    });
    if (!status) {
        if (status.error().isNotFound())
            return std::optional<LinkInfo>();
        return status.error();
    }
    return found;
}

NlResult<QList<LinkInfo>> NetlinkLinks::list()
{
    QList<LinkInfo> links;
    const ifinfomsg header{};
    const NlStatus status = mSocket.dump(
        NetlinkSocket::dumpRequest(RTM_GETLINK, &header, sizeof header), QStringLiteral("dump links"), {},
        [&](nl_object *object) { links << toLinkInfo(reinterpret_cast<rtnl_link *>(object)); },
        [&] { links.clear(); });
    if (!status)
        return status.error();
    std::sort(links.begin(), links.end(), [](const LinkInfo &a, const LinkInfo &b) { return a.index < b.index; });
    return links;
}

NlResult<int> NetlinkLinks::underlayIndex(const QString &underlay, const QString &operation, const QString &object)
{
    if (underlay.isEmpty())
        return 0;
    const auto found = find(underlay);
    if (!found)
        return found.error().relabelled(operation, object);
    if (!*found)
        return NetlinkError::fromErrno(ENODEV, operation, object + QStringLiteral(" (underlay ") + underlay + u')');
    return (*found)->index;
}

NlResult<LinkInfo> NetlinkLinks::add(rtnl_link *link, const QString &name, const QString &operation)
{
    nl_msg *raw = nullptr;
    if (const int rc = rtnl_link_build_add_request(link, NLM_F_CREATE | NLM_F_EXCL, &raw); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, name);
    if (const NlStatus created = mSocket.request(NlMsgPtr(raw), operation, name); !created)
        return created.error();
    // Read back what the kernel made of the request: the MAC, and the defaults it filled in.
    const auto found = find(name);
    if (!found)
        return found.error();
    if (!*found)
        return NetlinkError::fromErrno(ENODEV, operation, name + QStringLiteral(" (gone right after creation)"));
    return **found;
}

NlResult<LinkInfo> NetlinkLinks::createVxlan(const VxlanSpec &spec)
{
    const QString operation = QStringLiteral("create vxlan link");
    const auto underlay = underlayIndex(spec.underlay, operation, spec.name);
    if (!underlay)
        return underlay.error();

    LinkPtr link(rtnl_link_vxlan_alloc());
    if (!link)
        return NetlinkError::fromLibnl(NLE_NOMEM, operation, spec.name);
    rtnl_link_set_name(link.get(), spec.name.toUtf8().constData());
    NlAddrPtr mac = toNlAddr(spec.mac);
    if (mac)
        rtnl_link_set_addr(link.get(), mac.get());
    if (spec.mtu > 0)
        rtnl_link_set_mtu(link.get(), static_cast<unsigned int>(spec.mtu));
    // libnl's setters validate (a VNI above 2^24 - 1 is NLE_INVAL) and mark what to send.
    int rc = rtnl_link_vxlan_set_id(link.get(), spec.vni);
    NlAddrPtr local = toNlAddr(spec.local);
    if (rc >= 0 && local)
        rc = rtnl_link_vxlan_set_local(link.get(), local.get());
    if (rc >= 0 && *underlay > 0)
        rc = rtnl_link_vxlan_set_link(link.get(), static_cast<std::uint32_t>(*underlay));
    if (rc >= 0)
        rc = rtnl_link_vxlan_set_port(link.get(), spec.effectivePort());
    if (rc >= 0)
        rc = rtnl_link_vxlan_set_learning(link.get(), spec.learning ? 1 : 0);
    if (rc >= 0 && spec.gbp)
        rc = rtnl_link_vxlan_set_flags(link.get(), RTNL_LINK_VXLAN_F_GBP, 1);
    if (rc < 0)
        return NetlinkError::fromLibnl(rc, operation, spec.name);
    return add(link.get(), spec.name, operation);
}

QStringList NetlinkLinks::vxlanDifferences(const LinkInfo &existing, const VxlanSpec &spec, int underlayIndex)
{
    if (!existing.vxlan)
        return {describe(QStringLiteral("kind"), existing.kind.isEmpty() ? QStringLiteral("none") : existing.kind,
                         QStringLiteral("vxlan"))};
    const VxlanAttributes &have = *existing.vxlan;
    QStringList differences;
    if (have.vni != spec.vni)
        differences << describe(QStringLiteral("VNI"), QString::number(have.vni), QString::number(spec.vni));
    if (have.port != spec.effectivePort())
        differences << describe(QStringLiteral("port"), QString::number(have.port),
                                QString::number(spec.effectivePort()));
    if (have.learning != spec.learning)
        differences << describe(QStringLiteral("learning"), onOff(have.learning), onOff(spec.learning));
    if (have.gbp != spec.gbp)
        differences << describe(QStringLiteral("gbp"), onOff(have.gbp), onOff(spec.gbp));
    if (have.local != spec.local)
        differences << describe(QStringLiteral("local"), addressText(have.local), addressText(spec.local));
    if (have.underlayIndex != underlayIndex)
        differences << describe(QStringLiteral("underlay ifindex"), QString::number(have.underlayIndex),
                                QString::number(underlayIndex));
    return differences;
}

NlResult<EnsuredLink> NetlinkLinks::ensure(const QString &name, const std::function<NlResult<LinkInfo>()> &create,
                                           const DifferenceCheck &differences)
{
    // Two rounds at most: a link created by someone else between our look-up and our request
    // (EEXIST) is judged like any link we found.
    for (int round = 0;; ++round) {
        const auto existing = find(name);
        if (!existing)
            return existing.error();
        if (!*existing) {
            auto created = create();
            if (created)
                return EnsuredLink{EnsuredLink::Outcome::Created, std::move(created).value(), {}};
            if (round > 0 || !created.error().isExists())
                return created.error();
            continue;
        }
        const auto found = differences(**existing);
        if (!found)
            return found.error();
        if (!found->isEmpty())
            return EnsuredLink{EnsuredLink::Outcome::Incompatible, **existing, found->join(QStringLiteral(", "))};
        return EnsuredLink{EnsuredLink::Outcome::Reused, **existing, {}};
    }
}

NlResult<EnsuredLink> NetlinkLinks::ensureVxlan(const VxlanSpec &spec)
{
    return ensure(
        spec.name, [&] { return createVxlan(spec); },
        [&](const LinkInfo &existing) -> NlResult<QStringList> {
            const auto underlay = underlayIndex(spec.underlay, QStringLiteral("ensure vxlan link"), spec.name);
            if (!underlay)
                return underlay.error();
            return vxlanDifferences(existing, spec, *underlay);
        });
}

NlResult<LinkInfo> NetlinkLinks::createIpip(const IpIpSpec &spec)
{
    const QString operation = QStringLiteral("create ipip link");
    if (!spec.local.isNull() && !spec.local.isV4())
        return NetlinkError::fromErrno(EAFNOSUPPORT, operation, spec.name + QStringLiteral(" (local ") +
                                                                    spec.local.toString() + u')');
    const auto underlay = underlayIndex(spec.underlay, operation, spec.name);
    if (!underlay)
        return underlay.error();

    LinkPtr link(rtnl_link_ipip_alloc());
    if (!link)
        return NetlinkError::fromLibnl(NLE_NOMEM, operation, spec.name);
    rtnl_link_set_name(link.get(), spec.name.toUtf8().constData());
    if (spec.mtu > 0)
        rtnl_link_set_mtu(link.get(), static_cast<unsigned int>(spec.mtu));
    int rc = 0;
    if (!spec.local.isNull())
        rc = rtnl_link_ipip_set_local(link.get(), htonl(spec.local.toV4()));
    if (rc >= 0 && *underlay > 0)
        rc = rtnl_link_ipip_set_link(link.get(), static_cast<std::uint32_t>(*underlay));
    if (rc < 0)
        return NetlinkError::fromLibnl(rc, operation, spec.name);
    return add(link.get(), spec.name, operation);
}

NlResult<EnsuredLink> NetlinkLinks::ensureIpip(const IpIpSpec &spec)
{
    return ensure(
        spec.name, [&] { return createIpip(spec); },
        [&](const LinkInfo &existing) -> NlResult<QStringList> {
            if (!existing.ipip) {
                return QStringList{describe(QStringLiteral("kind"),
                                            existing.kind.isEmpty() ? QStringLiteral("none") : existing.kind,
                                            QStringLiteral("ipip"))};
            }
            const auto underlay = underlayIndex(spec.underlay, QStringLiteral("ensure ipip link"), spec.name);
            if (!underlay)
                return underlay.error();
            QStringList differences;
            if (existing.ipip->local != spec.local)
                differences << describe(QStringLiteral("local"), addressText(existing.ipip->local),
                                        addressText(spec.local));
            if (existing.ipip->underlayIndex != *underlay)
                differences << describe(QStringLiteral("underlay ifindex"),
                                        QString::number(existing.ipip->underlayIndex), QString::number(*underlay));
            return differences;
        });
}

NlStatus NetlinkLinks::change(const QString &name, const QString &operation, int mtu, bool up)
{
    // The kernel finds the link by IFLA_IFNAME when the request carries no index: one round trip,
    // and a missing link is the kernel's own "No such device".
    LinkPtr original(rtnl_link_alloc());
    LinkPtr changes(rtnl_link_alloc());
    if (!original || !changes)
        return NetlinkError::fromLibnl(NLE_NOMEM, operation, name);
    rtnl_link_set_name(changes.get(), name.toUtf8().constData());
    if (mtu > 0)
        rtnl_link_set_mtu(changes.get(), static_cast<unsigned int>(mtu));
    if (up)
        rtnl_link_set_flags(changes.get(), IFF_UP);
    nl_msg *raw = nullptr;
    if (const int rc = rtnl_link_build_change_request(original.get(), changes.get(), 0, &raw); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, name);
    return mSocket.request(NlMsgPtr(raw), operation, name);
}

NlStatus NetlinkLinks::setMtu(const QString &name, int mtu)
{
    const QString operation = QStringLiteral("set MTU %1 on").arg(mtu);
    if (mtu <= 0)
        return NetlinkError::fromErrno(EINVAL, operation, name);
    return change(name, operation, mtu, false);
}

NlStatus NetlinkLinks::setUp(const QString &name)
{
    return change(name, QStringLiteral("set up"), 0, true);
}

NlStatus NetlinkLinks::remove(const QString &name)
{
    const QString operation = QStringLiteral("delete link");
    LinkPtr link(rtnl_link_alloc());
    if (!link)
        return NetlinkError::fromLibnl(NLE_NOMEM, operation, name);
    rtnl_link_set_name(link.get(), name.toUtf8().constData());
    nl_msg *raw = nullptr;
    if (const int rc = rtnl_link_build_delete_request(link.get(), &raw); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, name);
    NlStatus deleted = mSocket.request(NlMsgPtr(raw), operation, name);
    if (!deleted && deleted.error().isNotFound())
        return {};
    return deleted;
}

NlStatus NetlinkLinks::setAcceptRa(const QString &name, bool accept)
{
    const QString operation = QStringLiteral("set accept_ra on");
    // The name becomes a path: refuse anything that could leave conf/.
    if (name.isEmpty() || name.contains(u'/') || name == u"." || name == u"..")
        return NetlinkError::fromErrno(EINVAL, operation, name);
    const QByteArray path = QByteArrayLiteral("/proc/sys/net/ipv6/conf/") + name.toUtf8() + "/accept_ra";
    const int fd = ::open(path.constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return NetlinkError::fromErrno(errno, operation, name);
    const char value = accept ? '1' : '0';
    const ssize_t written = ::write(fd, &value, 1);
    const int writeError = errno;
    ::close(fd);
    if (written != 1)
        return NetlinkError::fromErrno(written < 0 ? writeError : EIO, operation, name);
    return {};
}

} // namespace tartan::netlink
