#include "udpreceiver.h"

#include "ipv4packet.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/udp.h>
#include <poll.h>

#ifndef UDP_GRO
#define UDP_GRO 104
#endif

namespace tartan::udp {

namespace {

constexpr std::size_t kBatch = 32;
constexpr std::size_t kBufferSize = 65536;
constexpr std::size_t kControlSize = CMSG_SPACE(sizeof(int));

} // namespace

UdpReceiver::UdpReceiver(const Setup &setup, const PeerTableHolder &peers, UdpThreadCounters &counters)
    : mSetup(setup), mPeers(peers), mCounters(counters), mWriter(setup.tunFd, setup.vnetHeader, setup.coalesce),
      mBuffers(kBatch * kBufferSize), mMessages(kBatch), mIovecs(kBatch), mNames(kBatch), mControl(kBatch * kControlSize)
{
}

void UdpReceiver::run(int stopFd)
{
    pollfd fds[2] = {{mSetup.socketFd, POLLIN, 0}, {stopFd, POLLIN, 0}};
    for (;;) {
        if (receiveBatch())
            continue;
        if (::poll(fds, 2, -1) < 0 && errno != EINTR)
            return;
        if (fds[1].revents)
            return;
    }
}

bool UdpReceiver::receiveBatch()
{
    for (std::size_t i = 0; i < kBatch; ++i) {
        mIovecs[i] = {mBuffers.data() + i * kBufferSize, kBufferSize};
        msghdr &message = mMessages[i].msg_hdr;
        message = {};
        message.msg_name = &mNames[i];
        message.msg_namelen = sizeof(sockaddr_in);
        message.msg_iov = &mIovecs[i];
        message.msg_iovlen = 1;
        message.msg_control = mControl.data() + i * kControlSize;
        message.msg_controllen = kControlSize;
    }
    const int received = ::recvmmsg(mSetup.socketFd, mMessages.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (received <= 0)
        return received < 0 && errno == EINTR;
    // One snapshot for the batch: the control plane may publish a new table meanwhile.
    const std::shared_ptr<const PeerTable> table = mPeers.load();
    for (int i = 0; i < received; ++i) {
        const msghdr &message = mMessages[i].msg_hdr;
        const std::size_t length = mMessages[i].msg_len;
        std::size_t segmentSize = length;
        for (cmsghdr *cmsg = CMSG_FIRSTHDR(&message); cmsg; cmsg = CMSG_NXTHDR(const_cast<msghdr *>(&message), cmsg)) {
            if (cmsg->cmsg_level == SOL_UDP && cmsg->cmsg_type == UDP_GRO) {
                int size = 0;
                std::memcpy(&size, CMSG_DATA(cmsg), sizeof size);
                if (size > 0)
                    segmentSize = std::size_t(size);
            }
        }
        receiveMessage(static_cast<const std::uint8_t *>(mIovecs[i].iov_base), length, segmentSize,
                       (message.msg_flags & MSG_TRUNC) != 0, ntohl(mNames[i].sin_addr.s_addr), *table, mWriter, mCounters);
    }
    if (const int failures = mWriter.flush())
        UdpThreadCounters::add(mCounters.errors, std::uint64_t(failures));
    return true;
}

void receiveMessage(const std::uint8_t *data, std::size_t length, std::size_t segmentSize, bool truncated,
                    std::uint32_t source, const PeerTable &table, TunWriter &writer, UdpThreadCounters &counters)
{
    const std::size_t datagrams = segmentSize ? (length + segmentSize - 1) / segmentSize : 1;
    if (truncated) {
        UdpThreadCounters::add(counters.truncated, datagrams);
        return;
    }
    if (!table.isPeer(source)) {
        UdpThreadCounters::add(counters.unknownSource, std::max<std::size_t>(datagrams, 1));
        return;
    }
    std::uint64_t good = 0;
    if (length == 0) {
        UdpThreadCounters::add(counters.truncated, 1);
        return;
    }
    for (std::size_t offset = 0; offset < length; offset += segmentSize) {
        const std::size_t size = std::min(segmentSize, length - offset);
        switch (checkIpv4(data + offset, size)) {
        case PacketProblem::None:
            writer.add(data + offset, size);
            ++good;
            break;
        case PacketProblem::Corrupt:
            UdpThreadCounters::add(counters.corrupt, 1);
            break;
        case PacketProblem::Truncated:
            UdpThreadCounters::add(counters.truncated, 1);
            break;
        }
    }
    UdpThreadCounters::add(counters.datagramsIn, good);
}

} // namespace tartan::udp
