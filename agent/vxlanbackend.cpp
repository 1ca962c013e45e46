#include "vxlanbackend.h"

#include "netlinklinks.h"
#include "vtepstate.h"

namespace tartan {

VxlanBackend::VxlanBackend(const Context &context)
    : Backend(context), mDevice(overlayDeviceName(context.config.backend, IpAddress::Family::V4)),
      mRandom(QRandomGenerator::securelySeeded())
{
}

Status VxlanBackend::setUp(LeaseAttrs &self)
{
    const VtepState state(mContext.options.stateDir);
    auto mac = state.macFor(mDevice, mRandom);
    if (!mac)
        return mac.error();
    const VxlanOptions &vxlan = mContext.config.backend.vxlan;
    netlink::NetlinkLinks links(mContext.socket);
    netlink::VxlanSpec spec;
    spec.name = mDevice;
    spec.vni = vxlan.vni;
    spec.local = mContext.external.ipv4;
    spec.underlay = mContext.external.name;
    spec.port = vxlan.port;
    spec.learning = vxlan.learning;
    spec.gbp = vxlan.gbp;
    spec.mac = *mac;
    auto ensured = links.ensureVxlan(spec);
    if (ensured && ensured->outcome == netlink::EnsuredLink::Outcome::Incompatible) {
        qWarning("%s differs (%s); recreating it", qPrintable(mDevice), qPrintable(ensured->incompatibility));
        if (auto removed = links.remove(mDevice); !removed)
            return Error(removed.error().message());
        ensured = links.ensureVxlan(spec);
    }
    if (!ensured)
        return Error(ensured.error().message());
    // A reused device keeps its MAC: that is the one peers must learn, and the one to keep.
    const MacAddress actual = ensured->link.mac;
    if (actual != *mac)
        (void)state.remember(mDevice, actual);
    VxlanBackendData data;
    data.vni = spec.vni;
    data.vtepMac = actual;
    self.backendType = QStringLiteral("vxlan");
    self.backendData = data.toJson();
    qInfo("%s %s with VTEP MAC %s", qPrintable(mDevice),
          ensured->outcome == netlink::EnsuredLink::Outcome::Created ? "created" : "reused", qPrintable(actual.toString()));
    return {};
}

Result<bool> VxlanBackend::configure(const DesiredTables &desired, LeaseAttrs &self)
{
    auto configured = Backend::configure(desired, self);
    if (!configured)
        return configured;
    netlink::NetlinkLinks links(mContext.socket);
    auto link = links.find(mDevice);
    if (!link || !link->has_value())
        return false;
    auto data = self.vxlanData();
    if (!data || data->vtepMac == (*link)->mac)
        return false;
    data->vtepMac = (*link)->mac;
    self.backendData = data->toJson();
    (void)VtepState(mContext.options.stateDir).remember(mDevice, data->vtepMac);
    qInfo("%s has MAC %s after coming up; publishing it", qPrintable(mDevice), qPrintable(data->vtepMac.toString()));
    return true;
}

} // namespace tartan
