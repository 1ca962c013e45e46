#include "kubenodelease.h"

#include "kubenodewatcher.h"

namespace tartan {

Result<KubeAnnotations> KubeAnnotations::withPrefix(const QString &prefix)
{
    const qsizetype slashes = prefix.count(u'/');
    if (prefix.isEmpty() || slashes > 1)
        return Error(QStringLiteral("--kube-annotation-prefix '%1': must be a DNS name with at most one '/'").arg(prefix));
    KubeAnnotations names;
    if (slashes == 0)
        names.mPrefix = prefix + u'/';
    else if (prefix.endsWith(u'/'))
        names.mPrefix = prefix;
    else
        names.mPrefix = prefix + u'-';
    return names;
}

QMap<QString, QString> KubeAnnotations::forSelf(const LeaseAttrs &self) const
{
    QMap<QString, QString> wanted;
    wanted.insert(backendData(), QString::fromUtf8(json::dump(self.backendData)));
    wanted.insert(backendType(), self.backendType);
    wanted.insert(subnetManager(), QStringLiteral("true"));
    wanted.insert(publicIp(), self.publicIp.isV4() ? self.publicIp.toString() : QStringLiteral("0.0.0.0"));
    if (!self.publicIpv6.isNull()) {
        wanted.insert(backendV6Data(), QString::fromUtf8(json::dump(self.backendV6Data)));
        wanted.insert(publicIpv6(), self.publicIpv6.toString());
    }
    return wanted;
}

QMap<QString, QString> kubeNodeAnnotations(const json::Json &node)
{
    QMap<QString, QString> annotations;
    if (!node.is_object() || !node.contains("metadata") || !node["metadata"].is_object())
        return annotations;
    const json::Json &meta = node["metadata"];
    const auto it = meta.find("annotations");
    if (it == meta.end() || !it->is_object())
        return annotations;
    for (auto entry = it->begin(); entry != it->end(); ++entry)
        if (entry->is_string())
            annotations.insert(QString::fromStdString(entry.key()), json::toQString(entry->get<std::string>()));
    return annotations;
}

Result<IpAddress> kubeAnnotationAddress(const QMap<QString, QString> &annotations, const QString &name, bool v6, const QString &where)
{
    const QString text = annotations.value(name);
    if (text.isEmpty())
        return IpAddress();
    auto parsed = v6 ? IpAddress::parseV6(text) : IpAddress::parseV4(text);
    if (!parsed)
        return parsed.error().context(where + QStringLiteral(": ") + name);
    return *parsed;
}

Result<SubnetKey> kubeNodeSubnet(const json::Json &node)
{
    const QString where = QStringLiteral("node '%1'").arg(kubeName(node));
    QStringList cidrs;
    if (node.is_object() && node.contains("spec") && node["spec"].is_object()) {
        const json::Json &spec = node["spec"];
        if (const auto list = spec.find("podCIDRs"); list != spec.end() && list->is_array())
            for (const json::Json &cidr : *list)
                if (cidr.is_string())
                    cidrs << json::toQString(cidr.get<std::string>());
        if (cidrs.isEmpty())
            if (const auto single = spec.find("podCIDR"); single != spec.end() && single->is_string() && !single->get<std::string>().empty())
                cidrs << json::toQString(single->get<std::string>());
    }
    SubnetKey key;
    for (const QString &text : std::as_const(cidrs)) {
        auto network = IpNetwork::parse(text);
        if (!network)
            return network.error().context(where + QStringLiteral(": podCIDR"));
        if (network->family() == IpAddress::Family::V4 && key.ipv4.isNull())
            key.ipv4 = *network;
        else if (network->family() == IpAddress::Family::V6 && key.ipv6.isNull())
            key.ipv6 = *network;
    }
    return key;
}

Result<std::optional<Lease>> kubeNodeLease(const json::Json &node, const KubeAnnotations &names)
{
    const QString where = QStringLiteral("node '%1'").arg(kubeName(node));
    const QMap<QString, QString> annotations = kubeNodeAnnotations(node);
    if (annotations.value(names.subnetManager()) != QLatin1String("true"))
        return std::optional<Lease>();
    auto subnet = kubeNodeSubnet(node);
    if (!subnet)
        return subnet.error();
    if (subnet->isNull())
        return std::optional<Lease>();
    Lease lease;
    lease.subnet = *subnet;
    lease.modRevision = kubeResourceVersion(node).toLongLong();
    LeaseAttrs &attrs = lease.attrs;
    attrs.backendType = annotations.value(names.backendType());
    // The overwrite, when set, replaces the address the node advertises.
    const auto address = [&](const QString &overwrite, const QString &plain, bool v6) {
        return kubeAnnotationAddress(annotations, annotations.value(overwrite).isEmpty() ? plain : overwrite, v6, where);
    };
    auto publicIp = address(names.publicIpOverwrite(), names.publicIp(), false);
    if (!publicIp)
        return publicIp.error();
    attrs.publicIp = *publicIp;
    auto publicIpv6 = address(names.publicIpv6Overwrite(), names.publicIpv6(), true);
    if (!publicIpv6)
        return publicIpv6.error();
    attrs.publicIpv6 = *publicIpv6;
    for (const auto &[name, target] : {std::pair{names.backendData(), &attrs.backendData}, std::pair{names.backendV6Data(), &attrs.backendV6Data}}) {
        if (!annotations.contains(name))
            continue;
        auto data = json::parse(annotations.value(name).toUtf8(), where + QStringLiteral(": ") + name);
        if (!data)
            return data.error();
        *target = *data;
    }
    return std::optional<Lease>(lease);
}

} // namespace tartan
