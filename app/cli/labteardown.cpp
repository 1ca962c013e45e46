#include "labteardown.h"

#include "labnetns.h"
#include "labprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <csignal>

namespace tartan::cli {

namespace {

constexpr int kGraceMs = 3000; // tartand and etcd stop cleanly well within this
constexpr int kKillWaitMs = 5000;

/// Pods first, then nodes, then the underlay: the reverse of how `lab up` builds them.
int removalOrder(const LabLayout &layout, const QString &netns)
{
    if (netns == layout.underlayNetns())
        return 2;
    return netns.startsWith(layout.name() + QStringLiteral("-node")) ? 1 : 0;
}

bool anyRunning(const QList<LabProcessId> &processes)
{
    return std::any_of(processes.begin(), processes.end(), [](const LabProcessId &id) { return LabProcess::isRunning(id); });
}

} // namespace

Status LabTeardown::run(bool *foundAnything)
{
    auto listed = LabNetns::list();
    if (!listed)
        return listed.error();
    QStringList namespaces = mLayout.ownedAmong(*listed);
    std::sort(namespaces.begin(), namespaces.end(), [&](const QString &a, const QString &b) {
        const int orderA = removalOrder(mLayout, a);
        const int orderB = removalOrder(mLayout, b);
        return orderA != orderB ? orderA < orderB : a < b;
    });

    // Every process that may belong to the lab, found three independent ways.
    const auto gather = [&] {
        QList<LabProcessId> processes = LabProcess::recorded(mLayout.statePath(QStringLiteral("pids")));
        processes += LabProcess::findByArguments({QStringLiteral("lab"), QStringLiteral("relay"), QStringLiteral("--name"), mLayout.name()});
        for (const QString &netns : std::as_const(namespaces))
            for (qint64 pid : LabNetns::pids(netns))
                if (const LabProcessId id = LabProcess::identify(pid); !id.isNull())
                    processes << id;
        processes.removeIf([](const LabProcessId &id) { return !LabProcess::isRunning(id); });
        return processes;
    };
    QList<LabProcessId> processes = gather();
    const bool stateDirExists = QFileInfo::exists(mLayout.stateDir());
    if (foundAnything)
        *foundAnything = !namespaces.isEmpty() || !processes.isEmpty() || stateDirExists;

    if (!processes.isEmpty()) {
        mProgress(QStringLiteral("stopping %1 process(es) of lab %2 ...").arg(processes.size()).arg(mLayout.name()));
        for (const LabProcessId &id : std::as_const(processes))
            LabProcess::signal(id, SIGTERM);
        QDeadlineTimer grace(kGraceMs);
        while (!grace.hasExpired() && anyRunning(processes))
            QThread::msleep(50);
        // Whatever is left, and anything started meanwhile inside the namespaces (a tartand's
        // iptables child), is killed; a few rounds, bounded in time.
        QDeadlineTimer deadline(kKillWaitMs);
        for (processes = gather(); !processes.isEmpty() && !deadline.hasExpired(); processes = gather()) {
            for (const LabProcessId &id : std::as_const(processes))
                LabProcess::signal(id, SIGKILL);
            QThread::msleep(100);
        }
        if (!processes.isEmpty())
            return Error(QStringLiteral("lab %1: %2 process(es) did not stop, the first is pid %3").arg(mLayout.name()).arg(processes.size()).arg(processes.first().pid));
    }

    QStringList failures;
    for (const QString &netns : std::as_const(namespaces)) {
        mProgress(QStringLiteral("deleting namespace %1 ...").arg(netns));
        if (auto removed = LabNetns::remove(netns); !removed)
            failures << removed.error().message();
    }
    if (stateDirExists) {
        mProgress(QStringLiteral("deleting %1 ...").arg(mLayout.stateDir()));
        if (!QDir(mLayout.stateDir()).removeRecursively())
            failures << QStringLiteral("removing %1: not everything could be deleted").arg(mLayout.stateDir());
        QDir().rmdir(QString::fromLatin1(LabLayout::kStateRoot)); // only if no other lab is left
    }
    if (!failures.isEmpty())
        return Error(failures.join(QStringLiteral("; ")));
    return {};
}

} // namespace tartan::cli
