#include "labnetns.h"

#include <QFile>
#include <QProcess>

#include <thread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

namespace tartan::cli {

Result<QByteArray> LabNetns::run(const QStringList &command, int timeoutMs, const QByteArray &input,
                                 const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(command.first(), command.mid(1));
    if (!process.waitForStarted(10000))
        return Error(QStringLiteral("`%1`: %2").arg(command.join(u' '), process.errorString()));
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return Error(QStringLiteral("`%1`: did not finish within %2 ms").arg(command.join(u' ')).arg(timeoutMs));
    }
    const QByteArray output = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        // Programs explain themselves on stderr; CNI plugins put their error result on stdout.
        QStringList parts;
        for (const QByteArray &text : {process.readAllStandardError().trimmed(), output.trimmed()})
            if (!text.isEmpty())
                parts << QString::fromUtf8(text.left(4000));
        const QString why = parts.join(QStringLiteral("; "));
        return Error(QStringLiteral("`%1`: exit code %2%3").arg(command.join(u' ')).arg(process.exitCode())
                         .arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why));
    }
    return output;
}

Result<QStringList> LabNetns::list()
{
    auto output = run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("list")});
    if (!output)
        return output.error();
    // Lines are "NAME" or "NAME (id: 3)".
    QStringList names;
    for (const QByteArray &line : output->split('\n'))
        if (const QByteArray name = line.trimmed().split(' ').value(0); !name.isEmpty())
            names << QString::fromUtf8(name);
    return names;
}

QList<qint64> LabNetns::pids(const QString &netns)
{
    QList<qint64> pids;
    const auto output = run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("pids"), netns});
    if (!output)
        return pids;
    for (const QByteArray &line : output->split('\n')) {
        bool ok = false;
        const qint64 pid = line.trimmed().toLongLong(&ok);
        if (ok && pid > 0)
            pids << pid;
    }
    return pids;
}

Status LabNetns::add(const QString &netns)
{
    if (auto added = run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("add"), netns}); !added)
        return added.error();
    if (auto up = ip(netns, {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")}); !up)
        return up.error();
    return {};
}

Status LabNetns::remove(const QString &netns)
{
    if (auto removed = run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("delete"), netns}); !removed)
        return removed.error();
    return {};
}

Result<QByteArray> LabNetns::ip(const QString &netns, const QStringList &arguments, int timeoutMs)
{
    return run(QStringList{QStringLiteral("ip"), QStringLiteral("-n"), netns} + arguments, timeoutMs);
}

QStringList LabNetns::execCommand(const QString &netns, const QStringList &command)
{
    return QStringList{QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), netns} + command;
}

Status LabNetns::writeProcSys(const QString &netns, const QString &file, const QByteArray &value)
{
    Status result;
    std::thread worker([&] {
        const int fd = ::open(QFile::encodeName(path(netns)).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
            result = Error(QStringLiteral("joining netns %1: %2").arg(netns, QString::fromLocal8Bit(std::strerror(errno))));
            if (fd >= 0)
                ::close(fd);
            return;
        }
        ::close(fd);
        // /proc/sys/net shows the namespace of the thread that opens the file: this one.
        QFile target(file);
        if (!target.open(QIODevice::WriteOnly) || target.write(value) != value.size() || !target.flush())
            result = Error(QStringLiteral("writing %1 in netns %2: %3").arg(file, netns, target.errorString()));
    });
    worker.join();
    return result;
}

} // namespace tartan::cli
