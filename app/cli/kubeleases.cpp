#include "kubeleases.h"

#include "blockingcall.h"
#include "commandcontext.h"
#include "kubeclient.h"
#include "kubeconfig.h"
#include "kubenodelease.h"
#include "kubenodewatcher.h"
#include "texttable.h"

namespace tartan::cli {

int runKubeLeases(CommandContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty() || context.options().isSet(QStringLiteral("watch")))
        return context.fail(kBadInput, QStringLiteral("with --kubeconfig, only `tartanctl leases` (a listing) is supported"));
    QString prefix = context.options().value(QStringLiteral("kube-annotation-prefix"));
    if (prefix.isEmpty())
        prefix = QStringLiteral("flannel.alpha.coreos.com");
    auto names = KubeAnnotations::withPrefix(prefix);
    if (!names)
        return context.fail(kBadInput, names.error().message());
    auto config = KubeConfig::load(context.options().value(QStringLiteral("kubeconfig")));
    if (!config)
        return context.fail(kBadInput, config.error().message());
    auto options = config->resolve(context.options().value(QStringLiteral("context")));
    if (!options)
        return context.fail(kBadInput, options.error().message());
    auto client = KubeClient::create(*options);
    if (!client)
        return context.fail(kBadInput, client.error().message());
    KubeClient *kube = client->get();
    auto list = blockingCall<json::Json>([kube](const QObject *ctx, std::function<void(Result<json::Json>)> done) {
        kube->listNodes(ctx, [done](Result<json::Json, KubeError> answer) {
            done(answer ? Result<json::Json>(*answer) : Result<json::Json>(answer.error().error()));
        });
    });
    if (!list)
        return context.storeFailed(list.error());

    struct Row
    {
        QString node;
        Lease lease;
    };
    QList<Row> rows;
    const json::Json items = list->value("items", json::Json::array());
    for (const json::Json &node : items) {
        auto lease = kubeNodeLease(node, *names);
        if (!lease) {
            context.warn(QStringLiteral("ignoring %1").arg(lease.error().message()));
            continue;
        }
        if (*lease)
            rows.append({kubeName(node), **lease});
    }
    if (context.json()) {
        json::Json out = json::Json::array();
        for (const Row &row : std::as_const(rows))
            out.push_back({{"node", row.node.toStdString()}, {"subnet", row.lease.subnet.toString().toStdString()},
                           {"attrs", *json::parse(row.lease.attrs.encode(), QStringLiteral("lease"))}});
        context.out(QString::fromStdString(out.dump(2)));
        return kOk;
    }
    TextTable table({QStringLiteral("NODE"), QStringLiteral("SUBNET"), QStringLiteral("PUBLIC IP"), QStringLiteral("BACKEND"),
                     QStringLiteral("VTEP MAC")});
    for (const Row &row : std::as_const(rows)) {
        QString publicIps = row.lease.attrs.publicIp.toString();
        if (!row.lease.attrs.publicIpv6.isNull())
            publicIps += u',' + row.lease.attrs.publicIpv6.toString();
        const auto vxlan = row.lease.attrs.vxlanData();
        table.addRow({row.node, row.lease.subnet.toString(), publicIps,
                      row.lease.attrs.backendType.isEmpty() ? QStringLiteral("-") : row.lease.attrs.backendType,
                      vxlan ? vxlan->vtepMac.toString() : QStringLiteral("-")});
    }
    context.out(table.toString());
    context.out(QStringLiteral("%1 lease(s) on the Nodes of context '%2'").arg(rows.size()).arg(options->contextName));
    return kOk;
}

} // namespace tartan::cli
