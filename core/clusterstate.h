#pragma once

#include "lease.h"
#include "networkconfig.h"
#include "nodereport.h"

#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QString>

namespace tartan {

/// One thing that happened to a cluster, as the app's event log and charts show it.
struct ClusterEvent
{
    enum class Kind { Listed, Added, Changed, Removed, Rejected, ConfigChanged, Connection };

    QDateTime time;
    Kind kind = Kind::Listed;
    QString subject; ///< the subnet as in its etcd key ("10.244.1.0-24"), the key of a rejected value, or empty
    QString detail;  ///< one line: what changed, why a value was rejected, the connection state
};

/// What the app and the CLI know about one cluster: its network config, its leases and the state
/// of the connection to its store. A plain observable value holder: a store session (ClusterSession)
/// writes into it, views read it and follow its signals. Every mutation is reported twice: once as
/// the specific signal a view applies incrementally, once as a ClusterEvent for logs and charts.
///
/// Threading: one thread (the GUI's).
class ClusterState : public QObject
{
    Q_OBJECT
public:
    enum class Connection { Disconnected, Connecting, Connected, Reconnecting };
    Q_ENUM(Connection)

    explicit ClusterState(QObject *parent = nullptr);

    /// A stable name for the cluster, used to keep per-cluster settings (the topology layout):
    /// for etcd "etcd://host:port/prefix" of the first endpoint.
    QString clusterId() const { return mClusterId; }
    void setClusterId(const QString &id) { mClusterId = id; }

    Connection connection() const { return mConnection; }
    /// Why the connection is in its state: the last error while reconnecting, empty when connected.
    QString connectionDetail() const { return mConnectionDetail; }

    /// The raw config value as stored (empty when there is none) and its parse result.
    QByteArray configText() const { return mConfigText; }
    const Result<NetworkConfig> &config() const { return mConfig; }

    const QMap<SubnetKey, Lease> &leases() const { return mLeases; }
    /// Keys under subnets/ whose value is not a lease, with the reason.
    const QMap<QByteArray, QString> &rejected() const { return mRejected; }
    bool isSynced() const { return mSynced; }

    /// The agents' summaries (NodeSummary, from <prefix>/tartan/reports/), by lease. A lease without
    /// one has no reporting agent (or an old one); summariesKnown() is false until the first read,
    /// when "no report" cannot be told apart from "not read yet".
    const QMap<SubnetKey, NodeSummary> &summaries() const { return mSummaries; }
    const NodeSummary *summary(const SubnetKey &lease) const;
    bool summariesKnown() const { return mSummariesKnown; }

    // Writers (the session, tests).
    void setConnection(Connection connection, const QString &detail = {});
    void setConfigText(const QByteArray &text);
    /// Replaces every lease at once (a list or re-list); emits leasesReset(), not one signal per lease.
    void resetLeases(const QMap<SubnetKey, Lease> &leases);
    void addLease(const Lease &lease);
    void changeLease(const Lease &before, const Lease &after);
    void removeLease(const Lease &lease);
    void rejectValue(const QByteArray &key, const QString &reason);
    /// The key was deleted or its value is a lease now.
    void forgetRejected(const QByteArray &key);
    /// Fills in the expiry the watch does not carry (looked up per etcd lease).
    void setExpiration(const SubnetKey &subnet, const QDateTime &expiration);
    /// Replaces the summaries with a complete read of reports/: emits summaryChanged() for each one
    /// added or different and summaryRemoved() for each one gone, nothing for those unchanged.
    void setSummaries(const QMap<SubnetKey, NodeSummary> &summaries);
    /// Forgets everything (a new connection to another cluster).
    void clear();

signals:
    void connectionChanged(tartan::ClusterState::Connection connection, const QString &detail);
    void configChanged();
    void leasesReset();
    void leaseAdded(const tartan::Lease &lease);
    void leaseChanged(const tartan::Lease &before, const tartan::Lease &after);
    void leaseRemoved(const tartan::Lease &lease);
    /// Only the expiration of this lease changed.
    void expirationChanged(const tartan::SubnetKey &subnet, const QDateTime &expiration);
    void valueRejected(const QByteArray &key, const QString &reason);
    void rejectionCleared(const QByteArray &key);
    void event(const tartan::ClusterEvent &event);
    /// A node's summary appeared or changed.
    void summaryChanged(const tartan::NodeSummary &summary);
    void summaryRemoved(const tartan::SubnetKey &lease);
    /// After every setSummaries(), changed or not: the summaries are known as of now.
    void summariesUpdated();

private:
    void record(ClusterEvent::Kind kind, const QString &subject, const QString &detail);

    QString mClusterId;
    Connection mConnection = Connection::Disconnected;
    QString mConnectionDetail;
    QByteArray mConfigText;
    Result<NetworkConfig> mConfig;
    QMap<SubnetKey, Lease> mLeases;
    QMap<QByteArray, QString> mRejected;
    bool mSynced = false;
    QMap<SubnetKey, NodeSummary> mSummaries;
    bool mSummariesKnown = false;
};

/// "10.244.1.0/24 is now at 192.168.77.12 (was 192.168.77.11), VtepMAC ..." : what differs between two
/// values of one lease, for the event log.
QString describeLeaseChange(const Lease &before, const Lease &after);

} // namespace tartan
Q_DECLARE_METATYPE(tartan::ClusterEvent)
