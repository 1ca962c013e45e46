#include "labstate.h"

#include <QFile>
#include <QSaveFile>

namespace tartan::cli {

namespace {

json::Json processJson(const LabProcessId &id)
{
    return {{"pid", id.pid}, {"startTime", id.startTime}};
}

/// Readers tolerate missing or mistyped members (a hand-edited file): they read as empty.
QString text(const json::Json &object, const char *name)
{
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? json::toQString(found->get<std::string>()) : QString();
}

LabProcessId process(const json::Json &object, const char *name)
{
    const auto found = object.find(name);
    if (found == object.end() || !found->is_object())
        return {};
    const auto pid = found->find("pid");
    const auto started = found->find("startTime");
    if (pid == found->end() || !pid->is_number_integer() || started == found->end() || !started->is_number_unsigned())
        return {};
    return {pid->get<qint64>(), started->get<quint64>()};
}

const json::Json *array(const json::Json &object, const char *name)
{
    const auto found = object.find(name);
    return found != object.end() && found->is_array() ? &*found : nullptr;
}

} // namespace

json::Json LabState::toJson() const
{
    json::Json nodeList = json::Json::array();
    for (const Node &node : nodes) {
        json::Json podList = json::Json::array();
        for (const Pod &pod : node.pods)
            podList.push_back({{"name", pod.name.toStdString()},
                               {"netns", pod.netns.toStdString()},
                               {"containerId", pod.containerId.toStdString()},
                               {"ip", pod.ip.toStdString()}});
        nodeList.push_back({{"name", node.name.toStdString()},
                            {"netns", node.netns.toStdString()},
                            {"address", node.address.toStdString()},
                            {"subnet", node.subnet.toStdString()},
                            {"subnetFile", node.subnetFile.toStdString()},
                            {"log", node.log.toStdString()},
                            {"agent", processJson(node.agent)},
                            {"pods", podList},
                            {"reportEndpoint", node.reportEndpoint.toStdString()},
                            {"reportRelay", node.reportRelay.toStdString()},
                            {"reportRelayProcess", processJson(node.reportRelayProcess)}});
    }
    return {{"name", name.toStdString()},
            {"stateDir", stateDir.toStdString()},
            {"backend", backend.toStdString()},
            {"network", network.toStdString()},
            {"etcdPrefix", etcdPrefix.toStdString()},
            {"etcdEndpoint", etcdEndpoint.toStdString()},
            {"etcdInside", etcdInside.toStdString()},
            {"underlayNetns", underlayNetns.toStdString()},
            {"created", created.toStdString()},
            {"etcd", processJson(etcd)},
            {"relay", processJson(relay)},
            {"nodes", nodeList}};
}

Result<LabState> LabState::fromJson(const json::Json &document)
{
    if (!document.is_object())
        return Error(QStringLiteral("lab.json: expected an object, got %1").arg(json::typeName(document)));
    LabState state;
    state.name = text(document, "name");
    state.stateDir = text(document, "stateDir");
    state.backend = text(document, "backend");
    state.network = text(document, "network");
    state.etcdPrefix = text(document, "etcdPrefix");
    state.etcdEndpoint = text(document, "etcdEndpoint");
    state.etcdInside = text(document, "etcdInside");
    state.underlayNetns = text(document, "underlayNetns");
    state.created = text(document, "created");
    state.etcd = process(document, "etcd");
    state.relay = process(document, "relay");
    if (const json::Json *nodeList = array(document, "nodes")) {
        for (const json::Json &item : *nodeList) {
            if (!item.is_object())
                continue;
            Node node{text(item, "name"), text(item, "netns"), text(item, "address"), text(item, "subnet"),
                      text(item, "subnetFile"), text(item, "log"), process(item, "agent"), {},
                      text(item, "reportEndpoint"), text(item, "reportRelay"), process(item, "reportRelayProcess")};
            if (const json::Json *podList = array(item, "pods"))
                for (const json::Json &pod : *podList)
                    if (pod.is_object())
                        node.pods.append({text(pod, "name"), text(pod, "netns"), text(pod, "containerId"), text(pod, "ip")});
            state.nodes.append(node);
        }
    }
    if (state.name.isEmpty() || state.nodes.isEmpty())
        return Error(QStringLiteral("lab.json: no lab name or no nodes"));
    return state;
}

Status LabState::save(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(QStringLiteral("writing %1: %2").arg(path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QByteArray::fromStdString(toJson().dump(2)) + '\n');
    if (!file.commit())
        return Error(QStringLiteral("writing %1: %2").arg(path, file.errorString()));
    return {};
}

Result<LabState> LabState::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("reading %1: %2").arg(path, file.errorString()));
    const auto document = json::parse(file.readAll(), path);
    if (!document)
        return document.error();
    auto state = fromJson(*document);
    if (!state)
        return state.error().context(path);
    return state;
}

} // namespace tartan::cli
