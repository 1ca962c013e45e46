#include "labbuilder.h"

#include "blockingcall.h"
#include "etcdclient.h"
#include "ipnetwork.h"
#include "labcni.h"
#include "labnetns.h"
#include "labrelay.h"
#include "networkconfig.h"
#include "storelayout.h"
#include "subnetenv.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

#include <unistd.h>

namespace tartan::cli {

namespace {

constexpr int kEtcdStartMs = 30000;
constexpr int kLeaseWaitMs = 30000;
constexpr int kRouteWaitMs = 20000;

QString agentLog(const LabLayout &layout, int node)
{
    return layout.nodeDir(node) + QStringLiteral("/tartand.log");
}

} // namespace

LabBuilder::LabBuilder(LabLayout layout, LabSpec spec, QString binDir, QString relayProgram, Progress progress)
    : mLayout(std::move(layout)), mSpec(std::move(spec)), mBinDir(std::move(binDir)), mRelayProgram(std::move(relayProgram)),
      mProgress(std::move(progress))
{
}

QByteArray LabBuilder::networkConfig() const
{
    return QStringLiteral(R"({"Network":"%1","Backend":{"Type":"%2"}})").arg(mSpec.network, mSpec.backend).toUtf8();
}

Status LabBuilder::check() const
{
    if (mSpec.nodes < 1 || mSpec.nodes > LabLayout::kMaxNodes)
        return Error(QStringLiteral("--nodes: expected 1 to %1, got %2").arg(LabLayout::kMaxNodes).arg(mSpec.nodes));
    if (mSpec.podsPerNode < 0 || mSpec.podsPerNode > LabLayout::kMaxPodsPerNode)
        return Error(QStringLiteral("--pods-per-node: expected 0 to %1, got %2").arg(LabLayout::kMaxPodsPerNode).arg(mSpec.podsPerNode));
    if (mSpec.backend == u"ipip" && !QFileInfo::exists(QStringLiteral("/sys/module/ipip")))
        return Error(QStringLiteral("--backend ipip is unavailable here: this kernel has no ipip module (/sys/module/ipip is missing); use vxlan or host-gw"));
    if (mSpec.backend != u"vxlan" && mSpec.backend != u"host-gw" && mSpec.backend != u"ipip" && mSpec.backend != u"udp")
        return Error(QStringLiteral("--backend: '%1' is not a backend (vxlan, host-gw, ipip, udp)").arg(mSpec.backend));
    if (auto config = NetworkConfig::parse(networkConfig()); !config)
        return config.error().context(QStringLiteral("--network"));
    const auto network = IpNetwork::parse(mSpec.network);
    const auto underlay = IpNetwork::parse(QStringLiteral("%1/%2").arg(LabLayout::gateway()).arg(LabLayout::underlayPrefixLength()));
    if (network && underlay && network->overlaps(*underlay))
        return Error(QStringLiteral("--network %1 overlaps the lab's underlay %2").arg(mSpec.network, underlay->toString()));
    for (const char *program : {"ip", "etcd"})
        if (QStandardPaths::findExecutable(QString::fromLatin1(program)).isEmpty())
            return Error(QStringLiteral("`%1` is not installed (Debian packages iproute2, etcd-server)").arg(QLatin1String(program)));
    if (!QFileInfo(mBinDir + QStringLiteral("/tartand")).isExecutable())
        return Error(QStringLiteral("%1/tartand is missing: build the project first").arg(mBinDir));
    if (mSpec.podsPerNode > 0)
        if (const QString missing = LabCni(mLayout, mBinDir).missingPlugins(); !missing.isEmpty())
            return Error(missing);
    return {};
}

Status LabBuilder::keep(const QString &role, const LabProcessId &id)
{
    return LabProcess::record(mLayout.statePath(QStringLiteral("pids")), role, id);
}

Result<LabState> LabBuilder::build()
{
    mState = LabState();
    mState.name = mLayout.name();
    mState.stateDir = mLayout.stateDir();
    mState.backend = mSpec.backend;
    mState.network = mSpec.network;
    mState.etcdPrefix = mSpec.etcdPrefix;
    mState.etcdInside = LabLayout::etcdUrlInside();
    mState.underlayNetns = mLayout.underlayNetns();
    mState.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);

    for (const auto &step : {&LabBuilder::makeUnderlay, &LabBuilder::startEtcd, &LabBuilder::startRelay, &LabBuilder::writeConfig})
        if (auto done = (this->*step)(); !done)
            return done.error();
    for (int node = 1; node <= mSpec.nodes; ++node) {
        if (auto made = makeNode(node); !made)
            return made.error();
        if (auto started = startAgent(node); !started)
            return started.error();
        if (auto relayed = startReportRelay(node); !relayed)
            return relayed.error();
    }
    for (int node = 1; node <= mSpec.nodes; ++node)
        if (auto leased = waitForSubnet(node); !leased)
            return leased.error();
    for (int node = 1; node <= mSpec.nodes; ++node)
        if (auto wired = makePods(node); !wired)
            return wired.error();
    if (mSpec.nodes > 1)
        waitForRoutes();
    if (auto saved = mState.save(mLayout.labFile()); !saved)
        return saved.error();
    return mState;
}

Status LabBuilder::makeUnderlay()
{
    const QString netns = mLayout.underlayNetns();
    mProgress(QStringLiteral("creating the underlay %1 (bridge %2, %3/%4) ...").arg(netns, LabLayout::bridge(), LabLayout::gateway()).arg(LabLayout::underlayPrefixLength()));
    if (auto added = LabNetns::add(netns); !added)
        return added.error();
    const QString bridge = LabLayout::bridge();
    for (const QStringList &command : {QStringList{"link", "add", "name", bridge, "type", "bridge"},
                                       QStringList{"addr", "add", LabLayout::gateway() + QStringLiteral("/%1").arg(LabLayout::underlayPrefixLength()), "dev", bridge},
                                       QStringList{"link", "set", bridge, "up"}})
        if (auto done = LabNetns::ip(netns, command); !done)
            return done.error();
    return {};
}

Status LabBuilder::startEtcd()
{
    mProgress(QStringLiteral("starting etcd at %1 in %2 ...").arg(LabLayout::etcdUrlInside(), mLayout.underlayNetns()));
    const QString client = LabLayout::etcdUrlInside();
    const QString peer = QStringLiteral("http://127.0.0.1:2380"); // the underlay's own loopback
    const QStringList etcd = {QStringLiteral("etcd"),
                              QStringLiteral("--name"), mLayout.name(),
                              QStringLiteral("--data-dir"), mLayout.statePath(QStringLiteral("etcd")),
                              QStringLiteral("--listen-client-urls"), client,
                              QStringLiteral("--advertise-client-urls"), client,
                              QStringLiteral("--listen-peer-urls"), peer,
                              QStringLiteral("--initial-advertise-peer-urls"), peer,
                              QStringLiteral("--initial-cluster"), mLayout.name() + u'=' + peer};
    auto started = LabProcess::spawn(LabNetns::execCommand(mLayout.underlayNetns(), etcd), mLayout.statePath(QStringLiteral("etcd.log")));
    if (!started)
        return started.error();
    mState.etcd = *started;
    return keep(QStringLiteral("etcd"), *started);
}

Result<LabProcessId> LabBuilder::spawnRelay(const QString &role, const QString &host, quint16 port, QString *url)
{
    quint16 local = 0;
    auto listening = LabRelay::listenOnLoopback(&local);
    if (!listening)
        return listening.error();
    *url = QStringLiteral("http://127.0.0.1:%1").arg(local);
    mProgress(QStringLiteral("starting the relay %1 -> http://%2:%3 ...").arg(*url, host).arg(port));
    // The exact argument order is how `lab down` finds a relay whose pid file was never written.
    auto started = LabProcess::spawn({mRelayProgram, QStringLiteral("lab"), QStringLiteral("relay"), QStringLiteral("--name"), mLayout.name(),
                                      QStringLiteral("--relay-to"), QStringLiteral("%1:%2").arg(host).arg(port)},
                                     mLayout.statePath(role + QStringLiteral(".log")), *listening);
    ::close(*listening); // the relay holds its own copy
    if (!started)
        return started.error();
    if (auto kept = keep(role, *started); !kept)
        return kept.error();
    return *started;
}

Status LabBuilder::startRelay()
{
    auto started = spawnRelay(QStringLiteral("relay"), LabLayout::gateway(), LabLayout::kEtcdPort, &mState.etcdEndpoint);
    if (!started)
        return started.error();
    mState.relay = *started;
    return {};
}

Status LabBuilder::startReportRelay(int node)
{
    LabState::Node &state = mState.nodes[node - 1];
    state.reportEndpoint = LabLayout::reportUrlInside(node);
    auto started = spawnRelay(QStringLiteral("relay-") + state.name, LabLayout::nodeAddress(node), LabLayout::kReportPort, &state.reportRelay);
    if (!started)
        return started.error();
    state.reportRelayProcess = *started;
    return {};
}

Status LabBuilder::writeConfig()
{
    mProgress(QStringLiteral("waiting for etcd, then writing the network config %1 ...").arg(QString::fromUtf8(networkConfig())));
    EtcdClientOptions options;
    options.endpoints = {QUrl(mState.etcdEndpoint)};
    options.requestTimeout = std::chrono::milliseconds(2000);
    options.maxAttempts = 1; // the loop below retries, watching etcd and the relay meanwhile
    auto client = EtcdClient::create(options);
    if (!client)
        return client.error();
    etcd::PutRequest put;
    put.key = StoreLayout(mSpec.etcdPrefix).configKey();
    put.value = networkConfig();
    QDeadlineTimer deadline(kEtcdStartMs);
    Error last(QStringLiteral("no attempt"));
    while (!deadline.hasExpired()) {
        if (!LabProcess::isRunning(mState.etcd))
            return Error(QStringLiteral("etcd exited; its log %1:\n%2").arg(mLayout.statePath(QStringLiteral("etcd.log")),
                                                                            LabProcess::logTail(mLayout.statePath(QStringLiteral("etcd.log")))));
        if (!LabProcess::isRunning(mState.relay))
            return Error(QStringLiteral("the relay exited; its log %1:\n%2").arg(mLayout.statePath(QStringLiteral("relay.log")),
                                                                                 LabProcess::logTail(mLayout.statePath(QStringLiteral("relay.log")))));
        const auto written = blockingCall<etcd::PutResponse>(
            [&](const QObject *context, auto done) { (*client)->put(put, context, done); }, std::chrono::milliseconds(5000));
        if (written)
            return {};
        last = written.error();
        QThread::msleep(300);
    }
    return Error(QStringLiteral("etcd did not answer through the relay at %1 within %2 s: %3; etcd's log:\n%4")
                     .arg(mState.etcdEndpoint).arg(kEtcdStartMs / 1000).arg(last.message(),
                                                                              LabProcess::logTail(mLayout.statePath(QStringLiteral("etcd.log")))));
}

Status LabBuilder::makeNode(int node)
{
    const QString name = LabLayout::nodeName(node);
    const QString netns = mLayout.nodeNetns(node);
    mProgress(QStringLiteral("creating %1 (%2, eth0 %3) ...").arg(name, netns, LabLayout::nodeAddress(node)));
    if (auto added = LabNetns::add(netns); !added)
        return added.error();
    const QString veth = LabLayout::underlayVeth(node);
    const QString underlay = mLayout.underlayNetns();
    // The veth is made inside the underlay and its peer moved straight into the node: neither end
    // ever exists in the machine's namespace.
    for (const QStringList &command : {QStringList{"link", "add", "name", veth, "type", "veth", "peer", "name", "eth0", "netns", netns},
                                       QStringList{"link", "set", veth, "master", LabLayout::bridge(), "up"}})
        if (auto done = LabNetns::ip(underlay, command); !done)
            return done.error();
    for (const QStringList &command : {QStringList{"addr", "add", LabLayout::nodeAddress(node) + QStringLiteral("/%1").arg(LabLayout::underlayPrefixLength()), "dev", "eth0"},
                                       QStringList{"link", "set", "eth0", "up"},
                                       QStringList{"route", "add", "default", "via", LabLayout::gateway()}})
        if (auto done = LabNetns::ip(netns, command); !done)
            return done.error();
    // A node routes its pods' traffic, as a Kubernetes node does.
    if (auto forwarding = LabNetns::writeProcSys(netns, QStringLiteral("/proc/sys/net/ipv4/ip_forward"), "1"); !forwarding)
        return forwarding.error();

    LabState::Node state;
    state.name = name;
    state.netns = netns;
    state.address = LabLayout::nodeAddress(node);
    state.subnetFile = mLayout.nodeDir(node) + QStringLiteral("/subnet.env");
    state.log = agentLog(mLayout, node);
    mState.nodes.append(state);
    return {};
}

Status LabBuilder::startAgent(int node)
{
    if (!QDir().mkpath(mLayout.nodeDir(node)))
        return Error(QStringLiteral("creating %1").arg(mLayout.nodeDir(node)));
    LabState::Node &state = mState.nodes[node - 1];
    mProgress(QStringLiteral("starting tartand in %1 ...").arg(state.name));
    const QStringList tartand = {mBinDir + QStringLiteral("/tartand"),
                                 QStringLiteral("--etcd-endpoints=") + LabLayout::etcdUrlInside(),
                                 QStringLiteral("--etcd-prefix=") + mSpec.etcdPrefix,
                                 QStringLiteral("--iface=eth0"),
                                 // The report endpoint on the underlay: reachable from the other
                                 // namespaces and, through this node's relay, from the machine's.
                                 QStringLiteral("--report-ip=") + LabLayout::nodeAddress(node),
                                 QStringLiteral("--report-port=%1").arg(LabLayout::kReportPort),
                                 QStringLiteral("--subnet-file=") + state.subnetFile,
                                 QStringLiteral("--state-dir=") + mLayout.nodeDir(node)};
    auto started = LabProcess::spawn(LabNetns::execCommand(state.netns, tartand), state.log);
    if (!started)
        return started.error();
    state.agent = *started;
    return keep(QStringLiteral("tartand-") + state.name, *started);
}

Status LabBuilder::waitForSubnet(int node)
{
    LabState::Node &state = mState.nodes[node - 1];
    mProgress(QStringLiteral("waiting for tartand in %1 to lease a subnet ...").arg(state.name));
    QDeadlineTimer deadline(kLeaseWaitMs);
    while (!deadline.hasExpired()) {
        if (auto env = SubnetEnv::readFile(state.subnetFile); env && !env->subnet().isNull()) {
            state.subnet = env->subnet().toString();
            mProgress(QStringLiteral("%1 leased %2").arg(state.name, state.subnet));
            return {};
        }
        if (!LabProcess::isRunning(state.agent))
            break;
        QThread::msleep(100);
    }
    return Error(QStringLiteral("tartand in %1 %2; its log %3:\n%4")
                     .arg(state.name,
                          LabProcess::isRunning(state.agent) ? QStringLiteral("leased no subnet within %1 s").arg(kLeaseWaitMs / 1000)
                                                             : QStringLiteral("exited"),
                          state.log, LabProcess::logTail(state.log)));
}

Status LabBuilder::makePods(int node)
{
    const LabCni cni(mLayout, mBinDir);
    LabState::Node &state = mState.nodes[node - 1];
    for (int pod = 1; pod <= mSpec.podsPerNode; ++pod) {
        const QString netns = mLayout.podNetns(node, pod);
        mProgress(QStringLiteral("creating pod %1 on %2 ...").arg(LabLayout::podName(node, pod), state.name));
        if (auto added = LabNetns::add(netns); !added)
            return added.error();
        auto ip = cni.add(node, pod);
        if (!ip)
            return ip.error();
        state.pods.append({LabLayout::podName(node, pod), netns, netns, *ip});
    }
    return {};
}

void LabBuilder::waitForRoutes()
{
    mProgress(QStringLiteral("waiting for every node's routes to the other nodes' subnets ..."));
    QDeadlineTimer deadline(kRouteWaitMs);
    QStringList missing;
    do {
        missing.clear();
        for (const LabState::Node &node : std::as_const(mState.nodes)) {
            const auto routes = LabNetns::ip(node.netns, {QStringLiteral("-j"), QStringLiteral("-4"), QStringLiteral("route"), QStringLiteral("show")});
            const auto parsed = routes ? json::parse(*routes, QStringLiteral("ip -j route")) : Result<json::Json>(routes.error());
            QSet<QString> destinations;
            if (parsed && parsed->is_array())
                for (const json::Json &route : *parsed)
                    if (route.is_object() && route.contains("dst") && route.at("dst").is_string())
                        destinations.insert(json::toQString(route.at("dst").get<std::string>()));
            for (const LabState::Node &peer : std::as_const(mState.nodes))
                if (peer.name != node.name && !destinations.contains(peer.subnet))
                    missing << QStringLiteral("%1 -> %2").arg(node.name, peer.subnet);
        }
        if (missing.isEmpty())
            return;
        QThread::msleep(200);
    } while (!deadline.hasExpired());
    mProgress(QStringLiteral("warning: after %1 s still no route %2; see the agents' logs, `tartanctl lab status`")
                  .arg(kRouteWaitMs / 1000).arg(missing.join(QStringLiteral(", "))));
}

} // namespace tartan::cli
