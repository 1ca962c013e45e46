#pragma once

#include "leaseattrs.h"
#include "subnetkey.h"

#include <QDateTime>

#include <cstdint>

namespace tartan {

/// A node's subnet lease as read from the store.
struct Lease
{
    SubnetKey subnet;
    LeaseAttrs attrs;
    /// When the store drops the lease. Invalid for a key with no etcd lease, which flannel's docs
    /// call a reservation and which Tartan keeps forever, and where it was not looked up (a watch
    /// delivers keys and values, not the time left on their etcd leases).
    QDateTime expiration;
    std::int64_t storeLeaseId = 0; ///< the etcd lease id; 0 for a reservation
    std::int64_t modRevision = 0;  ///< the store revision that last wrote the value

    bool isReservation() const { return storeLeaseId == 0; }

    friend bool operator==(const Lease &, const Lease &) = default;
};

} // namespace tartan
