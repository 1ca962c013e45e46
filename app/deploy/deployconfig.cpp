#include "deployconfig.h"

#include <QFile>

namespace tartan::deploy {

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

Result<RenderedFiles> renderFiles(const DeployConfig &config, const QString &hostIface)
{
    RenderedFiles files;
    QStringList lines{QStringLiteral("# Written by tartanctl deploy; a new deploy replaces it."),
                      QStringLiteral("# Every flag of `tartand --help` can be set as TARTAN_<FLAG>.")};
    auto set = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            lines << QStringLiteral("%1=%2").arg(QLatin1String(name), shellQuote(value));
    };
    set("TARTAN_ETCD_ENDPOINTS", config.etcdEndpoints);
    set("TARTAN_ETCD_PREFIX", config.etcdPrefix);
    const QPair<const char *, QString> tls[] = {{"TARTAN_ETCD_CAFILE", config.etcdCaFile},
                                                {"TARTAN_ETCD_CERTFILE", config.etcdCertFile},
                                                {"TARTAN_ETCD_KEYFILE", config.etcdKeyFile}};
    const char *remoteNames[] = {"etcd-ca.pem", "etcd-cert.pem", "etcd-key.pem"};
    for (int i = 0; i < 3; ++i) {
        if (tls[i].second.isEmpty())
            continue;
        QFile file(tls[i].second);
        if (!file.open(QIODevice::ReadOnly))
            return Error(QStringLiteral("cannot read %1: %2").arg(tls[i].second, file.errorString()));
        const QString remote = QStringLiteral("/etc/tartan/") + QLatin1String(remoteNames[i]);
        files.tlsFiles.append({remote, file.readAll()});
        set(tls[i].first, config.remoteRoot + remote);
    }
    set("TARTAN_IFACE", hostIface.isEmpty() ? config.iface : hostIface);
    if (config.ipMasq)
        set("TARTAN_IP_MASQ", QStringLiteral("true"));
    if (config.healthzPort > 0) {
        // Loopback only: it is read through the SSH connection, not from the network.
        set("TARTAN_HEALTHZ_IP", QStringLiteral("127.0.0.1"));
        set("TARTAN_HEALTHZ_PORT", QString::number(config.healthzPort));
    }
    if (!config.remoteRoot.isEmpty()) {
        set("TARTAN_SUBNET_FILE", config.remoteRoot + QStringLiteral("/run/flannel/subnet.env"));
        set("TARTAN_STATE_DIR", config.remoteRoot + QStringLiteral("/var/lib/tartan"));
    }
    // TARTAND_ARGS is expanded by systemd's ExecStart word splitting: flags are separated by spaces.
    QStringList extra = config.extraFlags;
    lines << QStringLiteral("TARTAND_ARGS=%1").arg(shellQuote(extra.join(QLatin1Char(' '))));
    files.defaults = lines.join(QLatin1Char('\n')).toUtf8() + '\n';
    return files;
}

} // namespace tartan::deploy
