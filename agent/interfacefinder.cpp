#include "interfacefinder.h"

#include <QFile>
#include <QNetworkInterface>
#include <QRegularExpression>

namespace tartan {

namespace {

ExternalInterface describe(const InterfaceFacts &facts)
{
    ExternalInterface chosen;
    chosen.name = facts.name;
    chosen.mtu = facts.mtu;
    for (const InterfaceFacts::Address &entry : facts.addresses) {
        // Link-local IPv6 addresses never carry tunnels between nodes.
        const bool linkLocal = entry.address.isV6() && (entry.address.bits() >> 118) == 0x3fa; // fe80::/10
        if (entry.address.isV4() && chosen.ipv4.isNull())
            chosen.ipv4 = entry.address;
        if (entry.address.isV6() && !linkLocal && chosen.ipv6.isNull())
            chosen.ipv6 = entry.address;
        if (!linkLocal)
            chosen.onLinkPrefixes.append(IpNetwork(entry.address, entry.prefixLength));
    }
    return chosen;
}

bool hasAddress(const InterfaceFacts &facts, const IpAddress &address)
{
    return std::any_of(facts.addresses.begin(), facts.addresses.end(),
                       [&](const InterfaceFacts::Address &entry) { return entry.address == address; });
}

} // namespace

Result<ExternalInterface> InterfaceFinder::choose(const QList<InterfaceFacts> &interfaces,
                                                  const QString &defaultRouteInterface, const AgentOptions &options)
{
    const auto usable = [](const InterfaceFacts &facts) -> Result<ExternalInterface> {
        ExternalInterface chosen = describe(facts);
        if (chosen.ipv4.isNull() && chosen.ipv6.isNull())
            return Error(QStringLiteral("interface %1 has no usable address").arg(facts.name));
        return chosen;
    };
    for (const QString &wanted : options.iface) {
        const auto address = IpAddress::parse(wanted);
        for (const InterfaceFacts &facts : interfaces)
            if (facts.name == wanted || (address && hasAddress(facts, *address)))
                return usable(facts);
    }
    for (const QString &pattern : options.ifaceRegex) {
        const QRegularExpression regex(pattern);
        for (const InterfaceFacts &facts : interfaces)
            if (regex.match(facts.name).hasMatch())
                return usable(facts);
        for (const InterfaceFacts &facts : interfaces)
            for (const InterfaceFacts::Address &entry : facts.addresses)
                if (regex.match(entry.address.toString()).hasMatch())
                    return usable(facts);
    }
    if (!options.iface.isEmpty() || !options.ifaceRegex.isEmpty())
        return Error(QStringLiteral("no interface matches --iface %1 --iface-regex %2")
                         .arg(options.iface.join(u','), options.ifaceRegex.join(u',')));
    if (!options.ifaceCanReach.isNull()) {
        for (const InterfaceFacts &facts : interfaces)
            for (const InterfaceFacts::Address &entry : facts.addresses)
                if (!facts.loopback && IpNetwork(entry.address, entry.prefixLength).contains(options.ifaceCanReach))
                    return usable(facts);
    }
    for (const InterfaceFacts &facts : interfaces)
        if (!defaultRouteInterface.isEmpty() && facts.name == defaultRouteInterface)
            return usable(facts);
    return Error(QStringLiteral("no interface to use: there is no IPv4 default route; name one with --iface"));
}

QList<InterfaceFacts> InterfaceFinder::systemInterfaces()
{
    QList<InterfaceFacts> all;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        InterfaceFacts facts;
        facts.name = interface.name();
        facts.mtu = interface.maximumTransmissionUnit();
        facts.up = interface.flags().testFlag(QNetworkInterface::IsUp);
        facts.loopback = interface.flags().testFlag(QNetworkInterface::IsLoopBack);
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            auto address = IpAddress::parse(entry.ip().toString().section(u'%', 0, 0));
            if (address)
                facts.addresses.append({*address, entry.prefixLength()});
        }
        all.append(facts);
    }
    return all;
}

QString InterfaceFinder::defaultRouteInterface()
{
    // /proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask ... (hex, host order)
    QFile routes(QStringLiteral("/proc/net/route"));
    if (!routes.open(QIODevice::ReadOnly))
        return {};
    QString best;
    int bestMetric = INT_MAX;
    routes.readLine(); // header
    while (!routes.atEnd()) {
        const QStringList fields = QString::fromLatin1(routes.readLine()).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (fields.size() < 8 || fields[1] != u"00000000" || fields[7] != u"00000000")
            continue;
        const int metric = fields[6].toInt();
        if (metric < bestMetric) {
            bestMetric = metric;
            best = fields[0];
        }
    }
    return best;
}

Result<ExternalInterface> InterfaceFinder::find(const AgentOptions &options)
{
    return choose(systemInterfaces(), defaultRouteInterface(), options);
}

} // namespace tartan
