#include "udptransmitter.h"

#include "errnotext.h"
#include "ipv4packet.h"
#include "tunsegmenter.h"

#include <QtGlobal>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <netinet/udp.h>
#include <poll.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

namespace tartan::udp {

namespace {

constexpr std::size_t kBatch = 64;
constexpr std::size_t kReadSize = sizeof(virtio_net_hdr) + 65536;
constexpr std::size_t kArenaSize = 2 * 1024 * 1024;
// One UDP GSO send: at most 64 segments and an IP packet's 64 KiB.
constexpr std::size_t kGsoMaxSegments = 64;
constexpr std::size_t kGsoMaxBytes = 65535 - 20 - 8;
constexpr std::size_t kControlSize = CMSG_SPACE(sizeof(std::uint16_t));

} // namespace

TunRoute routeTunPacket(const std::uint8_t *packet, std::size_t length, const PeerTable &table)
{
    if (length >= 1 && (packet[0] >> 4) == 6)
        return {TunRoute::Kind::Ignored};
    if (length < kIpv4MinHeader || (packet[0] >> 4) != 4)
        return {TunRoute::Kind::Corrupt};
    const sockaddr_in *peer = table.route(ipv4Destination(packet));
    return peer ? TunRoute{TunRoute::Kind::Peer, peer} : TunRoute{TunRoute::Kind::NoRoute};
}

UdpTransmitter::UdpTransmitter(const Setup &setup, const PeerTableHolder &peers, UdpThreadCounters &counters)
    : mSetup(setup), mPeers(peers), mCounters(counters), mRead(kReadSize), mArena(kArenaSize),
      mMessages(kBatch * 4), mIovecs(kBatch * 4), mNames(kBatch * 4), mSegmentSizes(kBatch * 4),
      mControl(kBatch * 4 * kControlSize)
{
}

void UdpTransmitter::run(int stopFd)
{
    pollfd fds[2] = {{mSetup.tunFd, POLLIN, 0}, {stopFd, POLLIN, 0}};
    for (;;) {
        const bool drained = readBatch();
        sendBatch();
        if (!drained)
            continue; // more is waiting: no poll() in the steady state
        if (::poll(fds, 2, -1) < 0 && errno != EINTR)
            return;
        if (fds[1].revents)
            return;
    }
}

bool UdpTransmitter::readBatch()
{
    const std::shared_ptr<const PeerTable> table = mPeers.load();
    const std::size_t header = mSetup.vnetHeader ? sizeof(virtio_net_hdr) : 0;
    // Room for one more read's messages: at most kGsoMaxSegments even without UDP GSO at the
    // usual MSS.
    while (mCount + kGsoMaxSegments <= mMessages.size() && mArenaUsed + 2 * kReadSize < mArena.size()) {
        const ssize_t length = ::read(mSetup.tunFd, mRead.data(), mRead.size());
        if (length < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno != EINTR;
        if (std::size_t(length) <= header)
            continue;
        handle(mRead.data(), std::size_t(length), *table);
        if (mPacketsQueued >= kBatch * 16)
            break;
    }
    return false;
}

void UdpTransmitter::handle(const std::uint8_t *read, std::size_t length, const PeerTable &table)
{
    const virtio_net_hdr *header = nullptr;
    virtio_net_hdr copy;
    if (mSetup.vnetHeader) {
        std::memcpy(&copy, read, sizeof copy);
        header = &copy;
        read += sizeof copy;
        length -= sizeof copy;
    }
    const TunRoute route = routeTunPacket(read, length, table);
    switch (route.kind) {
    case TunRoute::Kind::Ignored:
        return;
    case TunRoute::Kind::Corrupt:
        return UdpThreadCounters::add(mCounters.corrupt, 1);
    case TunRoute::Kind::NoRoute:
        UdpThreadCounters::add(mCounters.noRoute, 1);
        return answerUnreachable(read, length);
    case TunRoute::Kind::Peer:
        break;
    }
    const sockaddr_in *peer = route.peer;
    Segments segments;
    std::uint8_t *out = mArena.data() + mArenaUsed;
    if (segmentRoom(header, length) > mArena.size() - mArenaUsed) {
        sendBatch();
        out = mArena.data();
        if (segmentRoom(header, length) > mArena.size())
            return UdpThreadCounters::add(mCounters.errors, 1);
    }
    switch (segmentTunPacket(header, read, length, out, segments)) {
    case SegmentOutcome::Ok:
        break;
    case SegmentOutcome::Corrupt:
        return UdpThreadCounters::add(mCounters.corrupt, 1);
    case SegmentOutcome::TtlExpired:
        return UdpThreadCounters::add(mCounters.ttlExpired, 1);
    }
    mArenaUsed += segments.totalLength;
    queue(*peer, out, segments.count, segments.segmentSize, segments.totalLength);
}

void UdpTransmitter::queue(const sockaddr_in &peer, std::uint8_t *data, std::size_t count, std::size_t segmentSize,
                           std::size_t totalLength)
{
    mPacketsQueued += count;
    if (count > 1 && !mSetup.udpGso) {
        // No UDP GSO: one message per inner packet.
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t size = std::min(segmentSize, totalLength - i * segmentSize);
            queue(peer, data + i * segmentSize, 1, size, size);
        }
        mPacketsQueued -= count;
        return;
    }
    const std::size_t perMessage = std::max<std::size_t>(1, std::min(kGsoMaxSegments, kGsoMaxBytes / segmentSize));
    for (std::size_t done = 0; done < count; done += perMessage) {
        if (mCount == mMessages.size()) {
            // Only a pathological gso_size gets here (readBatch() leaves room for 64 KiB of
            // ordinary segments); sending now would let the next read overwrite these bytes.
            UdpThreadCounters::add(mCounters.errors, 1);
            return;
        }
        const std::size_t n = std::min(perMessage, count - done);
        const std::size_t bytes = std::min(n * segmentSize, totalLength - done * segmentSize);
        mIovecs[mCount] = {data + done * segmentSize, bytes};
        mNames[mCount] = peer;
        mSegmentSizes[mCount] = n > 1 ? std::uint16_t(segmentSize) : 0;
        msghdr &message = mMessages[mCount].msg_hdr;
        message = {};
        message.msg_name = &mNames[mCount];
        message.msg_namelen = sizeof(sockaddr_in);
        message.msg_iov = &mIovecs[mCount];
        message.msg_iovlen = 1;
        if (n > 1) {
            std::uint8_t *control = mControl.data() + mCount * kControlSize;
            std::memset(control, 0, kControlSize);
            message.msg_control = control;
            message.msg_controllen = kControlSize;
            cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
            cmsg->cmsg_level = SOL_UDP;
            cmsg->cmsg_type = UDP_SEGMENT;
            cmsg->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
            const std::uint16_t size = std::uint16_t(segmentSize);
            std::memcpy(CMSG_DATA(cmsg), &size, sizeof size);
        }
        ++mCount;
    }
}

void UdpTransmitter::sendBatch()
{
    std::size_t sent = 0;
    int waits = 0;
    pollfd writable{mSetup.socketFd, POLLOUT, 0};
    while (sent < mCount) {
        const int result = ::sendmmsg(mSetup.socketFd, mMessages.data() + sent, unsigned(mCount - sent), 0);
        if (result > 0) {
            for (int i = 0; i < result; ++i) {
                const std::uint16_t segment = mSegmentSizes[sent + i];
                const std::size_t bytes = mIovecs[sent + i].iov_len;
                UdpThreadCounters::add(mCounters.datagramsOut, segment ? (bytes + segment - 1) / segment : 1);
            }
            sent += std::size_t(result);
            continue;
        }
        if (errno == EINTR)
            continue;
        if ((errno == EAGAIN || errno == ENOBUFS) && ++waits <= 50) {
            ::poll(&writable, 1, 100); // the socket's buffer is full: wait (up to 5 s) rather than drop
            continue;
        }
        // The first message failed: a peer unreachable, or GSO refused by the route's device.
        if (mSegmentSizes[sent] && (errno == EIO || errno == EINVAL)) {
            // The route's device cannot take UDP GSO after all: from now on, one message per
            // datagram (queue() splits them).
            qWarning("udp: the kernel refused a UDP GSO send (%s); sending one datagram per packet from now on",
                     qPrintable(errnoText(errno)));
            mSetup.udpGso = false;
            sendOneByOne(mMessages[sent], mSegmentSizes[sent]);
        } else {
            UdpThreadCounters::add(mCounters.errors, 1);
        }
        ++sent;
    }
    mCount = 0;
    mArenaUsed = 0;
    mPacketsQueued = 0;
}

void UdpTransmitter::sendOneByOne(const mmsghdr &message, std::size_t segmentSize)
{
    const iovec &all = *message.msg_hdr.msg_iov;
    auto *data = static_cast<std::uint8_t *>(all.iov_base);
    for (std::size_t offset = 0; offset < all.iov_len; offset += segmentSize) {
        const std::size_t size = std::min(segmentSize, all.iov_len - offset);
        if (::sendto(mSetup.socketFd, data + offset, size, 0, static_cast<sockaddr *>(message.msg_hdr.msg_name),
                     sizeof(sockaddr_in))
            < 0)
            UdpThreadCounters::add(mCounters.errors, 1);
        else
            UdpThreadCounters::add(mCounters.datagramsOut, 1);
    }
}

void UdpTransmitter::answerUnreachable(const std::uint8_t *packet, std::size_t length)
{
    std::uint8_t answer[sizeof(virtio_net_hdr) + 576] = {};
    const std::size_t header = mSetup.vnetHeader ? sizeof(virtio_net_hdr) : 0;
    const std::size_t built = buildNetUnreachable(packet, length, answer + header);
    if (built > 0 && ::write(mSetup.tunFd, answer, header + built) < 0)
        UdpThreadCounters::add(mCounters.errors, 1);
}

} // namespace tartan::udp
