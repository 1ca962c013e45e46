#include "labpod.h"

#include "json.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <cstdio>
#include <cstdlib>

namespace tartan::test {

namespace {

const QString kPluginDir = QStringLiteral("/usr/lib/cni");
const QString kFlannel = QStringLiteral(TARTAN_BIN_DIR "/flannel");

} // namespace

QString LabPod::unavailableReason()
{
    for (const QString &name : {QStringLiteral("bridge"), QStringLiteral("host-local")})
        if (!QFileInfo(kPluginDir + u'/' + name).isExecutable())
            return QStringLiteral("%1/%2 is missing (Debian package containernetworking-plugins)").arg(kPluginDir, name);
    if (!QFileInfo(kFlannel).isExecutable())
        return QStringLiteral("%1 is not built").arg(kFlannel);
    return {};
}

void LabPod::skipSuiteIfUnavailable()
{
    if (const QString why = unavailableReason(); !why.isEmpty()) {
        std::printf("SKIP: %s\n", qPrintable(why));
        std::fflush(stdout);
        std::exit(77);
    }
}

Result<std::unique_ptr<LabPod>> LabPod::add(const Lab &lab, int node, const QString &name)
{
    auto pod = std::make_unique<LabPod>(name);
    if (!pod->mNetns.ok())
        return Error(QStringLiteral("cannot create namespace %1").arg(name));
    const QString dir = lab.nodeDir(node);
    if (!QDir().mkpath(dir))
        return Error(QStringLiteral("cannot create %1").arg(dir));
    // The conflist entry a runtime passes (name and cniVersion injected), with the stock delegate.
    const QByteArray netconf = QStringLiteral(R"({"cniVersion":"1.0.0","name":"cbr0","type":"flannel",)"
                                              R"("subnetFile":"%1/subnet.env","dataDir":"%1/cni-flannel",)"
                                              R"("delegate":{"hairpinMode":true,"isDefaultGateway":true},)"
                                              R"("ipam":{"dataDir":"%1/cni-ipam"}})")
                                   .arg(dir)
                                   .toUtf8();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CNI_COMMAND"), QStringLiteral("ADD"));
    env.insert(QStringLiteral("CNI_CONTAINERID"), name);
    env.insert(QStringLiteral("CNI_NETNS"), pod->path());
    env.insert(QStringLiteral("CNI_IFNAME"), QStringLiteral("eth0"));
    env.insert(QStringLiteral("CNI_PATH"), kPluginDir);
    QProcess plugin;
    plugin.setProcessEnvironment(env);
    // Inside the node: cni0 and the host end of the veth belong to the node, as on a real host.
    plugin.start(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("exec"), lab.node(node).name(), kFlannel});
    if (!plugin.waitForStarted(10000))
        return Error(QStringLiteral("cannot run %1").arg(kFlannel));
    plugin.write(netconf);
    plugin.closeWriteChannel();
    if (!plugin.waitForFinished(30000)) {
        plugin.kill();
        plugin.waitForFinished();
        return Error(QStringLiteral("flannel ADD %1 in node%2 did not finish within 30 s").arg(name).arg(node));
    }
    if (plugin.exitStatus() != QProcess::NormalExit || plugin.exitCode() != 0)
        return Error(QStringLiteral("flannel ADD %1 in node%2: exit code %3: %4 %5")
                         .arg(name)
                         .arg(node)
                         .arg(plugin.exitCode())
                         .arg(QString::fromUtf8(plugin.readAllStandardOutput()), QString::fromUtf8(plugin.readAllStandardError())));

    // What the kernel has, not what the plugin says it did.
    auto shown = pod->exec({QStringLiteral("ip"), QStringLiteral("-j"), QStringLiteral("-4"), QStringLiteral("addr"), QStringLiteral("show"),
                            QStringLiteral("dev"), QStringLiteral("eth0")});
    if (!shown)
        return shown.error();
    auto parsed = json::parse(shown->toUtf8(), QStringLiteral("ip -j addr show dev eth0"));
    if (!parsed)
        return parsed.error();
    const json::Json::json_pointer local("/0/addr_info/0/local");
    const json::Json::json_pointer mtu("/0/mtu");
    if (!parsed->contains(local) || !parsed->at(local).is_string() || !parsed->contains(mtu) || !parsed->at(mtu).is_number_integer())
        return Error(QStringLiteral("pod %1 has no IPv4 address or MTU on eth0: %2").arg(name, *shown));
    pod->mAddress = json::toQString(parsed->at(local).get<std::string>());
    pod->mMtu = parsed->at(mtu).get<int>();
    return pod;
}

} // namespace tartan::test
