#pragma once

#include "etcdclientoptions.h"
#include "kubetarget.h"
#include "result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class QSettings;

namespace tartan::gui {

/// One cluster the user connected to: what it takes to connect again, except the password, which
/// is never written anywhere (the user types it each time). Either an etcd cluster (url, TLS files,
/// user name) or a Kubernetes one (kubeconfig and context, isKube()).
struct RecentCluster
{
    QString url; ///< the ClusterUrl text: endpoints and prefix; for Kubernetes KubeTarget::key()
    QString caFile;
    QString certFile;
    QString keyFile;
    QString username;
    QString kubeconfig; ///< Kubernetes: the kubeconfig file; empty for etcd
    QString context;
    QString configMap;
    int agentPort = 0;
    QDateTime lastUsed;

    /// From connect options; the password in `options` is dropped. Fails when the endpoints have
    /// no ClusterUrl (mixed http/https, a path) or the prefix is malformed.
    static Result<RecentCluster> from(const EtcdClientOptions &options, const QString &prefix);
    static RecentCluster from(const KubeTarget &target);
    bool isKube() const { return !kubeconfig.isEmpty(); }
    KubeTarget kubeTarget() const;
    /// The options to connect with (no password), and the prefix.
    Result<EtcdClientOptions> options() const;
    QString prefix() const;

    friend bool operator==(const RecentCluster &, const RecentCluster &) = default;
};

/// The list of recently used clusters, most recent first, at most kMaxEntries, kept in QSettings
/// (group "recentClusters") so that every window and the next start of the app see it. Each call
/// reads or writes the settings file: there is no cached copy to go stale.
class RecentClusters
{
public:
    static constexpr int kMaxEntries = 10;

    /// The app's own settings (QSettings' default location for the organization and app name).
    RecentClusters() = default;
    /// An INI file of its own (tests, a portable setup).
    explicit RecentClusters(QString iniFile) : mIniFile(std::move(iniFile)) {}

    QList<RecentCluster> entries() const;
    /// Puts `entry` first (replacing an entry with the same url), stamps lastUsed if unset, and
    /// drops the oldest beyond kMaxEntries.
    void remember(RecentCluster entry);
    void forget(const QString &url);
    void clear();

    /// Where the list is kept, for messages and tests.
    QString fileName() const;

private:
    std::unique_ptr<QSettings> settings() const;
    void write(const QList<RecentCluster> &entries);

    QString mIniFile;
};

} // namespace tartan::gui
