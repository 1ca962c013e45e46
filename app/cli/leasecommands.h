#pragma once

#include "lease.h"

#include <QStringList>

namespace tartan::cli {

class CommandContext;

/// tartanctl leases [--watch] [--json] | leases reserve SUBNET PUBLICIP | leases release SUBNET
int runLeasesCommand(CommandContext &context, const QStringList &arguments);

/// One line of `leases --watch`, whichever cluster it follows: "<UTC time> ADDED    SUBNET
/// PUBLICIP BACKEND VTEPMAC" (event added, changed or removed), or with --json one object
/// {"time","event","lease"} per line.
void printLeaseEvent(const CommandContext &context, const char *event, const Lease &lease);

} // namespace tartan::cli
