#include "udpbackend.h"

#include "tundevice.h"
#include "udpdatapath.h"

#include <algorithm>
#include <thread>

#include <arpa/inet.h>

namespace tartan {

namespace {

/// One queue per two cores (a queue runs two threads), between 1 and 4.
int queueCount()
{
    const int cores = int(std::thread::hardware_concurrency());
    return std::clamp(cores / 2, 1, 4);
}

} // namespace

UdpBackend::UdpBackend(const Context &context)
    : Backend(context), mDevice(overlayDeviceName(context.config.backend, IpAddress::Family::V4))
{
    mCounterLog.setInterval(2000);
    connect(&mCounterLog, &QTimer::timeout, this, &UdpBackend::logCounters);
}

UdpBackend::~UdpBackend() = default;

Status UdpBackend::setUp(LeaseAttrs &self)
{
    QString refused;
    auto tun = udp::TunDevice::open(mDevice, queueCount(), true, &refused);
    if (!tun)
        return tun.error();
    if (!refused.isEmpty())
        qWarning("%s: the kernel refused%s; running without", qPrintable(mDevice), qPrintable(refused));
    mTun = std::make_unique<udp::TunDevice>(std::move(tun).value());
    // Upstream's udp backend publishes neither a BackendType nor BackendData.
    self.backendType.clear();
    self.backendData = nullptr;
    return {};
}

Result<bool> UdpBackend::configure(const DesiredTables &desired, LeaseAttrs &self)
{
    auto configured = Backend::configure(desired, self);
    if (!configured)
        return configured;
    if (desired.devices.isEmpty())
        return Error(QStringLiteral("%1: no device in the desired tables").arg(mDevice));
    Lease own;
    own.subnet.ipv4 = IpNetwork(desired.devices.first().address.address(), mContext.config.ipv4.subnetLength);
    own.attrs = self;
    mOwn = own;
    publish();
    if (!mDataPath && mTun) {
        udp::UdpDataPath::Options options;
        options.port = mContext.config.backend.udp.port;
        QString refused;
        auto path = udp::UdpDataPath::start(std::move(*mTun), options, mTable, &refused);
        mTun.reset();
        if (!path)
            return Error(path.error().message());
        mDataPath = std::move(path).value();
        if (!refused.isEmpty())
            qWarning("udp: the kernel refused%s; running without", qPrintable(refused));
        qInfo("udp: %s on port %u (%s)", qPrintable(mDevice), unsigned(options.port), qPrintable(mDataPath->describe()));
        mCounterLog.start();
    }
    return false;
}

void UdpBackend::setPeers(const QList<Lease> &peers)
{
    mPeers = peers;
    publish();
}

void UdpBackend::publish()
{
    if (!mOwn)
        return;
    // The same filter as every backend's kernel tables: an excluded lease gets no traffic.
    auto desired = DesiredTables::compute(mContext.config, *mOwn, mContext.external, mPeers);
    if (!desired) {
        qWarning("udp: peers not updated: %s", qPrintable(desired.error().message()));
        return;
    }
    std::vector<udp::PeerTable::Entry> entries;
    for (const Lease &lease : std::as_const(mPeers)) {
        if (!desired->peers.contains(lease.subnet) || lease.subnet.ipv4.isNull() || !lease.attrs.publicIp.isV4())
            continue;
        udp::PeerTable::Entry entry;
        entry.network = lease.subnet.ipv4.address().toV4();
        const int length = lease.subnet.ipv4.prefixLength();
        entry.mask = length == 0 ? 0 : ~std::uint32_t(0) << (32 - length);
        entry.peer.sin_family = AF_INET;
        entry.peer.sin_port = htons(mContext.config.backend.udp.port);
        entry.peer.sin_addr.s_addr = htonl(lease.attrs.publicIp.toV4());
        entries.push_back(entry);
    }
    mTable.store(std::make_shared<const udp::PeerTable>(std::move(entries)));
}

udp::UdpCountersSnapshot UdpBackend::counters() const
{
    return mDataPath ? mDataPath->counters() : udp::UdpCountersSnapshot{};
}

void UdpBackend::logCounters()
{
    const udp::UdpCountersSnapshot now = counters();
    if (now.dropped() == mLogged.dropped() && now.errors == mLogged.errors)
        return;
    mLogged = now;
    qInfo("udp: datagrams in %llu out %llu; dropped: corrupt %llu truncated %llu unknown-source %llu no-route %llu "
          "ttl-expired %llu; errors %llu",
          static_cast<unsigned long long>(now.datagramsIn), static_cast<unsigned long long>(now.datagramsOut),
          static_cast<unsigned long long>(now.corrupt), static_cast<unsigned long long>(now.truncated),
          static_cast<unsigned long long>(now.unknownSource), static_cast<unsigned long long>(now.noRoute),
          static_cast<unsigned long long>(now.ttlExpired), static_cast<unsigned long long>(now.errors));
}

} // namespace tartan
