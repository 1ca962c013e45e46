#include "layoutstore.h"

#include <QSettings>
#include <QUrl>
#include <QVariantMap>

namespace tartan::gui {

QString LayoutStore::settingsKey() const
{
    // A cluster id is a URL ("etcd://127.0.0.1:2379/coreos.com/network"): its slashes would nest groups.
    return QStringLiteral("topology/%1/positions").arg(QString::fromLatin1(QUrl::toPercentEncoding(mClusterId)));
}

void LayoutStore::load(const QString &clusterId)
{
    mClusterId = clusterId;
    mPositions.clear();
    if (mClusterId.isEmpty())
        return;
    const QVariantMap saved = QSettings().value(settingsKey()).toMap();
    for (auto it = saved.cbegin(); it != saved.cend(); ++it) {
        const auto subnet = SubnetKey::parse(it.key());
        if (subnet && it.value().canConvert<QPointF>())
            mPositions.insert(*subnet, it.value().toPointF());
    }
}

void LayoutStore::save(const SubnetKey &subnet, const QPointF &position)
{
    mPositions.insert(subnet, position);
    write();
}

void LayoutStore::clear()
{
    mPositions.clear();
    if (!mClusterId.isEmpty())
        QSettings().remove(settingsKey());
}

void LayoutStore::write() const
{
    if (mClusterId.isEmpty())
        return;
    QVariantMap saved;
    for (auto it = mPositions.cbegin(); it != mPositions.cend(); ++it)
        saved.insert(it.key().toString(), it.value());
    QSettings().setValue(settingsKey(), saved);
}

} // namespace tartan::gui
