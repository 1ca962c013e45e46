#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace tartan::deploy {

/// What every host gets (per-host values such as the interface come from HostEntry). Renders
/// /etc/default/tartand byte for byte the same for the same input, which is what makes a second
/// deploy a no-op.
struct DeployConfig
{
    QString packageFile;   ///< the tartand .deb on this machine
    QString etcdEndpoints; ///< comma-separated
    QString etcdPrefix;    ///< empty: the agent's default
    QString etcdCaFile, etcdCertFile, etcdKeyFile; ///< local files, uploaded to /etc/tartan (0600)
    QString iface;         ///< default interface; a host's own iface= wins
    bool ipMasq = false;
    int healthzPort = 8475; ///< the agent's /readyz, checked through the SSH connection
    QStringList extraFlags; ///< appended to TARTAND_ARGS as given
    int readyTimeoutSeconds = 60;

    /// Test-only: every remote path is put under this directory, the package is unpacked there
    /// (dpkg-deb -x) instead of installed, and tartand is started as the unit would start it but
    /// without systemd. Empty in production: dpkg, apt-get and systemctl.
    QString remoteRoot;
};

/// The files one host gets: remote path (without remoteRoot) and contents.
struct RenderedFiles
{
    QByteArray defaults; ///< /etc/default/tartand
    QList<QPair<QString, QByteArray>> tlsFiles; ///< /etc/tartan/etcd-*.pem
};

/// Reads the TLS files and renders /etc/default/tartand for one host (`hostIface` empty: the
/// config's iface). An error names the unreadable file.
Result<RenderedFiles> renderFiles(const DeployConfig &config, const QString &hostIface);

/// Single-quotes `text` for a POSIX shell.
QString shellQuote(const QString &text);

} // namespace tartan::deploy
