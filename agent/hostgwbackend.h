#pragma once

#include "backend.h"

namespace tartan {

/// host-gw: no device at all. Each peer's subnet is routed via the peer's public IP, which must be
/// on a directly connected network (DesiredTables excludes a peer that is not, with the reason).
class HostGwBackend : public Backend
{
public:
    explicit HostGwBackend(const Context &context) : Backend(context) {}

    Status setUp(LeaseAttrs &self) override;
};

} // namespace tartan
