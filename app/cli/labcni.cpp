#include "labcni.h"

#include "json.h"
#include "labnetns.h"

#include <QFileInfo>
#include <QProcessEnvironment>

namespace tartan::cli {

QString LabCni::missingPlugins() const
{
    const QString system = QString::fromLatin1(kSystemPluginDir);
    for (const QString &plugin : {mBinDir + QStringLiteral("/flannel"), system + QStringLiteral("/bridge"), system + QStringLiteral("/host-local")})
        if (!QFileInfo(plugin).isExecutable())
            return QStringLiteral("%1 is missing%2").arg(plugin, plugin.startsWith(system) ? QStringLiteral(" (Debian package containernetworking-plugins)")
                                                                                              : QStringLiteral(" (build the project)"));
    return {};
}

QByteArray LabCni::netconf(int node) const
{
    const QString dir = mLayout.nodeDir(node);
    const json::Json config = {
        {"cniVersion", "1.0.0"},
        {"name", "cbr0"},
        {"type", "flannel"},
        {"subnetFile", (dir + QStringLiteral("/subnet.env")).toStdString()},
        {"dataDir", (dir + QStringLiteral("/cni")).toStdString()},
        {"delegate", {{"hairpinMode", true}, {"isDefaultGateway", true}}},
        {"ipam", {{"dataDir", (dir + QStringLiteral("/ipam")).toStdString()}}},
    };
    return json::dump(config);
}

Result<QString> LabCni::add(int node, int pod) const
{
    const QString podNetns = mLayout.podNetns(node, pod);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CNI_COMMAND"), QStringLiteral("ADD"));
    environment.insert(QStringLiteral("CNI_CONTAINERID"), podNetns);
    environment.insert(QStringLiteral("CNI_NETNS"), LabNetns::path(podNetns));
    environment.insert(QStringLiteral("CNI_IFNAME"), QStringLiteral("eth0"));
    environment.insert(QStringLiteral("CNI_PATH"), mBinDir + u':' + QString::fromLatin1(kSystemPluginDir));
    // The plugin runs in the node's namespace, so cni0 and the pods' host-side veths are made there.
    const QStringList command = LabNetns::execCommand(mLayout.nodeNetns(node), {mBinDir + QStringLiteral("/flannel")});
    const auto output = LabNetns::run(command, 60000, netconf(node), environment);
    const QString what = QStringLiteral("wiring pod %1 (CNI ADD)").arg(LabLayout::podName(node, pod));
    if (!output) {
        // A CNI error result is JSON on stdout; the message of run() already quotes it.
        return output.error().context(what);
    }
    const auto result = json::parse(*output, what);
    if (!result)
        return result.error();
    const json::Json::json_pointer at("/ips/0/address");
    if (!result->contains(at) || !result->at(at).is_string())
        return Error(QStringLiteral("%1: no IP address in the result: %2").arg(what, QString::fromUtf8(*output).trimmed()));
    return json::toQString(result->at(at).get<std::string>()).section(u'/', 0, 0);
}

} // namespace tartan::cli
