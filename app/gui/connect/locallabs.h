#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

namespace tartan::gui {

/// A local lab (`tartanctl lab up`) as its lab.json records it: what the app needs to open it.
struct LocalLab
{
    QString name;
    QString stateFile; ///< <root>/<name>/lab.json
    QString endpoint;  ///< the loopback relay to the lab's etcd, "http://127.0.0.1:PORT"
    QString prefix;    ///< the lab's etcd prefix
    QDateTime created;
    /// Agents' published report endpoints (their underlay addresses, reachable only inside the
    /// lab) -> the loopback relays `lab up` made for them.
    QHash<QString, QString> reportRelays;
};

/// Finds the local labs on this machine by their state files, <root>/<name>/lab.json (root:
/// /run/tartan-lab, LabLayout::kStateRoot of tartanctl). `lab up` runs as root and keeps its state
/// dir 0700, so a lab is often visible (its directory) without being readable (its lab.json): such
/// labs are listed apart, with the reason, so the app can say so instead of "no lab".
class LocalLabs
{
public:
    static constexpr const char *kDefaultRoot = "/run/tartan-lab";

    struct Unreadable
    {
        QString name;
        QString stateFile;
        QString reason;
    };
    struct Found
    {
        QList<LocalLab> labs;           ///< newest first
        QList<Unreadable> unreadable;
    };

    static Found find(const QString &root = QString::fromLatin1(kDefaultRoot));
    /// The report relays of the lab whose etcd relay is one of `etcdEndpoints` (same scheme, host
    /// and port), for AgentClient::setEndpointMap(); empty when no readable lab matches.
    static QHash<QString, QString> reportRelaysFor(const QList<QUrl> &etcdEndpoints,
                                                   const QString &root = QString::fromLatin1(kDefaultRoot));
    /// The report relays of every readable lab (the newest lab's first where two name the same
    /// endpoint): for a cluster reached otherwise than through a lab's etcd relay (Kubernetes mode),
    /// whose agents may be a lab's.
    static QHash<QString, QString> allReportRelays(const QString &root = QString::fromLatin1(kDefaultRoot));
};

} // namespace tartan::gui
