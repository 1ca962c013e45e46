#pragma once

#include "etcdtypes.h"
#include "result.h"

namespace tartan::etcd {

/// The question EtcdWatch asks etcd when its stream has been silent for a while: "did the watched
/// range change since the watch's resume revision?". Silence alone proves nothing (a quiet range is
/// silent for hours), but a range that changed while the stream stayed silent means the stream is
/// dead without having closed.
///
/// One read-only transaction on the unary path (another connection than the stream's), so all three
/// reads see one revision:
///  1. the number of keys in the range at nextRevision - 1 (count only),
///  2. the number of keys now (count only),
///  3. the keys now last modified at or after nextRevision (keys only; etcd filters these after
///     counting, so a count cannot answer it).
/// The range changed if and only if (3) is not empty or (1) and (2) differ (only deletions happened).
/// Changes with no net effect (a key created and deleted again in between) are not seen, and need
/// not be: the range holds what the watch's consumer already knows.
///
/// The first read needs nextRevision >= 2 (etcd's revisions start at 1): callers probe only then.
/// A compacted nextRevision - 1 fails the transaction with etcd's "required revision has been
/// compacted"; the watch then reconnects and meets the compaction in its own stream.
struct WatchProbe
{
    struct Verdict
    {
        bool changed = false;
        qint64 revision = 0; ///< the store revision the answer reflects
    };

    static TxnRequest request(const WatchOptions &options, qint64 nextRevision);
    /// The verdict from etcd's answer to request(); an error if the answer does not have its shape.
    static Result<Verdict> judge(const TxnResponse &response);
};

} // namespace tartan::etcd
