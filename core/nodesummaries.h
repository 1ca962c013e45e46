#pragma once

#include "etcdtypes.h"
#include "nodereport.h"
#include "storelayout.h"

#include <QList>
#include <QStringList>

namespace tartan {

/// The NodeSummary values the agents publish under StoreLayout::reportsPrefix(), as one range
/// request over that prefix returns them.
struct NodeSummaries
{
    QList<NodeSummary> summaries; ///< sorted by lease
    /// Keys that could not be read, each naming the key and the cause; they are skipped.
    QStringList problems;

    /// Decodes `kvs`; a summary whose own lease field disagrees with its key is a problem too (a
    /// copy under the wrong key would make one node look like another).
    static NodeSummaries fromKeyValues(const StoreLayout &layout, const QList<etcd::KeyValue> &kvs);
    /// The summary of one node, or nullptr.
    const NodeSummary *find(const SubnetKey &lease) const;
};

} // namespace tartan
