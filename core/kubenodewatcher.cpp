#include "kubenodewatcher.h"

#include <QSet>

#include <utility>

namespace tartan {

namespace {

QString metadataString(const json::Json &object, const char *field)
{
    if (!object.is_object())
        return {};
    const auto meta = object.find("metadata");
    if (meta == object.end() || !meta->is_object())
        return {};
    const auto value = meta->find(field);
    return value != meta->end() && value->is_string() ? json::toQString(value->get<std::string>()) : QString();
}

/// The node without its resourceVersion (and managedFields): what a change is judged on.
json::Json comparable(json::Json node)
{
    if (node.is_object() && node.contains("metadata") && node["metadata"].is_object()) {
        node["metadata"].erase("resourceVersion");
        node["metadata"].erase("managedFields");
    }
    return node;
}

} // namespace

QString kubeName(const json::Json &object)
{
    return metadataString(object, "name");
}

QString kubeResourceVersion(const json::Json &object)
{
    return metadataString(object, "resourceVersion");
}

KubeNodeWatcher::KubeNodeWatcher(KubeClient *client, QObject *parent)
    : QObject(parent), mClient(client), mRetryDelay(retryMin)
{
    mRetryTimer.setSingleShot(true);
    connect(&mRetryTimer, &QTimer::timeout, this, [this] {
        if (mRunning && mRetryStep)
            (this->*mRetryStep)();
    });
}

KubeNodeWatcher::~KubeNodeWatcher() = default;

void KubeNodeWatcher::start()
{
    if (mRunning)
        return;
    mRunning = true;
    mRetryDelay = retryMin;
    list();
}

void KubeNodeWatcher::stop()
{
    mRunning = false;
    ++mGeneration;
    mRetryTimer.stop();
    delete mStream;
}

void KubeNodeWatcher::retry(const Error &error, void (KubeNodeWatcher::*next)())
{
    emit problem(error);
    mRetryStep = next;
    mRetryTimer.start(mRetryDelay);
    mRetryDelay = std::min(mRetryDelay * 2, retryMax);
}

void KubeNodeWatcher::failed(const KubeError &error, void (KubeNodeWatcher::*next)())
{
    if (error.isRefusal()) {
        emit refused(error);
        if (!mRunning)
            return; // a receiver stopped the watcher
    }
    retry(error.error(), next);
}

void KubeNodeWatcher::list()
{
    const quint64 generation = mGeneration;
    mClient->listNodes(this, [this, generation](Result<json::Json, KubeError> answer) {
        if (!mRunning || generation != mGeneration)
            return;
        if (!answer)
            return failed(answer.error(), &KubeNodeWatcher::list);
        if (!answer->is_object() || !answer->contains("items") || !(*answer)["items"].is_array())
            return retry(Error(QStringLiteral("kube node list: the answer has no items")), &KubeNodeWatcher::list);
        ++mLists;
        mRetryDelay = retryMin;
        applyList(*answer);
        watch();
    });
}

void KubeNodeWatcher::applyList(const json::Json &list)
{
    mResourceVersion = kubeResourceVersion(list);
    QSet<QString> listed;
    for (const json::Json &node : list["items"]) {
        const QString name = kubeName(node);
        if (name.isEmpty())
            continue;
        listed.insert(name);
        put(node);
    }
    for (auto it = mNodes.begin(); it != mNodes.end();) {
        if (listed.contains(it.key())) {
            ++it;
            continue;
        }
        const json::Json gone = it.value();
        it = mNodes.erase(it);
        emit nodeRemoved(gone);
    }
    mSynced = true;
    emit synced();
}

void KubeNodeWatcher::put(const json::Json &node)
{
    const QString name = kubeName(node);
    const auto known = mNodes.constFind(name);
    if (known == mNodes.constEnd()) {
        mNodes.insert(name, node);
        emit nodeAdded(node);
        return;
    }
    const json::Json before = std::exchange(mNodes[name], node);
    if (comparable(before) != comparable(node))
        emit nodeChanged(before, node);
}

void KubeNodeWatcher::watch()
{
    delete mStream;
    mStream = mClient->watchNodes(mResourceVersion, this);
    connect(mStream, &KubeWatchStream::opened, this, &KubeNodeWatcher::watching);
    connect(mStream, &KubeWatchStream::event, this, &KubeNodeWatcher::onEvent);
    connect(mStream, &KubeWatchStream::finished, this, &KubeNodeWatcher::onWatchEnded);
}

void KubeNodeWatcher::onEvent(const QString &type, const json::Json &object)
{
    const QString version = kubeResourceVersion(object);
    if (!version.isEmpty())
        mResourceVersion = version;
    mRetryDelay = retryMin;
    if (type == QLatin1String("BOOKMARK"))
        return;
    const QString name = kubeName(object);
    if (name.isEmpty())
        return;
    if (type == QLatin1String("DELETED")) {
        if (!mNodes.contains(name))
            return;
        emit nodeRemoved(mNodes.take(name));
        return;
    }
    put(object); // ADDED, MODIFIED
}

void KubeNodeWatcher::onWatchEnded(const std::optional<KubeError> &error)
{
    if (mStream) {
        mStream->deleteLater(); // it is emitting this signal: not deleted here
        mStream = nullptr;
    }
    if (!mRunning)
        return;
    if (!error)
        return watch(); // the server's timeout: resume from the last version seen
    if (error->httpStatus == 410) {
        emit problem(Error(error->message + QStringLiteral("; listing again")));
        return list();
    }
    failed(*error, &KubeNodeWatcher::watch);
}

} // namespace tartan
