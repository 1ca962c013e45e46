#pragma once

#include "json.h"
#include "result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tartan {

/// The network configuration the runtime gives the flannel CNI plugin on stdin (one entry of a
/// conflist, with name and cniVersion filled in by the runtime):
///   {"cniVersion":"1.0.0","name":"cbr0","type":"flannel","subnetFile":...,"dataDir":...,
///    "delegate":{...},"ipam":{...},"runtimeConfig":{...}}
/// Field names match case-insensitively and the last duplicate wins, as Go's encoding/json does
/// for upstream's struct; a null or empty subnetFile/dataDir means the default.
class CniNetConf
{
public:
    static constexpr const char *kDefaultSubnetFile = "/run/flannel/subnet.env";
    static constexpr const char *kDefaultDataDir = "/var/lib/cni/flannel";

    /// Checks the fields this plugin reads. A missing or malformed name is an error (libcni's skel
    /// rejects it before the plugin runs), as is a field of the wrong JSON type. Errors name the
    /// field: "netconf: 'delegate' must be an object, got an array".
    static Result<CniNetConf> fromJson(const json::Json &netconf);

    /// The spec versions this plugin speaks, oldest first.
    static const QStringList &supportedVersions();
    /// The VERSION command's answer: {"cniVersion":"1.0.0","supportedVersions":[...]}.
    static QByteArray versionJson();
    /// The newest supported version, for answers when the netconf names none usable.
    static QString latestVersion() { return supportedVersions().last(); }

    /// cniVersion as given (may be empty).
    const QString &cniVersion() const { return mCniVersion; }
    /// cniVersion, or "0.1.0" when absent, as libcni reads a config without one.
    QString effectiveVersion() const;
    /// An error (for code 1, incompatible version) unless effectiveVersion() is supported, and, for
    /// CHECK, at least 0.4.0, where CHECK was introduced.
    Status checkVersion(bool forCheck) const;

    const QString &name() const { return mName; }
    const QString &type() const { return mType; }
    const QString &subnetFile() const { return mSubnetFile; }
    const QString &dataDir() const { return mDataDir; }
    /// The objects as given; null when absent.
    const json::Json &delegate() const { return mDelegate; }
    const json::Json &ipam() const { return mIpam; }
    const json::Json &runtimeConfig() const { return mRuntimeConfig; }

private:
    QString mCniVersion;
    QString mName;
    QString mType;
    QString mSubnetFile;
    QString mDataDir;
    json::Json mDelegate;
    json::Json mIpam;
    json::Json mRuntimeConfig;
};

} // namespace tartan
