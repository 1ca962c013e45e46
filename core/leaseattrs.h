#pragma once

#include "ipaddress.h"
#include "json.h"
#include "macaddress.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace tartan {

/// The vxlan backend's BackendData (and BackendV6Data): {"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}.
struct VxlanBackendData
{
    std::uint32_t vni = 0;
    MacAddress vtepMac;

    /// Tolerant like Go's decoder (field case ignored, unknown fields ignored) but both fields are
    /// required: VNI an integer in 0..16777215, VtepMAC a unicast, non-zero MAC string. `field` is
    /// the member the data came from and prefixes every message: "BackendData.VNI: must be an
    /// integer from 0 to 16777215, got -1". With two spellings of one name ("vni", "VNI") the last
    /// in member order wins, as in Go.
    static Result<VxlanBackendData> fromJson(const json::Json &data, QStringView field = u"BackendData");
    /// {"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"}, in that order.
    json::Json toJson() const;

    friend bool operator==(const VxlanBackendData &, const VxlanBackendData &) = default;
};

/// The value stored under a lease key: what a node advertises to its peers.
struct LeaseAttrs
{
    IpAddress publicIp;   ///< IPv4; flannel always writes it ("0.0.0.0" for an IPv6-only node)
    IpAddress publicIpv6; ///< null when absent (written as "PublicIPv6":null)
    QString backendType;  ///< "vxlan", "host-gw", "ipip"; empty for udp, as upstream writes it
    /// Go's json.RawMessage: any JSON value (flannel's extension backend stores a string); null
    /// when absent. Members keep their text order.
    json::Json backendData;
    json::Json backendV6Data; ///< as backendData

    /// Decodes a lease value like Go's json.Unmarshal: field names match ignoring case (the last
    /// spelling in the text wins), unknown fields are ignored, PublicIPv6 and BackendType may be
    /// missing or null. Rejects anything else with an error naming the field: "lease value:
    /// PublicIP: '10.0.0.300' is not an IPv4 address". Values nested deeper than 32 levels are
    /// rejected too, so that no later copy or dump can exhaust the stack.
    static Result<LeaseAttrs> decode(const QByteArray &value);
    /// The exact bytes flanneld writes (Go's json.Marshal of its LeaseAttrs struct): fields in
    /// PublicIP, PublicIPv6, BackendType, BackendData, BackendV6Data order, the last three omitted
    /// when empty, no whitespace, strings escaped as Go does (<, >, & as \u003c, \u003e, \u0026).
    /// A publicIp that is not IPv4 is written as Go's zero IP4, "0.0.0.0"; a publicIpv6 that is not
    /// IPv6 as null.
    ///
    /// Round trips (decode then encode) are byte-exact for everything flanneld writes. Go keeps a
    /// RawMessage's text verbatim, which a parsed value cannot: a float, a string escape Go would
    /// not have chosen ("\u00e9", "\b") or a duplicate member inside BackendData comes back in
    /// Go's json.Marshal form, and "BackendData":null is dropped.
    QByteArray encode() const;

    /// The vxlan data of BackendData / BackendV6Data, or an error if absent or malformed:
    /// "lease value: BackendV6Data.VtepMAC: missing". The BackendType is not checked.
    Result<VxlanBackendData> vxlanData() const;
    /// The backend as flannel means it: upstream's udp backend writes no BackendType, so an empty
    /// one is "udp".
    QString backendName() const { return backendType.isEmpty() ? QStringLiteral("udp") : backendType; }
    Result<VxlanBackendData> vxlanV6Data() const;

    friend bool operator==(const LeaseAttrs &, const LeaseAttrs &) = default;
};

} // namespace tartan
