#pragma once

#include "ipnetwork.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace tartan {

/// flannel's subnet.env: the node's lease as flanneld hands it to the flannel CNI plugin (and to
/// scripts that source it). A plain value: the agent fills one in and writes it with writeFile();
/// the CNI plugin reads one with readFile() and asks missingVariables() before relying on it.
///
/// The subnets are held as networks (10.244.1.0/24); the text carries the first host address, as
/// flanneld writes it (FLANNEL_SUBNET=10.244.1.1/24), and parse() masks the host bits off again.
class SubnetEnv
{
public:
    /// Parses subnet.env text. Tolerates what a person or a shell script may have written: blank
    /// lines, `#` comments (whole-line, or after whitespace on an unquoted value), an `export `
    /// prefix, whitespace around the name and value, and values in single or double quotes.
    /// Unknown variables are ignored, so that a newer flanneld's additions do not break us; a
    /// repeated variable takes its last value, as when the file is sourced.
    /// An error names `source`, the line and the variable: "subnet.env line 3: FLANNEL_MTU: 'x' is
    /// not an MTU (expected 68 to 65535)". Missing variables are not an error here: see
    /// missingVariables().
    static Result<SubnetEnv> parse(const QByteArray &text,
                                   const QString &source = QStringLiteral("subnet.env"));
    /// Reads and parses `path`; errors name the path.
    static Result<SubnetEnv> readFile(const QString &path);

    /// flanneld's exact text and line order: FLANNEL_NETWORK, FLANNEL_SUBNET (first host/len),
    /// FLANNEL_IPV6_NETWORK, FLANNEL_IPV6_SUBNET, FLANNEL_MTU, FLANNEL_IPMASQ, each ending in "\n".
    /// A line is written only when its value is set, so the IPv6 lines appear only with IPv6 on,
    /// and a value parsed from a partial file formats back to the same variables.
    QByteArray format() const;
    /// Replaces `path` with format() atomically (see writeFileAtomically), mode 0644 in a 0755
    /// directory, as flanneld does: a reader sees the old file or the new one, never a torn one.
    Status writeFile(const QString &path) const;

    /// The variables the flannel CNI plugin needs and this value lacks, as upstream's plugin
    /// reports them: a network and a subnet of either family, FLANNEL_MTU and FLANNEL_IPMASQ.
    /// Empty when complete.
    QStringList missingVariables() const;
    /// missingVariables() as an error naming `source`: "/run/flannel/subnet.env is missing
    /// FLANNEL_MTU, FLANNEL_IPMASQ" (upstream's wording).
    Status requireComplete(const QString &source) const;

    /// FLANNEL_NETWORK: one IPv4 network, or several (comma-separated) in multi-network setups.
    const QList<IpNetwork> &networks() const { return mNetworks; }
    void setNetworks(QList<IpNetwork> networks) { mNetworks = std::move(networks); }
    /// FLANNEL_SUBNET as a network (10.244.1.0/24); null when IPv4 is off.
    IpNetwork subnet() const { return mSubnet; }
    void setSubnet(IpNetwork subnet) { mSubnet = subnet; }
    /// FLANNEL_IPV6_NETWORK (comma-separated like FLANNEL_NETWORK) and FLANNEL_IPV6_SUBNET.
    const QList<IpNetwork> &ipv6Networks() const { return mIpv6Networks; }
    void setIpv6Networks(QList<IpNetwork> networks) { mIpv6Networks = std::move(networks); }
    IpNetwork ipv6Subnet() const { return mIpv6Subnet; }
    void setIpv6Subnet(IpNetwork subnet) { mIpv6Subnet = subnet; }
    /// FLANNEL_MTU: the MTU pods must use (the backend's, e.g. 1450 for VXLAN over 1500).
    std::optional<int> mtu() const { return mMtu; }
    void setMtu(int mtu) { mMtu = mtu; }
    /// FLANNEL_IPMASQ: flanneld masquerades pod traffic itself (so the bridge plugin must not).
    std::optional<bool> ipMasq() const { return mIpMasq; }
    void setIpMasq(bool ipMasq) { mIpMasq = ipMasq; }

    bool hasIpv4() const { return !mNetworks.isEmpty() || !mSubnet.isNull(); }
    bool hasIpv6() const { return !mIpv6Networks.isEmpty() || !mIpv6Subnet.isNull(); }

    friend bool operator==(const SubnetEnv &, const SubnetEnv &) = default;

private:
    QList<IpNetwork> mNetworks;
    IpNetwork mSubnet;
    QList<IpNetwork> mIpv6Networks;
    IpNetwork mIpv6Subnet;
    std::optional<int> mMtu;
    std::optional<bool> mIpMasq;
};

/// Replaces `path` with `contents` so that a concurrent reader sees either the old file or the new
/// one: creates the missing directories (`directoryMode`, less the umask), writes a temporary file
/// in the same directory with exactly `fileMode`, fsyncs it, renames it over `path` and fsyncs the
/// directory so that the rename survives a crash. On failure the temporary file is removed and
/// the error names the path, the step and the cause: "writing /run/flannel/subnet.env: creating
/// directory /run/flannel: Permission denied". Shared by subnet.env and the CNI plugin's saved
/// delegate configs. Blocking; safe from any thread.
Status writeFileAtomically(const QString &path, const QByteArray &contents, unsigned fileMode = 0644,
                           unsigned directoryMode = 0755);

} // namespace tartan
