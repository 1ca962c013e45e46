#include "netns.h"

#include <QProcess>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tartan::test {

QString e2eUnavailableReason(const QStringList &programs)
{
    if (geteuid() != 0)
        return QStringLiteral("e2e suites need root (network namespaces)");
    for (const QString &program : QStringList{QStringLiteral("ip")} + programs)
        if (QStandardPaths::findExecutable(program).isEmpty())
            return QStringLiteral("`%1` is not installed").arg(program);
    return {};
}

Status isolateProcess()
{
    const auto fail = [](const char *what) {
        return Error(QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno))));
    };
    if (unshare(CLONE_NEWNET | CLONE_NEWNS) != 0)
        return fail("unshare(CLONE_NEWNET | CLONE_NEWNS)");
    // Private propagation: our mounts never reach the machine's mount namespace, and vanish with us.
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return fail("making mounts private");
    mkdir("/run/netns", 0755); // exists on most machines; iproute2 would create it anyway
    if (mount("tmpfs", "/run/netns", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755") != 0)
        return fail("mounting a private /run/netns");
    if (auto up = run({QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")}); !up)
        return up.error();
    return {};
}

Result<QString> run(const QStringList &command, int timeoutMs)
{
    QProcess process;
    process.start(command.first(), command.mid(1));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return Error(QStringLiteral("`%1`: did not finish within %2 ms").arg(command.join(u' ')).arg(timeoutMs));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Error(QStringLiteral("`%1`: exit code %2: %3")
                         .arg(command.join(u' '))
                         .arg(process.exitCode())
                         .arg(QString::fromUtf8(process.readAllStandardError()).trimmed()));
    return QString::fromUtf8(process.readAllStandardOutput());
}

NamedNetns::NamedNetns(QString name) : mName(std::move(name))
{
    mCreated = run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("add"), mName}).ok();
    if (mCreated)
        mCreated = exec({QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")}).ok();
}

NamedNetns::~NamedNetns()
{
    if (mCreated)
        (void)run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("delete"), mName});
}

Result<QString> NamedNetns::exec(const QStringList &command, int timeoutMs) const
{
    return run(QStringList{QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), mName} + command, timeoutMs);
}

} // namespace tartan::test
