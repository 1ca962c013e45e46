#pragma once

#include "hostentry.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class QSettings;

namespace tartan::gui {

/// The hosts this app deployed agents to, remembered in QSettings ("deploy/hosts") between runs:
/// how to reach each one (host, port, user, key file path, ssh-agent and password toggles, interface,
/// a known_hosts file other than ~/.ssh/known_hosts)
/// and the last outcome. Never a password or a key's contents.
class DeployedHosts
{
public:
    struct Host
    {
        deploy::HostEntry entry;
        QString lastOutcome; ///< deploy::outcomeName() of the last action
        QDateTime lastChange; ///< UTC
    };

    /// `iniFile` empty: the application's QSettings; else that file (tests).
    explicit DeployedHosts(QString iniFile = {});

    QList<Host> hosts() const;
    /// Adds or replaces the host with the same host:port.
    void remember(const deploy::HostEntry &entry, const QString &outcome);
    void forget(const QString &host, int port);

private:
    std::unique_ptr<QSettings> settings() const;
    void store(const QList<Host> &hosts);

    QString mIniFile;
};

} // namespace tartan::gui
