#include "lab.h"

#include "subnetenv.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTcpServer>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace tartan::test {

namespace {

// The kernel kills the child if the test process dies, so nothing outlives a crashed test.
void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

Lab::Lab() = default;

Lab::~Lab()
{
    for (size_t n = 1; n <= mAgents.size(); ++n)
        stopAgent(int(n));
    if (mEtcd) {
        mEtcd->kill();
        mEtcd->waitForFinished(5000);
    }
    // Deleting a namespace frees its devices asynchronously, so the next lab's veth-nN could still
    // collide; deleting one end of a veth pair removes both ends at once.
    for (size_t n = 1; n <= mNodes.size(); ++n)
        (void)run({QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("veth-n%1").arg(n)});
    mNodes.clear();
    (void)run({QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("br-lab")});
}

QString Lab::etcdEndpoint() const
{
    return QStringLiteral("http://192.168.77.1:%1").arg(mEtcdPort);
}

QString Lab::nodeDir(int n) const
{
    return mDir.filePath(QStringLiteral("node%1").arg(n));
}

Status Lab::start(int nodes, const QByteArray &config)
{
    for (const QStringList &command : {QStringList{"ip", "link", "add", "name", "br-lab", "type", "bridge"},
                                       QStringList{"ip", "addr", "add", "192.168.77.1/24", "dev", "br-lab"},
                                       QStringList{"ip", "link", "set", "br-lab", "up"}})
        if (auto done = run(command); !done)
            return done.error();
    for (int n = 1; n <= nodes; ++n) {
        mNodes.push_back(std::make_unique<NamedNetns>(QStringLiteral("node%1").arg(n)));
        mAgents.push_back(nullptr);
        if (!mNodes.back()->ok())
            return Error(QStringLiteral("cannot create namespace node%1").arg(n));
        const QString veth = QStringLiteral("veth-n%1").arg(n);
        const QString ns = mNodes.back()->name();
        for (const QStringList &command : {QStringList{"ip", "link", "add", "name", veth, "type", "veth", "peer", "name", "eth0", "netns", ns},
                                           QStringList{"ip", "link", "set", veth, "master", "br-lab", "up"}})
            if (auto done = run(command); !done)
                return done.error();
        for (const QStringList &command : {QStringList{"ip", "addr", "add", nodeAddress(n) + QStringLiteral("/24"), "dev", "eth0"},
                                           QStringList{"ip", "link", "set", "eth0", "up"},
                                           QStringList{"ip", "route", "add", "default", "via", "192.168.77.1"}})
            if (auto done = mNodes.back()->exec(command); !done)
                return done.error();
    }
    if (auto started = startEtcd(); !started)
        return started;
    if (auto put = etcdctl({QStringLiteral("put"), QString::fromLatin1(kPrefix) + QStringLiteral("/config"), QString::fromUtf8(config)}); !put)
        return put.error();
    return {};
}

Status Lab::startEtcd()
{
    stopEtcd();
    if (mEtcdPort == 0) {
        mEtcdPort = freePort();
        mEtcdPeerPort = freePort();
    }
    mEtcd = std::make_unique<QProcess>();
    dieWithParent(*mEtcd);
    mEtcd->setProcessChannelMode(QProcess::MergedChannels);
    mEtcd->setStandardOutputFile(mDir.filePath(QStringLiteral("etcd.log")), QIODevice::Append);
    mEtcd->start(QStringLiteral("etcd"), {QStringLiteral("--data-dir"), mDir.filePath(QStringLiteral("etcd")),
                                          QStringLiteral("--listen-client-urls"), etcdEndpoint(),
                                          QStringLiteral("--advertise-client-urls"), etcdEndpoint(),
                                          QStringLiteral("--listen-peer-urls"), QStringLiteral("http://127.0.0.1:%1").arg(mEtcdPeerPort)});
    if (!mEtcd->waitForStarted())
        return Error(QStringLiteral("cannot start etcd"));
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (etcdctl({QStringLiteral("endpoint"), QStringLiteral("health")}))
            return {};
        QThread::msleep(100);
    }
    return Error(QStringLiteral("etcd did not come up at %1").arg(etcdEndpoint()));
}

void Lab::stopEtcd()
{
    if (!mEtcd || mEtcd->state() == QProcess::NotRunning)
        return;
    mEtcd->terminate();
    if (!mEtcd->waitForFinished(5000)) {
        mEtcd->kill();
        mEtcd->waitForFinished(5000);
    }
}

Result<QString> Lab::etcdctl(const QStringList &arguments)
{
    return run(QStringList{QStringLiteral("etcdctl"), QStringLiteral("--endpoints"), etcdEndpoint()} + arguments, 10000);
}

Status Lab::startAgent(int n, const QStringList &extraArguments)
{
    auto &agent = mAgents[n - 1];
    stopAgent(n);
    agent = std::make_unique<QProcess>();
    dieWithParent(*agent);
    agent->setProcessChannelMode(QProcess::MergedChannels);
    agent->setStandardOutputFile(nodeDir(n) + QStringLiteral(".log"), QIODevice::Append);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("ETCDCTL_API"), QStringLiteral("3"));
    agent->setProcessEnvironment(environment);
    // A profiler to run the agent under, e.g. "valgrind --tool=massif --massif-out-file=/var/tmp/m.%p"
    // (bench_agent's header shows how); a wrapped agent is given longer to exit and write its output.
    const QStringList wrap = qEnvironmentVariable("TARTAN_LAB_AGENT_WRAPPER").split(u' ', Qt::SkipEmptyParts);
    agent->start(QStringLiteral("ip"), QStringList{QStringLiteral("netns"), QStringLiteral("exec"), node(n).name()} + wrap + QStringList{
                                                   QStringLiteral(TARTAN_BIN_DIR "/tartand"),
                                                   QStringLiteral("--etcd-endpoints=") + etcdEndpoint(),
                                                   QStringLiteral("--iface=eth0"),
                                                   QStringLiteral("--subnet-file=") + nodeDir(n) + QStringLiteral("/subnet.env"),
                                                   QStringLiteral("--state-dir=") + nodeDir(n),
                                                   QStringLiteral("--reconcile-interval=5")} +
                                           extraArguments);
    if (!agent->waitForStarted())
        return Error(QStringLiteral("cannot start tartand in node%1").arg(n));
    return {};
}

qint64 Lab::agentPid(int n) const
{
    const auto &agent = mAgents[n - 1];
    return agent && agent->state() == QProcess::Running ? agent->processId() : 0;
}

void Lab::stopAgent(int n)
{
    auto &agent = mAgents[n - 1];
    if (!agent || agent->state() == QProcess::NotRunning)
        return;
    agent->terminate();
    if (!agent->waitForFinished(qEnvironmentVariableIsSet("TARTAN_LAB_AGENT_WRAPPER") ? 120000 : 5000)) {
        agent->kill();
        agent->waitForFinished(5000);
    }
}

QString Lab::agentLog(int n) const
{
    QFile log(nodeDir(n) + QStringLiteral(".log"));
    return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
}

Result<QString> Lab::waitForSubnet(int n, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (auto env = SubnetEnv::readFile(nodeDir(n) + QStringLiteral("/subnet.env")); env && !env->subnet().isNull())
            return env->subnet().address().toString();
        QThread::msleep(100);
    }
    return Error(QStringLiteral("node%1 wrote no subnet.env within %2 ms; its log:\n%3").arg(n).arg(timeoutMs).arg(agentLog(n)));
}

} // namespace tartan::test
