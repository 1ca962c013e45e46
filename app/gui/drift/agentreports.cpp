#include "agentreports.h"

#include <algorithm>

namespace tartan::gui {

AgentReports::AgentReports(ClusterState *state, QObject *parent) : QObject(parent), mState(state), mClient(std::chrono::milliseconds(4000))
{
    // Another cluster: nothing fetched from the last one applies.
    connect(mState, &ClusterState::leasesReset, this, [this] {
        if (mState->leases().isEmpty()) {
            mReports.clear();
            mErrors.clear();
            mFetched.clear();
        }
    });
}

void AgentReports::fetch(const SubnetKey &node)
{
    if (mInFlight.contains(node))
        return;
    QString why;
    const QString endpoint = endpointFor(node, &why);
    if (endpoint.isEmpty()) {
        mErrors.insert(node, why);
        emit reportFailed(node, why);
        return;
    }
    mInFlight.insert(node);
    mClient.fetchReport(endpoint, this, [this, node](Result<NodeReport> report) {
        mInFlight.remove(node);
        if (report && report->summary.lease != node)
            report = Error(tr("%1 answered with the report of lease %2").arg(agentUrl(node), report->summary.lease.toString()));
        if (!report) {
            mErrors.insert(node, report.error().message());
            emit reportFailed(node, report.error().message());
            return;
        }
        mErrors.remove(node);
        mReports.insert(node, std::move(report).value());
        mFetched.insert(node, QDateTime::currentDateTime());
        emit reportUpdated(node);
    });
}

void AgentReports::fetchAll()
{
    for (auto it = mState->summaries().cbegin(); it != mState->summaries().cend(); ++it)
        fetch(it.key());
}

const NodeReport *AgentReports::report(const SubnetKey &node) const
{
    const auto it = mReports.constFind(node);
    return it == mReports.cend() ? nullptr : &*it;
}

QList<NodeReport> AgentReports::reports() const
{
    QList<NodeReport> out = mReports.values();
    std::sort(out.begin(), out.end(), [](const NodeReport &a, const NodeReport &b) { return a.summary.lease < b.summary.lease; });
    return out;
}

QString AgentReports::agentUrl(const SubnetKey &node) const
{
    QString why;
    const QString endpoint = endpointFor(node, &why);
    return endpoint.isEmpty() ? QString() : mClient.effectiveEndpoint(endpoint);
}

QString AgentReports::endpointFor(const SubnetKey &node, QString *why) const
{
    const NodeSummary *summary = mState->summary(node);
    if (!summary || summary->endpoint.isEmpty()) {
        *why = summary ? tr("its agent serves no report endpoint") : tr("no agent summary in the store");
        return {};
    }
    if (mRouter) {
        QString routed = mRouter(*summary);
        if (!routed.isEmpty())
            return routed;
    }
    // A mapped endpoint (a local lab's relay) is reached as the map says, whatever the setting.
    if (mDirect || mClient.effectiveEndpoint(summary->endpoint) != summary->endpoint)
        return summary->endpoint;
    *why = tr("direct access to agents is off and no SSH connection of this app reaches %1 "
              "(View > Reach Agents Directly, or deploy it from the app)").arg(summary->publicIp.toString());
    return {};
}

std::optional<NodeDrift> AgentReports::drift(const SubnetKey &node) const
{
    const NodeReport *found = report(node);
    if (!found || !mState->config())
        return std::nullopt;
    return computeNodeDrift(*mState->config(), mState->leases().values(), *found);
}

void AgentReports::repair(const SubnetKey &node)
{
    QString why;
    const QString endpoint = endpointFor(node, &why);
    if (endpoint.isEmpty()) {
        emit repairDone(node, why);
        return;
    }
    mClient.requestRepair(endpoint, this, [this, node](Result<void> done) {
        emit repairDone(node, done ? QString() : done.error().message());
        fetch(node);
    });
}

void AgentReports::setReport(const NodeReport &report)
{
    mReports.insert(report.summary.lease, report);
    mFetched.insert(report.summary.lease, QDateTime::currentDateTime());
    mErrors.remove(report.summary.lease);
    emit reportUpdated(report.summary.lease);
}

} // namespace tartan::gui
