#pragma once

#include "ipnetwork.h"
#include "leaseattrs.h"

namespace tartan::gui {

/// The underlay segment a node sits on, as the topology groups nodes: the /24 of its IPv4 PublicIP,
/// or the /64 of its PublicIPv6 for an IPv6-only node (flannel writes PublicIP "0.0.0.0" for one).
/// A guess from addresses alone (the real link may be wider or narrower), but the one that matches
/// how most clusters are cabled, and cheap enough to run on every lease event. Null when the lease
/// has neither address.
IpNetwork underlaySegment(const LeaseAttrs &attrs);

} // namespace tartan::gui
