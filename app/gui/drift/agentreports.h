#pragma once

#include "agentclient.h"
#include "clusterstate.h"
#include "nodedrift.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

namespace tartan::gui {

/// The app's access to the agents' full reports: fetches a node's NodeReport from the endpoint its
/// summary in the state names (through AgentClient and its endpoint map: a local lab's relays),
/// keeps the last one per node, computes its drift against the state's config and leases, and asks
/// an agent to repair. Shared by the node tables, the drift list and the path view, so that one
/// fetch serves them all.
///
/// A node without a summary has no endpoint: its error says so, and the views show what the store
/// has. Threading: the GUI thread; `state` must outlive this object.
class AgentReports : public QObject
{
    Q_OBJECT
public:
    explicit AgentReports(ClusterState *state, QObject *parent = nullptr);

    AgentClient *client() { return &mClient; }
    void setEndpointMap(const QHash<QString, QString> &map) { mClient.setEndpointMap(map); }

    /// Returns the URL that reaches the agent of a summary some other way (an SSH port forward to a
    /// host deployed from the app), or empty. Asked before every request; wins over the endpoint.
    using Router = std::function<QString(const NodeSummary &summary)>;
    void setRouter(Router router) { mRouter = std::move(router); }
    /// Whether agents may be reached at their published endpoints (the user's setting; on by
    /// default). Off: only routed agents and the endpoint map's (a local lab's relays) are asked.
    void setDirectAccess(bool allowed) { mDirect = allowed; }
    bool directAccess() const { return mDirect; }

    /// Fetches the node's report; reportUpdated() or reportFailed() follows. A fetch already under
    /// way for that node is not repeated.
    void fetch(const SubnetKey &node);
    /// fetch() for every node with a summary.
    void fetchAll();
    bool isFetching(const SubnetKey &node) const { return mInFlight.contains(node); }
    int fetchesInFlight() const { return int(mInFlight.size()); }

    /// The last report fetched (kept across a failed refresh), or nullptr.
    const NodeReport *report(const SubnetKey &node) const;
    QList<NodeReport> reports() const;
    /// Why the last fetch failed ("no agent summary in the store", the transport error); empty
    /// after a success.
    QString error(const SubnetKey &node) const { return mErrors.value(node); }
    /// The URL used for the node's agent, or empty without a summary.
    QString agentUrl(const SubnetKey &node) const;
    /// When report() was fetched (local time); invalid without one.
    QDateTime fetchedAt(const SubnetKey &node) const { return mFetched.value(node); }

    /// The node's drift from its last report; nullopt without a report or without a usable config.
    std::optional<NodeDrift> drift(const SubnetKey &node) const;

    /// POST /v1/reconcile to the node's agent, then a fresh fetch; repairDone() says how it went.
    void repair(const SubnetKey &node);
    /// Seeds a report (tests; a report obtained elsewhere).
    void setReport(const NodeReport &report);

signals:
    void reportUpdated(const tartan::SubnetKey &node);
    void reportFailed(const tartan::SubnetKey &node, const QString &error);
    void repairDone(const tartan::SubnetKey &node, const QString &error);

private:
    /// The URL to ask for the node's agent, or empty with `why` set.
    QString endpointFor(const SubnetKey &node, QString *why) const;

    ClusterState *mState;
    Router mRouter;
    bool mDirect = true;
    AgentClient mClient;
    QHash<SubnetKey, NodeReport> mReports;
    QHash<SubnetKey, QString> mErrors;
    QHash<SubnetKey, QDateTime> mFetched;
    QSet<SubnetKey> mInFlight;
};

} // namespace tartan::gui
