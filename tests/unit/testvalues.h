#pragma once

#include "ipnetwork.h"
#include "macaddress.h"

#include <QString>

/// Values that tests write as literal text, which must parse (asserted): net("10.244.0.0/16"),
/// ip("10.0.0.1"), mac("c6:d2:32:6f:8f:44"). ip("") is the null address.
namespace tartan::test {

inline IpNetwork net(const char *text)
{
    const auto parsed = IpNetwork::parse(QString::fromLatin1(text));
    Q_ASSERT(parsed.ok());
    return *parsed;
}

inline IpAddress ip(const char *text)
{
    if (!*text)
        return {};
    const auto parsed = IpAddress::parse(QString::fromLatin1(text));
    Q_ASSERT(parsed.ok());
    return *parsed;
}

inline MacAddress mac(const char *text)
{
    const auto parsed = MacAddress::parse(QString::fromLatin1(text));
    Q_ASSERT(parsed.ok());
    return *parsed;
}

} // namespace tartan::test
