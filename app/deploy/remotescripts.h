#pragma once

#include <QString>
#include <QStringList>

namespace tartan::deploy::scripts {

/// The shell scripts HostDeployer runs as root on a host (fed to `sh -s` on stdin, so nothing
/// needs quoting twice). `root` is DeployConfig::remoteRoot: empty for a real host (dpkg and
/// systemd); a directory for tests (the package unpacked there, tartand started without systemd).

/// Prints key=value lines: systemd, dpkg, installed, running (yes/no), package (the deployed
/// package's sha256), and then one `sha256sum` line per config file present.
QString probe(const QString &root);
/// Installs `deb` (dpkg -i, apt-get -f install when dependencies are missing) and records `sha`.
QString install(const QString &root, const QString &deb, const QString &sha);
/// Replaces /etc/default/tartand and /etc/tartan/* with the files in `dir` (TLS files 0600).
QString writeConfig(const QString &root, const QString &dir, const QStringList &tlsNames);
/// Enables tartand and (re)starts it.
QString start(const QString &root);
/// The agent's last log lines.
QString logTail(const QString &root);
/// Stops tartand, removes its links and routes, purges the package and its files.
QString remove(const QString &root);

} // namespace tartan::deploy::scripts
