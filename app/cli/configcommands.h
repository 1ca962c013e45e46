#pragma once

#include <QStringList>

namespace tartan::cli {

class CommandContext;

/// tartanctl config get | set FILE [--dry-run] | validate FILE
int runConfigCommand(CommandContext &context, const QStringList &arguments);

} // namespace tartan::cli
