#pragma once

#include "json.h"
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

/// How a program ended and what it printed, stdout and stderr apart.
struct ProgramRun
{
    int exitCode = -1; ///< -1: it crashed or was killed after the timeout
    QString out;
    QString err;
    QString all() const { return out + err; }
};

/// Runs `program` with `arguments`, plus `environment` entries ("NAME=value") over this process's
/// environment; killed after `timeoutMs`.
inline ProgramRun runProgram(const QString &program, const QStringList &arguments, const QStringList &environment = {},
                             int timeoutMs = 60000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &entry : environment)
        env.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    ProgramRun result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// A command's JSON output (`--json`); null when it is not JSON, so that a check on it fails.
inline json::Json parseJsonOutput(const QString &text)
{
    auto parsed = json::parse(text.toUtf8(), QStringLiteral("output"));
    return parsed ? *parsed : json::Json();
}

} // namespace tartan::test
