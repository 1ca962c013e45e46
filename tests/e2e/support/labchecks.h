#pragma once

#include "lab.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QThread>

/// Small checks the agent suites share: bounded polling and reading a node's state.
namespace tartan::test {

/// Polls `check` every `stepMs` until it holds or `timeoutMs` passes; one last try at the end.
template <typename Check>
bool eventually(Check check, int timeoutMs, int stepMs = 100)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (check())
            return true;
        QThread::msleep(stepMs);
    }
    return check();
}

/// The output of `command` in node n, or an empty string if it failed (a check then fails on it).
inline QString show(const Lab &lab, int n, const QStringList &command)
{
    const auto output = lab.node(n).exec(command);
    return output ? *output : QString();
}

/// After a Lab is destroyed: the kernel tears deleted namespaces down asynchronously, so the host
/// ends of their veths ("veth-nN") can outlive Lab's destructor for a moment and make the next Lab's
/// `ip link add veth-nN` fail with "File exists". Deleting a veth end removes the pair at once.
inline void removeLabLeftovers(int nodes)
{
    for (int n = 1; n <= nodes; ++n)
        (void)run({QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("veth-n%1").arg(n)});
}

/// A command's exit code and its stdout and stderr together, for checks on what failed and why
/// (run() keeps only stderr of a failure).
struct Outcome
{
    int exitCode = -1;
    QString output;
};

inline Outcome runMerged(const QStringList &command, int timeoutMs = 30000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(command.first(), command.mid(1));
    Outcome outcome;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        outcome.output = QStringLiteral("`%1` did not finish within %2 ms").arg(command.join(u' ')).arg(timeoutMs);
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.output = QString::fromUtf8(process.readAll());
    return outcome;
}

/// Runs `command` in the named namespace `netns`, output merged.
inline Outcome runMergedIn(const QString &netns, const QStringList &command, int timeoutMs = 30000)
{
    return runMerged(QStringList{QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), netns} + command, timeoutMs);
}

} // namespace tartan::test
