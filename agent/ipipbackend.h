#pragma once

#include "backend.h"

namespace tartan {

/// ipip: the `flannel.ipip` tunnel device from the external interface's address; each peer's
/// subnet is routed onlink through it via the peer's public IP.
class IpIpBackend : public Backend
{
public:
    explicit IpIpBackend(const Context &context) : Backend(context) {}

    Status setUp(LeaseAttrs &self) override;
};

} // namespace tartan
