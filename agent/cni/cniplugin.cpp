#include "cniplugin.h"

#include "cnidelegate.h"
#include "cninetconf.h"
#include "delegateplugin.h"
#include "json.h"
#include "savedconfigs.h"
#include "subnetenv.h"

#include <cstdio>

namespace tartan {

namespace {

void logLine(const QString &line)
{
    std::fprintf(stderr, "flannel: %s\n", qPrintable(line));
}

CniPlugin::Output failure(const CniError &error, const QString &replyVersion)
{
    logLine(error.message());
    return {error.toJson(replyVersion), 1};
}

/// The version to answer in before the netconf is known good: its cniVersion when we speak it.
QString replyVersionOf(const json::Json &netconf)
{
    const json::Json *version = json::findField(netconf, "cniVersion");
    if (version && version->is_string()) {
        QString text = json::toQString(version->get<std::string>());
        if (CniNetConf::supportedVersions().contains(text))
            return text;
    }
    return CniNetConf::latestVersion();
}

/// A delegate's stdout is an error result worth relaying when it is a JSON object with a code.
bool isErrorResult(const QByteArray &output)
{
    auto parsed = json::parse(output, QString());
    return parsed && parsed->is_object() && parsed->contains("code");
}

} // namespace

CniPlugin::Output CniPlugin::run(const std::function<QByteArray()> &readStdin) const
{
    auto args = CniArgs::fromEnvironment(mEnvironment);
    if (!args)
        return failure(CniError(CniError::InvalidEnvironment, args.error()), CniNetConf::latestVersion());
    if (args->command() == CniArgs::Command::Version)
        return {CniNetConf::versionJson(), 0};

    auto parsed = json::parse(readStdin(), QStringLiteral("netconf on stdin"));
    if (!parsed)
        return failure(CniError(CniError::DecodingFailure, parsed.error()), CniNetConf::latestVersion());
    const QString replyVersion = replyVersionOf(*parsed);
    auto netconf = CniNetConf::fromJson(*parsed);
    if (!netconf)
        return failure(CniError(CniError::InvalidNetworkConfig, netconf.error()), replyVersion);
    if (auto supported = netconf->checkVersion(args->command() == CniArgs::Command::Check); !supported)
        return failure(CniError(CniError::IncompatibleVersion, supported.error()), replyVersion);

    switch (args->command()) {
    case CniArgs::Command::Add:
        return add(*args, *netconf);
    case CniArgs::Command::Del:
        return del(*args, *netconf);
    case CniArgs::Command::Check:
    case CniArgs::Command::Version:
        break;
    }
    return {};
}

CniPlugin::Output CniPlugin::add(const CniArgs &args, const CniNetConf &netconf) const
{
    const QString version = netconf.effectiveVersion();
    auto env = SubnetEnv::readFile(netconf.subnetFile());
    if (!env)
        return failure(CniError(CniError::TryAgainLater, env.error()), version);
    if (auto complete = env->requireComplete(netconf.subnetFile()); !complete)
        return failure(CniError(CniError::TryAgainLater, complete.error()), version);

    auto delegateConfig = CniDelegate::build(netconf, *env);
    if (!delegateConfig)
        return failure(CniError(CniError::InvalidNetworkConfig, delegateConfig.error()), version);
    logLine(QStringLiteral("ADD %1: delegating to %2 with %3")
                .arg(args.containerId(), delegateConfig->type(), QString::fromUtf8(delegateConfig->bytes())));

    // Saved before the delegate runs: if it fails half-way, the runtime's DEL replays this to undo it.
    if (auto saved = SavedConfigs(netconf.dataDir()).save(args.containerId(), delegateConfig->bytes());
        !saved)
        return failure(CniError(CniError::IoFailure, saved.error()), version);
    return delegate(args, delegateConfig->type(), delegateConfig->bytes(), version);
}

CniPlugin::Output CniPlugin::del(const CniArgs &args, const CniNetConf &netconf) const
{
    const QString version = netconf.effectiveVersion();
    const SavedConfigs saved(netconf.dataDir());
    auto bytes = saved.load(args.containerId());
    if (!bytes)
        return failure(CniError(CniError::IoFailure, bytes.error()), version);
    if (!bytes->has_value()) {
        // Per the spec, DEL of something already gone succeeds.
        logLine(QStringLiteral("DEL %1: no saved config at %2, nothing to do")
                    .arg(args.containerId(), saved.pathFor(args.containerId())));
        return {};
    }
    auto delegateConfig = CniDelegate::fromSaved(**bytes);
    if (!delegateConfig) {
        // As upstream: an unreadable file cannot be replayed, and failing would block the pod's
        // deletion forever; the host side of the veth stays until the bridge is cleaned up.
        logLine(QStringLiteral("DEL %1: ignoring %2: %3")
                    .arg(args.containerId(), saved.pathFor(args.containerId()),
                         delegateConfig.error().message()));
        if (auto removed = saved.remove(args.containerId()); !removed)
            logLine(removed.error().message());
        return {};
    }
    Output output = delegate(args, delegateConfig->type(), delegateConfig->bytes(), version);
    // Kept when the delegate failed, so that the runtime's retry replays the same config.
    if (output.exitCode == 0) {
        if (auto removed = saved.remove(args.containerId()); !removed)
            logLine(removed.error().message());
    }
    return output;
}

CniPlugin::Output CniPlugin::delegate(const CniArgs &args, const QString &type, const QByteArray &config,
                                      const QString &replyVersion) const
{
    auto executable = DelegatePlugin::find(type, args.path());
    if (!executable)
        return failure(CniError(CniError::Internal, executable.error()), replyVersion);
    auto outcome = DelegatePlugin::run(*executable, args.commandName(), config, mEnvironment);
    if (!outcome)
        return failure(CniError(CniError::Internal, outcome.error()), replyVersion);
    if (!outcome->errorOutput.isEmpty())
        std::fwrite(outcome->errorOutput.constData(), 1, static_cast<size_t>(outcome->errorOutput.size()),
                    stderr);
    if (outcome->exitCode == 0)
        return {outcome->output, 0};
    if (isErrorResult(outcome->output)) {
        logLine(QStringLiteral("%1 %2: %3 failed: %4")
                    .arg(args.commandName(), args.containerId(), type,
                         QString::fromUtf8(outcome->output).trimmed()));
        return {outcome->output, outcome->exitCode > 0 ? outcome->exitCode : 1};
    }
    const QString how = outcome->exitCode < 0 ? QStringLiteral("was killed by a signal")
                                              : QStringLiteral("exited with code %1").arg(outcome->exitCode);
    return failure(
        CniError(
            CniError::Internal,
            QStringLiteral("delegate %1 %2 %3 without an error result").arg(type, args.commandName(), how),
            QString::fromUtf8(outcome->errorOutput).trimmed()),
        replyVersion);
}

} // namespace tartan
