#pragma once

#include "result.h"
#include "sshsession.h"

#include <QList>
#include <QString>

namespace tartan::deploy {

/// One host of a deployment: how to reach it and what differs from the common config.
struct HostEntry
{
    SshTarget ssh;
    QString iface; ///< empty: the common --iface
    QString remoteRoot; ///< tests only: overrides DeployConfig::remoteRoot for this host
};

/// Parses "[user@]host[:port]" (IPv6 as "[addr]:port") over `defaults`.
Result<HostEntry> parseHost(const QString &text, const HostEntry &defaults);

/// An inventory: one host per line, "[user@]host[:port] [key=FILE] [iface=NAME] [agent=yes]
/// [password=prompt]"; '#' starts a comment, blank lines are skipped. Errors name the line.
Result<QList<HostEntry>> parseInventory(const QString &text, const HostEntry &defaults);

} // namespace tartan::deploy
