#include "nodesummaries.h"

#include <algorithm>

namespace tartan {

NodeSummaries NodeSummaries::fromKeyValues(const StoreLayout &layout, const QList<etcd::KeyValue> &kvs)
{
    NodeSummaries out;
    for (const etcd::KeyValue &kv : kvs) {
        const QString key = QString::fromUtf8(kv.key);
        const auto lease = layout.parseReportKey(kv.key);
        if (!lease) {
            out.problems << lease.error().message();
            continue;
        }
        const auto summary = decodeNodeSummary(kv.value);
        if (!summary) {
            out.problems << summary.error().context(key).message();
            continue;
        }
        if (summary->lease != *lease) {
            out.problems << QStringLiteral("%1: the summary is of lease %2").arg(key, summary->lease.toString());
            continue;
        }
        out.summaries << *summary;
    }
    std::sort(out.summaries.begin(), out.summaries.end(), [](const NodeSummary &a, const NodeSummary &b) { return a.lease < b.lease; });
    return out;
}

const NodeSummary *NodeSummaries::find(const SubnetKey &lease) const
{
    for (const NodeSummary &summary : summaries)
        if (summary.lease == lease)
            return &summary;
    return nullptr;
}

} // namespace tartan
