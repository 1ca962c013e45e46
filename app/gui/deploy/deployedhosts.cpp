#include "deployedhosts.h"

#include <QSettings>

namespace tartan::gui {

namespace {
const QString kGroup = QStringLiteral("deploy/hosts");
}

DeployedHosts::DeployedHosts(QString iniFile) : mIniFile(std::move(iniFile)) {}

std::unique_ptr<QSettings> DeployedHosts::settings() const
{
    if (mIniFile.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(mIniFile, QSettings::IniFormat);
}

QList<DeployedHosts::Host> DeployedHosts::hosts() const
{
    auto s = settings();
    QList<Host> out;
    const int count = s->beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        s->setArrayIndex(i);
        Host host;
        host.entry.ssh.host = s->value(QStringLiteral("host")).toString();
        host.entry.ssh.port = s->value(QStringLiteral("port"), 22).toInt();
        host.entry.ssh.user = s->value(QStringLiteral("user"), QStringLiteral("root")).toString();
        host.entry.ssh.identityFile = s->value(QStringLiteral("keyFile")).toString();
        host.entry.ssh.useAgent = s->value(QStringLiteral("sshAgent")).toBool();
        host.entry.ssh.passwordPrompt = s->value(QStringLiteral("password")).toBool();
        host.entry.iface = s->value(QStringLiteral("iface")).toString();
        host.entry.remoteRoot = s->value(QStringLiteral("remoteRoot")).toString();
        host.entry.ssh.knownHostsFile = s->value(QStringLiteral("knownHosts")).toString();
        host.lastOutcome = s->value(QStringLiteral("outcome")).toString();
        host.lastChange = s->value(QStringLiteral("changed")).toDateTime();
        if (!host.entry.ssh.host.isEmpty())
            out << host;
    }
    s->endArray();
    return out;
}

void DeployedHosts::store(const QList<Host> &hosts)
{
    auto s = settings();
    s->remove(kGroup);
    s->beginWriteArray(kGroup, int(hosts.size()));
    for (int i = 0; i < hosts.size(); ++i) {
        const Host &host = hosts.at(i);
        s->setArrayIndex(i);
        s->setValue(QStringLiteral("host"), host.entry.ssh.host);
        s->setValue(QStringLiteral("port"), host.entry.ssh.port);
        s->setValue(QStringLiteral("user"), host.entry.ssh.user);
        s->setValue(QStringLiteral("keyFile"), host.entry.ssh.identityFile);
        s->setValue(QStringLiteral("sshAgent"), host.entry.ssh.useAgent);
        s->setValue(QStringLiteral("password"), host.entry.ssh.passwordPrompt);
        s->setValue(QStringLiteral("iface"), host.entry.iface);
        if (!host.entry.ssh.knownHostsFile.isEmpty())
            s->setValue(QStringLiteral("knownHosts"), host.entry.ssh.knownHostsFile);
        if (!host.entry.remoteRoot.isEmpty())
            s->setValue(QStringLiteral("remoteRoot"), host.entry.remoteRoot);
        s->setValue(QStringLiteral("outcome"), host.lastOutcome);
        s->setValue(QStringLiteral("changed"), host.lastChange);
    }
    s->endArray();
}

void DeployedHosts::remember(const deploy::HostEntry &entry, const QString &outcome)
{
    QList<Host> all = hosts();
    Host host{entry, outcome, QDateTime::currentDateTimeUtc()};
    for (Host &known : all) {
        if (known.entry.ssh.host == entry.ssh.host && known.entry.ssh.port == entry.ssh.port) {
            known = host;
            return store(all);
        }
    }
    all << host;
    store(all);
}

void DeployedHosts::forget(const QString &host, int port)
{
    QList<Host> all = hosts();
    all.removeIf([&](const Host &known) { return known.entry.ssh.host == host && known.entry.ssh.port == port; });
    store(all);
}

} // namespace tartan::gui
