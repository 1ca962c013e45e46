#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>
#include <mutex>
#include <thread>

#include <netinet/in.h>

/// A stand-in for an upstream flanneld udp-backend node, for the udp backend's e2e suite: no
/// upstream binary can be installed in the test environment, so the test speaks upstream's wire
/// format itself (flannel-compat.md section 3: the raw inner IPv4 packet is the whole UDP payload,
/// port 8285), plus a raw-socket sender for malformed datagrams.
namespace tartan::test {

/// What the upstream-format peer saw of one datagram from tartand.
struct Seen
{
    QString from;
    int length = 0;
    bool wellFormed = false; // one whole IPv4 packet with a valid header checksum
    QString source, destination;
    int ttl = 0;
    int protocol = 0;
};

/// The upstream-format peer: a plain UDP socket on port 8285 in a namespace, served by a thread.
/// Every datagram must be one raw IPv4 packet; an ICMP echo request is answered with the echo
/// reply, itself a raw IPv4 packet as the whole payload, sent back to the sender's port 8285.
class UpstreamPeer
{
public:
    ~UpstreamPeer() { stop(); }
    /// Binds in the namespace at `netnsPath` and starts serving; empty, or why not.
    QString start(const QString &netnsPath);
    void stop();
    /// What arrived so far.
    QList<Seen> seen();
    void clear();

private:
    void loop();
    void answerEcho(unsigned char *packet, size_t length, size_t headerLength, sockaddr_in to);

    std::thread mThread;
    std::atomic<bool> mStop{false};
    int mSocket = -1;
    std::mutex mMutex;
    QList<Seen> mSeen;
};

/// Sends each payload as one UDP datagram (ports 8285 -> 8285) to `to` from `source`, through a
/// raw socket (IP_HDRINCL) in the namespace at `netnsPath`, so the source can be any address.
/// Empty, or why not.
QString sendRawUdp(const QString &netnsPath, const QString &source, const QString &to, const QList<QByteArray> &payloads);

/// A valid 28-byte IPv4 ICMP echo request from `source` to `destination`, for mangling.
QByteArray icmpEchoPacket(const QString &source, const QString &destination);

} // namespace tartan::test
