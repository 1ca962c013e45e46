#pragma once

#include "lab.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace tartan::test {

/// A pod on one of a Lab's nodes, made the way a container runtime makes one: a named namespace,
/// then the built flannel CNI plugin (ADD) run inside the node, reading the node's subnet.env and
/// delegating to Debian's real `bridge` and `host-local` (/usr/lib/cni) with the stock kube-flannel
/// delegate. So cni0, the veth and the pod's address and MTU are exactly what the agent's
/// subnet.env calls for. The plugin's and host-local's files live in the node's directory.
/// The pod's namespace is deleted with the object.
class LabPod
{
public:
    /// Why pods cannot be made here (a CNI plugin missing), or empty.
    static QString unavailableReason();
    /// For initTestCase(): ends the suite as skipped (prints the reason, exits 77) when pods cannot
    /// be made here. QSKIP there would end the suite with exit code 0, which ctest counts as passed.
    static void skipSuiteIfUnavailable();
    /// Pod `name` on node `node`, whose agent must already have written subnet.env.
    static Result<std::unique_ptr<LabPod>> add(const Lab &lab, int node, const QString &name);

    const QString &name() const { return mNetns.name(); }
    /// The namespace's path, for setns().
    QString path() const { return QStringLiteral("/run/netns/") + mNetns.name(); }
    /// eth0's IPv4 address as host-local assigned it.
    const QString &address() const { return mAddress; }
    /// eth0's MTU as the bridge plugin set it from FLANNEL_MTU.
    int mtu() const { return mMtu; }
    /// Runs `command` inside the pod.
    Result<QString> exec(const QStringList &command, int timeoutMs = 30000) const { return mNetns.exec(command, timeoutMs); }

    /// Only the namespace; use add().
    explicit LabPod(const QString &name) : mNetns(name) {}

private:
    NamedNetns mNetns;
    QString mAddress;
    int mMtu = 0;
};

} // namespace tartan::test
