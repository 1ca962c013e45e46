#include "commandcontext.h"
#include "configcommands.h"
#include "etcdflags.h"
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
        "  leases release SUBNET           delete a lease or reservation\n\n"
        "Flags may come before or after the command, and from TARTAN_<FLAG> or FLANNELD_<FLAG>\n"
        "environment variables (TARTAN_ETCD_ENDPOINTS, FLANNELD_ETCD_PREFIX, ...).\n"
        "Exit codes: 0 ok, 1 bad input (the reason is printed), 2 store unreachable."));
    parser.addHelpOption();
    parser.addVersionOption();
    etcdflags::addTo(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON instead of tables.")));
    parser.addOption(QCommandLineOption(QStringLiteral("watch"), QStringLiteral("leases: follow changes, one line per event.")));
    parser.addOption(QCommandLineOption(QStringLiteral("dry-run"), QStringLiteral("config set: show the diff, write nothing.")));
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("config or leases, with its arguments."));
    parser.process(app);

    cli::CommandContext context(parser);
    const QStringList arguments = parser.positionalArguments();
    const QString command = arguments.value(0);
    if (command == u"config")
        return cli::runConfigCommand(context, arguments.mid(1));
    if (command == u"leases")
        return cli::runLeasesCommand(context, arguments.mid(1));
    if (command.isEmpty())
        return context.fail(cli::kBadInput, QStringLiteral("no command given; see tartanctl --help"));
    return context.fail(cli::kBadInput, QStringLiteral("unknown command '%1'; see tartanctl --help").arg(command));
}
