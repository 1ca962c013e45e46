#include "remotescripts.h"

#include "deployconfig.h"

namespace tartan::deploy::scripts {

namespace {

QString header(const QString &root)
{
    return QStringLiteral("R=%1\nexport DEBIAN_FRONTEND=noninteractive\n").arg(shellQuote(root));
}

// The direct (test) mode's stand-in for `systemctl stop`: SIGTERM, as systemd sends, then wait.
const char *kStopDirect = R"sh(if pid=$(cat "$R/run/tartand.pid" 2>/dev/null) && kill "$pid" 2>/dev/null; then
    i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
fi
rm -f "$R/run/tartand.pid"
)sh";

} // namespace

QString probe(const QString &root)
{
    QString body = header(root);
    if (root.isEmpty()) {
        body += QStringLiteral(R"sh([ -d /run/systemd/system ] && echo systemd=yes || echo systemd=no
command -v dpkg >/dev/null 2>&1 && echo dpkg=yes || echo dpkg=no
dpkg-query -W -f='${Status}' tartand 2>/dev/null | grep -q 'install ok installed' && echo installed=yes || echo installed=no
systemctl is-active --quiet tartand 2>/dev/null && echo running=yes || echo running=no
)sh");
    } else {
        body += QStringLiteral(R"sh(echo systemd=yes; echo dpkg=yes
[ -x "$R/usr/bin/tartand" ] && echo installed=yes || echo installed=no
pid=$(cat "$R/run/tartand.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null && echo running=yes || echo running=no
)sh");
    }
    body += QStringLiteral(R"sh(echo "package=$(cat "$R/var/lib/tartan/deployed-package" 2>/dev/null)"
[ -d "$R/" ] && cd "$R/" && sha256sum etc/default/tartand etc/tartan/* 2>/dev/null
exit 0
)sh");
    return body;
}

QString install(const QString &root, const QString &deb, const QString &sha)
{
    QString body = header(root) + QStringLiteral("set -e\nDEB=%1\n").arg(shellQuote(deb));
    if (root.isEmpty()) {
        // --force-confold: the config written by the deploy (or an operator) is kept.
        body += QStringLiteral(R"sh(if ! dpkg -i --force-confdef --force-confold "$DEB"; then
    echo "installing missing dependencies: apt-get -f install"
    apt-get -f install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
fi
dpkg-query -W -f='${Status}\n' tartand | grep -q 'install ok installed'
)sh");
    } else {
        body += QStringLiteral("mkdir -p \"$R\"\ndpkg-deb -x \"$DEB\" \"$R\"\n");
    }
    body += QStringLiteral("mkdir -p \"$R/var/lib/tartan\"\nchmod 0700 \"$R/var/lib/tartan\"\n"
                           "echo %1 > \"$R/var/lib/tartan/deployed-package\"\n")
                .arg(sha);
    return body;
}

QString writeConfig(const QString &root, const QString &dir, const QStringList &tlsNames)
{
    QString body = header(root) + QStringLiteral("set -e\nD=%1\nrm -rf \"$R/etc/tartan\"\n"
                                                 "install -D -m 0644 \"$D/defaults\" \"$R/etc/default/tartand\"\n")
                                      .arg(shellQuote(dir));
    for (const QString &name : tlsNames)
        body += QStringLiteral("install -D -m 0600 \"$D/%1\" \"$R/etc/tartan/%1\"\n").arg(name);
    return body;
}

QString start(const QString &root)
{
    QString body = header(root) + QStringLiteral("set -e\n");
    if (root.isEmpty())
        return body + QStringLiteral("systemctl daemon-reload\nsystemctl enable tartand.service\n"
                                     "systemctl restart tartand.service\n");
    // As tartand.service starts it: the EnvironmentFile, then ExecStart with $TARTAND_ARGS.
    return body + QString::fromLatin1(kStopDirect) + QStringLiteral(R"sh(mkdir -p "$R/run/flannel" "$R/var/log"
set -a; . "$R/etc/default/tartand"; set +a
setsid "$R/usr/bin/tartand" $TARTAND_ARGS >>"$R/var/log/tartand.log" 2>&1 </dev/null &
echo $! > "$R/run/tartand.pid"
)sh");
}

QString logTail(const QString &root)
{
    if (root.isEmpty())
        return header(root) + QStringLiteral("journalctl -u tartand.service -n 20 --no-pager -o cat\n");
    return header(root) + QStringLiteral("tail -n 20 \"$R/var/log/tartand.log\"\n");
}

QString remove(const QString &root)
{
    QString body = header(root);
    body += QStringLiteral("net=$(sed -n 's/^FLANNEL_NETWORK=//p' \"$R/run/flannel/subnet.env\" 2>/dev/null)\n"
                           "echo \"pod network: ${net:-unknown (no subnet.env)}\"\n");
    body += root.isEmpty() ? QStringLiteral("systemctl stop tartand.service 2>/dev/null || true\n") : QString::fromLatin1(kStopDirect);
    body += QStringLiteral(R"sh(for link in $(ip -o link show | sed -n 's/^[0-9]*: \(flannel[.-][^:@]*\).*/\1/p'); do
    ip link del "$link" && echo "removed link $link"
done
if [ -n "$net" ]; then
    ip -4 route show root "$net" | grep -v ' proto kernel' | while read -r route; do
        ip route del $route && echo "removed route $route"
    done
fi
)sh");
    if (root.isEmpty())
        body += QStringLiteral("if dpkg-query -W tartand >/dev/null 2>&1; then dpkg --purge tartand; fi\n");
    else
        body += QStringLiteral("rm -rf \"$R/usr\" \"$R/opt\" \"$R/lib\" \"$R/var/log\" \"$R/etc/default\"\n");
    body += QStringLiteral("rm -rf \"$R/etc/tartan\" \"$R/run/flannel\" \"$R/var/lib/tartan\"\nexit 0\n");
    return body;
}

} // namespace tartan::deploy::scripts
