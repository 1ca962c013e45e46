#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

namespace tartan::cli {

/// Where everything of one local lab lives, all derived from the lab's name so that two labs (or a
/// lab and a test run) never collide:
///  - the underlay namespace "<name>-net": bridge br0 at 192.168.77.1/24 and etcd listening there;
///  - node namespaces "<name>-node<i>": eth0 at 192.168.77.(10+i)/24, default route via .1;
///  - pod namespaces "<name>-n<i>-p<j>", wired by the CNI plugin inside node i;
///  - the state dir /run/tartan-lab/<name> (0700): logs, pid files, etcd's data, lab.json.
/// Link names (br0, veth-node<i>, eth0) exist only inside the lab's own namespaces, so they need no
/// prefix and stay far below the kernel's 15 characters. A plain value, cheap to copy.
class LabLayout
{
public:
    static constexpr const char *kDefaultName = "tartan-lab";
    static constexpr const char *kStateRoot = "/run/tartan-lab";
    static constexpr int kMaxNodes = 50;        ///< addresses .11 to .60 on the underlay
    static constexpr int kMaxPodsPerNode = 20;
    static constexpr quint16 kEtcdPort = 2379;  ///< inside "<name>-net", so it never clashes
    static constexpr quint16 kReportPort = 8476; ///< each tartand's report endpoint, on its underlay address

    /// Checks `name`: lower-case letters, digits and inner dashes, at most 32 characters.
    static Result<LabLayout> forName(const QString &name);

    const QString &name() const { return mName; }
    QString stateDir() const;
    QString statePath(const QString &relative) const;
    QString nodeDir(int node) const;
    QString labFile() const { return statePath(QStringLiteral("lab.json")); }

    QString underlayNetns() const;
    QString nodeNetns(int node) const;
    QString podNetns(int node, int pod) const;
    /// "node2", "n2-p1": how commands and lab.json name members of the lab.
    static QString nodeName(int node);
    static QString podName(int node, int pod);

    static QString gateway() { return QStringLiteral("192.168.77.1"); }
    static int underlayPrefixLength() { return 24; }
    static QString nodeAddress(int node);
    static QString bridge() { return QStringLiteral("br0"); }
    static QString underlayVeth(int node);
    /// etcd's client URL, valid inside the lab's namespaces only.
    static QString etcdUrlInside();
    /// A node's agent report endpoint, valid inside the lab's namespaces only.
    static QString reportUrlInside(int node);

    /// Whether `netns` is one of this lab's namespaces. The match is exact in shape, so that lab
    /// "a" never claims lab "a-2"'s namespaces ("a-2-net").
    bool owns(const QString &netns) const;
    /// Those of `netns` (names from `ip netns list`) that owns() claims.
    QStringList ownedAmong(const QStringList &netns) const;
    /// The namespace of a member ("node2", "n2-p1", "net"); empty when `member` has none of those shapes.
    QString netnsOf(const QString &member) const;

private:
    explicit LabLayout(QString name) : mName(std::move(name)) {}

    QString mName;
};

} // namespace tartan::cli
