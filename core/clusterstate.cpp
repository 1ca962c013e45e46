#include "clusterstate.h"

#include <QStringList>

#include <utility>

namespace tartan {

namespace {

Error noConfig()
{
    return Error(QStringLiteral("network config: not in the store"));
}

QString describe(const Lease &lease)
{
    QString text = QStringLiteral("at %1").arg(lease.attrs.publicIp.toString());
    text += QStringLiteral(", %1").arg(lease.attrs.backendName());
    if (auto vxlan = lease.attrs.vxlanData())
        text += QStringLiteral(", VTEP %1").arg(vxlan->vtepMac.toString());
    return text;
}

} // namespace

ClusterState::ClusterState(QObject *parent) : QObject(parent), mConfig(noConfig()) {}

void ClusterState::record(ClusterEvent::Kind kind, const QString &subject, const QString &detail)
{
    emit event(ClusterEvent{QDateTime::currentDateTimeUtc(), kind, subject, detail});
}

void ClusterState::setConnection(Connection connection, const QString &detail)
{
    if (connection == mConnection && detail == mConnectionDetail)
        return;
    const bool stateChanged = connection != mConnection;
    mConnection = connection;
    mConnectionDetail = detail;
    emit connectionChanged(connection, detail);
    // Repeated failures while reconnecting update the detail without flooding the log.
    if (stateChanged) {
        static const char *const names[] = {"disconnected", "connecting", "connected", "reconnecting"};
        QString line = QString::fromLatin1(names[static_cast<int>(connection)]);
        if (!detail.isEmpty())
            line += QStringLiteral(": ") + detail;
        record(ClusterEvent::Kind::Connection, {}, line);
    }
}

void ClusterState::setConfigText(const QByteArray &text)
{
    if (text == mConfigText && (mConfig || !text.isEmpty()))
        return;
    mConfigText = text;
    if (text.isEmpty())
        mConfig = noConfig();
    else
        mConfig = NetworkConfig::parse(text);
    emit configChanged();
    record(ClusterEvent::Kind::ConfigChanged, {},
           mConfig ? QStringLiteral("network %1, backend %2")
                         .arg(mConfig->enableIPv4 ? mConfig->ipv4.network.toString() : mConfig->ipv6.network.toString(),
                              backendTypeName(mConfig->backend.type))
                   : mConfig.error().message());
}

void ClusterState::resetLeases(const QMap<SubnetKey, Lease> &leases)
{
    // Expirations survive a re-list: the watch does not carry them.
    QMap<SubnetKey, Lease> merged = leases;
    for (auto it = merged.begin(); it != merged.end(); ++it) {
        const auto known = mLeases.constFind(it.key());
        if (known != mLeases.cend() && !it->expiration.isValid() && known->storeLeaseId == it->storeLeaseId)
            it->expiration = known->expiration;
    }
    mLeases = merged;
    mSynced = true;
    emit leasesReset();
    record(ClusterEvent::Kind::Listed, {}, tr("%n lease(s)", nullptr, int(mLeases.size())));
}

void ClusterState::addLease(const Lease &lease)
{
    mLeases.insert(lease.subnet, lease);
    emit leaseAdded(lease);
    record(ClusterEvent::Kind::Added, lease.subnet.toString(), describe(lease));
}

void ClusterState::changeLease(const Lease &before, const Lease &after)
{
    Lease stored = after;
    if (!stored.expiration.isValid() && before.storeLeaseId == after.storeLeaseId)
        stored.expiration = mLeases.value(before.subnet).expiration;
    mLeases.insert(after.subnet, stored);
    emit leaseChanged(before, stored);
    record(ClusterEvent::Kind::Changed, after.subnet.toString(), describeLeaseChange(before, after));
}

void ClusterState::removeLease(const Lease &lease)
{
    // `lease` may refer into mLeases: copy what is needed before taking the entry out.
    const Lease given = lease;
    const Lease known = mLeases.take(given.subnet);
    const Lease &removed = known.subnet.isNull() ? given : known;
    emit leaseRemoved(removed);
    record(ClusterEvent::Kind::Removed, removed.subnet.toString(), describe(removed));
}

void ClusterState::rejectValue(const QByteArray &key, const QString &reason)
{
    mRejected.insert(key, reason);
    emit valueRejected(key, reason);
    record(ClusterEvent::Kind::Rejected, QString::fromUtf8(key), reason);
}

void ClusterState::forgetRejected(const QByteArray &key)
{
    if (mRejected.remove(key) > 0)
        emit rejectionCleared(key);
}

void ClusterState::setExpiration(const SubnetKey &subnet, const QDateTime &expiration)
{
    const auto it = mLeases.find(subnet);
    if (it == mLeases.end() || it->expiration == expiration)
        return;
    it->expiration = expiration;
    emit expirationChanged(subnet, expiration);
}

const NodeSummary *ClusterState::summary(const SubnetKey &lease) const
{
    const auto it = mSummaries.constFind(lease);
    return it == mSummaries.cend() ? nullptr : &*it;
}

void ClusterState::setSummaries(const QMap<SubnetKey, NodeSummary> &summaries)
{
    const QMap<SubnetKey, NodeSummary> before = std::exchange(mSummaries, summaries);
    mSummariesKnown = true;
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if (!summaries.contains(it.key()))
            emit summaryRemoved(it.key());
    for (auto it = summaries.cbegin(); it != summaries.cend(); ++it) {
        const auto old = before.constFind(it.key());
        if (old == before.cend() || *old != *it)
            emit summaryChanged(*it);
    }
    emit summariesUpdated();
}

void ClusterState::clear()
{
    const QList<SubnetKey> reported = mSummaries.keys();
    mSummaries.clear();
    mSummariesKnown = false;
    for (const SubnetKey &lease : reported)
        emit summaryRemoved(lease);
    mLeases.clear();
    mRejected.clear();
    mConfigText.clear();
    mConfig = noConfig();
    mSynced = false;
    emit leasesReset();
    emit configChanged();
    setConnection(Connection::Disconnected);
}

QString describeLeaseChange(const Lease &before, const Lease &after)
{
    QStringList parts;
    if (before.attrs.publicIp != after.attrs.publicIp)
        parts << QStringLiteral("PublicIP %1 -> %2").arg(before.attrs.publicIp.toString(), after.attrs.publicIp.toString());
    if (before.attrs.backendType != after.attrs.backendType)
        parts << QStringLiteral("BackendType %1 -> %2").arg(before.attrs.backendType, after.attrs.backendType);
    const auto oldVxlan = before.attrs.vxlanData();
    const auto newVxlan = after.attrs.vxlanData();
    if (oldVxlan && newVxlan && oldVxlan->vtepMac != newVxlan->vtepMac)
        parts << QStringLiteral("VtepMAC %1 -> %2").arg(oldVxlan->vtepMac.toString(), newVxlan->vtepMac.toString());
    else if (before.attrs.backendData != after.attrs.backendData)
        parts << QStringLiteral("BackendData changed");
    if (before.storeLeaseId != after.storeLeaseId)
        parts << QStringLiteral("etcd lease %1 -> %2").arg(before.storeLeaseId).arg(after.storeLeaseId);
    if (parts.isEmpty())
        parts << QStringLiteral("value rewritten");
    return parts.join(QStringLiteral(", "));
}

} // namespace tartan
