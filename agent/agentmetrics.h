#pragma once

#include "nodereport.h"

#include <QByteArray>
#include <QDateTime>

#include <array>
#include <chrono>
#include <cstdint>

namespace tartan {

/// Every count the agent reports, in one place: the node summary in the store and the Prometheus
/// text of GET /metrics are both read from here, so they cannot disagree.
///
/// Health: "starting" until the first full check of the kernel finished; then "ok" while the last
/// check found no drift and no error was counted since, "degraded" otherwise.
class AgentMetrics
{
public:
    /// Upper bounds (seconds) of the event-lag histogram's buckets: a lease event is normally in the
    /// kernel within the reconciler's 100 ms coalescing; seconds mean a slow or failing kernel.
    static constexpr std::array<double, 9> kLagBuckets{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /// A full check finished: `drift` entries are still wrong (missing, stale, extra, blocked) after
    /// it; it changed `programmed` entries, of which `repairs` restored hand-made changes; the
    /// kernel refused `failures` entries (counted through addNetlinkError() as they are told).
    void recordCheck(qsizetype drift, qsizetype programmed, qsizetype repairs, qsizetype failures);
    void addNetlinkError() { ++mNetlinkErrors; mErrorSinceCheck = true; }
    void addStoreError() { ++mStoreErrors; mErrorSinceCheck = true; }
    void setLeasesSeen(qsizetype leases) { mLeasesSeen = std::uint64_t(leases); }
    /// From a lease event's arrival to its entries being in the kernel.
    void recordEventLag(std::chrono::nanoseconds lag);

    QString health() const;
    qsizetype drift() const { return mDrift; }
    std::uint64_t entriesProgrammed() const { return mEntriesProgrammed; }
    std::uint64_t reconcileRepairs() const { return mRepairs; }
    std::uint64_t netlinkErrors() const { return mNetlinkErrors; }
    std::uint64_t storeErrors() const { return mStoreErrors; }

    /// Sets the summary's health, drift count, last check and counters.
    void fillSummary(NodeSummary &summary) const;
    /// The Prometheus text exposition format (version 0.0.4).
    QByteArray prometheusText() const;

private:
    std::uint64_t mLeasesSeen = 0;
    std::uint64_t mEntriesProgrammed = 0;
    std::uint64_t mRepairs = 0;
    std::uint64_t mNetlinkErrors = 0;
    std::uint64_t mStoreErrors = 0;
    qsizetype mDrift = 0;
    bool mChecked = false;
    bool mErrorSinceCheck = false;
    QDateTime mLastCheck;
    double mLastLag = 0;
    double mLagSum = 0;
    std::uint64_t mLagCount = 0;
    std::array<std::uint64_t, kLagBuckets.size()> mLagBuckets{}; // not cumulative; summed on output
};

} // namespace tartan
