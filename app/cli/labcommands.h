#pragma once

#include <QCommandLineParser>
#include <QStringList>

namespace tartan::cli {

class CommandContext;

/// tartanctl lab up [--nodes N] [--pods-per-node K] [--backend B] [--network CIDR] [--name L] [--force] [--json]
///              | lab status [--json] | lab exec MEMBER -- COMMAND... | lab down
/// (and the hidden `lab relay`, which `lab up` starts). The lab's own flags (--nodes, --name, ...)
/// are read from the command line only: a stray TARTAN_NAME in the environment must not pick
/// which lab `lab down` removes.
int runLabCommand(CommandContext &context, const QCommandLineParser &parser, const QStringList &arguments);

} // namespace tartan::cli
