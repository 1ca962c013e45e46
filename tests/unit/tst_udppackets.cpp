// The udp backend's packet handling without a kernel: validation of received inner packets, TTL
// decrement, ICMP net-unreachable, cutting TUN super-packets into wire packets (TSO/USO) and
// merging received TCP segments back into one super-packet for the TUN. Every checksum is
// checked with an independent RFC 1071 sum (referencechecksum.h).
#include "ipv4packet.h"
#include "referencechecksum.h"
#include "tunsegmenter.h"
#include "tunwriter.h"

#include <QTest>

#include <cstring>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

using namespace tartan::udp;
using namespace tartan::testing;

namespace {

using Bytes = std::vector<std::uint8_t>;

/// An IPv4 packet 10.0.1.2 -> 10.0.2.3 with `protocol` and `l4` (header + payload) after a
/// 20-byte header; valid header checksum; the L4 checksum left as given.
Bytes ipPacket(std::uint8_t protocol, const Bytes &l4, std::uint8_t ttl = 64)
{
    Bytes packet(20 + l4.size());
    if (!l4.empty())
        std::memcpy(packet.data() + 20, l4.data(), l4.size());
    packet[0] = 0x45;
    store16(packet.data() + 2, std::uint16_t(20 + l4.size()));
    store16(packet.data() + 4, 0x1234);
    packet[6] = 0x40; // DF
    packet[8] = ttl;
    packet[9] = protocol;
    const std::uint8_t addresses[8] = {10, 0, 1, 2, 10, 0, 2, 3};
    std::memcpy(packet.data() + 12, addresses, 8);
    store16(packet.data() + 10, rfc1071(packet.data(), 20));
    return packet;
}

/// A TCP segment: ports 40000 -> 5201, `seq`, ACK 777, `flags`, a 12-byte timestamp option
/// and `payload` bytes of a pattern that depends on the offset in the stream.
Bytes tcpPacket(std::uint32_t seq, std::uint8_t flags, std::size_t payload)
{
    Bytes tcp(32 + payload);
    store16(tcp.data(), 40000);
    store16(tcp.data() + 2, 5201);
    store32(tcp.data() + 4, seq);
    store32(tcp.data() + 8, 777);
    tcp[12] = 8 << 4;
    tcp[13] = flags;
    store16(tcp.data() + 14, 500);
    const std::uint8_t options[12] = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
    std::memcpy(tcp.data() + 20, options, 12);
    for (std::size_t i = 0; i < payload; ++i)
        tcp[32 + i] = std::uint8_t((seq + i) * 7);
    Bytes packet = ipPacket(kProtoTcp, tcp);
    store16(packet.data() + 36, rfc1071(packet.data() + 20, packet.size() - 20, pseudoHeaderSum(packet.data(), kProtoTcp, packet.size() - 20)));
    return packet;
}

} // namespace

class TestUdpPackets : public QObject
{
    Q_OBJECT

private slots:
    void checkIpv4_data()
    {
        QTest::addColumn<QByteArray>("packet");
        QTest::addColumn<int>("problem");
        const Bytes good = tcpPacket(1, 0x10, 100);
        const auto raw = [](const Bytes &bytes) { return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size())); };
        const auto resum = [](Bytes bytes) {
            bytes[10] = bytes[11] = 0;
            store16(bytes.data() + 10, rfc1071(bytes.data(), (bytes[0] & 15) * 4));
            return bytes;
        };
        QTest::newRow("valid") << raw(good) << int(PacketProblem::None);
        Bytes v6 = good;
        v6[0] = 0x65;
        QTest::newRow("version 6") << raw(resum(v6)) << int(PacketProblem::Corrupt);
        Bytes ihl = good;
        ihl[0] = 0x44;
        QTest::newRow("IHL 4") << raw(ihl) << int(PacketProblem::Corrupt);
        Bytes checksum = good;
        checksum[11] ^= 1;
        QTest::newRow("bad header checksum") << raw(checksum) << int(PacketProblem::Corrupt);
        Bytes trailing = good;
        trailing.push_back(0);
        QTest::newRow("a byte after the packet") << raw(trailing) << int(PacketProblem::Corrupt);
        Bytes small = good;
        store16(small.data() + 2, 16);
        QTest::newRow("total length below the header") << raw(resum(small)) << int(PacketProblem::Corrupt);
        QTest::newRow("19 bytes") << raw(Bytes(good.begin(), good.begin() + 19)) << int(PacketProblem::Truncated);
        QTest::newRow("cut in the payload") << raw(Bytes(good.begin(), good.end() - 1)) << int(PacketProblem::Truncated);
        Bytes options = good;
        options[0] = 0x4f; // 60-byte header in a 152-byte packet: fits; the checksum is then wrong
        QTest::newRow("IHL 15, checksum over 60 bytes wrong") << raw(options) << int(PacketProblem::Corrupt);
        QTest::newRow("empty") << QByteArray() << int(PacketProblem::Truncated);
    }
    void checkIpv4()
    {
        QFETCH(QByteArray, packet);
        QFETCH(int, problem);
        QCOMPARE(int(tartan::udp::checkIpv4(reinterpret_cast<const std::uint8_t *>(packet.constData()), std::size_t(packet.size()))), problem);
    }

    void copyWithChecksum_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("misalign");
        for (int length : {0, 1, 2, 63, 64, 65, 127, 1419, 1420, 9001})
            for (int misalign : {0, 3})
                QTest::addRow("%d bytes at +%d", length, misalign) << length << misalign;
    }
    void copyWithChecksum()
    {
        QFETCH(int, length);
        QFETCH(int, misalign);
        Bytes from(std::size_t(length + misalign)), to(std::size_t(length + misalign), 0);
        for (std::size_t i = 0; i < from.size(); ++i)
            from[i] = std::uint8_t(0xff - i * 13); // many high bits: carries in every lane
        const std::uint8_t *source = from.data() + misalign;
        const std::uint64_t sum = tartan::udp::copyWithChecksum(to.data() + misalign, source, std::size_t(length));
        QVERIFY(std::memcmp(to.data() + misalign, source, std::size_t(length)) == 0);
        // The sum is in the machine's byte order: compare the checksum fields as bytes.
        std::uint8_t ours[2], reference[2];
        storeChecksum(ours, sum);
        store16(reference, rfc1071(source, std::size_t(length)));
        QCOMPARE(ours[0], reference[0]);
        QCOMPARE(ours[1], reference[1]);
    }

    void decrementTtl_data()
    {
        QTest::addColumn<int>("ttl");
        QTest::addColumn<bool>("forwarded");
        for (int ttl : {0, 1, 2, 64, 128, 255})
            QTest::addRow("ttl %d", ttl) << ttl << (ttl > 1);
    }
    void decrementTtl()
    {
        QFETCH(int, ttl);
        QFETCH(bool, forwarded);
        for (std::uint16_t id : {0x0000, 0x1234, 0xfeff, 0xffff}) { // checksums near the wrap
            Bytes packet = ipPacket(kProtoUdp, Bytes(8), std::uint8_t(ttl));
            store16(packet.data() + 4, id);
            packet[10] = packet[11] = 0;
            store16(packet.data() + 10, rfc1071(packet.data(), 20));
            QCOMPARE(tartan::udp::decrementTtl(packet.data()), forwarded);
            QCOMPARE(int(packet[8]), forwarded ? ttl - 1 : ttl);
            QCOMPARE(rfc1071(packet.data(), 20), std::uint16_t(0));
        }
    }

    void netUnreachable()
    {
        const Bytes request = ipPacket(kProtoIcmp, {8, 0, 0xf7, 0xff, 0, 0, 0, 0, 'a', 'b'});
        std::uint8_t out[576];
        const std::size_t length = buildNetUnreachable(request.data(), request.size(), out);
        QCOMPARE(length, std::size_t(20 + 8 + 28)); // the offender's header and 8 bytes
        QCOMPARE(load16(out + 2), std::uint16_t(length));
        QCOMPARE(rfc1071(out, 20), std::uint16_t(0));
        QCOMPARE(int(out[9]), int(kProtoIcmp));
        QCOMPARE(ipv4Source(out), ipv4Destination(request.data())); // from the unreachable destination
        QCOMPARE(ipv4Destination(out), ipv4Source(request.data()));
        QCOMPARE(int(out[20]), 3);
        QCOMPARE(int(out[21]), 0);
        QCOMPARE(rfc1071(out + 20, length - 20), std::uint16_t(0));
        QVERIFY(std::memcmp(out + 28, request.data(), 28) == 0);

        const Bytes error = ipPacket(kProtoIcmp, {3, 1, 0, 0, 0, 0, 0, 0});
        QCOMPARE(buildNetUnreachable(error.data(), error.size(), out), std::size_t(0)); // no error about an error
        Bytes fragment = request;
        store16(fragment.data() + 6, 0x0010); // offset 128: not the first fragment
        QCOMPARE(buildNetUnreachable(fragment.data(), fragment.size(), out), std::size_t(0));
    }

    void segmentTcp_data()
    {
        QTest::addColumn<int>("payload");
        QTest::addColumn<int>("mss");
        QTest::newRow("10 000 bytes at 1420") << 10000 << 1420;
        QTest::newRow("exact multiple") << 4260 << 1420;
        QTest::newRow("near 64 KiB") << 65535 - 52 << 1420;
        QTest::newRow("one segment") << 500 << 1420;
    }
    void segmentTcp()
    {
        QFETCH(int, payload);
        QFETCH(int, mss);
        // The kernel's super-packet: CWR|PSH|FIN|ACK, the TCP checksum field partial.
        Bytes super = tcpPacket(1000, 0x80 | 0x08 | 0x01 | 0x10, std::size_t(payload));
        store16(super.data() + 2, std::uint16_t(std::min<std::size_t>(super.size(), 65535)));
        virtio_net_hdr header{};
        header.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        header.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
        header.gso_size = std::uint16_t(mss);
        header.hdr_len = 52;
        header.csum_start = 20;
        header.csum_offset = 16;
        Bytes out(segmentRoom(&header, super.size()));
        Segments segments;
        QCOMPARE(int(segmentTunPacket(&header, super.data(), super.size(), out.data(), segments)), int(SegmentOutcome::Ok));
        const std::size_t expected = std::size_t((payload + mss - 1) / mss);
        QCOMPARE(segments.count, expected);
        QCOMPARE(segments.segmentSize, std::size_t(52 + std::min(payload, mss)));
        QCOMPARE(segments.totalLength, std::size_t(payload) + 52 * expected);
        std::size_t offset = 0;
        for (std::size_t i = 0; i < segments.count; ++i) {
            const std::uint8_t *segment = out.data() + i * segments.segmentSize;
            const std::size_t chunk = std::min<std::size_t>(std::size_t(mss), std::size_t(payload) - offset);
            const bool last = i + 1 == segments.count;
            QCOMPARE(std::size_t(load16(segment + 2)), 52 + chunk);
            QCOMPARE(load16(segment + 4), std::uint16_t(0x1234 + i));
            QCOMPARE(int(segment[8]), 63);
            QCOMPARE(rfc1071(segment, 20), std::uint16_t(0));
            QCOMPARE(load32(segment + 24), std::uint32_t(1000 + offset));
            QCOMPARE(int(segment[33]), 0x10 | (last ? 0x09 : 0) | (i == 0 ? 0x80 : 0));
            QVERIFY(l4ChecksumOk(segment, 52 + chunk));
            QVERIFY(std::memcmp(segment + 52, super.data() + 52 + offset, chunk) == 0);
            offset += chunk;
        }
    }

    void segmentSingleAndUdp()
    {
        // One packet with a partial checksum: completed, TTL decremented.
        Bytes packet = tcpPacket(5, 0x18, 300);
        store16(packet.data() + 36, 0);
        store16(packet.data() + 36, std::uint16_t(~rfc1071(nullptr, 0, pseudoHeaderSum(packet.data(), kProtoTcp, packet.size() - 20))));
        virtio_net_hdr header{};
        header.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        header.csum_start = 20;
        header.csum_offset = 16;
        Bytes out(segmentRoom(&header, packet.size()));
        Segments segments;
        QCOMPARE(int(segmentTunPacket(&header, packet.data(), packet.size(), out.data(), segments)), int(SegmentOutcome::Ok));
        QCOMPARE(segments.count, std::size_t(1));
        QVERIFY(l4ChecksumOk(out.data(), packet.size()));
        QCOMPARE(rfc1071(out.data(), 20), std::uint16_t(0));
        Bytes dying = tcpPacket(5, 0x10, 10);
        dying[8] = 1;
        QCOMPARE(int(segmentTunPacket(nullptr, dying.data(), dying.size(), out.data(), segments)), int(SegmentOutcome::TtlExpired));
        QCOMPARE(int(segmentTunPacket(nullptr, dying.data(), 12, out.data(), segments)), int(SegmentOutcome::Corrupt));

        // A UDP super-packet (USO): 3000 bytes at 1000 per datagram.
        Bytes udp(8 + 3000);
        store16(udp.data(), 1111);
        store16(udp.data() + 2, 2222);
        for (std::size_t i = 8; i < udp.size(); ++i)
            udp[i] = std::uint8_t(i);
        Bytes super = ipPacket(kProtoUdp, udp);
        header = {};
        header.gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
        header.gso_size = 1000;
        out.assign(segmentRoom(&header, super.size()), 0);
        QCOMPARE(int(segmentTunPacket(&header, super.data(), super.size(), out.data(), segments)), int(SegmentOutcome::Ok));
        QCOMPARE(segments.count, std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            const std::uint8_t *segment = out.data() + i * segments.segmentSize;
            QCOMPARE(load16(segment + 24), std::uint16_t(1008));
            QVERIFY(l4ChecksumOk(segment, 1028));
        }
    }

    void writerCoalescesOneFlow()
    {
        int pair[2];
        QVERIFY(::socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair) == 0);
        TunWriter writer(pair[0], true, true);
        std::vector<Bytes> packets;
        std::uint32_t seq = 100;
        for (int i = 0; i < 5; ++i, seq += 1000)
            packets.push_back(tcpPacket(seq, i == 4 ? 0x18 : 0x10, 1000)); // the last with PSH
        packets.push_back(tcpPacket(seq + 5000, 0x10, 1000)); // a gap: a new run
        packets.push_back(ipPacket(kProtoUdp, Bytes(8)));     // not TCP: alone
        for (const Bytes &packet : packets)
            writer.add(packet.data(), packet.size());
        QCOMPARE(writer.flush(), 0);
        QCOMPARE(writer.writesMade(), std::uint64_t(3));
        QCOMPARE(writer.packetsWritten(), std::uint64_t(7));

        std::uint8_t buffer[65536];
        const ssize_t merged = ::recv(pair[1], buffer, sizeof buffer, 0);
        QCOMPARE(merged, ssize_t(10 + 52 + 5000));
        virtio_net_hdr header;
        std::memcpy(&header, buffer, sizeof header);
        QCOMPARE(int(header.gso_type), int(VIRTIO_NET_HDR_GSO_TCPV4));
        QCOMPARE(int(header.gso_size), 1000);
        QCOMPARE(int(header.hdr_len), 52);
        QCOMPARE(int(header.flags), int(VIRTIO_NET_HDR_F_NEEDS_CSUM));
        const std::uint8_t *ip = buffer + 10;
        QCOMPARE(load16(ip + 2), std::uint16_t(5052));
        QCOMPARE(rfc1071(ip, 20), std::uint16_t(0));
        QCOMPARE(int(ip[33]), 0x18); // PSH from the last segment
        QCOMPARE(load32(ip + 24), std::uint32_t(100));
        for (std::size_t i = 0; i < 5000; ++i)
            QCOMPARE(ip[52 + i], std::uint8_t((100 + i) * 7));
        // The partial checksum: completing it over the data gives a valid segment.
        Bytes whole(ip, ip + 5052);
        const std::uint16_t partial = load16(whole.data() + 36);
        store16(whole.data() + 36, 0);
        std::uint32_t sum = 0;
        for (std::size_t i = 20; i + 1 < whole.size(); i += 2)
            sum += std::uint32_t(whole[i] << 8 | whole[i + 1]);
        sum += partial;
        while (sum >> 16)
            sum = (sum & 0xffff) + (sum >> 16);
        store16(whole.data() + 36, std::uint16_t(~sum));
        QVERIFY(l4ChecksumOk(whole.data(), whole.size()));

        QCOMPARE(::recv(pair[1], buffer, sizeof buffer, 0), ssize_t(10 + packets[5].size()));
        QCOMPARE(int(buffer[1]), int(VIRTIO_NET_HDR_GSO_NONE));
        QCOMPARE(::recv(pair[1], buffer, sizeof buffer, 0), ssize_t(10 + packets[6].size()));
        ::close(pair[0]);
        ::close(pair[1]);
    }
};

QTEST_GUILESS_MAIN(TestUdpPackets)

#include "tst_udppackets.moc"
