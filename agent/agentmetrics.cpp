#include "agentmetrics.h"

namespace tartan {

namespace {

void appendMetric(QByteArray &out, const char *name, const char *type, const char *help, const QByteArray &value)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    out += QByteArray(name) + ' ' + value + '\n';
}

QByteArray number(std::uint64_t value)
{
    return QByteArray::number(quint64(value));
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 17);
}

} // namespace

void AgentMetrics::recordCheck(qsizetype drift, qsizetype programmed, qsizetype repairs, qsizetype failures)
{
    mDrift = drift;
    mEntriesProgrammed += std::uint64_t(programmed);
    mRepairs += std::uint64_t(repairs);
    mErrorSinceCheck = failures > 0;
    mChecked = true;
    mLastCheck = QDateTime::currentDateTimeUtc();
}

void AgentMetrics::recordEventLag(std::chrono::nanoseconds lag)
{
    const double seconds = std::chrono::duration<double>(lag).count();
    mLastLag = seconds;
    mLagSum += seconds;
    ++mLagCount;
    for (size_t i = 0; i < kLagBuckets.size(); ++i) {
        if (seconds <= kLagBuckets[i]) {
            ++mLagBuckets[i];
            break;
        }
    }
}

QString AgentMetrics::health() const
{
    if (!mChecked)
        return QStringLiteral("starting");
    return mDrift == 0 && !mErrorSinceCheck ? QStringLiteral("ok") : QStringLiteral("degraded");
}

void AgentMetrics::fillSummary(NodeSummary &summary) const
{
    summary.health = health();
    summary.driftCount = int(mDrift);
    summary.lastReconcile = mLastCheck;
    summary.leasesSeen = mLeasesSeen;
    summary.entriesProgrammed = mEntriesProgrammed;
    summary.reconcileRepairs = mRepairs;
    summary.netlinkErrors = mNetlinkErrors;
    summary.storeErrors = mStoreErrors;
}

QByteArray AgentMetrics::prometheusText() const
{
    QByteArray out;
    appendMetric(out, "tartan_leases_seen", "gauge", "Subnet leases in the store, this node's included.", number(mLeasesSeen));
    appendMetric(out, "tartan_entries_programmed_total", "counter", "Routes, neighbour and FDB entries written to the kernel.",
                 number(mEntriesProgrammed));
    appendMetric(out, "tartan_reconcile_repairs_total", "counter", "Entries restored after they were changed by hand.",
                 number(mRepairs));
    appendMetric(out, "tartan_netlink_errors_total", "counter", "Kernel requests that failed.", number(mNetlinkErrors));
    appendMetric(out, "tartan_store_errors_total", "counter", "Store requests of the report publisher that failed.",
                 number(mStoreErrors));
    appendMetric(out, "tartan_drift_entries", "gauge", "Entries missing, stale or extra at the last check.",
                 number(std::uint64_t(mDrift)));
    appendMetric(out, "tartan_event_lag_last_seconds", "gauge",
                 "From the last lease event's arrival to its entries being in the kernel.", number(mLastLag));

    const char *lag = "tartan_event_lag_seconds";
    out += QByteArray("# HELP ") + lag + " From a lease event's arrival to its entries being in the kernel.\n";
    out += QByteArray("# TYPE ") + lag + " histogram\n";
    std::uint64_t cumulative = 0;
    for (size_t i = 0; i < kLagBuckets.size(); ++i) {
        cumulative += mLagBuckets[i];
        out += QByteArray(lag) + "_bucket{le=\"" + number(kLagBuckets[i]) + "\"} " + number(cumulative) + '\n';
    }
    out += QByteArray(lag) + "_bucket{le=\"+Inf\"} " + number(mLagCount) + '\n';
    out += QByteArray(lag) + "_sum " + number(mLagSum) + '\n';
    out += QByteArray(lag) + "_count " + number(mLagCount) + '\n';
    return out;
}

} // namespace tartan
