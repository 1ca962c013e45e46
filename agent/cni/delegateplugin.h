#pragma once

#include "result.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace tartan {

/// Runs the plugin the flannel plugin delegates to (bridge, ipvlan, ...), as libcni's invoke
/// package does: found by name in CNI_PATH, given the caller's environment with CNI_COMMAND set,
/// the delegate config on stdin. Blocking: the runtime bounds the whole call.
class DelegatePlugin
{
public:
    /// What the delegate did: its exit code (-1 if it died by a signal), stdout and stderr.
    struct Outcome
    {
        int exitCode = 0;
        QByteArray output;
        QByteArray errorOutput;
    };

    /// The first executable regular file named `type` in `searchPath`; an error listing the
    /// directories when there is none.
    static Result<QString> find(const QString &type, const QStringList &searchPath);

    /// Runs `executable` with `environment` plus CNI_COMMAND=`command`. An error only when it
    /// could not be started; a failing delegate is an Outcome with a non-zero exit code.
    static Result<Outcome> run(const QString &executable, const QString &command, const QByteArray &config,
                               QProcessEnvironment environment);
};

} // namespace tartan
