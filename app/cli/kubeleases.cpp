#include "kubeleases.h"

#include "commandcontext.h"
#include "kubeclusterreader.h"
#include "kubeleasewatcher.h"
#include "leasecommands.h"
#include "texttable.h"

#include <QCoreApplication>

namespace tartan::cli {

namespace {

int list(CommandContext &context, KubeClusterReader &reader)
{
    const auto rows = reader.nodeLeases();
    if (!rows)
        return context.storeFailed(rows.error());
    if (context.json()) {
        json::Json out = json::Json::array();
        for (const KubeClusterReader::NodeLease &row : *rows)
            out.push_back({{"node", row.node.toStdString()}, {"subnet", row.lease.subnet.toString().toStdString()},
                           {"attrs", *json::parse(row.lease.attrs.encode(), QStringLiteral("lease"))}});
        context.out(QString::fromStdString(out.dump(2)));
        return kOk;
    }
    TextTable table({QStringLiteral("NODE"), QStringLiteral("SUBNET"), QStringLiteral("PUBLIC IP"), QStringLiteral("BACKEND"),
                     QStringLiteral("VTEP MAC")});
    for (const KubeClusterReader::NodeLease &row : *rows) {
        QString publicIps = row.lease.attrs.publicIp.toString();
        if (!row.lease.attrs.publicIpv6.isNull())
            publicIps += u',' + row.lease.attrs.publicIpv6.toString();
        const auto vxlan = row.lease.attrs.vxlanData();
        table.addRow({row.node, row.lease.subnet.toString(), publicIps,
                      row.lease.attrs.backendType.isEmpty() ? QStringLiteral("-") : row.lease.attrs.backendType,
                      vxlan ? vxlan->vtepMac.toString() : QStringLiteral("-")});
    }
    context.out(table.toString());
    context.out(QStringLiteral("%1 lease(s) on the Nodes of context '%2'").arg(rows->size()).arg((*context.kubeClient())->options().contextName));
    return kOk;
}

/// Follows the Nodes until interrupted: the current leases first (as "added"), then each change.
int watch(CommandContext &context, KubeClusterReader &reader)
{
    KubeClient *client = *context.kubeClient();
    KubeNodeWatcher nodes(client);
    KubeLeaseWatcher leases(&nodes, reader.annotations());
    QObject::connect(&leases, &KubeLeaseWatcher::leaseAdded, [&](const Lease &lease) { printLeaseEvent(context, "added", lease); });
    QObject::connect(&leases, &KubeLeaseWatcher::leaseChanged, [&](const Lease &, const Lease &after) { printLeaseEvent(context, "changed", after); });
    QObject::connect(&leases, &KubeLeaseWatcher::leaseRemoved, [&](const Lease &lease) { printLeaseEvent(context, "removed", lease); });
    QObject::connect(&leases, &KubeLeaseWatcher::leaseRejected, [&](const QString &node, const Error &error) {
        context.warn(QStringLiteral("rejected node '%1': %2").arg(node, error.message()));
    });
    // The watcher retries on its own; each failure is said once as it happens. Credentials the API
    // server refuses do not get better by retrying: said at once, as the list says them, with the
    // user and context named.
    QObject::connect(&nodes, &KubeNodeWatcher::refused, [&](const KubeError &error) {
        nodes.stop();
        QCoreApplication::exit(context.storeFailed(context.kubeError(error).error()));
    });
    QObject::connect(&nodes, &KubeNodeWatcher::problem, [&](const Error &error) { context.warn(error.message()); });
    nodes.start();
    return QCoreApplication::exec(); // until interrupted
}

} // namespace

int runKubeLeases(CommandContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.fail(kBadInput, QStringLiteral("with --kubeconfig, `tartanctl leases [--watch]` only: the subnets belong to "
                                                      "the controller manager there"));
    auto reader = KubeClusterReader::create(context);
    if (!reader)
        return context.fail(kBadInput, reader.error().message());
    return context.options().isSet(QStringLiteral("watch")) ? watch(context, **reader) : list(context, **reader);
}

} // namespace tartan::cli
