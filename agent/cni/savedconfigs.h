#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace tartan {

/// The delegate configs the flannel plugin saves at ADD, one file per container in the netconf's
/// dataDir (default /var/lib/cni/flannel/<containerID>), so that DEL tears down exactly what ADD
/// set up even after subnet.env has changed. The container ID must already be validated
/// (CniArgs): it is used as a file name.
class SavedConfigs
{
public:
    explicit SavedConfigs(QString dataDir) : mDataDir(std::move(dataDir)) {}

    QString pathFor(const QString &containerId) const;
    /// Durably replaces the container's file (directory 0700, file 0600: the config may carry
    /// runtimeConfig secrets), before the delegate runs.
    Status save(const QString &containerId, const QByteArray &config) const;
    /// The saved bytes; nullopt when there is no file (a DEL after a DEL, or for an ADD that
    /// never got this far). Other read failures are errors naming the path.
    Result<std::optional<QByteArray>> load(const QString &containerId) const;
    /// Deletes the container's file; a missing file is not an error.
    Status remove(const QString &containerId) const;

private:
    QString mDataDir;
};

} // namespace tartan
