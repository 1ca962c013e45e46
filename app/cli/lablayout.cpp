#include "lablayout.h"

#include <QRegularExpression>

namespace tartan::cli {

Result<LabLayout> LabLayout::forName(const QString &name)
{
    // Namespace names become file names under /run/netns and arguments of `ip`: keep them plain.
    static const QRegularExpression valid(QStringLiteral("^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$"));
    if (!valid.match(name).hasMatch() || name.contains(QStringLiteral("--")))
        return Error(QStringLiteral("lab name '%1': use 1 to 32 lower-case letters, digits and single inner dashes, starting with a letter").arg(name));
    return LabLayout(name);
}

QString LabLayout::stateDir() const
{
    return QString::fromLatin1(kStateRoot) + u'/' + mName;
}

QString LabLayout::statePath(const QString &relative) const
{
    return stateDir() + u'/' + relative;
}

QString LabLayout::nodeDir(int node) const
{
    return statePath(nodeName(node));
}

QString LabLayout::underlayNetns() const
{
    return mName + QStringLiteral("-net");
}

QString LabLayout::nodeNetns(int node) const
{
    return mName + u'-' + nodeName(node);
}

QString LabLayout::podNetns(int node, int pod) const
{
    return mName + u'-' + podName(node, pod);
}

QString LabLayout::nodeName(int node)
{
    return QStringLiteral("node%1").arg(node);
}

QString LabLayout::podName(int node, int pod)
{
    return QStringLiteral("n%1-p%2").arg(node).arg(pod);
}

QString LabLayout::nodeAddress(int node)
{
    return QStringLiteral("192.168.77.%1").arg(10 + node);
}

QString LabLayout::underlayVeth(int node)
{
    return QStringLiteral("veth-node%1").arg(node);
}

QString LabLayout::reportUrlInside(int node)
{
    return QStringLiteral("http://%1:%2").arg(nodeAddress(node)).arg(kReportPort);
}

QString LabLayout::etcdUrlInside()
{
    return QStringLiteral("http://%1:%2").arg(gateway()).arg(kEtcdPort);
}

bool LabLayout::owns(const QString &netns) const
{
    if (!netns.startsWith(mName + u'-'))
        return false;
    return !netnsOf(netns.mid(mName.size() + 1)).isEmpty();
}

QStringList LabLayout::ownedAmong(const QStringList &netns) const
{
    QStringList owned;
    for (const QString &name : netns)
        if (owns(name))
            owned << name;
    return owned;
}

QString LabLayout::netnsOf(const QString &member) const
{
    static const QRegularExpression shape(QStringLiteral("^(?:net|node[1-9][0-9]*|n[1-9][0-9]*-p[1-9][0-9]*)$"));
    if (!shape.match(member).hasMatch())
        return {};
    return mName + u'-' + member;
}

} // namespace tartan::cli
