#pragma once

#include <QStringList>

namespace tartan::cli {

class CommandContext;

/// tartanctl leases [--watch] [--json] | leases reserve SUBNET PUBLICIP | leases release SUBNET
int runLeasesCommand(CommandContext &context, const QStringList &arguments);

} // namespace tartan::cli
