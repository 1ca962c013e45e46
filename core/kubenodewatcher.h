#pragma once

#include "json.h"
#include "kubeclient.h"
#include "result.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace tartan {

/// Every Node, kept current the way an informer does: list once, then watch from the list's
/// resourceVersion with bookmarks, resuming from the last version seen (an event's or a
/// bookmark's) whenever a watch request ends. When the server answers 410 Gone (the version was
/// compacted away), the watcher lists again and reports the difference to what it knew, so that
/// nothing is lost and nothing reported twice. Failures are retried with back-off and reported
/// through problem().
///
/// Threading: the client's thread; the client must outlive the watcher.
class KubeNodeWatcher : public QObject
{
    Q_OBJECT
public:
    explicit KubeNodeWatcher(KubeClient *client, QObject *parent = nullptr);
    ~KubeNodeWatcher() override;

    void start();
    void stop();

    bool isSynced() const { return mSynced; }
    /// The nodes by name, as last seen.
    const QMap<QString, json::Json> &nodes() const { return mNodes; }
    QString resourceVersion() const { return mResourceVersion; }
    /// How many times the watcher listed (1 + re-lists after 410 Gone): for tests and the log.
    int listCount() const { return mLists; }

    std::chrono::milliseconds retryMin{200};
    std::chrono::milliseconds retryMax{30000};

signals:
    /// The first list is applied (and again after every re-list).
    void synced();
    void nodeAdded(const tartan::json::Json &node);
    /// Only when the object changed (a new resourceVersion alone on an equal object is not a change).
    void nodeChanged(const tartan::json::Json &before, const tartan::json::Json &after);
    void nodeRemoved(const tartan::json::Json &node);
    /// A watch request was accepted: the server is reachable again after a problem(), even when
    /// nothing changes and no event comes.
    void watching();
    void problem(const tartan::Error &error);
    /// The server refused the credentials or their permission (KubeError::isRefusal()), before
    /// problem() for the same failure. The watcher retries unless a receiver stops it: a view
    /// may wait for the credentials to be fixed, a command ends at once.
    void refused(const tartan::KubeError &error);

private:
    void list();
    void applyList(const json::Json &list);
    void watch();
    void onEvent(const QString &type, const json::Json &object);
    void onWatchEnded(const std::optional<KubeError> &error);
    void put(const json::Json &node);
    void retry(const Error &error, void (KubeNodeWatcher::*next)());
    /// A failed request of the server's: refused(), if it is a refusal, then retry().
    void failed(const KubeError &error, void (KubeNodeWatcher::*next)());

    KubeClient *mClient;
    QPointer<KubeWatchStream> mStream;
    QTimer mRetryTimer;
    std::chrono::milliseconds mRetryDelay;
    void (KubeNodeWatcher::*mRetryStep)() = nullptr;
    QMap<QString, json::Json> mNodes;
    QString mResourceVersion;
    bool mRunning = false;
    bool mSynced = false;
    int mLists = 0;
    quint64 mGeneration = 0;
};

/// metadata.name / metadata.resourceVersion of an object, or "".
QString kubeName(const json::Json &object);
QString kubeResourceVersion(const json::Json &object);

} // namespace tartan
