#include "hostdeployer.h"

#include "remotescripts.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>

namespace tartan::deploy {

namespace {

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// "key=value" lines of the probe into a map; sha256sum lines into `files`.
QHash<QString, QString> parseProbe(const QString &output, QSet<QString> *files)
{
    QHash<QString, QString> values;
    for (const QString &line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.contains(QLatin1String("  ")))
            files->insert(line.trimmed());
        else
            values.insert(line.section(QLatin1Char('='), 0, 0), line.section(QLatin1Char('='), 1));
    }
    return values;
}

} // namespace

QString outcomeName(HostResult::Outcome outcome)
{
    switch (outcome) {
    case HostResult::Outcome::Installed: return QStringLiteral("installed");
    case HostResult::Outcome::Updated: return QStringLiteral("updated");
    case HostResult::Outcome::Unchanged: return QStringLiteral("unchanged");
    case HostResult::Outcome::Removed: return QStringLiteral("removed");
    case HostResult::Outcome::Failed: break;
    }
    return QStringLiteral("failed");
}

HostDeployer::HostDeployer(HostEntry host, DeployConfig config, SshCallbacks callbacks, std::function<void(const QString &)> log)
    : mHost(std::move(host)), mConfig(std::move(config)), mCallbacks(std::move(callbacks)), mLog(std::move(log))
{
    if (!mHost.remoteRoot.isEmpty())
        mConfig.remoteRoot = mHost.remoteRoot;
}

Status HostDeployer::connect()
{
    mLog(QStringLiteral("connecting to %1@%2:%3").arg(mHost.ssh.user, mHost.ssh.host).arg(mHost.ssh.port));
    if (auto opened = mSsh.open(mHost.ssh, mCallbacks); !opened)
        return opened;
    mLog(QStringLiteral("connected, host key %1").arg(mSsh.fingerprint()));
    return {};
}

Result<QString> HostDeployer::script(const QString &body, const QString &step)
{
    // Not root: sudo without a password prompt (a prompt would hang with no terminal).
    const QString shell = mHost.ssh.user == u"root" ? QStringLiteral("sh -s") : QStringLiteral("sudo -n sh -s");
    QString output;
    auto status = mSsh.run(shell, body.toUtf8(), [&](const QString &line) {
        output += line + QLatin1Char('\n');
        mLog(QStringLiteral("  | ") + line);
    });
    if (!status)
        return status.error();
    if (*status != 0)
        return Error(QStringLiteral("%1 on %2 failed (exit code %3)%4")
                         .arg(step, mHost.ssh.host)
                         .arg(*status)
                         .arg(output.isEmpty() ? QString() : QStringLiteral(": ") + output.trimmed().section(QLatin1Char('\n'), -1)));
    return output;
}

Status HostDeployer::waitReady()
{
    if (mConfig.healthzPort <= 0)
        return {};
    mLog(QStringLiteral("waiting for /readyz on 127.0.0.1:%1 (through the SSH connection)").arg(mConfig.healthzPort));
    QElapsedTimer timer;
    timer.start();
    int last = 0;
    while (timer.elapsed() < mConfig.readyTimeoutSeconds * 1000) {
        auto code = mSsh.httpGet(QStringLiteral("127.0.0.1"), mConfig.healthzPort, QStringLiteral("/readyz"));
        if (!code)
            return code.error();
        last = *code;
        if (last == 200) {
            mLog(QStringLiteral("agent ready after %1 ms").arg(timer.elapsed()));
            return {};
        }
        QThread::msleep(300);
    }
    mLog(QStringLiteral("the agent's last log lines:"));
    (void)script(scripts::logTail(mConfig.remoteRoot), QStringLiteral("reading the log"));
    return Error(QStringLiteral("tartand on %1 not ready after %2 s (/readyz: %3)")
                     .arg(mHost.ssh.host)
                     .arg(mConfig.readyTimeoutSeconds)
                     .arg(last ? QString::number(last) : QStringLiteral("no answer")));
}

HostResult HostDeployer::deploy()
{
    QElapsedTimer timer;
    timer.start();
    HostResult result{mHost.ssh.host, HostResult::Outcome::Failed, {}, 0};
    auto fail = [&](const Error &error) {
        result.detail = error.message();
        result.elapsedMs = timer.elapsed();
        mLog(QStringLiteral("FAILED: ") + error.message());
        return result;
    };

    QFile package(mConfig.packageFile);
    if (!package.open(QIODevice::ReadOnly))
        return fail(Error(QStringLiteral("cannot read the package %1: %2").arg(mConfig.packageFile, package.errorString())));
    const QByteArray packageBytes = package.readAll();
    const QByteArray packageSha = sha256(packageBytes);
    auto files = renderFiles(mConfig, mHost.iface);
    if (!files)
        return fail(files.error());
    if (auto connected = connect(); !connected)
        return fail(connected.error());

    mLog(QStringLiteral("checking the host"));
    auto probed = script(scripts::probe(mConfig.remoteRoot), QStringLiteral("checking the host"));
    if (!probed)
        return fail(probed.error());
    QSet<QString> remoteFiles;
    const auto state = parseProbe(*probed, &remoteFiles);
    if (state.value(QStringLiteral("systemd")) != u"yes")
        return fail(Error(QStringLiteral("%1 has no running systemd (/run/systemd/system is missing): tartand runs as a "
                                         "systemd service; install the tartand package and start it by hand there")
                              .arg(mHost.ssh.host)));
    if (state.value(QStringLiteral("dpkg")) != u"yes")
        return fail(Error(QStringLiteral("%1 has no dpkg: the tartand package is for Debian and its derivatives").arg(mHost.ssh.host)));

    QSet<QString> wantedFiles{QStringLiteral("%1  etc/default/tartand").arg(QString::fromLatin1(sha256(files->defaults)))};
    for (const auto &[path, bytes] : std::as_const(files->tlsFiles))
        wantedFiles.insert(QStringLiteral("%1  %2").arg(QString::fromLatin1(sha256(bytes)), path.mid(1)));
    const bool packageSame = state.value(QStringLiteral("installed")) == u"yes"
                             && state.value(QStringLiteral("package")) == QString::fromLatin1(packageSha);
    const bool configSame = remoteFiles == wantedFiles;
    const bool running = state.value(QStringLiteral("running")) == u"yes";
    if (packageSame && configSame && running) {
        mLog(QStringLiteral("same package, same config, agent running"));
        if (auto ready = waitReady(); !ready)
            return fail(ready.error());
        result.outcome = HostResult::Outcome::Unchanged;
        result.detail = QStringLiteral("nothing to do");
        result.elapsedMs = timer.elapsed();
        return result;
    }

    QString tempDir;
    {
        QString out;
        auto made = mSsh.run(QStringLiteral("mktemp -d /tmp/tartan-deploy.XXXXXX"), {}, [&](const QString &line) { out = line; });
        if (!made || *made != 0 || out.isEmpty())
            return fail(Error(QStringLiteral("cannot make a temporary directory on %1").arg(mHost.ssh.host)));
        tempDir = out.trimmed();
    }
    QStringList changes;
    Status step;
    if (!packageSame) {
        const QString remoteDeb = tempDir + QStringLiteral("/tartand.deb");
        mLog(QStringLiteral("uploading %1 (%2 KiB)").arg(QFileInfo(mConfig.packageFile).fileName()).arg(packageBytes.size() / 1024));
        step = mSsh.upload(packageBytes, remoteDeb, 0644);
        if (step) {
            mLog(QStringLiteral("installing the package"));
            auto installed = script(scripts::install(mConfig.remoteRoot, remoteDeb, QString::fromLatin1(packageSha)),
                                    QStringLiteral("installing the package"));
            step = installed ? Status() : Status(installed.error());
        }
        changes << (state.value(QStringLiteral("installed")) == u"yes" ? QStringLiteral("package upgraded")
                                                                        : QStringLiteral("package installed"));
    }
    if (step && !configSame) {
        mLog(QStringLiteral("writing /etc/default/tartand"));
        QStringList tlsNames;
        step = mSsh.upload(files->defaults, tempDir + QStringLiteral("/defaults"), 0600);
        for (const auto &[path, bytes] : std::as_const(files->tlsFiles)) {
            const QString name = path.section(QLatin1Char('/'), -1);
            tlsNames << name;
            if (step)
                step = mSsh.upload(bytes, tempDir + QLatin1Char('/') + name, 0600);
        }
        if (step) {
            auto written = script(scripts::writeConfig(mConfig.remoteRoot, tempDir, tlsNames), QStringLiteral("writing the config"));
            step = written ? Status() : Status(written.error());
        }
        changes << QStringLiteral("config written");
    }
    (void)mSsh.run(QStringLiteral("rm -rf ") + shellQuote(tempDir), {}, {});
    if (!step)
        return fail(step.error());

    mLog(QStringLiteral("enabling and starting tartand"));
    if (auto started = script(scripts::start(mConfig.remoteRoot), QStringLiteral("starting tartand")); !started) {
        (void)script(scripts::logTail(mConfig.remoteRoot), QStringLiteral("reading the log"));
        return fail(started.error());
    }
    if (auto ready = waitReady(); !ready)
        return fail(ready.error());
    mLog(QStringLiteral("the agent's log:"));
    (void)script(scripts::logTail(mConfig.remoteRoot), QStringLiteral("reading the log"));
    result.outcome = state.value(QStringLiteral("installed")) == u"yes" ? HostResult::Outcome::Updated : HostResult::Outcome::Installed;
    if (changes.isEmpty())
        changes << QStringLiteral("agent restarted");
    result.detail = changes.join(QStringLiteral(", "));
    result.elapsedMs = timer.elapsed();
    return result;
}

HostResult HostDeployer::undeploy()
{
    QElapsedTimer timer;
    timer.start();
    HostResult result{mHost.ssh.host, HostResult::Outcome::Failed, {}, 0};
    Status status = connect();
    QString output;
    if (status) {
        mLog(QStringLiteral("stopping tartand, removing its links, routes, package and files"));
        auto removed = script(scripts::remove(mConfig.remoteRoot), QStringLiteral("removing tartand"));
        if (removed)
            output = *removed;
        else
            status = removed.error();
    }
    result.elapsedMs = timer.elapsed();
    if (!status) {
        result.detail = status.error().message();
        mLog(QStringLiteral("FAILED: ") + result.detail);
        return result;
    }
    result.outcome = HostResult::Outcome::Removed;
    result.detail = QStringLiteral("links removed: %1, routes removed: %2")
                        .arg(output.count(QLatin1String("removed link")))
                        .arg(output.count(QLatin1String("removed route")));
    return result;
}

} // namespace tartan::deploy
