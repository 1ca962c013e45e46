#include "deployjob.h"

#include "deployrunner.h"
#include "sshsession.h"

#include <QElapsedTimer>
#include <QThread>
#include <QThreadPool>

namespace tartan::gui {

using deploy::HostResult;

DeployJob::DeployJob(Kind kind, deploy::DeployConfig config, QList<deploy::HostEntry> hosts, deploy::SshCallbacks callbacks,
                     int parallel, QObject *parent)
    : QObject(parent), mKind(kind), mConfig(std::move(config)), mHosts(std::move(hosts)), mCallbacks(std::move(callbacks)),
      mParallel(qMax(1, parallel))
{
    qRegisterMetaType<QList<HostResult>>("QList<tartan::deploy::HostResult>");
}

DeployJob::~DeployJob()
{
    if (mThread) {
        mThread->wait();
        delete mThread;
    }
}

int DeployJob::rowOf(const QString &host) const
{
    for (int row = 0; row < mHosts.size(); ++row)
        if (mHosts.at(row).ssh.host == host)
            return row;
    return -1;
}

void DeployJob::start()
{
    if (mRunning || mThread)
        return;
    mRunning = true;
    // The runner blocks until every host is done: it gets a thread of its own, and everything it
    // says comes back through queued signals (emitted from that thread or the pool's).
    mThread = QThread::create([this] {
        QList<HostResult> results;
        if (mKind == Kind::Test) {
            results = runOnEach(QStringLiteral(
                "uname -sr; test -d /run/systemd/system && echo systemd=yes || echo systemd=no; "
                "command -v dpkg >/dev/null && echo dpkg=yes || echo dpkg=no; "
                "echo agent=$(systemctl is-active tartand 2>/dev/null || true); "
                "echo version=$(dpkg-query -W -f='${Version}' tartand 2>/dev/null || true)"), false);
        } else if (mKind == Kind::Restart) {
            results = runOnEach(QStringLiteral("systemctl restart tartand.service && systemctl is-active tartand.service"), true);
        } else {
            deploy::DeployRunner runner(mConfig, mCallbacks, [this](const QString &host, const QString &line) {
                emit logLine(rowOf(host), line);
            }, mParallel);
            results = runner.run(mKind == Kind::Deploy ? deploy::DeployRunner::Action::Deploy : deploy::DeployRunner::Action::Undeploy, mHosts);
        }
        QMetaObject::invokeMethod(this, [this, results] {
            mRunning = false;
            emit finished(results);
        }, Qt::QueuedConnection);
    });
    mThread->start();
}

QList<HostResult> DeployJob::runOnEach(const QString &command, bool asRoot)
{
    QList<HostResult> results(mHosts.size());
    QThreadPool pool;
    pool.setMaxThreadCount(mParallel);
    for (int row = 0; row < mHosts.size(); ++row) {
        pool.start([this, row, &results, &command, asRoot] {
            const deploy::HostEntry &host = mHosts.at(row);
            QElapsedTimer timer;
            timer.start();
            HostResult &result = results[row];
            result.host = host.ssh.host;
            emit logLine(row, QStringLiteral("connecting to %1@%2:%3").arg(host.ssh.user, host.ssh.host).arg(host.ssh.port));
            deploy::SshSession session;
            if (auto opened = session.open(host.ssh, mCallbacks); !opened) {
                result.detail = opened.error().message();
            } else {
                emit logLine(row, QStringLiteral("connected, host key %1").arg(session.fingerprint()));
                QString output;
                const bool sudo = asRoot && host.ssh.user != u"root";
                auto ran = session.run(sudo ? QStringLiteral("sudo -n sh -c ") + deploy::shellQuote(command) : command, {}, [&](const QString &line) {
                    output += line + QLatin1Char('\n');
                    emit logLine(row, QStringLiteral("  | ") + line);
                });
                if (!ran)
                    result.detail = ran.error().message();
                else if (*ran != 0)
                    result.detail = QStringLiteral("'%1' on %2 failed (exit code %3)").arg(command).arg(host.ssh.host).arg(*ran);
                else {
                    result.outcome = HostResult::Outcome::Unchanged;
                    result.detail = output.trimmed().replace(QLatin1Char('\n'), QLatin1String(", "));
                }
            }
            result.elapsedMs = timer.elapsed();
        });
    }
    pool.waitForDone();
    return results;
}

int DeployJob::progressOf(const QString &line)
{
    static const QList<QPair<QLatin1String, int>> steps = {
        {QLatin1String("connecting to "), 5},       {QLatin1String("connected, host key"), 15},
        {QLatin1String("checking the host"), 20},   {QLatin1String("uploading "), 30},
        {QLatin1String("installing the package"), 50}, {QLatin1String("writing /etc/default"), 65},
        {QLatin1String("enabling and starting"), 75},  {QLatin1String("waiting for /readyz"), 85},
        {QLatin1String("agent ready after"), 95},   {QLatin1String("stopping tartand"), 50},
        {QLatin1String("same package, same config"), 85},
    };
    for (const auto &[prefix, share] : steps)
        if (line.startsWith(prefix))
            return share;
    return -1;
}

} // namespace tartan::gui
