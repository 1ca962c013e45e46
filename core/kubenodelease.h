#pragma once

#include "json.h"
#include "lease.h"
#include "result.h"

#include <QMap>
#include <QString>

#include <optional>

namespace tartan {

/// flannel's Node annotations (flannel-compat.md section 2) under a prefix, and the mapping between
/// a Node object and the Lease the rest of Tartan works with.
class KubeAnnotations
{
public:
    /// flannel's rule for --kube-annotation-prefix: "example.com" gives "example.com/backend-data",
    /// "example.com/" the same, "example.com/flannel" gives "example.com/flannel-backend-data"; a
    /// second slash is refused.
    static Result<KubeAnnotations> withPrefix(const QString &prefix);

    QString name(QStringView suffix) const { return mPrefix + suffix.toString(); }
    QString backendData() const { return name(u"backend-data"); }
    QString backendV6Data() const { return name(u"backend-v6-data"); }
    QString backendType() const { return name(u"backend-type"); }
    QString subnetManager() const { return name(u"kube-subnet-manager"); }
    QString publicIp() const { return name(u"public-ip"); }
    QString publicIpv6() const { return name(u"public-ipv6"); }
    QString publicIpOverwrite() const { return name(u"public-ip-overwrite"); }
    QString publicIpv6Overwrite() const { return name(u"public-ipv6-overwrite"); }

    /// The annotations flanneld writes for `self`, with the same text: backend-data is the JSON of
    /// BackendData ("null" when it has none, as Go's RawMessage marshals), public-ip the dotted
    /// address, kube-subnet-manager "true"; the v6 pair only when `self` has an IPv6 address.
    QMap<QString, QString> forSelf(const LeaseAttrs &self) const;

private:
    QString mPrefix; // with its separator
};

/// metadata.annotations of a node, as strings (other values skipped).
QMap<QString, QString> kubeNodeAnnotations(const json::Json &node);

/// The address in annotation `name` (IPv6 when `v6`); a null address when it is absent or empty.
/// An error names `where` and the annotation: "node 'n1': flannel.alpha.coreos.com/public-ip: ...".
Result<IpAddress> kubeAnnotationAddress(const QMap<QString, QString> &annotations, const QString &name, bool v6, const QString &where);

/// The node's pod subnet: the first IPv4 and first IPv6 entries of spec.podCIDRs, else
/// spec.podCIDR. A null key when none is assigned; an error when one does not parse.
Result<SubnetKey> kubeNodeSubnet(const json::Json &node);

/// The lease a node advertises, or nullopt when it carries no kube-subnet-manager="true" (not
/// managed by a flannel-compatible agent) or has no podCIDR yet. public-ip-overwrite and
/// public-ipv6-overwrite replace the advertised addresses. An error names the node and the field:
/// "node 'n1': flannel.alpha.coreos.com/backend-data: malformed JSON: ...".
Result<std::optional<Lease>> kubeNodeLease(const json::Json &node, const KubeAnnotations &names);

} // namespace tartan
