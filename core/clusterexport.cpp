#include "clusterexport.h"

#include <QMetaEnum>

namespace tartan {

namespace {

json::Json text(const QString &value)
{
    return json::Json(value.toStdString());
}

json::Json textOrNull(const QString &value)
{
    return value.isEmpty() ? json::Json() : text(value);
}

json::Json timeOrNull(const QDateTime &time)
{
    return time.isValid() ? text(time.toUTC().toString(Qt::ISODateWithMs)) : json::Json();
}

json::Json poolJson(const AddressPool &pool)
{
    return {{"network", pool.network.toString().toStdString()},
            {"subnetLen", pool.subnetLength},
            {"subnetMin", pool.subnetMin.toString().toStdString()},
            {"subnetMax", pool.subnetMax.toString().toStdString()}};
}

json::Json backendJson(const BackendConfig &backend)
{
    json::Json out = {{"type", backendTypeName(backend.type).toStdString()}};
    switch (backend.type) {
    case BackendType::Vxlan:
        out["vni"] = backend.vxlan.vni;
        out["port"] = backend.vxlan.port;
        out["gbp"] = backend.vxlan.gbp;
        out["learning"] = backend.vxlan.learning;
        out["directRouting"] = backend.vxlan.directRouting;
        out["mtu"] = backend.vxlan.mtu;
        break;
    case BackendType::IpIp:
        out["directRouting"] = backend.ipip.directRouting;
        break;
    case BackendType::Udp:
        out["port"] = backend.udp.port;
        break;
    case BackendType::HostGw:
        break;
    default:
        // Backends core does not model: their options as written.
        out["options"] = backend.raw;
        break;
    }
    return out;
}

QString subnetText(const SubnetKey &subnet)
{
    QStringList parts;
    if (!subnet.ipv4.isNull())
        parts << subnet.ipv4.toString();
    if (!subnet.ipv6.isNull())
        parts << subnet.ipv6.toString();
    return parts.join(u',');
}

} // namespace

json::Json ClusterExport::configSummary(const NetworkConfig &config)
{
    json::Json out = {{"enableIPv4", config.enableIPv4}, {"enableIPv6", config.enableIPv6}};
    if (config.enableIPv4)
        out["ipv4"] = poolJson(config.ipv4);
    if (config.enableIPv6)
        out["ipv6"] = poolJson(config.ipv6);
    out["enableNFTables"] = config.enableNFTables;
    out["backend"] = backendJson(config.backend);
    return out;
}

json::Json ClusterExport::leaseJson(const Lease &lease)
{
    json::Json out = {{"subnet", subnetText(lease.subnet).toStdString()}, {"key", lease.subnet.toString().toStdString()}};
    out["publicIP"] = textOrNull(lease.attrs.publicIp.toString());
    out["publicIPv6"] = textOrNull(lease.attrs.publicIpv6.toString());
    out["backendType"] = text(lease.attrs.backendType);
    out["backendData"] = lease.attrs.backendData;
    out["backendV6Data"] = lease.attrs.backendV6Data;
    const auto vxlan = lease.attrs.vxlanData();
    out["vtepMAC"] = vxlan ? text(vxlan->vtepMac.toString()) : json::Json();
    out["leaseId"] = lease.storeLeaseId;
    out["reservation"] = lease.isReservation();
    out["expiration"] = timeOrNull(lease.expiration);
    out["modRevision"] = lease.modRevision;
    return out;
}

json::Json ClusterExport::toJson(const ClusterState &state, const QDateTime &exportedAt)
{
    json::Json out = {{"format", "tartan-cluster-export"}, {"version", kVersion}};
    out["clusterId"] = text(state.clusterId());
    out["exportedAt"] = timeOrNull(exportedAt);

    const char *connection = QMetaEnum::fromType<ClusterState::Connection>().valueToKey(int(state.connection()));
    out["connection"] = {{"state", QByteArray(connection).toLower().toStdString()},
                         {"detail", state.connectionDetail().toStdString()}};

    json::Json config = {{"text", QString::fromUtf8(state.configText()).toStdString()}, {"valid", state.config().ok()}};
    if (state.config())
        config["summary"] = configSummary(*state.config());
    else
        config["error"] = text(state.config().error().message());
    out["config"] = std::move(config);

    json::Json leases = json::Json::array();
    for (const Lease &lease : state.leases())
        leases.push_back(leaseJson(lease));
    out["leases"] = std::move(leases);

    json::Json rejected = json::Json::array();
    for (auto it = state.rejected().cbegin(); it != state.rejected().cend(); ++it)
        rejected.push_back({{"key", QString::fromUtf8(it.key()).toStdString()}, {"reason", it.value().toStdString()}});
    out["rejected"] = std::move(rejected);
    return out;
}

QByteArray ClusterExport::toText(const ClusterState &state, const QDateTime &exportedAt)
{
    const std::string text = toJson(state, exportedAt).dump(2, ' ', false, json::Json::error_handler_t::replace);
    return QByteArray::fromStdString(text) + '\n';
}

} // namespace tartan
