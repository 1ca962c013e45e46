#include "etcdwatchprobe.h"

namespace tartan::etcd {

TxnRequest WatchProbe::request(const WatchOptions &options, qint64 nextRevision)
{
    RangeRequest range;
    range.key = options.key;
    range.rangeEnd = options.rangeEnd;

    RangeRequest before = range;
    before.countOnly = true;
    before.revision = nextRevision - 1;
    RangeRequest now = range;
    now.countOnly = true;
    RangeRequest modified = range;
    modified.keysOnly = true;
    modified.minModRevision = nextRevision;

    TxnRequest txn;
    txn.success = {before, now, modified};
    return txn;
}

Result<WatchProbe::Verdict> WatchProbe::judge(const TxnResponse &response)
{
    const RangeResponse *ranges[3] = {};
    if (response.succeeded && response.responses.size() == 3) {
        for (int i = 0; i < 3; ++i)
            ranges[i] = std::get_if<RangeResponse>(&response.responses.at(i));
    }
    if (!ranges[0] || !ranges[1] || !ranges[2])
        return Error(QStringLiteral("watch probe: expected three range answers, got %1 answers").arg(response.responses.size()));
    Verdict verdict;
    verdict.changed = ranges[0]->count != ranges[1]->count || !ranges[2]->kvs.isEmpty();
    verdict.revision = response.header.revision;
    return verdict;
}

} // namespace tartan::etcd
