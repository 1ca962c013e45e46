#pragma once

#include "lablayout.h"
#include "result.h"

#include <QByteArray>
#include <QString>

namespace tartan::cli {

/// Wires the lab's pods as a container runtime would: the `flannel` CNI plugin, run inside the
/// node's namespace with CNI_* variables and a netconf on stdin, delegating to Debian's `bridge` and
/// `host-local`. Every file the plugins keep (flannel's saved delegate configs, host-local's
/// address leases) lives in the node's directory in the lab's state dir, never in /var/lib/cni.
class LabCni
{
public:
    /// `binDir` holds tartanctl and the `flannel` plugin; CNI_PATH is it plus /usr/lib/cni.
    LabCni(LabLayout layout, QString binDir) : mLayout(std::move(layout)), mBinDir(std::move(binDir)) {}

    static constexpr const char *kSystemPluginDir = "/usr/lib/cni";
    /// The plugins the lab needs that are missing, as a reason to print; empty when all are there.
    QString missingPlugins() const;

    /// ADD for pod `pod` of node `node` (its namespace must exist): the pod's IPv4 address.
    Result<QString> add(int node, int pod) const;
    /// The conflist entry for node `node`, as kube-flannel's "cbr0".
    QByteArray netconf(int node) const;

private:
    LabLayout mLayout;
    QString mBinDir;
};

} // namespace tartan::cli
