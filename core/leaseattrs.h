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

    /// Tolerant like Go's decoder (field case ignored, unknown fields ignored) but VtepMAC must be a
    /// valid unicast MAC and VNI an integer in 0..16777215.
    static Result<VxlanBackendData> fromJson(const json::Json &data);
    json::OrderedJson toJson() const;

    friend bool operator==(const VxlanBackendData &, const VxlanBackendData &) = default;
};

/// The value stored under a lease key: what a node advertises to its peers.
struct LeaseAttrs
{
    IpAddress publicIp;   ///< IPv4; flannel always writes it
    IpAddress publicIpv6; ///< null when absent (written as "PublicIPv6":null)
    QString backendType;  ///< "vxlan", "host-gw", "ipip"; empty for udp, as upstream writes it
    json::OrderedJson backendData;   ///< null when absent
    json::OrderedJson backendV6Data; ///< null when absent

    /// Decodes a lease value. Tolerant of field case, unknown fields and a missing PublicIPv6; rejects
    /// anything else with an error naming the field: "lease value: PublicIP: '10.0.0.300' is not an
    /// IPv4 address".
    static Result<LeaseAttrs> decode(const QByteArray &value);
    /// The exact bytes flanneld writes (Go's json.Marshal of its LeaseAttrs struct): fields in
    /// PublicIP, PublicIPv6, BackendType, BackendData, BackendV6Data order, the last three omitted
    /// when empty, no whitespace.
    QByteArray encode() const;

    /// The vxlan data of BackendData / BackendV6Data, or an error if absent or malformed.
    Result<VxlanBackendData> vxlanData() const;
    Result<VxlanBackendData> vxlanV6Data() const;

    friend bool operator==(const LeaseAttrs &, const LeaseAttrs &) = default;
};

} // namespace tartan
