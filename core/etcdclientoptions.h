#pragma once

#include "result.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>

namespace tartan {

/// How EtcdClient reaches etcd. Every field has the default flanneld would use where flanneld has
/// one; the time limits are Tartan's.
struct EtcdClientOptions
{
    /// Tried in order on connection failure; the one that answered last is used first afterwards.
    /// http:// or https://; the scheme decides whether TLS is used (as in etcd's Go client).
    QList<QUrl> endpoints;

    /// TLS, for https:// endpoints: PEM files as flanneld's --etcd-cafile/--etcd-certfile/
    /// --etcd-keyfile. Without a CA file the system's CAs are trusted. The client certificate and
    /// key go together.
    QString caFile;
    QString certFile;
    QString keyFile;

    /// etcd user (--etcd-username/--etcd-password): a token from /v3/auth/authenticate is sent with
    /// every request and renewed when etcd says it is no longer valid. Empty: no authentication.
    QString username;
    QString password;

    /// Limit for one attempt of a request (including any wait for a free connection: Qt opens at
    /// most six per endpoint), and for a watch to be established.
    std::chrono::milliseconds requestTimeout{5000};
    /// Attempts per request (first try included). Idempotent requests (range, lease time-to-live,
    /// keep-alive, authenticate) are retried after any transport failure; the others only when
    /// etcd cannot have applied them (connection refused, "no leader").
    int maxAttempts = 5;
    /// Back-off between attempts on an endpoint already tried, and between watch reconnects:
    /// doubles from the minimum up to the maximum.
    std::chrono::milliseconds backoffMin{100};
    std::chrono::milliseconds backoffMax{5000};
    /// A watch stream that has carried no byte for this long is probed: one read-only transaction
    /// asks etcd whether the watched keys changed since the stream's last event (see
    /// etcd::WatchProbe). If they did, the stream is dead without having closed and is reconnected
    /// from its revision; if not, nothing happens (a quiet cluster costs one small read per watch
    /// per period, never a reconnect). This bounds how long a stalled stream goes unnoticed to
    /// about this period after the first change it misses. 0 turns the probe off.
    std::chrono::milliseconds watchIdleProbe{60000};

    /// Parses flanneld's --etcd-endpoints: comma-separated URLs; "host:port" means http://host:port.
    static Result<QList<QUrl>> parseEndpoints(const QString &text);
};

} // namespace tartan
