#include "agentsnapshot.h"

#include "clusterreader.h"
#include "etcdflags.h"
#include "labendpoints.h"

#include <QCoreApplication>

#include <algorithm>

namespace tartan::cli {

QList<NodeReport> ClusterSnapshot::reports() const
{
    QList<NodeReport> out;
    for (const NodeState &node : nodes)
        if (node.report)
            out << *node.report;
    return out;
}

NodeState *ClusterSnapshot::find(const SubnetKey &key)
{
    for (NodeState &node : nodes)
        if (node.key == key)
            return &node;
    return nullptr;
}

AgentSnapshot::AgentSnapshot(CommandContext &context) : mContext(context)
{
    if (context.kube())
        return; // a lab's relays stand for agents of its etcd
    if (const auto options = etcdflags::clientOptions(context.options())) {
        QString lab;
        const auto map = labReportEndpoints(options->endpoints, &lab);
        if (!map.isEmpty()) {
            mAgents.setEndpointMap(map);
            mContext.warn(QStringLiteral("lab %1: reaching its agents through their loopback relays").arg(lab));
        }
    }
}

AgentSnapshot::~AgentSnapshot() = default;

int AgentSnapshot::read(ClusterSnapshot *out, const std::function<bool(const SubnetKey &)> &wanted)
{
    auto created = ClusterReader::create(mContext);
    if (!created)
        return mContext.fail(kBadInput, created.error().message());
    mReader = std::move(created).value();
    ClusterReader &reader = *mReader;
    bool unusable = false;
    auto config = reader.config(&unusable);
    if (!config)
        return unusable ? mContext.fail(kBadInput, config.error().message()) : mContext.storeFailed(config.error());
    auto leases = reader.leases();
    if (!leases)
        return mContext.storeFailed(leases.error());
    auto summaries = reader.summaries();
    if (!summaries)
        return mContext.storeFailed(summaries.error());
    out->config = *config;
    out->leases = *leases;
    out->nodes.clear();
    for (const Lease &lease : std::as_const(out->leases))
        out->nodes << NodeState{lease.subnet, lease, {}, {}, reader.agentEndpoint(lease), {}, {}};
    for (const NodeSummary &summary : std::as_const(summaries->summaries)) {
        NodeState *node = out->find(summary.lease);
        if (!node) {
            out->nodes << NodeState{summary.lease, std::nullopt, summary, {}, summary.endpoint, {}, {}};
            continue;
        }
        node->summary = summary;
        node->endpoint = summary.endpoint;
    }
    std::sort(out->nodes.begin(), out->nodes.end(), [](const NodeState &a, const NodeState &b) { return a.key < b.key; });
    QList<SubnetKey> keys;
    for (const NodeState &node : std::as_const(out->nodes))
        if (!wanted || wanted(node.key))
            keys << node.key;
    fetch(out, keys);
    return kOk;
}

int AgentSnapshot::refresh(ClusterSnapshot *snapshot, const QList<SubnetKey> &keys)
{
    auto summaries = mReader->summaries();
    if (!summaries)
        return mContext.storeFailed(summaries.error());
    for (const SubnetKey &key : keys)
        if (NodeState *node = snapshot->find(key); node)
            if (const NodeSummary *summary = summaries->find(key)) {
                node->summary = *summary;
                node->endpoint = summary->endpoint;
            }
    fetch(snapshot, keys);
    return kOk;
}

void AgentSnapshot::fetch(ClusterSnapshot *snapshot, const QList<SubnetKey> &keys)
{
    int pending = 0;
    QObject requests; // the callbacks' context: they cannot outlive this function
    for (const SubnetKey &key : keys) {
        NodeState *node = snapshot->find(key);
        node->report.reset();
        node->error.clear();
        const bool summaryFromReport = !mReader->keepsSummaries();
        if (summaryFromReport)
            node->summary.reset(); // a report from an earlier fetch says nothing about now
        if (node->endpoint.isEmpty()) {
            node->error = node->summary ? QStringLiteral("its agent serves no report endpoint")
                                        : QStringLiteral("its agent publishes no summary in the store");
            continue;
        }
        node->url = mAgents.effectiveEndpoint(node->endpoint);
        ++pending;
        mAgents.fetchReport(node->endpoint, &requests, [&pending, node, summaryFromReport](Result<NodeReport> report) {
            --pending;
            if (!report) {
                node->error = report.error().message();
            } else if (report->summary.lease != node->key) {
                node->error = QStringLiteral("%1 answered with the report of lease %2").arg(node->url, report->summary.lease.toString());
            } else {
                if (summaryFromReport)
                    node->summary = report->summary;
                node->report = std::move(report).value();
            }
        });
    }
    while (pending > 0)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
}

Status AgentSnapshot::repair(const NodeState &node)
{
    if (node.endpoint.isEmpty())
        return Error(QStringLiteral("node %1: no agent summary, no endpoint to ask").arg(node.key.toString()));
    return mContext.call<void>([&](const QObject *c, auto done) { mAgents.requestRepair(node.endpoint, c, done); });
}

} // namespace tartan::cli
