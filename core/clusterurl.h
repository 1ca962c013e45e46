#pragma once

#include "result.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace tartan {

/// The address of one cluster's store as the app shows, remembers and accepts it:
/// `etcd://HOST:PORT[,HOST:PORT...][/prefix]` for plain HTTP endpoints, `etcds://...` for TLS
/// (https) endpoints. The prefix defaults to flannel's /coreos.com/network; a port left out is
/// etcd's client port 2379. IPv6 hosts are written in brackets: `etcd://[fd00::1]:2379`.
///
/// One scheme covers every endpoint: a cluster whose endpoints mix http and https has no
/// ClusterUrl (fromEndpoints() says so). TLS files and credentials are not part of the address.
class ClusterUrl
{
public:
    static constexpr quint16 kDefaultPort = 2379;

    /// Parses the text form. Errors quote the text and the part that is wrong:
    /// "cluster address 'etcd://a:99999': port '99999' is not a number from 1 to 65535".
    static Result<ClusterUrl> parse(const QString &text);
    /// From EtcdClientOptions' endpoints (http:// or https://, host and port only) and a prefix.
    static Result<ClusterUrl> fromEndpoints(const QList<QUrl> &endpoints, const QString &prefix);

    /// http:// or https:// URLs, in the order given; at least one.
    const QList<QUrl> &endpoints() const { return mEndpoints; }
    /// The etcd key prefix, without a trailing slash: "/coreos.com/network".
    const QString &prefix() const { return mPrefix; }
    bool usesTls() const { return mTls; }

    /// The canonical text, prefix always included: "etcd://127.0.0.1:2379,10.0.0.2:2379/coreos.com/network".
    QString toString() const;
    /// The first endpoint and the prefix: the stable name ClusterState::clusterId() wants.
    QString clusterId() const;

    friend bool operator==(const ClusterUrl &, const ClusterUrl &) = default;

private:
    ClusterUrl() = default;

    QList<QUrl> mEndpoints;
    QString mPrefix;
    bool mTls = false;
};

} // namespace tartan
