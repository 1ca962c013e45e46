#pragma once

#include "agentclient.h"
#include "clusterstate.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <utility>

namespace tartan {

/// Keeps a ClusterState's agent summaries current where the store carries none (Kubernetes mode:
/// agents serve their summary on their report endpoint only). Every interval() it asks the agent of
/// each lease in the state at http://<lease public IP>:<port()>/v1/summary (through AgentClient and
/// its endpoint map: a local lab's relays), at most maxInFlight() at a time, and once every agent
/// answered or failed hands the complete set to ClusterState::setSummaries() (which signals only
/// what changed). A round starts only after the previous one ended.
///
/// Each summary's endpoint is set to the address it was asked at: that is the one that reaches
/// the agent from here (the agent itself may publish its listening address, 0.0.0.0 or a loopback
/// one), and the views find the agent's full report through it. An agent that cannot be reached,
/// answers something that is not a summary, or reports another lease than the one asked for, has
/// no summary; error() says why.
///
/// Threading: one thread (the state's); the state must outlive the poller.
class AgentSummaryPoller : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultInterval{3000};
    static constexpr int kDefaultPort = 8476;
    static constexpr int kDefaultMaxInFlight = 8;

    explicit AgentSummaryPoller(ClusterState *state, QObject *parent = nullptr);

    int port() const { return mPort; }
    void setPort(int port) { mPort = port; }
    std::chrono::milliseconds interval() const { return mInterval; }
    void setInterval(std::chrono::milliseconds interval);
    int maxInFlight() const { return mMaxInFlight; }
    void setMaxInFlight(int count) { mMaxInFlight = std::max(1, count); }
    /// Published endpoint -> URL to use (AgentClient::setEndpointMap).
    void setEndpointMap(const QHash<QString, QString> &map) { mClient.setEndpointMap(map); }

    /// The endpoint asked for the agent of `lease`: "http://192.168.77.11:8476" ("http://[fd00::1]:8476"
    /// for an IPv6-only lease); empty when the lease has no public address.
    QString endpointFor(const Lease &lease) const;

    void start();
    void stop();
    /// Starts a round now, unless one is under way.
    void poll();

    /// Why the last request to the agent of `lease` failed; empty after a success.
    QString error(const SubnetKey &lease) const { return mErrors.value(lease); }
    int inFlight() const { return mInFlight; }
    int peakInFlight() const { return mPeakInFlight; }

signals:
    /// After each round, once the state has its result.
    void polled();

private:
    void sendMore();
    void finishRound();

    QPointer<ClusterState> mState;
    AgentClient mClient;
    QTimer mTimer;
    std::chrono::milliseconds mInterval = kDefaultInterval;
    int mPort = kDefaultPort;
    int mMaxInFlight = kDefaultMaxInFlight;
    bool mRunning = false;
    bool mRoundActive = false;
    int mGeneration = 0; // answers of requests sent before a stop() are dropped
    QList<std::pair<SubnetKey, QString>> mQueue; // this round's agents still to ask
    QMap<SubnetKey, NodeSummary> mRound;
    QMap<SubnetKey, QString> mErrors;
    int mInFlight = 0;
    int mPeakInFlight = 0;
};

} // namespace tartan
