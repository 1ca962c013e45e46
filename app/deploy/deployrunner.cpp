#include "deployrunner.h"

#include <QThreadPool>

namespace tartan::deploy {

DeployRunner::DeployRunner(DeployConfig config, SshCallbacks callbacks,
                           std::function<void(const QString &, const QString &)> log, int parallel)
    : mConfig(std::move(config)), mCallbacks(std::move(callbacks)), mLog(std::move(log)), mParallel(qMax(1, parallel))
{
}

QList<HostResult> DeployRunner::run(Action action, const QList<HostEntry> &hosts)
{
    QList<HostResult> results(hosts.size());
    QThreadPool pool;
    pool.setMaxThreadCount(mParallel);
    for (qsizetype i = 0; i < hosts.size(); ++i) {
        // Each task owns its HostDeployer, so its libssh session lives and dies on one thread.
        pool.start([this, action, &hosts, &results, i] {
            const HostEntry &host = hosts[i];
            HostDeployer deployer(host, mConfig, mCallbacks, [this, name = host.ssh.host](const QString &line) {
                if (mLog)
                    mLog(name, line);
            });
            results[i] = action == Action::Deploy ? deployer.deploy() : deployer.undeploy();
        });
    }
    pool.waitForDone();
    return results;
}

} // namespace tartan::deploy
