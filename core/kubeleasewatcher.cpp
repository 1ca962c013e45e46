#include "kubeleasewatcher.h"

#include <utility>

namespace tartan {

KubeLeaseWatcher::KubeLeaseWatcher(KubeNodeWatcher *nodes, KubeAnnotations names, QObject *parent)
    : QObject(parent), mNodes(nodes), mNames(std::move(names))
{
    connect(mNodes, &KubeNodeWatcher::nodeAdded, this, &KubeLeaseWatcher::update);
    connect(mNodes, &KubeNodeWatcher::nodeChanged, this, [this](const json::Json &, const json::Json &after) { update(after); });
    connect(mNodes, &KubeNodeWatcher::nodeRemoved, this, [this](const json::Json &node) {
        const QString name = kubeName(node);
        if (mRejected.remove(name) > 0)
            emit rejectionCleared(name);
        remove(name);
    });
    connect(mNodes, &KubeNodeWatcher::watching, this, &KubeLeaseWatcher::watching);
    connect(mNodes, &KubeNodeWatcher::synced, this, &KubeLeaseWatcher::synced);
    connect(mNodes, &KubeNodeWatcher::problem, this, &KubeLeaseWatcher::problem);
    for (const json::Json &node : mNodes->nodes())
        update(node);
}

void KubeLeaseWatcher::update(const json::Json &node)
{
    const QString name = kubeName(node);
    auto lease = kubeNodeLease(node, mNames);
    if (!lease) {
        const bool known = mRejected.contains(name) && mRejected.value(name).message() == lease.error().message();
        remove(name);
        mRejected.insert(name, lease.error());
        if (!known)
            emit leaseRejected(name, lease.error());
        return;
    }
    if (mRejected.remove(name) > 0)
        emit rejectionCleared(name);
    if (!*lease)
        return remove(name);
    const Lease &now = **lease;
    const auto previous = mSubnetOf.constFind(name);
    if (previous != mSubnetOf.constEnd() && *previous != now.subnet)
        remove(name); // a new podCIDR: the old lease is gone, a new one appears
    const auto known = mLeases.constFind(now.subnet);
    if (known == mLeases.constEnd()) {
        mLeases.insert(now.subnet, now);
        mSubnetOf.insert(name, now.subnet);
        emit leaseAdded(now);
        return;
    }
    // The old value is kept aside (not referenced): the map slot it lives in is overwritten here.
    const Lease before = std::exchange(mLeases[now.subnet], now);
    mSubnetOf.insert(name, now.subnet);
    if (before.attrs != now.attrs)
        emit leaseChanged(before, now);
}

void KubeLeaseWatcher::remove(const QString &name)
{
    const auto subnet = mSubnetOf.constFind(name);
    if (subnet == mSubnetOf.constEnd())
        return;
    const Lease gone = mLeases.take(*subnet);
    mSubnetOf.erase(subnet);
    emit leaseRemoved(gone);
}

} // namespace tartan
