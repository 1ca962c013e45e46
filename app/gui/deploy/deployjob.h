#pragma once

#include "deployconfig.h"
#include "hostdeployer.h"
#include "hostentry.h"

#include <QList>
#include <QObject>

#include <memory>

class QThread;

namespace tartan::gui {

/// Runs one deployment action over a list of hosts off the GUI thread, and reports back on it.
///
/// Test: connects to each host (host key check, authentication) and runs a short probe (kernel,
/// systemd, dpkg, the agent's state and version), with no change on the host; a host's result
/// detail is the probe's "key=value, ..." output. Restart: `systemctl restart tartand`. Deploy / Undeploy: deploy::DeployRunner on its own
/// bounded pool. Every signal is queued to the thread that owns the job (the GUI thread), so
/// the UI never blocks; the SSH callbacks (host keys, passwords) are the caller's, thread-safe.
/// The destructor waits for a running job (the callbacks must then refuse, see HostPrompts).
class DeployJob : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Test, Deploy, Undeploy, Restart };

    DeployJob(Kind kind, deploy::DeployConfig config, QList<deploy::HostEntry> hosts, deploy::SshCallbacks callbacks,
              int parallel = 4, QObject *parent = nullptr);
    ~DeployJob() override;

    void start();
    bool isRunning() const { return mRunning; }
    Kind kind() const { return mKind; }
    const QList<deploy::HostEntry> &hosts() const { return mHosts; }

    /// A rough share (0-100) of a deploy done once `line` was logged; -1 for a line that marks no step.
    static int progressOf(const QString &line);

signals:
    /// One line of a host's progress or remote output; `row` is its index in hosts().
    void logLine(int row, const QString &line);
    /// Every host is done; one result per host, in the order of hosts().
    void finished(const QList<tartan::deploy::HostResult> &results);

private:
    /// Runs `command` on every host over one connection each (as root: sudo -n for other users).
    QList<deploy::HostResult> runOnEach(const QString &command, bool asRoot);
    int rowOf(const QString &host) const;

    Kind mKind;
    deploy::DeployConfig mConfig;
    QList<deploy::HostEntry> mHosts;
    deploy::SshCallbacks mCallbacks;
    int mParallel;
    bool mRunning = false;
    QThread *mThread = nullptr;
};

} // namespace tartan::gui

Q_DECLARE_METATYPE(tartan::deploy::HostResult)
