#pragma once

#include "nodereport.h"
#include "result.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace tartan {

/// Talks to agents' HTTP endpoints (NodeSummary::endpoint): GET <endpoint>/v1/report for the full
/// NodeReport, GET <endpoint>/v1/summary for the NodeSummary alone, POST <endpoint>/v1/reconcile to make the agent repair its tables now.
///
/// Agents are reached directly, never through a proxy from the environment. Some endpoints are not
/// reachable as published (an agent bound to a lab's underlay address, a node behind an SSH port
/// forward): setEndpointMap() says which URL to use instead. Errors name the URL actually used and
/// the cause: "agent http://127.0.0.1:40123/v1/report (for http://192.168.77.11:8476): Connection
/// refused". Threading: one thread, the one that created it; callbacks run after the call returned,
/// never after `context` is destroyed.
class AgentClient : public QObject
{
    Q_OBJECT
public:
    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    explicit AgentClient(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000), QObject *parent = nullptr);
    ~AgentClient() override;

    /// Published endpoint -> the URL to use for it ("http://192.168.77.11:8476" ->
    /// "http://127.0.0.1:40123"). Endpoints are compared without a trailing slash.
    void setEndpointMap(const QHash<QString, QString> &map);
    /// The URL used for `endpoint`: its mapping, or itself.
    QString effectiveEndpoint(const QString &endpoint) const;

    /// The report of the agent at `endpoint`. An error for an empty or non-http(s) endpoint, a
    /// transport failure, no answer within the timeout, a status other than 200, or a body that
    /// decodeNodeReport() refuses.
    void fetchReport(const QString &endpoint, const QObject *context, Callback<NodeReport> done);
    /// The summary of the agent at `endpoint` (where no store carries it: Kubernetes mode). Errors
    /// as for fetchReport(), with decodeNodeSummary() judging the body.
    void fetchSummary(const QString &endpoint, const QObject *context, Callback<NodeSummary> done);
    /// Asks the agent to reconcile now; done once it answered 2xx.
    void requestRepair(const QString &endpoint, const QObject *context, Callback<void> done);

private:
    using BodyCallback = std::function<void(Result<QByteArray>)>;
    void send(const QString &endpoint, const QString &path, bool post, const QObject *context, BodyCallback done);

    std::chrono::milliseconds mTimeout;
    QNetworkAccessManager *mNam;
    QHash<QString, QString> mEndpointMap;
};

} // namespace tartan
