#include "agentoptions.h"

#include "etcdflags.h"
#include "optionsource.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace tartan {

namespace {

struct FlagSpec
{
    const char *name;
    const char *valueName; ///< nullptr: a boolean flag
    const char *defaultValue;
    const char *help;
};

// flanneld's flags in its own order (the etcd ones come from etcdflags), then Tartan's.
constexpr FlagSpec kFlags[] = {
    {"kube-subnet-mgr", nullptr, "false", "Lease subnets through the Kubernetes API instead of etcd."},
    {"kube-api-url", "url", "", "Kubernetes API server URL (in-cluster config when empty)."},
    {"kubeconfig-file", "file", "", "kubeconfig file (in-cluster config when empty)."},
    {"kube-annotation-prefix", "prefix", "flannel.alpha.coreos.com", "Prefix of the Node annotations."},
    {"net-config-path", "file", "/etc/kube-flannel/net-conf.json", "Network config file in Kubernetes mode."},
    {"set-node-network-unavailable", nullptr, "true", "Kubernetes mode: set NetworkUnavailable=False once up."},
    {"iface", "name|ip", "", "Interface to use, by name or address; repeatable, tried in order."},
    {"iface-regex", "regex", "", "Interface name or address pattern; repeatable, tried after --iface."},
    {"iface-can-reach", "ip", "", "Use the interface that routes towards this address."},
    {"public-ip", "ip", "", "IPv4 address to advertise to other nodes (default: the interface's)."},
    {"public-ipv6", "ip", "", "IPv6 address to advertise to other nodes."},
    {"subnet-file", "file", "/run/flannel/subnet.env", "File to write the node's subnet environment to."},
    {"subnet-lease-renew-margin", "minutes", "60", "Renew the lease this long before it expires (1-1439)."},
    {"ip-masq", nullptr, "false", "Masquerade traffic leaving the overlay network."},
    {"iptables-resync", "seconds", "5", "Check the iptables rules this often."},
    {"iptables-forward-rules", nullptr, "true", "Add FORWARD rules accepting the network's traffic."},
    {"ip-masq-fully-random-disable", nullptr, "false", "Do not use --random-fully in MASQUERADE rules."},
    {"ip-blackhole-route", nullptr, "false", "Add a blackhole route for the node's own subnet."},
    {"healthz-ip", "ip", "0.0.0.0", "Address the health endpoint listens on."},
    {"healthz-port", "port", "0", "Port of the health endpoint (/healthz, /readyz); 0 disables it."},
    {"state-dir", "dir", "/var/lib/tartan", "Where tartand keeps state across restarts (VTEP MACs)."},
    {"reconcile-interval", "seconds", "10", "Full check of the kernel's tables this often."},
    {"report-ip", "ip", "127.0.0.1", "Address the report endpoint listens on."},
    {"report-port", "port", "8476", "Port of the report endpoint (/v1/report, /v1/summary, /metrics); 0 disables it."},
    {"report-interval", "seconds", "2", "Publish the node's summary in the store at most this often."},
    {"auto-repair", nullptr, "true", "Restore entries changed by hand; when false, only report them as drift."},
    {"v", "level", "0", "Log verbosity."},
};

bool isBoolean(const QString &name)
{
    for (const FlagSpec &flag : kFlags)
        if (!flag.valueName && name == QLatin1String(flag.name))
            return true;
    return false;
}

// Go's strconv.ParseBool.
std::optional<bool> parseBool(const QString &text)
{
    static const QStringList yes{"1", "t", "T", "TRUE", "true", "True"};
    static const QStringList no{"0", "f", "F", "FALSE", "false", "False"};
    if (yes.contains(text))
        return true;
    if (no.contains(text))
        return false;
    return std::nullopt;
}

void addFlags(QCommandLineParser &parser)
{
    // Go's flag package takes -flag like --flag; -v is the log level, as in flanneld (glog).
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    etcdflags::addTo(parser);
    for (const FlagSpec &flag : kFlags) {
        // Booleans are value options too, so that --flag=false works; a bare --flag is rewritten
        // to --flag=true before parsing.
        parser.addOption(QCommandLineOption(QString::fromLatin1(flag.name), QString::fromLatin1(flag.help),
                                            QString::fromLatin1(flag.valueName ? flag.valueName : "bool"),
                                            QString::fromLatin1(flag.defaultValue)));
    }
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")));
    parser.addOption(QCommandLineOption(QStringLiteral("version"), QStringLiteral("Show the version.")));
}

/// Reads one flag's value (command line, TARTAN_*, FLANNELD_*, default) and converts it; the first
/// failure is kept and names the flag.
class FlagReader
{
public:
    explicit FlagReader(const OptionSource &source) : mSource(source) {}

    QString text(const char *name) { return mSource.value(QString::fromLatin1(name)); }
    QStringList list(const char *name) { return mSource.values(QString::fromLatin1(name)); }

    bool boolean(const char *name)
    {
        const QString value = text(name);
        const auto parsed = parseBool(value);
        if (!parsed)
            fail(name, QStringLiteral("must be true or false, got '%1'").arg(value));
        return parsed.value_or(false);
    }

    qint64 integer(const char *name, qint64 min, qint64 max, const char *unit)
    {
        const QString value = text(name);
        bool ok = false;
        const qint64 number = value.toLongLong(&ok);
        if (!ok || number < min || number > max) {
            fail(name, QStringLiteral("must be a whole number of %1 from %2 to %3, got '%4'")
                           .arg(QLatin1String(unit)).arg(min).arg(max).arg(value));
            return min;
        }
        return number;
    }

    IpAddress address(const char *name, IpAddress::Family family)
    {
        const QString value = text(name);
        if (value.isEmpty())
            return {};
        auto parsed = family == IpAddress::Family::V6 ? IpAddress::parseV6(value)
                    : family == IpAddress::Family::V4 ? IpAddress::parseV4(value)
                                                      : IpAddress::parse(value);
        if (!parsed) {
            fail(name, parsed.error().message());
            return {};
        }
        return *parsed;
    }

    void fail(const char *name, const QString &why)
    {
        if (!mError)
            mError = Error(why).context(mSource.origin(QString::fromLatin1(name)));
    }
    const std::optional<Error> &error() const { return mError; }

private:
    const OptionSource &mSource;
    std::optional<Error> mError;
};

} // namespace

Result<AgentOptions> AgentOptions::parse(const QStringList &arguments, const QProcessEnvironment &environment,
                                         bool *helpRequested, bool *versionRequested)
{
    static const QRegularExpression bareFlag(QStringLiteral("^--?([a-z0-9-]+)$"));
    QStringList normalized{QStringLiteral("tartand")};
    for (const QString &argument : arguments) {
        const auto match = bareFlag.match(argument);
        normalized << (match.hasMatch() && isBoolean(match.captured(1)) ? QStringLiteral("--%1=true").arg(match.captured(1))
                                                                          : argument);
    }
    QCommandLineParser parser;
    addFlags(parser);
    if (!parser.parse(normalized))
        return Error(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return Error(QStringLiteral("unexpected argument '%1' (tartand takes only flags)").arg(parser.positionalArguments().first()));
    if (helpRequested)
        *helpRequested = parser.isSet(QStringLiteral("help"));
    if (versionRequested)
        *versionRequested = parser.isSet(QStringLiteral("version"));

    const OptionSource source(parser, environment);
    AgentOptions options;
    auto etcd = etcdflags::clientOptions(source);
    if (!etcd)
        return etcd.error();
    options.etcd = *etcd;
    options.etcdPrefix = etcdflags::layout(source).prefix();

    FlagReader read(source);
    options.kubeSubnetMgr = read.boolean("kube-subnet-mgr");
    options.kubeApiUrl = read.text("kube-api-url");
    options.kubeconfigFile = read.text("kubeconfig-file");
    options.kubeAnnotationPrefix = read.text("kube-annotation-prefix");
    options.netConfigPath = read.text("net-config-path");
    options.setNodeNetworkUnavailable = read.boolean("set-node-network-unavailable");
    options.iface = read.list("iface");
    options.ifaceRegex = read.list("iface-regex");
    for (const QString &pattern : std::as_const(options.ifaceRegex))
        if (!QRegularExpression(pattern).isValid())
            read.fail("iface-regex", QStringLiteral("'%1' is not a valid regular expression").arg(pattern));
    options.ifaceCanReach = read.address("iface-can-reach", IpAddress::Family::None);
    options.publicIp = read.address("public-ip", IpAddress::Family::V4);
    options.publicIpv6 = read.address("public-ipv6", IpAddress::Family::V6);
    options.subnetFile = read.text("subnet-file");
    options.subnetLeaseRenewMargin = std::chrono::minutes(read.integer("subnet-lease-renew-margin", 1, 1439, "minutes"));
    options.ipMasq = read.boolean("ip-masq");
    options.iptablesResync = std::chrono::seconds(read.integer("iptables-resync", 1, 86400, "seconds"));
    options.iptablesForwardRules = read.boolean("iptables-forward-rules");
    options.ipMasqFullyRandomDisable = read.boolean("ip-masq-fully-random-disable");
    options.ipBlackholeRoute = read.boolean("ip-blackhole-route");
    options.healthzIp = read.address("healthz-ip", IpAddress::Family::None);
    options.healthzPort = int(read.integer("healthz-port", 0, 65535, "port"));
    options.stateDir = read.text("state-dir");
    options.reconcileInterval = std::chrono::seconds(read.integer("reconcile-interval", 1, 3600, "seconds"));
    options.reportIp = read.address("report-ip", IpAddress::Family::None);
    options.reportPort = int(read.integer("report-port", 0, 65535, "port"));
    options.reportInterval = std::chrono::seconds(read.integer("report-interval", 1, 3600, "seconds"));
    options.autoRepair = read.boolean("auto-repair");
    options.verbosity = int(read.integer("v", 0, 10, "levels"));
    if (options.reportPort != 0 && options.reportIp.isNull())
        read.fail("report-ip", QStringLiteral("must not be empty while --report-port is set"));
    if (options.subnetFile.isEmpty())
        read.fail("subnet-file", QStringLiteral("must not be empty"));
    if (read.error())
        return *read.error();
    return options;
}

QString AgentOptions::helpText()
{
    QCommandLineParser parser;
    addFlags(parser);
    parser.setApplicationDescription(QStringLiteral(
        "Tartan node agent: leases this node's pod subnet from the cluster network (etcd or the\n"
        "Kubernetes API) and programs the overlay (vxlan, host-gw, ipip, udp) through netlink.\n"
        "A drop-in for flanneld: same flags, etcd keys, annotations, subnet.env and devices.\n"
        "Every flag can also be set as TARTAN_<FLAG> or FLANNELD_<FLAG> in the environment\n"
        "(e.g. FLANNELD_IP_MASQ=true); boolean flags take --flag, --flag=true or --flag=false."));
    return parser.helpText();
}

} // namespace tartan
