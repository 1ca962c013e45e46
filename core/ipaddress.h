#pragma once

#include "result.h"

#include <QHashFunctions>
#include <QString>

#include <array>
#include <compare>
#include <cstdint>

namespace tartan {

/// 128 bits of address space: IPv4 addresses use the low 32 bits. Network arithmetic (masks,
/// subnet stepping) is done on this type so that IPv4 and IPv6 share one implementation.
using Uint128 = unsigned __int128;

/// An IPv4 or IPv6 address, or null. Ordered by family, then numerically.
class IpAddress
{
public:
    enum class Family : std::uint8_t { None, V4, V6 };

    IpAddress() = default;
    static IpAddress fromV4(std::uint32_t hostOrder) { return IpAddress(Family::V4, hostOrder); }
    static IpAddress fromV6(const std::array<std::uint8_t, 16> &bytes);
    /// The address of `family` whose numeric value is `bits` (truncated to the family's width).
    static IpAddress fromBits(Family family, Uint128 bits);

    /// Strict dotted-quad ("10.0.0.1", no leading zeros) or RFC 4291 text ("fc00::1").
    /// Errors quote the text: "'10.0.0.256' is not an IPv4 or IPv6 address".
    static Result<IpAddress> parse(QStringView text);
    static Result<IpAddress> parseV4(QStringView text);
    static Result<IpAddress> parseV6(QStringView text);

    Family family() const { return mFamily; }
    bool isNull() const { return mFamily == Family::None; }
    bool isV4() const { return mFamily == Family::V4; }
    bool isV6() const { return mFamily == Family::V6; }
    /// 32, 128, or 0 for a null address.
    int bitWidth() const { return bitWidth(mFamily); }
    static int bitWidth(Family family);

    Uint128 bits() const { return mBits; }
    std::uint32_t toV4() const { return static_cast<std::uint32_t>(mBits); }
    std::array<std::uint8_t, 16> toV6Bytes() const;

    /// Canonical text: dotted quad, or RFC 5952 for IPv6 ("fc00::1"); empty for null.
    QString toString() const;

    friend auto operator<=>(const IpAddress &, const IpAddress &) = default;
    friend bool operator==(const IpAddress &, const IpAddress &) = default;

private:
    IpAddress(Family family, Uint128 bits) : mFamily(family), mBits(bits) {}

    // Declaration order is the comparison order of the defaulted <=>: family first, then value.
    Family mFamily = Family::None;
    Uint128 mBits = 0;
};

QString familyName(IpAddress::Family family);

inline size_t qHash(const IpAddress &address, size_t seed = 0)
{
    return qHashMulti(seed, static_cast<int>(address.family()), static_cast<quint64>(address.bits()),
                      static_cast<quint64>(address.bits() >> 64));
}

} // namespace tartan
