#include "underlaysegment.h"

namespace tartan::gui {

namespace {
constexpr int kIpv4SegmentLength = 24;
constexpr int kIpv6SegmentLength = 64;
} // namespace

IpNetwork underlaySegment(const LeaseAttrs &attrs)
{
    const bool hasV4 = attrs.publicIp.isV4() && attrs.publicIp.toV4() != 0;
    if (hasV4)
        return IpNetwork(attrs.publicIp, kIpv4SegmentLength);
    if (attrs.publicIpv6.isV6())
        return IpNetwork(attrs.publicIpv6, kIpv6SegmentLength);
    return {};
}

} // namespace tartan::gui
