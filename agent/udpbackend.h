#pragma once

#include "backend.h"
#include "lease.h"
#include "udpcounters.h"
#include "udppeertable.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace tartan {

namespace udp {
class UdpDataPath;
class TunDevice;
} // namespace udp

/// udp: flannel's userspace backend, wire-compatible with upstream's (flannel-compat.md section
/// 3): the TUN `flannel0` with the subnet address /32 and MTU external - 28 (the route for the
/// network via flannel0 is DesiredTables' and the Reconciler's), UDP port 8285 (or `Port`), one
/// raw inner IPv4 packet per datagram, TTL decremented, ICMP network unreachable for destinations
/// without a lease, and no BackendType or BackendData in the lease.
///
/// One difference from upstream, on purpose: a datagram whose source address is no peer's
/// PublicIP is dropped and counted (upstream writes whatever arrives into its TUN). Nodes must
/// therefore send from the address they publish, as they do unless --public-ip names another
/// address of the sending node (a NAT in between is fine: the receiver sees the PublicIP).
///
/// Packets move in udp::UdpDataPath's threads; this object is the control plane: it opens the
/// TUN in setUp(), starts the data path in configure(), and turns the peers' leases (filtered as
/// DesiredTables filters every backend's) into a new udp::PeerTable in setPeers(). It logs the
/// data path's counters when a drop counter moved, at most every two seconds.
class UdpBackend : public QObject, public Backend
{
    Q_OBJECT
public:
    explicit UdpBackend(const Context &context);
    ~UdpBackend() override;

    Status setUp(LeaseAttrs &self) override;
    Result<bool> configure(const DesiredTables &desired, LeaseAttrs &self) override;
    void setPeers(const QList<Lease> &peers) override;

    /// Zero before configure().
    udp::UdpCountersSnapshot counters() const;

private:
    void publish();
    void logCounters();

    QString mDevice;
    udp::PeerTableHolder mTable; // before the data path: its threads read it until they are joined
    std::unique_ptr<udp::TunDevice> mTun; // until the data path takes it
    std::unique_ptr<udp::UdpDataPath> mDataPath;
    std::optional<Lease> mOwn;
    QList<Lease> mPeers;
    QTimer mCounterLog;
    udp::UdpCountersSnapshot mLogged;
};

} // namespace tartan
