#include "kubeleasemanager.h"

#include <QDateTime>

namespace tartan {

KubeLeaseManager::KubeLeaseManager(KubeClient *client, KubeNodeWatcher *nodes, KubeAnnotations names, QString nodeName,
                                   NetworkConfig config, LeaseAttrs self, Options options, QObject *parent)
    : QObject(parent), mClient(client), mNodes(nodes), mNames(std::move(names)), mNodeName(std::move(nodeName)),
      mConfig(std::move(config)), mSelf(std::move(self)), mOptions(options), mRetryDelay(options.retryMin)
{
    mRetryTimer.setSingleShot(true);
    connect(&mRetryTimer, &QTimer::timeout, this, &KubeLeaseManager::acquire);
    if (mNodes) {
        connect(mNodes, &KubeNodeWatcher::nodeChanged, this, [this](const json::Json &, const json::Json &after) { onNodeChanged(after); });
        connect(mNodes, &KubeNodeWatcher::nodeRemoved, this, &KubeLeaseManager::onNodeRemoved);
    }
}

void KubeLeaseManager::start()
{
    if (mRunning)
        return;
    mRunning = true;
    acquire();
}

void KubeLeaseManager::stop()
{
    mRunning = false;
    ++mGeneration;
    mRetryTimer.stop();
}

void KubeLeaseManager::setAttrs(const LeaseAttrs &self)
{
    mSelf = self;
    if (mRunning && mHasLease)
        acquire();
}

void KubeLeaseManager::retryLater(const Error &error)
{
    emit problem(error);
    mRetryTimer.start(mRetryDelay);
    mRetryDelay = std::min(mRetryDelay * 2, mOptions.retryMax);
}

void KubeLeaseManager::acquire()
{
    const quint64 generation = mGeneration;
    mClient->getNode(mNodeName, this, [this, generation](Result<json::Json, KubeError> node) {
        if (!alive(generation))
            return;
        if (!node)
            return retryLater(node.error().error().context(QStringLiteral("reading own node '%1'").arg(mNodeName)));
        evaluate(*node);
    });
}

void KubeLeaseManager::evaluate(const json::Json &node)
{
    const QString where = QStringLiteral("node '%1'").arg(mNodeName);
    auto subnet = kubeNodeSubnet(node);
    if (!subnet)
        return retryLater(subnet.error());
    if (!mConfig.enableIPv6)
        subnet->ipv6 = IpNetwork(); // a dual-stack node in a single-stack network: the IPv4 half only
    if (subnet->isNull())
        return retryLater(Error(where + QStringLiteral(": pod cidr not assigned")));
    if (mConfig.enableIPv4 && (subnet->ipv4.isNull() || !mConfig.ipv4.network.contains(subnet->ipv4)))
        return retryLater(Error(QStringLiteral("%1: podCIDR %2 is not inside Network %3")
                                    .arg(where, subnet->ipv4.isNull() ? QStringLiteral("(no IPv4)") : subnet->ipv4.toString(),
                                         mConfig.ipv4.network.toString())));

    const QMap<QString, QString> annotations = kubeNodeAnnotations(node);
    LeaseAttrs advertised = mSelf;
    const auto overwrite = [&](const QString &name, IpAddress &target, bool v6) -> Status {
        auto address = kubeAnnotationAddress(annotations, name, v6, where);
        if (!address)
            return address.error();
        if (!address->isNull())
            target = *address;
        return {};
    };
    if (auto v4 = overwrite(mNames.publicIpOverwrite(), advertised.publicIp, false); !v4)
        return retryLater(v4.error());
    if (!advertised.publicIpv6.isNull())
        if (auto v6 = overwrite(mNames.publicIpv6Overwrite(), advertised.publicIpv6, true); !v6)
            return retryLater(v6.error());

    json::Json changed = json::Json::object();
    const QMap<QString, QString> wanted = mNames.forSelf(advertised);
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it)
        if (!annotations.contains(it.key()) || annotations.value(it.key()) != it.value())
            changed[it.key().toStdString()] = it.value().toStdString();

    Lease lease;
    lease.subnet = *subnet;
    lease.attrs = advertised;
    if (changed.empty()) {
        lease.modRevision = kubeResourceVersion(node).toLongLong();
        return hold(lease);
    }
    const quint64 generation = mGeneration;
    ++mPatches;
    const json::Json patch{{"metadata", {{"annotations", changed}}}};
    mClient->patchNode(mNodeName, patch, true, this, [this, generation, lease](Result<json::Json, KubeError> answer) mutable {
        if (!alive(generation))
            return;
        if (!answer)
            return retryLater(answer.error().error().context(QStringLiteral("writing the annotations of node '%1'").arg(mNodeName)));
        lease.modRevision = kubeResourceVersion(*answer).toLongLong();
        hold(lease);
    });
}

void KubeLeaseManager::hold(const Lease &lease)
{
    mRetryDelay = mOptions.retryMin;
    mLease = lease;
    mHasLease = true;
    emit acquired(lease);
    if (!mConditionSet && mOptions.setNodeNetworkUnavailable)
        markNetworkAvailable();
}

void KubeLeaseManager::markNetworkAvailable()
{
    mConditionSet = true;
    ++mPatches;
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const json::Json condition{{"type", "NetworkUnavailable"},
                               {"status", "False"},
                               {"reason", "FlannelIsUp"},
                               {"message", "Flannel is running on this node"},
                               {"lastTransitionTime", now.toStdString()},
                               {"lastHeartbeatTime", now.toStdString()}};
    const json::Json patch{{"status", {{"conditions", json::Json::array({condition})}}}};
    mClient->patchNode(mNodeName, patch, true, this, [this](Result<json::Json, KubeError> answer) {
        if (!answer) {
            mConditionSet = false; // tried again with the next acquisition
            emit problem(answer.error().error().context(QStringLiteral("setting NetworkUnavailable=False on node '%1'").arg(mNodeName)));
            return;
        }
        emit note(QStringLiteral("node '%1': NetworkUnavailable=False (FlannelIsUp)").arg(mNodeName));
    });
}

void KubeLeaseManager::onNodeChanged(const json::Json &node)
{
    if (!mRunning || !mHasLease || kubeName(node) != mNodeName)
        return;
    auto subnet = kubeNodeSubnet(node);
    if (subnet && !mConfig.enableIPv6)
        subnet->ipv6 = IpNetwork();
    if (subnet && *subnet == mLease.subnet)
        return;
    mHasLease = false;
    ++mGeneration;
    mRetryTimer.stop();
    emit lost(Error(QStringLiteral("node '%1': podCIDR changed from %2 to %3")
                        .arg(mNodeName, mLease.subnet.toString(), subnet ? subnet->toString() : subnet.error().message())));
    acquire();
}

void KubeLeaseManager::onNodeRemoved(const json::Json &node)
{
    if (!mRunning || kubeName(node) != mNodeName)
        return;
    mHasLease = false;
    mConditionSet = false;
    ++mGeneration;
    emit lost(Error(QStringLiteral("node '%1' was deleted").arg(mNodeName)));
    retryLater(Error(QStringLiteral("node '%1': waiting for it to be registered again").arg(mNodeName)));
}

} // namespace tartan
