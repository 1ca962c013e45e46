#include "ipipbackend.h"

#include "netlinklinks.h"

namespace tartan {

Status IpIpBackend::setUp(LeaseAttrs &self)
{
    netlink::NetlinkLinks links(mContext.socket);
    netlink::IpIpSpec spec;
    spec.name = overlayDeviceName(mContext.config.backend, IpAddress::Family::V4);
    spec.local = mContext.external.ipv4;
    spec.underlay = mContext.external.name;
    auto ensured = links.ensureIpip(spec);
    if (ensured && ensured->outcome == netlink::EnsuredLink::Outcome::Incompatible) {
        qWarning("%s differs (%s); recreating it", qPrintable(spec.name), qPrintable(ensured->incompatibility));
        if (auto removed = links.remove(spec.name); !removed)
            return Error(removed.error().message());
        ensured = links.ensureIpip(spec);
    }
    if (!ensured)
        return Error(ensured.error().message());
    self.backendType = QStringLiteral("ipip");
    self.backendData = nullptr;
    return {};
}

} // namespace tartan
