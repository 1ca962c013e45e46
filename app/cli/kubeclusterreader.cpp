#include "kubeclusterreader.h"

#include "kubenodewatcher.h"

#include <algorithm>

namespace tartan::cli {

Result<KubeAnnotations> kubeAnnotationsFor(const CommandContext &context)
{
    QString prefix = context.options().value(QStringLiteral("kube-annotation-prefix"));
    if (prefix.isEmpty())
        prefix = QStringLiteral("flannel.alpha.coreos.com");
    return KubeAnnotations::withPrefix(prefix);
}

Result<KubeNetConfigText> readNetConfig(CommandContext &context, const KubeConfigMapRef &ref, bool *absent)
{
    *absent = false;
    const auto configMap = context.kubeCall([&ref](KubeClient *kube, const QObject *c, auto done) {
        kube->getConfigMap(ref.nameSpace, ref.name, c, done);
    });
    if (!configMap) {
        *absent = configMap.error().httpStatus == 404;
        return configMap.error().error().context(QStringLiteral("reading %1").arg(ref.describe()));
    }
    auto text = KubeNetConfig::fromConfigMap(*configMap, ref);
    if (!text) {
        *absent = true;
        return text.error().context(QStringLiteral("reading"));
    }
    return text;
}

Result<std::unique_ptr<KubeClusterReader>> KubeClusterReader::create(CommandContext &context)
{
    auto names = kubeAnnotationsFor(context);
    if (!names)
        return names.error();
    auto configMap = context.configMapRef();
    if (!configMap)
        return configMap.error();
    auto port = context.agentPort();
    if (!port)
        return port.error();
    if (auto client = context.kubeClient(); !client)
        return client.error();
    return std::unique_ptr<KubeClusterReader>(new KubeClusterReader(context, *names, *configMap, *port));
}

KubeClusterReader::KubeClusterReader(CommandContext &context, KubeAnnotations names, KubeConfigMapRef configMap, int agentPort)
    : mContext(context), mNames(std::move(names)), mConfigMap(std::move(configMap)), mAgentPort(agentPort)
{
}

Result<NetworkConfig> KubeClusterReader::config(bool *unusable)
{
    *unusable = false;
    const KubeConfigMapRef &ref = mConfigMap;
    const auto read = readNetConfig(mContext, ref, unusable);
    if (!read)
        return read.error();
    *unusable = true;
    if (read->text.isEmpty())
        return Error(QStringLiteral("no network config in %1 (key %2)").arg(ref.describe(), ref.key));
    auto config = NetworkConfig::parse(read->text);
    if (!config)
        return config.error().context(QStringLiteral("%1 key %2").arg(ref.describe(), ref.key));
    *unusable = false;
    return config;
}

Result<QList<KubeClusterReader::NodeLease>> KubeClusterReader::nodeLeases()
{
    const auto list = mContext.kubeCall([](KubeClient *kube, const QObject *c, auto done) { kube->listNodes(c, done); });
    if (!list)
        return list.error().error();
    QList<NodeLease> out;
    const json::Json items = list->value("items", json::Json::array());
    for (const json::Json &node : items) {
        auto lease = kubeNodeLease(node, mNames);
        if (!lease) {
            mContext.warn(QStringLiteral("ignoring %1").arg(lease.error().message()));
            continue;
        }
        if (*lease)
            out.append({kubeName(node), **lease});
    }
    return out;
}

Result<QList<Lease>> KubeClusterReader::leases()
{
    const auto nodes = nodeLeases();
    if (!nodes)
        return nodes.error();
    QList<Lease> leases;
    for (const NodeLease &node : *nodes)
        leases << node.lease;
    std::sort(leases.begin(), leases.end(), [](const Lease &a, const Lease &b) { return a.subnet < b.subnet; });
    return leases;
}

QString KubeClusterReader::agentEndpoint(const Lease &lease) const
{
    if (!lease.attrs.publicIp.isNull())
        return QStringLiteral("http://%1:%2").arg(lease.attrs.publicIp.toString()).arg(mAgentPort);
    if (!lease.attrs.publicIpv6.isNull())
        return QStringLiteral("http://[%1]:%2").arg(lease.attrs.publicIpv6.toString()).arg(mAgentPort);
    return {};
}

} // namespace tartan::cli
