#include "storelayout.h"

namespace tartan {

StoreLayout::StoreLayout(const QString &prefix) : mPrefix(prefix)
{
    while (mPrefix.endsWith(u'/'))
        mPrefix.chop(1);
}

QByteArray StoreLayout::configKey() const
{
    return (mPrefix + QStringLiteral("/config")).toUtf8();
}

QByteArray StoreLayout::subnetsPrefix() const
{
    return (mPrefix + QStringLiteral("/subnets/")).toUtf8();
}

QByteArray StoreLayout::subnetKey(const SubnetKey &subnet) const
{
    return subnetsPrefix() + subnet.toString().toUtf8();
}

QByteArray StoreLayout::tartanPrefix() const
{
    return (mPrefix + QStringLiteral("/tartan/")).toUtf8();
}

QByteArray StoreLayout::reportsPrefix() const
{
    return (mPrefix + QStringLiteral("/tartan/reports/")).toUtf8();
}

QByteArray StoreLayout::reportKey(const SubnetKey &subnet) const
{
    return reportsPrefix() + subnet.toString().toUtf8();
}

Result<SubnetKey> StoreLayout::parseSubnetKey(const QByteArray &key) const
{
    return parseKeyUnder(key, subnetsPrefix());
}

Result<SubnetKey> StoreLayout::parseReportKey(const QByteArray &key) const
{
    return parseKeyUnder(key, reportsPrefix());
}

Result<SubnetKey> StoreLayout::parseKeyUnder(const QByteArray &key, const QByteArray &prefix)
{
    if (!key.startsWith(prefix))
        return Error(QStringLiteral("key '%1' is not under '%2'").arg(QString::fromUtf8(key), QString::fromUtf8(prefix)));
    auto subnet = SubnetKey::parse(QString::fromUtf8(key.mid(prefix.size())));
    if (!subnet)
        return subnet.error().context(QStringLiteral("key '%1'").arg(QString::fromUtf8(key)));
    return subnet;
}

} // namespace tartan
