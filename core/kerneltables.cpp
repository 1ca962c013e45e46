#include "kerneltables.h"

#include <algorithm>

namespace tartan {

QString Route::toString() const
{
    QString text = destination.toString();
    if (!gateway.isNull())
        text += QStringLiteral(" via ") + gateway.toString();
    text += QStringLiteral(" dev ") + device;
    if (onlink)
        text += QStringLiteral(" onlink");
    if (table != kMainRouteTable)
        text += QStringLiteral(" table %1").arg(table);
    return text;
}

QString Neighbour::toString() const
{
    QString text = address.toString();
    if (!mac.isNull())
        text += QStringLiteral(" lladdr ") + mac.toString();
    text += QStringLiteral(" dev ") + device;
    if (permanent)
        text += QStringLiteral(" PERMANENT");
    return text;
}

QString FdbEntry::toString() const
{
    QString text = mac.toString();
    if (!destination.isNull())
        text += QStringLiteral(" dst ") + destination.toString();
    text += QStringLiteral(" dev ") + device + QStringLiteral(" self");
    if (permanent)
        text += QStringLiteral(" permanent");
    return text;
}

void KernelTables::sort()
{
    // Each entry type orders by its key fields first (they lead the member list), then by the rest.
    std::sort(routes.begin(), routes.end());
    std::sort(neighbours.begin(), neighbours.end());
    std::sort(fdb.begin(), fdb.end());
}

QStringList KernelTables::toStrings() const
{
    QStringList lines;
    lines.reserve(size());
    for (const Neighbour &entry : neighbours)
        lines << QStringLiteral("neigh ") + entry.toString();
    for (const FdbEntry &entry : fdb)
        lines << QStringLiteral("fdb ") + entry.toString();
    for (const Route &entry : routes)
        lines << QStringLiteral("route ") + entry.toString();
    return lines;
}

} // namespace tartan
