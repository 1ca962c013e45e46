#include "macaddress.h"

#include <QRandomGenerator>

namespace tartan {

Result<MacAddress> MacAddress::parse(QStringView text)
{
    const auto invalid = [&] { return Error(QStringLiteral("'%1' is not a MAC address").arg(text)); };
    // Six two-digit hex groups with one separator kind throughout: 17 characters.
    if (text.size() != 17)
        return invalid();
    const QChar separator = text[2];
    if (separator != u':' && separator != u'-')
        return invalid();
    Bytes bytes{};
    for (int i = 0; i < 6; ++i) {
        if (i > 0 && text[i * 3 - 1] != separator)
            return invalid();
        bool ok = false;
        const QStringView pair = text.mid(i * 3, 2);
        const uint value = pair.toUInt(&ok, 16);
        if (!ok || !pair[0].isLetterOrNumber() || !pair[1].isLetterOrNumber())
            return invalid();
        bytes[i] = static_cast<std::uint8_t>(value);
    }
    return MacAddress(bytes);
}

MacAddress MacAddress::randomLocal(QRandomGenerator &random)
{
    Bytes bytes{};
    for (auto &byte : bytes)
        byte = static_cast<std::uint8_t>(random.bounded(256));
    bytes[0] = static_cast<std::uint8_t>((bytes[0] & 0xfe) | 0x02); // unicast, locally administered
    return MacAddress(bytes);
}

QString MacAddress::toString() const
{
    if (!mValid)
        return {};
    // QByteArray::toHex rather than QString::arg() per byte: this runs for every FDB and neighbour
    // entry whenever the kernel tables are described or digested.
    const auto bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(mBytes.data()), qsizetype(mBytes.size()));
    return QString::fromLatin1(bytes.toHex(':'));
}

} // namespace tartan
