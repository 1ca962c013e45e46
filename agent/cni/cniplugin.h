#pragma once

#include "cniargs.h"
#include "cnierror.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>

#include <functional>

namespace tartan {

class CniNetConf;

/// The `flannel` CNI plugin's commands, as upstream flannel-io/cni-plugin runs them:
///  - ADD reads subnet.env, renders the delegate config (CniDelegate), saves it to
///    <dataDir>/<containerID> and then runs the delegate, relaying its result and exit code;
///  - DEL replays the saved config through the delegate and deletes the file once the delegate
///    succeeded; no saved file means nothing to do (success);
///  - CHECK validates its input and does nothing else (upstream's CHECK is a no-op);
///  - VERSION lists the supported spec versions.
/// Every failure of the plugin's own is a CNI error result with a spec code (see run()); a
/// delegate's error result is relayed verbatim.
class CniPlugin
{
public:
    /// What main() prints on stdout and exits with.
    struct Output
    {
        QByteArray stdoutBytes;
        int exitCode = 0;
    };

    /// `environment` supplies the CNI_* variables and is passed on to the delegate.
    explicit CniPlugin(const QProcessEnvironment &environment) : mEnvironment(environment) {}

    /// Runs CNI_COMMAND. `readStdin` is called once, and not for VERSION (which needs no config,
    /// so an operator can run it without piping anything in). Diagnostics go to stderr, which
    /// runtimes log. Error codes: 4 bad CNI_* variables, 6 stdin is not JSON, 7 invalid netconf or
    /// delegate, 1 unsupported cniVersion, 11 subnet.env missing or incomplete (flanneld has not
    /// written it yet: the runtime retries), 5 the saved config cannot be written or read,
    /// 999 the delegate cannot be found or run, or failed without an error result.
    Output run(const std::function<QByteArray()> &readStdin) const;

private:
    Output add(const CniArgs &args, const CniNetConf &netconf) const;
    Output del(const CniArgs &args, const CniNetConf &netconf) const;
    /// Runs the delegate and relays its answer.
    Output delegate(const CniArgs &args, const QString &type, const QByteArray &config,
                    const QString &replyVersion) const;

    QProcessEnvironment mEnvironment;
};

} // namespace tartan
