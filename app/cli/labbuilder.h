#pragma once

#include "lablayout.h"
#include "labstate.h"
#include "result.h"

#include <QString>

#include <functional>

namespace tartan::cli {

/// What `lab up` is asked for.
struct LabSpec
{
    int nodes = 3;
    int podsPerNode = 1;
    QString backend = QStringLiteral("vxlan");
    QString network = QStringLiteral("10.244.0.0/16");
    QString etcdPrefix; ///< the store prefix tartand and the app use
};

/// `lab up`: builds a lab step by step, each step inside the lab's own namespaces:
///  1. the underlay namespace with its bridge, and etcd in it (detached, pid recorded);
///  2. the relay on 127.0.0.1 (see LabRelay) and, through it, the network config in etcd;
///  3. each node: namespace, veth into the bridge, address and default route, a detached tartand
///     serving its report on its underlay address, and a relay from loopback to that endpoint;
///  4. a wait until every tartand has leased a subnet (subnet.env written);
///  5. the pods, wired by the CNI plugin; then a bounded wait for every node's routes to its peers.
/// Progress goes to `progress` (one line per step). On failure the error names the step and quotes
/// the log of the process concerned; what was built is left for LabTeardown.
class LabBuilder
{
public:
    using Progress = std::function<void(const QString &)>;

    /// `binDir`: where tartand and the flannel plugin are (tartanctl's own directory);
    /// `relayProgram`: the tartanctl binary, which runs the relay.
    LabBuilder(LabLayout layout, LabSpec spec, QString binDir, QString relayProgram, Progress progress);

    /// Everything that can be refused before the machine is touched: the spec's ranges, the
    /// backend (ipip needs a kernel module, udp is not built), the programs and plugins needed.
    Status check() const;
    /// The network config written to etcd.
    QByteArray networkConfig() const;

    Result<LabState> build();

private:
    Status makeUnderlay();
    Status startEtcd();
    Status startRelay();
    /// A relay from a new loopback port to `host`:`port` in the underlay; `*url` is its http URL.
    Result<LabProcessId> spawnRelay(const QString &role, const QString &host, quint16 port, QString *url);
    Status startReportRelay(int node);
    Status writeConfig();
    Status makeNode(int node);
    Status startAgent(int node);
    Status waitForSubnet(int node);
    Status makePods(int node);
    void waitForRoutes();
    /// Records a started process for `lab down`.
    Status keep(const QString &role, const LabProcessId &id);

    LabLayout mLayout;
    LabSpec mSpec;
    QString mBinDir;
    QString mRelayProgram;
    Progress mProgress;
    LabState mState;
};

} // namespace tartan::cli
