#include "leasetext.h"

#include "networkconfig.h"

namespace tartan::gui {

QString LeaseText::subnet(const SubnetKey &subnet)
{
    if (subnet.ipv4.isNull())
        return subnet.ipv6.toString();
    if (subnet.ipv6.isNull())
        return subnet.ipv4.toString();
    return subnet.ipv4.toString() + QStringLiteral(", ") + subnet.ipv6.toString();
}

QString LeaseText::publicAddress(const LeaseAttrs &attrs)
{
    // flannel writes "0.0.0.0" as PublicIP for an IPv6-only node.
    const bool noV4 = attrs.publicIp.isNull() || (attrs.publicIp.isV4() && attrs.publicIp.toV4() == 0);
    if (noV4 && !attrs.publicIpv6.isNull())
        return attrs.publicIpv6.toString();
    return attrs.publicIp.toString();
}

QString LeaseText::duration(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    const qint64 secs = seconds % 60;
    if (days > 0)
        return tr("%1d %2h").arg(days).arg(hours);
    if (hours > 0)
        return tr("%1h %2m").arg(hours).arg(minutes);
    if (minutes > 0)
        return tr("%1m %2s").arg(minutes).arg(secs);
    return tr("%1s").arg(secs);
}

QString LeaseText::expiry(const Lease &lease, const QDateTime &now)
{
    if (lease.isReservation())
        return tr("reservation");
    if (!lease.expiration.isValid())
        return tr("expiry unknown");
    const qint64 left = now.secsTo(lease.expiration);
    if (left <= 0)
        return tr("expired");
    return tr("expires in %1").arg(duration(left));
}

QString LeaseText::backendData(const LeaseAttrs &attrs)
{
    // Indented, and tolerant of invalid UTF-8 in a string (the store is shared by every node).
    const auto pretty = [](const json::Json &value) {
        return QString::fromStdString(value.dump(2, ' ', false, json::Json::error_handler_t::replace));
    };
    QString text;
    if (!attrs.backendData.is_null())
        text = pretty(attrs.backendData);
    if (!attrs.backendV6Data.is_null()) {
        if (!text.isEmpty())
            text += u'\n';
        text += tr("IPv6: %1").arg(pretty(attrs.backendV6Data));
    }
    return text.isEmpty() ? tr("none") : text;
}

QString LeaseText::storeLease(std::int64_t id)
{
    if (id == 0)
        return tr("none (reservation)");
    return QStringLiteral("%1 (0x%2)").arg(id).arg(quint64(id), 0, 16);
}

QString LeaseText::tunnel(const LeaseAttrs &a, const LeaseAttrs &b, bool sameSegment, const NetworkConfig *config)
{
    QString typeA = a.backendName();
    const QString typeB = b.backendName();
    if (typeA != typeB)
        return QStringLiteral("%1 / %2").arg(typeA, typeB);
    if (typeA == QLatin1String("vxlan")) {
        if (sameSegment && config && config->backend.vxlan.directRouting)
            return tr("direct (vxlan DirectRouting)");
        const auto data = b.vxlanData();
        return data ? tr("vxlan VNI %1").arg(data->vni) : QStringLiteral("vxlan");
    }
    if (typeA == QLatin1String("ipip") && sameSegment && config && config->backend.ipip.directRouting)
        return tr("direct (ipip DirectRouting)");
    return typeA;
}

bool LeaseText::tunnelBroken(const LeaseAttrs &a, const LeaseAttrs &b, bool sameSegment)
{
    const QString type = a.backendName();
    if (type != b.backendName())
        return true;
    return type == QLatin1String("host-gw") && !sameSegment;
}

} // namespace tartan::gui
