#pragma once

#include "etcdclientoptions.h"
#include "ipaddress.h"
#include "result.h"
#include "storelayout.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <chrono>
#include <optional>

namespace tartan {

/// tartand's configuration: every flag of flanneld (flannel-compat.md section 4) with flanneld's
/// defaults and the same spellings, so that a flanneld unit file or DaemonSet runs tartand
/// unchanged. Accepted as Go's flag package accepts them: "-flag" or "--flag", "--flag=value" or
/// "--flag value", and for booleans a bare "--flag" or "--flag=false". Each flag may also come from
/// the environment: TARTAN_<FLAG> first, then flanneld's FLANNELD_<FLAG>.
struct AgentOptions
{
    // Store
    EtcdClientOptions etcd;
    QString etcdPrefix = QString::fromLatin1(StoreLayout::kDefaultPrefix);
    bool kubeSubnetMgr = false;
    QString kubeApiUrl;
    QString kubeconfigFile;
    QString kubeAnnotationPrefix = QStringLiteral("flannel.alpha.coreos.com");
    QString netConfigPath = QStringLiteral("/etc/kube-flannel/net-conf.json");
    bool setNodeNetworkUnavailable = true;

    // Interface and addresses
    QStringList iface;      ///< names or addresses, tried in order
    QStringList ifaceRegex; ///< tried after iface
    IpAddress ifaceCanReach; ///< the interface routing towards this address; null if unset
    IpAddress publicIp;     ///< advertised IPv4; null: the interface's address
    IpAddress publicIpv6;

    // Files and leases
    QString subnetFile = QStringLiteral("/run/flannel/subnet.env");
    std::chrono::minutes subnetLeaseRenewMargin{60};

    // Host rules
    bool ipMasq = false;
    std::chrono::seconds iptablesResync{5};
    bool iptablesForwardRules = true;
    bool ipMasqFullyRandomDisable = false;
    bool ipBlackholeRoute = false;

    // Health
    IpAddress healthzIp = IpAddress::fromV4(0);
    int healthzPort = 0; ///< 0: no health endpoint

    // Tartan's own
    /// Where tartand keeps state that must survive restarts and reboots: the VTEP MAC of each
    /// overlay device, so that peers' neighbour/FDB entries stay right (flannel#1828).
    QString stateDir = QStringLiteral("/var/lib/tartan");
    /// Full kernel-state check period; netlink notifications trigger one sooner.
    std::chrono::seconds reconcileInterval{10};
    /// The report endpoint (GET /v1/report, /v1/summary, /metrics; POST /v1/reconcile). Loopback
    /// by default: the full tables are for this node's operator and the app's SSH forward.
    IpAddress reportIp = IpAddress::fromV4(0x7f000001);
    int reportPort = 8476; ///< 0: no report endpoint
    /// The node's summary is written to the store when it changes, at most this often.
    std::chrono::seconds reportInterval{2};
    /// False: entries changed by hand are reported as drift but not restored; what lease changes
    /// call for is still programmed. Lets an operator (or a test) look at a break before it heals.
    bool autoRepair = true;
    int verbosity = 0;

    /// Parses `arguments` (without the program name) and the environment. Errors name the flag
    /// and the value: "--subnet-lease-renew-margin: must be a whole number of minutes from 1 to
    /// 1439, got 0". `--help` and `--version` are reported through `helpRequested`/`versionRequested`.
    static Result<AgentOptions> parse(const QStringList &arguments, const QProcessEnvironment &environment,
                                      bool *helpRequested = nullptr, bool *versionRequested = nullptr);

    /// The flags and their meaning, for --help.
    static QString helpText();
};

} // namespace tartan
