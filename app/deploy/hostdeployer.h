#pragma once

#include "deployconfig.h"
#include "hostentry.h"
#include "sshsession.h"

#include <QString>

#include <functional>

namespace tartan::deploy {

/// How one host ended.
struct HostResult
{
    enum class Outcome { Installed, Updated, Unchanged, Removed, Failed };
    QString host;
    Outcome outcome = Outcome::Failed;
    QString detail; ///< what changed, or the error
    qint64 elapsedMs = 0;
};

QString outcomeName(HostResult::Outcome outcome);

/// Deploys tartand to one host, or removes it, over one SSH connection. Runs on one thread;
/// `log` gets each step and every line of remote output, prefixed by nothing (the caller adds
/// the host).
///
/// deploy: connect and check the host key; check for systemd and dpkg; compare the package and
/// the rendered config with what the host has (a stamp under /var/lib/tartan plus the live
/// config file); upload over SFTP and `dpkg -i` (then `apt-get -f install` for missing
/// dependencies) only if the package differs; write /etc/default/tartand and the TLS files (0600)
/// only if they differ; enable and (re)start tartand.service only if anything changed or it is
/// not running; then wait for its /readyz through a direct-tcpip channel and pass on the
/// agent's last log lines (journalctl). Nothing differs and
/// the agent is ready: Unchanged, and nothing on the host was touched.
///
/// undeploy: stop and purge the package, remove its links (flannel.*), the routes it made inside
/// the pod network, /etc/tartan, /run/flannel and /var/lib/tartan.
class HostDeployer
{
public:
    HostDeployer(HostEntry host, DeployConfig config, SshCallbacks callbacks, std::function<void(const QString &)> log);

    HostResult deploy();
    HostResult undeploy();

private:
    Status connect();
    Result<QString> script(const QString &body, const QString &step); ///< runs as root, returns stdout
    Status waitReady();
    QString root(const QString &path) const { return mConfig.remoteRoot + path; }
    bool direct() const { return !mConfig.remoteRoot.isEmpty(); }

    HostEntry mHost;
    DeployConfig mConfig;
    SshCallbacks mCallbacks;
    std::function<void(const QString &)> mLog;
    SshSession mSsh;
};

} // namespace tartan::deploy
