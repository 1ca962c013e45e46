#include "ipaddress.h"

#include <arpa/inet.h>

namespace tartan {

namespace {

Uint128 widthMask(IpAddress::Family family)
{
    return family == IpAddress::Family::V4 ? Uint128(0xffffffffu) : ~Uint128(0);
}

} // namespace

int IpAddress::bitWidth(Family family)
{
    switch (family) {
    case Family::V4:
        return 32;
    case Family::V6:
        return 128;
    case Family::None:
        break;
    }
    return 0;
}

IpAddress IpAddress::fromV6(const std::array<std::uint8_t, 16> &bytes)
{
    Uint128 bits = 0;
    for (std::uint8_t byte : bytes)
        bits = (bits << 8) | byte;
    return IpAddress(Family::V6, bits);
}

IpAddress IpAddress::fromBits(Family family, Uint128 bits)
{
    if (family == Family::None)
        return {};
    return IpAddress(family, bits & widthMask(family));
}

std::array<std::uint8_t, 16> IpAddress::toV6Bytes() const
{
    std::array<std::uint8_t, 16> bytes{};
    Uint128 bits = mBits;
    for (int i = 15; i >= 0; --i) {
        bytes[i] = static_cast<std::uint8_t>(bits & 0xff);
        bits >>= 8;
    }
    return bytes;
}

// inet_pton is the C library's strict parser: exactly four decimal parts for IPv4 (no octal, no
// shorthand like "10.1"), and RFC 4291 text for IPv6 without a zone index.
Result<IpAddress> IpAddress::parseV4(QStringView text)
{
    const QByteArray latin = text.toLatin1();
    in_addr addr{};
    if (text.isEmpty() || text.size() > INET_ADDRSTRLEN || inet_pton(AF_INET, latin.constData(), &addr) != 1)
        return Error(QStringLiteral("'%1' is not an IPv4 address").arg(text));
    return fromV4(ntohl(addr.s_addr));
}

Result<IpAddress> IpAddress::parseV6(QStringView text)
{
    const QByteArray latin = text.toLatin1();
    std::array<std::uint8_t, 16> bytes{};
    if (text.isEmpty() || text.size() > INET6_ADDRSTRLEN || inet_pton(AF_INET6, latin.constData(), bytes.data()) != 1)
        return Error(QStringLiteral("'%1' is not an IPv6 address").arg(text));
    return fromV6(bytes);
}

Result<IpAddress> IpAddress::parse(QStringView text)
{
    if (text.contains(u':')) {
        if (auto v6 = parseV6(text))
            return v6;
    } else if (auto v4 = parseV4(text)) {
        return v4;
    }
    return Error(QStringLiteral("'%1' is not an IPv4 or IPv6 address").arg(text));
}

QString IpAddress::toString() const
{
    switch (mFamily) {
    case Family::V4: {
        // inet_ntop into a stack buffer: the node report's digest formats every entry of the
        // kernel tables after each pass, and four QString::arg() calls cost several times more.
        const std::uint32_t networkOrder = htonl(toV4());
        char buffer[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, &networkOrder, buffer, sizeof buffer);
        return QString::fromLatin1(buffer);
    }
    case Family::V6: {
        // glibc's inet_ntop follows RFC 5952: lowercase, longest zero run (of two or more) compressed.
        const auto bytes = toV6Bytes();
        char buffer[INET6_ADDRSTRLEN] = {};
        inet_ntop(AF_INET6, bytes.data(), buffer, sizeof buffer);
        return QString::fromLatin1(buffer);
    }
    case Family::None:
        break;
    }
    return {};
}

QString familyName(IpAddress::Family family)
{
    switch (family) {
    case IpAddress::Family::V4:
        return QStringLiteral("IPv4");
    case IpAddress::Family::V6:
        return QStringLiteral("IPv6");
    case IpAddress::Family::None:
        break;
    }
    return QStringLiteral("none");
}

} // namespace tartan
