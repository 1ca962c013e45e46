#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

namespace tartan::cli {

/// Named network namespaces through iproute2, and the one way the lab runs a program to completion.
/// Everything the lab does to the kernel goes through here with an explicit namespace: nothing is
/// ever added to the namespace tartanctl itself runs in.
class LabNetns
{
public:
    /// Runs `command` to completion within `timeoutMs`, `input` on its stdin; its stdout, or an
    /// error quoting the command, the exit code and stderr.
    static Result<QByteArray> run(const QStringList &command, int timeoutMs = 30000, const QByteArray &input = {},
                                  const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    /// The names of every named namespace (`ip netns list`).
    static Result<QStringList> list();
    /// The processes inside `netns` (`ip netns pids`); empty if it is gone.
    static QList<qint64> pids(const QString &netns);
    /// Creates `netns` with its loopback up.
    static Status add(const QString &netns);
    static Status remove(const QString &netns);
    /// `ip -n NETNS ARGS...`: ip's own commands, applied inside `netns`.
    static Result<QByteArray> ip(const QString &netns, const QStringList &arguments, int timeoutMs = 30000);
    /// The command line that runs `command` inside `netns` (`ip netns exec`, which also gives the
    /// program a /sys of that namespace).
    static QStringList execCommand(const QString &netns, const QStringList &command);
    static QString path(const QString &netns) { return QStringLiteral("/run/netns/") + netns; }
    /// Writes `value` to a per-namespace file under /proc/sys/net as seen from inside `netns`
    /// (from a short-lived thread that joins it), so no sysctl binary is needed.
    static Status writeProcSys(const QString &netns, const QString &file, const QByteArray &value);
};

} // namespace tartan::cli
