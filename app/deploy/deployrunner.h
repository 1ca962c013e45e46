#pragma once

#include "deployconfig.h"
#include "hostdeployer.h"
#include "hostentry.h"

#include <QList>

#include <functional>

namespace tartan::deploy {

/// Deploys to (or removes from) many hosts at once: one HostDeployer, so one SSH connection, per
/// host, at most `parallel` hosts at a time on a QThreadPool of its own. Blocks until every
/// host is done.
///
/// Threading: `log` and the SshCallbacks are called from the pool's threads, one host per thread;
/// they must be thread-safe (the CLI serializes them with a mutex, so prompts do not interleave).
class DeployRunner
{
public:
    enum class Action { Deploy, Undeploy };

    DeployRunner(DeployConfig config, SshCallbacks callbacks, std::function<void(const QString &host, const QString &line)> log,
                 int parallel = 4);

    /// One result per host, in the order of `hosts`.
    QList<HostResult> run(Action action, const QList<HostEntry> &hosts);

private:
    DeployConfig mConfig;
    SshCallbacks mCallbacks;
    std::function<void(const QString &, const QString &)> mLog;
    int mParallel;
};

} // namespace tartan::deploy
