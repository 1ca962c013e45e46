#pragma once

#include "result.h"
#include "subnetkey.h"

#include <QByteArray>
#include <QString>

namespace tartan {

/// Where things live in etcd under --etcd-prefix (default /coreos.com/network), key for key as
/// flanneld writes them, plus Tartan's own subtree which flanneld never reads (it watches only
/// `subnets/`).
class StoreLayout
{
public:
    static constexpr char kDefaultPrefix[] = "/coreos.com/network";

    /// A trailing slash on `prefix` is ignored, as etcd paths are joined with one.
    explicit StoreLayout(const QString &prefix = QString::fromLatin1(kDefaultPrefix));

    const QString &prefix() const { return mPrefix; }
    QByteArray configKey() const;     ///< <prefix>/config
    QByteArray subnetsPrefix() const; ///< <prefix>/subnets/
    QByteArray subnetKey(const SubnetKey &subnet) const;
    QByteArray tartanPrefix() const;  ///< <prefix>/tartan/
    QByteArray reportsPrefix() const; ///< <prefix>/tartan/reports/: one NodeSummary per node
    QByteArray reportKey(const SubnetKey &subnet) const; ///< <prefix>/tartan/reports/<subnet key>

    /// The subnet named by a full key under subnetsPrefix(); an error quoting the key otherwise.
    Result<SubnetKey> parseSubnetKey(const QByteArray &key) const;
    /// The node named by a full key under reportsPrefix(); an error quoting the key otherwise.
    Result<SubnetKey> parseReportKey(const QByteArray &key) const;

private:
    static Result<SubnetKey> parseKeyUnder(const QByteArray &key, const QByteArray &prefix);

    QString mPrefix;
};

} // namespace tartan
