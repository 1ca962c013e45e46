#include "labprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <vector>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tartan::cli {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

/// argv or envp for execve(): the strings are kept alive by `storage`.
std::vector<char *> pointers(std::vector<QByteArray> &storage)
{
    std::vector<char *> out;
    out.reserve(storage.size() + 1);
    for (QByteArray &item : storage)
        out.push_back(item.data());
    out.push_back(nullptr);
    return out;
}

} // namespace

Result<LabProcessId> LabProcess::spawn(const QStringList &command, const QString &logPath, int passFd,
                                       const QProcessEnvironment &environment)
{
    const QString program = QFileInfo(command.first()).isAbsolute() ? command.first() : QStandardPaths::findExecutable(command.first());
    if (program.isEmpty() || !QFileInfo(program).isExecutable())
        return Error(QStringLiteral("starting `%1`: %2 is not an installed program").arg(command.join(u' '), command.first()));

    // Everything the child needs is prepared before fork(): Qt may run threads, so the child makes
    // only async-signal-safe calls until execve().
    const QByteArray path = QFile::encodeName(program);
    const QByteArray log = QFile::encodeName(logPath);
    std::vector<QByteArray> argStorage;
    for (const QString &argument : command)
        argStorage.push_back(argument.toLocal8Bit());
    std::vector<QByteArray> envStorage;
    for (const QString &entry : environment.toStringList())
        envStorage.push_back(entry.toLocal8Bit());
    std::vector<char *> argv = pointers(argStorage);
    std::vector<char *> envp = pointers(envStorage);

    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0)
        return Error(QStringLiteral("starting `%1`: pipe: %2").arg(command.join(u' '), errnoText(errno)));
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int error = errno;
        ::close(report[0]);
        ::close(report[1]);
        return Error(QStringLiteral("starting `%1`: fork: %2").arg(command.join(u' '), errnoText(error)));
    }
    if (pid == 0) {
        const auto fail = [&] {
            const int error = errno;
            (void)!::write(report[1], &error, sizeof error);
            ::_exit(127);
        };
        ::setsid();
        const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const int out = ::open(log.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0)
            fail();
        if (passFd == 3) {
            if (::fcntl(3, F_SETFD, 0) != 0)
                fail();
        } else if (passFd >= 0) {
            if (::dup2(passFd, 3) < 0) // dup2's copy is inherited across exec
                fail();
        }
        ::close_range(passFd >= 0 ? 4u : 3u, ~0u, CLOSE_RANGE_CLOEXEC);
        ::execve(path.constData(), argv.data(), envp.data());
        fail();
    }
    ::close(report[1]);
    int childError = 0;
    ssize_t got;
    do
        got = ::read(report[0], &childError, sizeof childError);
    while (got < 0 && errno == EINTR);
    ::close(report[0]);
    if (got > 0) {
        ::waitpid(pid, nullptr, 0);
        return Error(QStringLiteral("starting `%1`: %2").arg(command.join(u' '), errnoText(childError)));
    }
    const LabProcessId id = identify(pid);
    if (id.isNull())
        return Error(QStringLiteral("`%1` exited at once; its log %2:\n%3").arg(command.join(u' '), logPath, logTail(logPath)));
    return id;
}

std::optional<quint64> LabProcess::startTime(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = stat.readAll();
    // "PID (COMM) STATE ...": COMM may hold spaces and parentheses, so count from the last ')'.
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 20 || fields[0] == "Z" || fields[0] == "X")
        return std::nullopt;
    bool ok = false;
    const quint64 started = fields[19].toULongLong(&ok); // field 22 overall
    return ok ? std::optional<quint64>(started) : std::nullopt;
}

bool LabProcess::isRunning(const LabProcessId &id)
{
    if (id.isNull())
        return false;
    int status = 0;
    if (::waitpid(pid_t(id.pid), &status, WNOHANG) == id.pid)
        return false;
    const auto started = startTime(id.pid);
    return started && *started == id.startTime;
}

LabProcessId LabProcess::identify(qint64 pid)
{
    const auto started = startTime(pid);
    return started ? LabProcessId{pid, *started} : LabProcessId{};
}

void LabProcess::signal(const LabProcessId &id, int signal)
{
    if (isRunning(id))
        ::kill(pid_t(id.pid), signal);
}

QList<LabProcessId> LabProcess::findByArguments(const QStringList &arguments)
{
    QList<LabProcessId> found;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok || pid == ::getpid())
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> argv = cmdline.readAll().split('\0');
        if (argv.size() <= arguments.size())
            continue;
        bool matches = true;
        for (qsizetype i = 0; i < arguments.size() && matches; ++i)
            matches = QString::fromLocal8Bit(argv[i + 1]) == arguments[i];
        if (matches)
            if (const LabProcessId id = identify(pid); !id.isNull())
                found << id;
    }
    return found;
}

Status LabProcess::record(const QString &dir, const QString &role, const LabProcessId &id)
{
    if (!QDir().mkpath(dir))
        return Error(QStringLiteral("creating %1").arg(dir));
    QSaveFile file(dir + u'/' + role);
    if (!file.open(QIODevice::WriteOnly))
        return Error(QStringLiteral("writing %1: %2").arg(file.fileName(), file.errorString()));
    file.write(QByteArray::number(id.pid) + ' ' + QByteArray::number(id.startTime) + '\n');
    if (!file.commit())
        return Error(QStringLiteral("writing %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

QList<LabProcessId> LabProcess::recorded(const QString &dir)
{
    QList<LabProcessId> ids;
    const QDir pids(dir);
    for (const QString &role : pids.entryList(QDir::Files)) {
        QFile file(pids.filePath(role));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> fields = file.readAll().trimmed().split(' ');
        bool pidOk = false;
        bool timeOk = false;
        const LabProcessId id{fields.value(0).toLongLong(&pidOk), fields.value(1).toULongLong(&timeOk)};
        if (pidOk && timeOk && id.pid > 0)
            ids << id;
    }
    return ids;
}

QString LabProcess::logTail(const QString &path, int lines)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(no log at %1)").arg(path);
    const qint64 size = file.size();
    file.seek(std::max<qint64>(0, size - 16384)); // the end is what explains a failure
    const QStringList all = QString::fromUtf8(file.readAll()).trimmed().split(u'\n');
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(u'\n');
}

} // namespace tartan::cli
