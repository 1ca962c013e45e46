#include "ipnetwork.h"

namespace tartan {

IpNetwork::IpNetwork(IpAddress address, int prefixLength)
{
    const int width = address.bitWidth();
    if (width == 0 || prefixLength < 0 || prefixLength > width)
        return; // null: the caller passed nonsense; parse() reports it properly
    mPrefixLength = prefixLength;
    mAddress = address; // hostMask() needs the family first
    mAddress = IpAddress::fromBits(address.family(), address.bits() & ~hostMask());
}

Result<IpNetwork> IpNetwork::parse(QStringView text)
{
    const auto invalid = [&] { return Error(QStringLiteral("'%1' is not an IPv4 or IPv6 network").arg(text)); };
    const qsizetype slash = text.indexOf(u'/');
    if (slash < 0)
        return Error(QStringLiteral("'%1' has no prefix length (expected a network like 10.244.0.0/16)").arg(text));
    const auto address = IpAddress::parse(text.left(slash));
    if (!address)
        return invalid();
    const QStringView lengthText = text.mid(slash + 1);
    bool numeric = !lengthText.isEmpty() && lengthText.size() <= 3;
    for (QChar c : lengthText)
        numeric = numeric && c.isDigit() && c.unicode() < 128;
    const int length = numeric ? lengthText.toInt() : -1;
    if (length < 0 || length > address->bitWidth()) {
        return Error(QStringLiteral("'%1': prefix length must be 0 to %2 for %3")
                         .arg(text)
                         .arg(address->bitWidth())
                         .arg(familyName(address->family())));
    }
    return IpNetwork(*address, length);
}

Uint128 IpNetwork::hostMask() const
{
    const int hostBits = mAddress.bitWidth() - mPrefixLength;
    if (hostBits <= 0)
        return 0;
    if (hostBits >= 128)
        return ~Uint128(0);
    return (Uint128(1) << hostBits) - 1;
}

IpAddress IpNetwork::netmask() const
{
    return IpAddress::fromBits(family(), ~hostMask());
}

IpAddress IpNetwork::lastAddress() const
{
    return IpAddress::fromBits(family(), mAddress.bits() | hostMask());
}

IpAddress IpNetwork::firstHost() const
{
    return IpAddress::fromBits(family(), mAddress.bits() + 1);
}

bool IpNetwork::contains(const IpAddress &address) const
{
    return !isNull() && address.family() == family() && (address.bits() & ~hostMask()) == mAddress.bits();
}

bool IpNetwork::contains(const IpNetwork &other) const
{
    return contains(other.address()) && other.prefixLength() >= mPrefixLength;
}

bool IpNetwork::overlaps(const IpNetwork &other) const
{
    return contains(other.address()) || other.contains(mAddress);
}

IpNetwork IpNetwork::next() const
{
    if (isNull() || lastAddress().bits() == IpAddress::fromBits(family(), ~Uint128(0)).bits())
        return {};
    return IpNetwork(IpAddress::fromBits(family(), lastAddress().bits() + 1), mPrefixLength);
}

Uint128 IpNetwork::subnetCount(int length) const
{
    if (isNull() || length < mPrefixLength || length > mAddress.bitWidth())
        return 0;
    const int extraBits = length - mPrefixLength;
    if (extraBits >= 128)
        return ~Uint128(0);
    return Uint128(1) << extraBits;
}

IpNetwork IpNetwork::subnet(int length, Uint128 index) const
{
    if (index >= subnetCount(length))
        return {};
    const int hostBits = mAddress.bitWidth() - length;
    const Uint128 offset = hostBits >= 128 ? 0 : index << hostBits;
    return IpNetwork(IpAddress::fromBits(family(), mAddress.bits() + offset), length);
}

QString IpNetwork::toString() const
{
    if (isNull())
        return {};
    return mAddress.toString() + u'/' + QString::number(mPrefixLength);
}

} // namespace tartan
