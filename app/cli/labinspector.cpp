#include "labinspector.h"

#include "labnetns.h"
#include "subnetenv.h"
#include "texttable.h"

#include <QProcess>
#include <QStandardPaths>

#include <memory>
#include <vector>

namespace tartan::cli {

namespace {

constexpr int kPingBatch = 64;

json::Json strings(const QStringList &list)
{
    json::Json out = json::Json::array();
    for (const QString &item : list)
        out.push_back(item.toStdString());
    return out;
}

QString running(bool yes)
{
    return yes ? QStringLiteral("running") : QStringLiteral("NOT RUNNING");
}

} // namespace

LabInspector::Report LabInspector::inspect() const
{
    Report report;
    report.etcdRunning = LabProcess::isRunning(mState.etcd);
    report.relayRunning = LabProcess::isRunning(mState.relay);
    if (!report.etcdRunning)
        report.problems << QStringLiteral("etcd is not running (log: %1)").arg(mLayout.statePath(QStringLiteral("etcd.log")));
    if (!report.relayRunning)
        report.problems << QStringLiteral("the relay at %1 is not running (log: %2)").arg(mState.etcdEndpoint, mLayout.statePath(QStringLiteral("relay.log")));
    const auto listed = LabNetns::list();
    for (const LabState::Node &state : mState.nodes) {
        Node node;
        node.name = state.name;
        node.address = state.address;
        node.netnsExists = listed && listed->contains(state.netns);
        node.agentRunning = LabProcess::isRunning(state.agent);
        const auto env = SubnetEnv::readFile(state.subnetFile);
        node.subnet = env && !env->subnet().isNull() ? env->subnet().toString() : QString();
        if (!node.netnsExists)
            report.problems << QStringLiteral("%1: namespace %2 is gone").arg(state.name, state.netns);
        if (!node.agentRunning)
            report.problems << QStringLiteral("%1: tartand is not running (log: %2)").arg(state.name, state.log);
        if (node.subnet.isEmpty())
            report.problems << QStringLiteral("%1: no subnet in %2").arg(state.name, state.subnetFile);
        if (!state.reportRelay.isEmpty() && !LabProcess::isRunning(state.reportRelayProcess))
            report.problems << QStringLiteral("%1: the relay %2 to its report endpoint is not running (log: %3)")
                                   .arg(state.name, state.reportRelay, mLayout.statePath(QStringLiteral("relay-") + state.name + QStringLiteral(".log")));
        for (const LabState::Pod &pod : state.pods)
            node.pods.append({pod.name, pod.ip, {}, {}});
        report.nodes.append(node);
    }
    ping(report);
    return report;
}

void LabInspector::ping(Report &report) const
{
    struct Probe
    {
        Pod *from;
        QString toNode;
        std::unique_ptr<QProcess> process;
    };
    std::vector<Probe> probes;
    for (int n = 0; n < report.nodes.size(); ++n) {
        for (int p = 0; p < report.nodes[n].pods.size(); ++p) {
            Pod &pod = report.nodes[n].pods[p];
            for (int other = 0; other < report.nodes.size(); ++other) {
                if (other == n || mState.nodes[other].pods.isEmpty())
                    continue;
                auto process = std::make_unique<QProcess>();
                process->setProgram(QStringLiteral("ip"));
                process->setArguments(LabNetns::execCommand(mState.nodes[n].pods[p].netns,
                                                            {QStringLiteral("ping"), QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("-W"), QStringLiteral("1"),
                                                             mState.nodes[other].pods.first().ip})
                                          .mid(1));
                probes.push_back({&pod, mState.nodes[other].name, std::move(process)});
            }
        }
    }
    if (probes.empty())
        return;
    if (QStandardPaths::findExecutable(QStringLiteral("ping")).isEmpty()) {
        report.problems << QStringLiteral("`ping` is not installed (Debian package iputils-ping): pod connectivity not checked");
        return;
    }
    for (size_t begin = 0; begin < probes.size(); begin += kPingBatch) {
        const size_t end = std::min(probes.size(), begin + kPingBatch);
        for (size_t i = begin; i < end; ++i)
            probes[i].process->start();
        for (size_t i = begin; i < end; ++i) {
            Probe &probe = probes[i];
            const bool answered = probe.process->waitForFinished(3000) && probe.process->exitStatus() == QProcess::NormalExit &&
                                  probe.process->exitCode() == 0;
            if (probe.process->state() != QProcess::NotRunning) {
                probe.process->kill();
                probe.process->waitForFinished(1000);
            }
            (answered ? probe.from->reaches : probe.from->misses) << probe.toNode;
        }
    }
    for (const Node &node : std::as_const(report.nodes))
        for (const Pod &pod : node.pods)
            if (!pod.misses.isEmpty())
                report.problems << QStringLiteral("%1 (%2) cannot reach %3").arg(pod.name, pod.ip, pod.misses.join(QStringLiteral(", ")));
}

json::Json LabInspector::toJson(const Report &report) const
{
    json::Json nodes = json::Json::array();
    for (const Node &node : report.nodes) {
        json::Json pods = json::Json::array();
        for (const Pod &pod : node.pods)
            pods.push_back({{"name", pod.name.toStdString()}, {"ip", pod.ip.toStdString()}, {"reaches", strings(pod.reaches)}, {"misses", strings(pod.misses)}});
        nodes.push_back({{"name", node.name.toStdString()},
                         {"address", node.address.toStdString()},
                         {"subnet", node.subnet.isEmpty() ? json::Json() : json::Json(node.subnet.toStdString())},
                         {"netnsExists", node.netnsExists},
                         {"agentRunning", node.agentRunning},
                         {"pods", pods}});
    }
    return {{"name", mState.name.toStdString()},
            {"backend", mState.backend.toStdString()},
            {"network", mState.network.toStdString()},
            {"etcdEndpoint", mState.etcdEndpoint.toStdString()},
            {"etcdRunning", report.etcdRunning},
            {"relayRunning", report.relayRunning},
            {"healthy", report.problems.isEmpty()},
            {"problems", strings(report.problems)},
            {"nodes", nodes}};
}

QString LabInspector::toText(const Report &report) const
{
    QStringList lines;
    lines << QStringLiteral("lab %1: backend %2, network %3, created %4").arg(mState.name, mState.backend, mState.network, mState.created);
    TextTable nodes({QStringLiteral("NODE"), QStringLiteral("ADDRESS"), QStringLiteral("AGENT"), QStringLiteral("SUBNET")});
    for (const Node &node : report.nodes)
        nodes.addRow({node.name, node.address, running(node.agentRunning), node.subnet.isEmpty() ? QStringLiteral("-") : node.subnet});
    lines << nodes.toString();
    bool anyPod = false;
    TextTable pods({QStringLiteral("POD"), QStringLiteral("NODE"), QStringLiteral("IP"), QStringLiteral("REACHES")});
    for (const Node &node : report.nodes) {
        for (const Pod &pod : node.pods) {
            anyPod = true;
            QStringList reach;
            for (const QString &ok : pod.reaches)
                reach << ok + QStringLiteral(" ok");
            for (const QString &failed : pod.misses)
                reach << failed + QStringLiteral(" FAILED");
            pods.addRow({pod.name, node.name, pod.ip, reach.isEmpty() ? QStringLiteral("-") : reach.join(QStringLiteral(", "))});
        }
    }
    if (anyPod)
        lines << QString() << pods.toString();
    lines << QString() << QStringLiteral("etcd: %1 (etcd %2, relay %3)").arg(mState.etcdEndpoint, running(report.etcdRunning), running(report.relayRunning));
    if (report.problems.isEmpty())
        lines << QStringLiteral("healthy");
    else
        for (const QString &problem : report.problems)
            lines << QStringLiteral("problem: ") + problem;
    return lines.join(u'\n');
}

} // namespace tartan::cli
