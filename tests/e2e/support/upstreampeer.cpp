#include "upstreampeer.h"

#include "podtransfer.h"

#include <cerrno>
#include <cstring>
#include <future>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tartan::test {

namespace {

const quint16 kPort = 8285;

quint16 checksum(const unsigned char *data, size_t length, quint32 sum = 0)
{
    for (size_t i = 0; i + 1 < length; i += 2)
        sum += quint32(data[i] << 8 | data[i + 1]);
    if (length & 1)
        sum += quint32(data[length - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

QString ipText(const unsigned char *at)
{
    return QStringLiteral("%1.%2.%3.%4").arg(at[0]).arg(at[1]).arg(at[2]).arg(at[3]);
}

} // namespace

QString UpstreamPeer::start(const QString &netnsPath)
{
    std::promise<QString> ready;
    auto started = ready.get_future();
    mThread = std::thread([this, netnsPath, &ready] {
        if (const QString entered = enter(netnsPath); !entered.isEmpty())
            return ready.set_value(entered);
        mSocket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(kPort);
        if (::bind(mSocket, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return ready.set_value(QStringLiteral("bind :8285: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        ready.set_value(QString());
        loop();
    });
    return started.get();
}

void UpstreamPeer::stop()
{
    mStop = true;
    if (mThread.joinable())
        mThread.join();
    if (mSocket >= 0)
        ::close(mSocket);
    mSocket = -1;
}

QList<Seen> UpstreamPeer::seen()
{
    std::lock_guard lock(mMutex);
    return mSeen;
}

void UpstreamPeer::clear()
{
    std::lock_guard lock(mMutex);
    mSeen.clear();
}

void UpstreamPeer::loop()
{
    unsigned char buffer[65536];
    while (!mStop) {
        pollfd waiting{mSocket, POLLIN, 0};
        if (::poll(&waiting, 1, 100) != 1)
            continue;
        sockaddr_in from{};
        socklen_t fromLength = sizeof from;
        const ssize_t n = ::recvfrom(mSocket, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr *>(&from), &fromLength);
        if (n < 0)
            continue;
        Seen seen;
        seen.from = ipText(reinterpret_cast<const unsigned char *>(&from.sin_addr));
        seen.length = int(n);
        const int headerLength = n >= 20 ? (buffer[0] & 15) * 4 : 0;
        seen.wellFormed = n >= 20 && (buffer[0] >> 4) == 4 && headerLength >= 20 && headerLength <= n
            && (buffer[2] << 8 | buffer[3]) == n && checksum(buffer, size_t(headerLength)) == 0;
        if (seen.wellFormed) {
            seen.source = ipText(buffer + 12);
            seen.destination = ipText(buffer + 16);
            seen.ttl = buffer[8];
            seen.protocol = buffer[9];
        }
        {
            std::lock_guard lock(mMutex);
            mSeen << seen;
        }
        if (seen.wellFormed && seen.protocol == 1 && n >= headerLength + 8 && buffer[headerLength] == 8)
            answerEcho(buffer, size_t(n), size_t(headerLength), from);
    }
}

void UpstreamPeer::answerEcho(unsigned char *packet, size_t length, size_t headerLength, struct sockaddr_in to)
{
    // Swap the addresses, echo reply, fresh TTL; both checksums recomputed.
    unsigned char address[4];
    std::memcpy(address, packet + 12, 4);
    std::memcpy(packet + 12, packet + 16, 4);
    std::memcpy(packet + 16, address, 4);
    packet[8] = 64;
    packet[10] = packet[11] = 0;
    const quint16 ipSum = checksum(packet, headerLength);
    packet[10] = quint8(ipSum >> 8);
    packet[11] = quint8(ipSum);
    unsigned char *icmp = packet + headerLength;
    icmp[0] = 0;
    icmp[2] = icmp[3] = 0;
    const quint16 icmpSum = checksum(icmp, length - headerLength);
    icmp[2] = quint8(icmpSum >> 8);
    icmp[3] = quint8(icmpSum);
    to.sin_port = htons(kPort);
    ::sendto(mSocket, packet, length, 0, reinterpret_cast<sockaddr *>(&to), sizeof to);
}


QString sendRawUdp(const QString &netnsPath, const QString &source, const QString &to, const QList<QByteArray> &payloads)
{
    QString error;
    std::thread sender([&] {
        if (const QString entered = enter(netnsPath); !entered.isEmpty()) {
            error = entered;
            return;
        }
        const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
        if (fd < 0) {
            error = QStringLiteral("raw socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        sockaddr_in destination{};
        destination.sin_family = AF_INET;
        ::inet_pton(AF_INET, to.toLatin1().constData(), &destination.sin_addr);
        for (const QByteArray &payload : payloads) {
            QByteArray datagram(28, '\0');
            auto *ip = reinterpret_cast<unsigned char *>(datagram.data());
            const int total = 28 + int(payload.size());
            ip[0] = 0x45;
            ip[2] = quint8(total >> 8);
            ip[3] = quint8(total);
            ip[8] = 64;
            ip[9] = IPPROTO_UDP;
            ::inet_pton(AF_INET, source.toLatin1().constData(), ip + 12);
            std::memcpy(ip + 16, &destination.sin_addr, 4);
            const quint16 ipSum = checksum(ip, 20);
            ip[10] = quint8(ipSum >> 8);
            ip[11] = quint8(ipSum);
            ip[20] = quint8(kPort >> 8); // source port 8285, as a peer's
            ip[21] = quint8(kPort);
            ip[22] = quint8(kPort >> 8);
            ip[23] = quint8(kPort);
            ip[24] = quint8((8 + payload.size()) >> 8);
            ip[25] = quint8(8 + payload.size()); // UDP checksum 0: none, allowed over IPv4
            datagram += payload;
            if (::sendto(fd, datagram.constData(), size_t(datagram.size()), 0, reinterpret_cast<sockaddr *>(&destination),
                         sizeof destination)
                < 0) {
                error = QStringLiteral("raw sendto: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
                break;
            }
        }
        ::close(fd);
    });
    sender.join();
    return error;
}


QByteArray icmpEchoPacket(const QString &source, const QString &destination)
{
    QByteArray packet(28, '\0');
    auto *ip = reinterpret_cast<unsigned char *>(packet.data());
    ip[0] = 0x45;
    ip[3] = 28;
    ip[8] = 64;
    ip[9] = 1;
    ::inet_pton(AF_INET, source.toLatin1().constData(), ip + 12);
    ::inet_pton(AF_INET, destination.toLatin1().constData(), ip + 16);
    const quint16 ipSum = checksum(ip, 20);
    ip[10] = quint8(ipSum >> 8);
    ip[11] = quint8(ipSum);
    ip[20] = 8;
    const quint16 icmpSum = checksum(ip + 20, 8);
    ip[22] = quint8(icmpSum >> 8);
    ip[23] = quint8(icmpSum);
    return packet;
}

} // namespace tartan::test
