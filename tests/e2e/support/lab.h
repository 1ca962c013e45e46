#pragma once

#include "netns.h"
#include "result.h"

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace tartan::test {

/// A small cluster inside the isolated test process: a bridge as the underlay (192.168.77.1/24),
/// an etcd listening on the bridge address, and N node namespaces ("node1" ...) each with an eth0
/// at 192.168.77.(10+i) and a default route via the bridge, each able to run a real tartand.
/// Everything is removed by the destructor, and vanishes with the process anyway (isolateProcess()).
class Lab
{
public:
    static constexpr const char *kPrefix = "/coreos.com/network";

    Lab();
    ~Lab();

    /// Builds the underlay and the nodes, starts etcd and writes `config` as the network config.
    Status start(int nodes, const QByteArray &config);
    QString etcdEndpoint() const;
    int nodes() const { return int(mNodes.size()); }
    const NamedNetns &node(int n) const { return *mNodes[n - 1]; }
    QString nodeAddress(int n) const { return QStringLiteral("192.168.77.%1").arg(10 + n); }
    /// Where node n's agent keeps subnet.env and its state.
    QString nodeDir(int n) const;

    /// Starts tartand in node n (SIGKILLed with the test process if it dies).
    Status startAgent(int n, const QStringList &extraArguments = {});
    /// SIGTERM, then SIGKILL after 5 s.
    void stopAgent(int n);
    /// The process id of node n's running tartand, or 0 (for CPU time from /proc/PID/stat).
    qint64 agentPid(int n) const;
    /// What node n's agent logged so far.
    QString agentLog(int n) const;
    /// Waits (bounded) until node n's subnet.env exists; its FLANNEL_SUBNET network address.
    Result<QString> waitForSubnet(int n, int timeoutMs = 15000);
    /// Runs etcdctl (v3) against the lab's etcd.
    Result<QString> etcdctl(const QStringList &arguments);
    /// Stops etcd (SIGTERM, SIGKILL after 5 s), as an outage would: the agents lose the store.
    void stopEtcd();
    /// (Re)starts etcd on the same address, port and data dir, and waits (bounded) until it answers.
    Status startEtcd();

private:
    QTemporaryDir mDir;
    quint16 mEtcdPort = 0;
    quint16 mEtcdPeerPort = 0;
    std::unique_ptr<QProcess> mEtcd;
    std::vector<std::unique_ptr<NamedNetns>> mNodes;
    std::vector<std::unique_ptr<QProcess>> mAgents;
};

} // namespace tartan::test
