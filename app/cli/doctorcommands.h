#pragma once

#include <QStringList>

namespace tartan::cli {

class CommandContext;

/// tartanctl doctor [--json] [--repair]: every node's drift (its agent's tables against the leases).
int runDoctorCommand(CommandContext &context, const QStringList &arguments);
/// tartanctl trace SRC DST [--json]: a packet's path through the nodes' real tables.
int runTraceCommand(CommandContext &context, const QStringList &arguments);

} // namespace tartan::cli
