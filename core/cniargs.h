#pragma once

#include "result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace tartan {

/// The CNI_* environment variables a runtime invokes a plugin with, checked as libcni's skel
/// checks them before any command runs.
class CniArgs
{
public:
    enum class Command { Add, Del, Check, Version };

    /// Reads and validates the variables `command` needs: CNI_COMMAND always; CNI_CONTAINERID,
    /// CNI_IFNAME and CNI_PATH for ADD, DEL and CHECK; CNI_NETNS for ADD and CHECK (DEL runs without
    /// it, to release what it can). The container ID must match [A-Za-z0-9][A-Za-z0-9_.-]* — it
    /// also names the plugin's saved-config file, so this is what keeps it inside the data dir —
    /// and the interface name must be a legal Linux one. Errors name the variable.
    static Result<CniArgs> fromEnvironment(const QProcessEnvironment &environment);

    /// [A-Za-z0-9][A-Za-z0-9_.-]*: the spec's rule for container IDs and (libcni's) network names.
    static bool isValidIdentifier(QStringView text);

    Command command() const { return mCommand; }
    /// "ADD", "DEL", "CHECK" or "VERSION".
    QString commandName() const;
    const QString &containerId() const { return mContainerId; }
    const QString &netns() const { return mNetns; }
    const QString &ifName() const { return mIfName; }
    /// CNI_ARGS, unparsed: this plugin only passes it on to its delegate.
    const QString &args() const { return mArgs; }
    /// CNI_PATH split at ':', empty entries dropped.
    const QStringList &path() const { return mPath; }

private:
    Command mCommand = Command::Version;
    QString mContainerId;
    QString mNetns;
    QString mIfName;
    QString mArgs;
    QStringList mPath;
};

} // namespace tartan
