#pragma once

#include "agentoptions.h"
#include "desiredtables.h"
#include "leaseattrs.h"
#include "networkconfig.h"
#include "result.h"

#include <QList>

#include <memory>

namespace tartan {

struct Lease;

namespace netlink {
class NetlinkSocket;
} // namespace netlink

/// One of flannel's backends on this node: the device it needs and what this node publishes in
/// its lease. The per-peer kernel entries (routes, neighbours, FDB) are not a backend's business:
/// core's DesiredTables computes them for every backend and the Reconciler keeps them. A backend
/// that carries packets itself (udp's userspace proxy) follows the peers through setPeers().
///
/// The agent drives it in flanneld's order: setUp() before the lease is acquired (the lease
/// carries what setUp() publishes), configure() once the lease and hence the device address are
/// known, and again after every re-acquired lease.
class Backend
{
public:
    /// What every backend may use; the references outlive the backend (they are the Agent's).
    struct Context
    {
        const AgentOptions &options;
        const NetworkConfig &config;
        const ExternalInterface &external;
        netlink::NetlinkSocket &socket;
    };

    /// The backend of `context.config.backend.type`, or an error naming the types this build serves.
    static Result<std::unique_ptr<Backend>> create(const Context &context);

    virtual ~Backend() = default;

    /// Creates the backend's device, or reuses a compatible one (an incompatible one is
    /// recreated), and fills in BackendType and BackendData of `self`.
    virtual Status setUp(LeaseAttrs &self) = 0;
    /// Gives the devices of `desired` their address and MTU and brings them up. Returns true when
    /// that changed what `self` must publish (vxlan: the kernel chose another MAC on the way up).
    virtual Result<bool> configure(const DesiredTables &desired, LeaseAttrs &self);
    /// The peers' leases as the store has them, for a backend with a data path of its own.
    virtual void setPeers(const QList<Lease> &peers) { Q_UNUSED(peers); }

protected:
    explicit Backend(const Context &context) : mContext(context) {}

    Context mContext;
};

} // namespace tartan
