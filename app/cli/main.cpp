#include "commandcontext.h"
#include "configcommands.h"
#include "deploycommands.h"
#include "doctorcommands.h"
#include "etcdflags.h"
#include "labcommands.h"
#include "leasecommands.h"
#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace tartan;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tartanctl"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Tartan's command line: the scriptable twin of the tartan app.\n\n"
        "Commands:\n"
        "  config get                      print the network config\n"
        "  config set FILE [--dry-run]     validate FILE, show the diff, write it ('-' reads stdin)\n"
        "  config validate FILE            check FILE against flannel's rules\n"
        "  leases [--watch]                list the subnet leases, or follow them live\n"
        "  leases reserve SUBNET PUBLICIP  keep SUBNET for the node with PUBLICIP, without expiry\n"
        "  leases release SUBNET           delete a lease or reservation\n"
        "  doctor [--repair]               every node's kernel tables against the leases: missing, stale and\n"
        "                                  extra entries (exit code 1 when a node drifts or did not report);\n"
        "                                  --repair asks the drifting agents to reconcile, then checks again\n"
        "  trace SRC DST                   a packet's path from pod or node SRC to DST through the nodes'\n"
        "                                  real tables (exit code 1 when it stops at a missing or wrong entry)\n"
        "\n"
        "Kubernetes mode: with --kubeconfig FILE [--context NAME] these read the cluster through its API\n"
        "instead of etcd: config get (from the ConfigMap --configmap, default\n"
        "kube-flannel/kube-flannel-cfg:net-conf.json), leases [--watch] (from the Nodes), doctor [--repair]\n"
        "and trace SRC DST (each agent asked at http://<its public IP>:<--agent-port>, default 8476: start\n"
        "tartand with --report-ip set to the node's address for that).\n\n"
        "  lab up [--nodes N] [--pods-per-node K] [--backend vxlan|host-gw] [--name L] [--force]\n"
        "                                  start a local lab (root): etcd, N nodes running tartand, K pods\n"
        "                                  each, all in network namespaces; prints the etcd endpoint\n"
        "  lab status                      agents, subnets, pods, and whether pods reach other nodes\n"
        "                                  (exit code 1 when something is wrong)\n"
        "  lab exec MEMBER -- COMMAND...   run COMMAND in node2, pod n2-p1 or the underlay (net)\n"
        "  lab down                        remove the lab: processes, namespaces, state (also after a crash)\n"
        "  deploy HOST... | --inventory FILE --package TARTAND.deb [--etcd-endpoints ...]\n"
        "                                  install tartand on the hosts over SSH, configure and start it, wait\n"
        "                                  until ready; a second run with the same package and flags changes nothing\n"
        "  undeploy HOST... | --inventory FILE\n"
        "                                  stop and purge tartand and remove its links and routes\n\n"
        "Flags may come before or after the command, and from TARTAN_<FLAG> or FLANNELD_<FLAG>\n"
        "environment variables (TARTAN_ETCD_ENDPOINTS, FLANNELD_ETCD_PREFIX, ...); the lab's own\n"
        "flags (--nodes, --name, ...) only from the command line.\n"
        "Exit codes: 0 ok, 1 bad input (the reason is printed), 2 store (etcd or Kubernetes API) unreachable."));
    parser.addHelpOption();
    parser.addVersionOption();
    etcdflags::addTo(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON instead of tables.")));
    parser.addOption(QCommandLineOption(QStringLiteral("watch"), QStringLiteral("leases: follow changes, one line per event.")));
    // Kubernetes mode: the leases on the cluster's Nodes instead of etcd.
    parser.addOption(QCommandLineOption(QStringLiteral("kubeconfig"), QStringLiteral("config get, leases, doctor, trace: read a Kubernetes cluster through this kubeconfig instead of etcd."), QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(QStringLiteral("context"), QStringLiteral("with --kubeconfig: its context (default: its current-context)."), QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(QStringLiteral("configmap"), QStringLiteral("with --kubeconfig: where the network config is (default kube-flannel/kube-flannel-cfg:net-conf.json)."), QStringLiteral("NS/NAME[:KEY]")));
    parser.addOption(QCommandLineOption(QStringLiteral("agent-port"), QStringLiteral("with --kubeconfig, doctor and trace: the agents' report port (default 8476)."), QStringLiteral("PORT")));
    parser.addOption(QCommandLineOption(QStringLiteral("kube-annotation-prefix"), QStringLiteral("with --kubeconfig: prefix of the flannel Node annotations."), QStringLiteral("PREFIX")));
    parser.addOption(QCommandLineOption(QStringLiteral("dry-run"), QStringLiteral("config set: show the diff, write nothing.")));
    parser.addOption(QCommandLineOption(QStringLiteral("repair"), QStringLiteral("doctor: ask drifting agents to reconcile, then check again.")));
    parser.addOption(QCommandLineOption(QStringLiteral("nodes"), QStringLiteral("lab up: how many nodes (default 3)."), QStringLiteral("N")));
    parser.addOption(QCommandLineOption(QStringLiteral("pods-per-node"), QStringLiteral("lab up: pods on each node (default 1)."), QStringLiteral("K")));
    parser.addOption(QCommandLineOption(QStringLiteral("backend"), QStringLiteral("lab up: vxlan (default) or host-gw."), QStringLiteral("B")));
    parser.addOption(QCommandLineOption(QStringLiteral("network"), QStringLiteral("lab up: the pod network (default 10.244.0.0/16)."), QStringLiteral("CIDR")));
    parser.addOption(QCommandLineOption(QStringLiteral("name"), QStringLiteral("lab: which lab (default tartan-lab); prefixes its namespaces."), QStringLiteral("L")));
    parser.addOption(QCommandLineOption(QStringLiteral("force"), QStringLiteral("lab up: remove an existing lab of that name first.")));
    QCommandLineOption relayTo(QStringLiteral("relay-to"), QStringLiteral("lab relay: the ADDRESS:PORT in the underlay to relay to."), QStringLiteral("TARGET"));
    relayTo.setFlags(QCommandLineOption::HiddenFromHelp); // set by `lab up` only
    parser.addOption(relayTo);
    cli::addDeployOptions(parser);
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("config, leases, doctor, trace or lab, with its arguments."));
    parser.process(app);

    cli::CommandContext context(parser);
    const QStringList arguments = parser.positionalArguments();
    const QString command = arguments.value(0);
    if (command == u"config")
        return cli::runConfigCommand(context, arguments.mid(1));
    if (command == u"leases")
        return cli::runLeasesCommand(context, arguments.mid(1));
    if (command == u"doctor")
        return cli::runDoctorCommand(context, arguments.mid(1));
    if (command == u"trace")
        return cli::runTraceCommand(context, arguments.mid(1));
    if (command == u"lab")
        return cli::runLabCommand(context, parser, arguments.mid(1));
    if (command == u"deploy" || command == u"undeploy")
        return cli::runDeployCommand(context, parser, command, arguments.mid(1));
    if (command.isEmpty())
        return context.fail(cli::kBadInput, QStringLiteral("no command given; see tartanctl --help"));
    return context.fail(cli::kBadInput, QStringLiteral("unknown command '%1'; see tartanctl --help").arg(command));
}
