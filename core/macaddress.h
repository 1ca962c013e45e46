#pragma once

#include "result.h"

#include <QHashFunctions>
#include <QString>

#include <array>
#include <cstdint>

class QRandomGenerator;

namespace tartan {

/// A 48-bit Ethernet address, such as a VXLAN tunnel endpoint's (VtepMAC).
class MacAddress
{
public:
    using Bytes = std::array<std::uint8_t, 6>;

    MacAddress() = default;
    explicit MacAddress(const Bytes &bytes) : mBytes(bytes), mValid(true) {}

    /// "c6:d2:32:6f:8f:44" or with '-' separators, either case. Errors quote the text.
    static Result<MacAddress> parse(QStringView text);
    /// A random unicast, locally administered address, as flannel gives a new flannel.<VNI>.
    static MacAddress randomLocal(QRandomGenerator &random);

    bool isNull() const { return !mValid; }
    const Bytes &bytes() const { return mBytes; }
    bool isUnicast() const { return mValid && (mBytes[0] & 0x01) == 0; }
    bool isLocallyAdministered() const { return mValid && (mBytes[0] & 0x02) != 0; }
    bool isZero() const { return mValid && mBytes == Bytes{}; }

    /// Lowercase, colon-separated, as Go's net.HardwareAddr prints it; empty for null.
    QString toString() const;

    friend auto operator<=>(const MacAddress &, const MacAddress &) = default;
    friend bool operator==(const MacAddress &, const MacAddress &) = default;

private:
    Bytes mBytes{};
    bool mValid = false;
};

inline size_t qHash(const MacAddress &mac, size_t seed = 0)
{
    return qHashBits(mac.bytes().data(), mac.bytes().size(), seed);
}

} // namespace tartan
