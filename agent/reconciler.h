#pragma once

#include "desiredtables.h"
#include "lease.h"
#include "networkconfig.h"
#include "result.h"
#include "tablediff.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <optional>

namespace tartan {

namespace netlink {
class NetlinkSocket;
class NetlinkListener;
} // namespace netlink

/// Keeps this node's kernel tables equal to what the leases say, for every backend: flannel only
/// re-adds host-gw/ipip routes and never repairs vxlan's neighbour and FDB entries (#1434, #1788).
///
/// One pass: compute the desired tables (core's DesiredTables) from the config, this node's lease,
/// the external interface and the peers' leases; dump the kernel; diff with Tartan's ownership
/// rule; apply the difference in one batch. A pass runs soon after any input changes, after the
/// kernel reports a change to links, routes or neighbours (a hand-deleted entry comes back within a
/// second), and every `interval` regardless. Entries Tartan owns that no lease explains are removed
/// on the first pass (stale state from an earlier run, #2554) and whenever they appear.
///
/// Faults: a pass that cannot read or program the kernel (a dump still interrupted after
/// NetlinkSocket::kDumpAttempts, a socket that lost replies) reports problem() and runs again after
/// a back-off from 1 s doubling up to `interval`, instead of waiting for the next periodic check.
/// Adds answered "already there" (EEXIST) and deletions answered "already gone" (ENOENT) mean another
/// writer got there between the dump and the apply, possibly with other attributes (a route with
/// another gateway): they count as done, are told through notice(), and one more pass follows at
/// once to read the result back and correct it. Redone dumps and notifications the kernel dropped
/// (listener ENOBUFS) are told through notice() too; the pass that follows reads everything anew.
///
/// Threading: the thread that owns the socket; passes block it while the kernel answers.
class Reconciler : public QObject
{
    Q_OBJECT
public:
    /// What one pass did, for logs, metrics and the agent's report.
    struct Pass
    {
        int desired = 0;  ///< entries the leases call for
        int changes = 0;  ///< entries added, replaced or removed
        int failures = 0; ///< entries the kernel refused
        int repairs = 0;  ///< of `changes`, entries restored after a hand-made change (not the leases')
        /// Entries still wrong after the pass: missing, stale, extra or blocked, including those
        /// left alone without auto-repair and those the kernel refused.
        int drift = 0;
        TableDiff applied;       ///< what the pass set out to change (TableDiff::toStrings() for the log)
        QStringList driftLines;  ///< the entries counted in `drift`, in the same wording
    };

    Reconciler(netlink::NetlinkSocket &socket, std::chrono::milliseconds interval, QObject *parent = nullptr);
    ~Reconciler() override;

    /// Everything but the peers. Schedules a pass.
    void setNode(const NetworkConfig &config, const Lease &own, const ExternalInterface &external);
    /// The peers' leases as the store has them (this node's own may be among them). Schedules a pass.
    /// `eventArrived`, when set, is when the lease event behind this call came in: the next pass
    /// that programs everything reports the time since through leaseEventApplied().
    void setPeers(const QList<Lease> &peers,
                  std::optional<std::chrono::steady_clock::time_point> eventArrived = std::nullopt);
    /// False: hand-made changes are not restored by notification-driven or periodic passes (they
    /// are counted as drift); lease-driven changes still are (repairpolicy.h). Default true.
    void setAutoRepair(bool autoRepair) { mAutoRepair = autoRepair; }
    bool autoRepair() const { return mAutoRepair; }
    /// Paused: no passes (tests freeze drift in place to look at it); resuming runs one at once.
    void setPaused(bool paused);
    bool isPaused() const { return mPaused; }

    /// Runs a pass now (unless paused or not set up); the outcome also goes out through passed()
    /// (when it changed something) and checked() (always). `repair` restores hand-made changes
    /// even without auto-repair (POST /v1/reconcile).
    Result<Pass> runPass(bool repair = false);
    /// Whether a node is set, i.e. a pass can run.
    bool isSetUp() const { return mHasNode; }

    const QList<Exclusion> &exclusions() const { return mExclusions; }
    int passes() const { return mPasses; }
    /// The change listener (owned), for its counters and its receive buffer.
    netlink::NetlinkListener *listener() const { return mListener; }
    int repairs() const { return mRepairs; }

signals:
    void passed(const tartan::Reconciler::Pass &pass);
    /// Every pass that read the kernel, whether it changed anything or not.
    void checked(const tartan::Reconciler::Pass &pass);
    /// The pass after a lease event put its entries in the kernel, `lag` after the event arrived.
    void leaseEventApplied(std::chrono::nanoseconds lag);
    /// A peer lease newly left out, with the reason; told once per lease and reason.
    void excluded(const tartan::Exclusion &exclusion);
    /// A pass could not run or the kernel refused entries; the next pass tries again.
    void problem(const tartan::Error &error);
    /// Something worth a log line that is not an error: a fault the reconciler worked around.
    void notice(const QString &message);

private:
    void schedule();
    void retryLater();

    netlink::NetlinkSocket &mSocket;
    netlink::NetlinkListener *mListener;
    QTimer mSoon;     // coalesces bursts of input and kernel changes into one pass
    QTimer mPeriodic; // the full check
    bool mHasNode = false;
    bool mHasPeers = false;
    bool mPaused = false;
    bool mAutoRepair = true;
    std::optional<KernelTables> mProgrammed; // the desired tables of the last pass; none before the first
    std::optional<std::chrono::steady_clock::time_point> mEventArrived;
    NetworkConfig mConfig;
    Lease mOwn;
    ExternalInterface mExternal;
    QList<Lease> mPeers;
    QList<Exclusion> mExclusions;
    QSet<QString> mToldExclusions;
    int mPasses = 0;
    int mRepairs = 0;
    std::chrono::milliseconds mRetryDelay; // the next back-off after a failed pass
    bool mRechecking = false;              // the next pass reads back entries another writer set
};

} // namespace tartan
