#pragma once

#include <QCommandLineParser>
#include <QStringList>

namespace tartan::cli {

class CommandContext;

/// Adds deploy/undeploy's own flags (--user, --port, --identity, ...) to tartanctl's parser.
void addDeployOptions(QCommandLineParser &parser);

/// tartanctl deploy HOST... | --inventory FILE, and undeploy with the same host options.
/// Progress goes to stderr ("host: line"), the final table (or --json) to stdout. Exit code 0
/// when every host succeeded, 1 otherwise. Deploy's own flags come from the command line only;
/// the etcd flags also from TARTAN_*/FLANNELD_* as everywhere in tartanctl.
int runDeployCommand(CommandContext &context, const QCommandLineParser &parser, const QString &command,
                     const QStringList &arguments);

} // namespace tartan::cli
