#pragma once

#include "clusterstate.h"
#include "clustersource.h"
#include "clusterurl.h"
#include "connectiontest.h"
#include "etcdclient.h"
#include "storelayout.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <memory>

namespace tartan {

class ConfigWatcher;
class LeaseExpirations;
class LeaseWatcher;
class SummaryPoller;

/// The app's live connection to one cluster's etcd: keeps a ClusterState current.
///
/// start() clears the state, names it (setClusterId: the ClusterUrl of the first endpoint and the
/// prefix) and sets it Connecting. Then:
///  - the network config: <prefix>/config is read and watched (ConfigWatcher); every value goes to
///    ClusterState::setConfigText (empty when the key is absent);
///  - the leases: a LeaseWatcher lists and watches <prefix>/subnets/; its first list (and every
///    re-list after a compaction) replaces the state's leases at once (resetLeases); afterwards each
///    add, change and removal is forwarded as it happens, in store order, and every value that is not
///    a lease goes to rejectValue;
///  - the expirations: LeaseExpirations looks up the etcd leases behind the state's leases (bounded
///    concurrency, refreshed periodically);
///  - the agents' summaries: a SummaryPoller reads <prefix>/tartan/reports/ every few seconds into
///    ClusterState::setSummaries (health and drift count of each node, live);
///  - the connection: Connected once both the config and the leases have been read; Reconnecting,
///    with the last error as detail, whenever either of them loses the store (Connecting while the
///    first read has not succeeded yet); Connected again once both are back. The watches resume
///    where they stopped, so nothing is missed or repeated across an outage.
///
/// The state is not owned; stop() (and the destructor) set it Disconnected and keep its content.
/// Threading: one thread (the GUI's). No Widgets: the CLI can use it too.
class ClusterSession : public ClusterSource
{
    Q_OBJECT
public:
    /// Checks `options` (EtcdClient::create) and the prefix; nothing is sent before start().
    static Result<std::unique_ptr<ClusterSession>> create(const EtcdClientOptions &options, const QString &prefix,
                                                          ClusterState *state);
    ~ClusterSession() override;

    void start() override;
    void stop() override;
    bool isRunning() const override { return mRunning; }

    ClusterState *state() const { return mState.data(); }
    EtcdClient *client() const { return mClient.get(); }
    const StoreLayout &layout() const { return mLayout; }
    /// What ClusterState::clusterId() is set to.
    QString clusterId() const override { return mClusterId; }

    /// Tuning of the expiration lookups (see LeaseExpirations); before or after start().
    void setExpirationRefreshInterval(std::chrono::milliseconds interval);
    void setMaxExpirationLookups(int count);
    /// Lookups under way and the most ever under way at once, for tests and status display.
    int expirationLookupsInFlight() const;
    int peakExpirationLookups() const;
    /// How often the agents' summaries are re-read (SummaryPoller); before or after start().
    void setSummaryInterval(std::chrono::milliseconds interval);

    /// Writes the network config, only if the store still holds `expectedOldText` (what the editor
    /// opened; empty: the key must not exist). A transaction compares and writes in one step, so a
    /// concurrent edit is refused: "writing <key>: the config changed in the store since you opened
    /// it ...". `newText` is written as given: validating it is the editor's business. The watch
    /// brings the new value into the state. `done` runs once, unless `context` (when not null) or
    /// this session is destroyed first.
    void writeConfig(const QByteArray &newText, const QByteArray &expectedOldText, const QObject *context,
                     std::function<void(Status)> done) override;

    /// Whether `options` reach a usable store under `prefix`, and if not, precisely why: see
    /// ConnectionTest. For the connect dialog's "Test connection".
    static void testConnection(const EtcdClientOptions &options, const QString &prefix, const QObject *context,
                               std::function<void(Result<ConnectionReport>)> done);

private:
    enum class Source { Config, Leases };

    ClusterSession(std::unique_ptr<EtcdClient> client, StoreLayout layout, QString clusterId, ClusterState *state);

    void wireLeases();
    void wireConfig();
    void sourceUp(Source source);
    void sourceDown(Source source, const Error &error);

    std::unique_ptr<EtcdClient> mClient;
    StoreLayout mLayout;
    QString mClusterId;
    QPointer<ClusterState> mState;
    LeaseWatcher *mLeases = nullptr;        // children, deleted before mClient (they use it)
    ConfigWatcher *mConfig = nullptr;
    LeaseExpirations *mExpirations = nullptr;
    SummaryPoller *mSummaries = nullptr;
    bool mRunning = false;
    bool mConfigUp = false;
    bool mLeasesUp = false;
    bool mEverConnected = false;
    bool mAwaitingList = true; // the first lease list of this start() has not arrived yet
};

} // namespace tartan
