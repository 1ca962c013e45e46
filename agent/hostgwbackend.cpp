#include "hostgwbackend.h"

namespace tartan {

Status HostGwBackend::setUp(LeaseAttrs &self)
{
    // flanneld writes no BackendData for host-gw.
    self.backendType = QStringLiteral("host-gw");
    self.backendData = nullptr;
    return {};
}

} // namespace tartan
