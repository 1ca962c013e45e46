#include "subnetkey.h"

#include <QList>

namespace tartan {

namespace {

// flannel writes the prefix length with strconv.Itoa: ASCII digits, no sign, no leading zero.
int parsePrefixLength(QStringView text)
{
    if (text.isEmpty() || text.size() > 3 || (text.size() > 1 && text[0] == u'0'))
        return -1;
    int value = 0;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

// One "<address>-<length>" half of a key; the error names the half but not the key (the caller adds it).
Result<IpNetwork> parsePart(QStringView part, IpAddress::Family family)
{
    const qsizetype dash = part.indexOf(u'-');
    if (dash < 0)
        return Error(QStringLiteral("'%1' has no '-<prefix length>'").arg(part));
    const QStringView addressText = part.left(dash);
    const auto address =
        family == IpAddress::Family::V4 ? IpAddress::parseV4(addressText) : IpAddress::parseV6(addressText);
    if (!address)
        return address.error();
    const int width = IpAddress::bitWidth(family);
    const int length = parsePrefixLength(part.mid(dash + 1));
    if (length < 0 || length > width) {
        return Error(QStringLiteral("'%1': prefix length must be 0 to %2 for %3")
                         .arg(part)
                         .arg(width)
                         .arg(familyName(family)));
    }
    const IpNetwork network(*address, length);
    if (network.address() != *address) {
        return Error(QStringLiteral("'%1': %2 is not the network address of %3")
                         .arg(part, address->toString(), network.toString()));
    }
    return network;
}

QString partText(const IpNetwork &network)
{
    return network.address().toString() + u'-' + QString::number(network.prefixLength());
}

} // namespace

Result<SubnetKey> SubnetKey::parse(QStringView key)
{
    const auto fail = [&](const QString &cause) {
        return Error(QStringLiteral("subnet key '%1': %2").arg(key, cause));
    };
    const QList<QStringView> parts = key.split(u'&');
    if (parts.size() > 2)
        return fail(QStringLiteral("more than one '&'"));

    SubnetKey result;
    // "0.0.0.0-0" is how MakeSubnetKey writes the missing IPv4 half of an IPv6-only lease.
    if (parts[0] != u"0.0.0.0-0") {
        const auto ipv4 = parsePart(parts[0], IpAddress::Family::V4);
        if (!ipv4)
            return fail(ipv4.error().message());
        result.ipv4 = *ipv4;
    }
    if (parts.size() == 2) {
        const auto ipv6 = parsePart(parts[1], IpAddress::Family::V6);
        if (!ipv6)
            return fail(ipv6.error().message());
        // flannel leaves an empty IPv6 half out of the key rather than writing "::-0".
        if (ipv6->prefixLength() == 0) // with no host bits allowed, that is "::-0"
            return fail(QStringLiteral("the IPv6 half '::-0' is empty; flannel omits it"));
        result.ipv6 = *ipv6;
    }
    if (result.isNull())
        return fail(QStringLiteral("has neither an IPv4 nor an IPv6 subnet"));
    return result;
}

QString SubnetKey::toString() const
{
    QString text = ipv4.isNull() ? QStringLiteral("0.0.0.0-0") : partText(ipv4);
    if (!ipv6.isNull())
        text += u'&' + partText(ipv6);
    return text;
}

} // namespace tartan
