#pragma once

#include "result.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace tartan::cli {

/// A process the lab started or found. The start time (clock ticks after boot, /proc/PID/stat
/// field 22) goes with the pid so that a pid the kernel has since given to another program is never
/// signalled.
struct LabProcessId
{
    qint64 pid = 0;
    quint64 startTime = 0;
    bool isNull() const { return pid <= 0; }
};

/// Starting the lab's long-lived processes detached from tartanctl, recognising them later, and
/// stopping them.
class LabProcess
{
public:
    /// Starts `command` (its program looked up on PATH) in a session of its own, so it outlives
    /// tartanctl and no terminal signal reaches it: stdin from /dev/null, stdout and stderr appended
    /// to `logPath` (0600). `passFd`, when not -1, becomes the child's fd 3 (the relay's listening
    /// socket); no other descriptor of ours leaks. Returns once the program was executed, or why not.
    static Result<LabProcessId> spawn(const QStringList &command, const QString &logPath, int passFd = -1,
                                      const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    /// The process's start time; nothing if there is no such process or it has exited (a zombie).
    static std::optional<quint64> startTime(qint64 pid);
    /// The same process is still running (a child of ours that exited is reaped here).
    static bool isRunning(const LabProcessId &id);
    /// Fills in the start time of a pid found by scanning; null if it is gone.
    static LabProcessId identify(qint64 pid);
    /// Sends `signal` if `id` still names the process it did.
    static void signal(const LabProcessId &id, int signal);
    /// Running processes whose argv[1..] starts with `arguments` (argv[0] is the binary, which may
    /// live anywhere).
    static QList<LabProcessId> findByArguments(const QStringList &arguments);

    /// Pid files: <dir>/<role> holds "PID STARTTIME", written as soon as a process is started so a
    /// crash right after still leaves a trace for `lab down`.
    static Status record(const QString &dir, const QString &role, const LabProcessId &id);
    static QList<LabProcessId> recorded(const QString &dir);

    /// The last `lines` lines of a log file, for error messages.
    static QString logTail(const QString &path, int lines = 12);
};

} // namespace tartan::cli
