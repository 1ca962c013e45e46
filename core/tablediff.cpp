#include "tablediff.h"

#include <algorithm>

namespace tartan {

bool TableOwnership::insideNetworks(const IpAddress &address) const
{
    return std::any_of(networks.begin(), networks.end(),
                       [&](const IpNetwork &network) { return network.contains(address); });
}

bool TableOwnership::insideNetworks(const IpNetwork &destination) const
{
    return std::any_of(networks.begin(), networks.end(),
                       [&](const IpNetwork &network) { return network.contains(destination); });
}

bool TableOwnership::owns(const Route &route) const
{
    // The destination test keeps the kernel's own routes on our devices (fe80::/64 on flannel-v6.N)
    // and an operator's routes on the external interface out of reach.
    if (route.table != kMainRouteTable || !insideNetworks(route.destination))
        return false;
    return devices.contains(route.device) || (!externalDevice.isEmpty() && route.device == externalDevice);
}

bool TableOwnership::owns(const Neighbour &neighbour) const
{
    return devices.contains(neighbour.device) && insideNetworks(neighbour.address);
}

bool TableOwnership::owns(const FdbEntry &entry) const
{
    return devices.contains(entry.device);
}

namespace {

template <typename Entry>
EntryDiff<Entry> diffEntries(QList<Entry> desired, QList<Entry> actual, const TableOwnership &ownership)
{
    std::sort(desired.begin(), desired.end());
    std::sort(actual.begin(), actual.end());

    EntryDiff<Entry> result;
    // Both lists are sorted by key first, so one merge walk visits every key once, in order.
    auto d = desired.cbegin();
    auto a = actual.cbegin();
    while (d != desired.cend() || a != actual.cend()) {
        const bool takeDesired = d != desired.cend() && (a == actual.cend() || !(a->key() < d->key()));
        const bool takeActual = a != actual.cend() && (d == desired.cend() || !(d->key() < a->key()));
        const auto key = takeDesired ? d->key() : a->key();

        const Entry *wanted = nullptr;
        if (takeDesired) {
            wanted = &*d;
            while (d != desired.cend() && d->key() == key)
                ++d; // a second desired entry for one key is a caller's bug: the first one wins
        }
        QList<Entry> owned;
        const Entry *foreign = nullptr;
        bool matched = false;
        if (takeActual) {
            for (; a != actual.cend() && a->key() == key; ++a) {
                if (wanted && *a == *wanted)
                    matched = true;
                else if (ownership.owns(*a))
                    owned << *a;
                else if (!foreign)
                    foreign = &*a;
            }
        }

        if (wanted && !matched) {
            if (foreign)
                result.blocked << EntryPair<Entry>{*foreign, *wanted};
            else if (!owned.isEmpty())
                result.replace << EntryPair<Entry>{owned.takeFirst(), *wanted};
            else
                result.add << *wanted;
        }
        result.remove << owned;
    }
    return result;
}

template <typename Entry>
void describe(QStringList &lines, const QString &kind, const EntryDiff<Entry> &changes)
{
    for (const Entry &entry : changes.add)
        lines << QStringLiteral("add %1 %2").arg(kind, entry.toString());
    for (const EntryPair<Entry> &pair : changes.replace)
        lines << QStringLiteral("replace %1 %2 (was %3)")
                     .arg(kind, pair.desired.toString(), pair.actual.toString());
    for (const Entry &entry : changes.remove)
        lines << QStringLiteral("delete %1 %2").arg(kind, entry.toString());
    for (const EntryPair<Entry> &pair : changes.blocked) {
        lines << QStringLiteral("blocked %1 %2 (held by %3, not Tartan's)")
                     .arg(kind, pair.desired.toString(), pair.actual.toString());
    }
}

template <typename Entry> qsizetype countChanges(const EntryDiff<Entry> &changes)
{
    return changes.add.size() + changes.replace.size() + changes.remove.size();
}

} // namespace

qsizetype TableDiff::changeCount() const
{
    return countChanges(neighbours) + countChanges(fdb) + countChanges(routes);
}

QStringList TableDiff::toStrings() const
{
    QStringList lines;
    describe(lines, QStringLiteral("neigh"), neighbours);
    describe(lines, QStringLiteral("fdb"), fdb);
    describe(lines, QStringLiteral("route"), routes);
    return lines;
}

namespace {

template <typename Entry> void summarize(QStringList &parts, const QString &kind, const EntryDiff<Entry> &diff)
{
    QStringList counts;
    const auto count = [&counts](qsizetype n, const char *what) {
        if (n > 0)
            counts << QStringLiteral("%1 %2").arg(n).arg(QLatin1String(what));
    };
    count(diff.add.size(), "added");
    count(diff.replace.size(), "replaced");
    count(diff.remove.size(), "deleted");
    count(diff.blocked.size(), "blocked");
    if (!counts.isEmpty())
        parts << kind + QStringLiteral(": ") + counts.join(QStringLiteral(", "));
}

} // namespace

QString TableDiff::summary() const
{
    QStringList parts;
    summarize(parts, QStringLiteral("neigh"), neighbours);
    summarize(parts, QStringLiteral("fdb"), fdb);
    summarize(parts, QStringLiteral("route"), routes);
    return parts.isEmpty() ? QStringLiteral("no change") : parts.join(QStringLiteral("; "));
}

TableDiff diff(const KernelTables &desired, const KernelTables &actual, const TableOwnership &ownership)
{
    TableDiff result;
    result.neighbours = diffEntries(desired.neighbours, actual.neighbours, ownership);
    result.fdb = diffEntries(desired.fdb, actual.fdb, ownership);
    result.routes = diffEntries(desired.routes, actual.routes, ownership);
    return result;
}

} // namespace tartan
