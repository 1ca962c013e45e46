#include "repairpolicy.h"

namespace tartan {

namespace {

template <typename Entry>
EntryDiff<Entry> leaseDriven(const EntryDiff<Entry> &changes, const QList<Entry> &before)
{
    EntryDiff<Entry> result;
    for (const Entry &entry : changes.add)
        if (!before.contains(entry))
            result.add << entry;
    for (const EntryPair<Entry> &pair : changes.replace)
        if (!before.contains(pair.desired))
            result.replace << pair;
    for (const Entry &entry : changes.remove)
        if (before.contains(entry))
            result.remove << entry;
    result.blocked = changes.blocked;
    return result;
}

template <typename Entry> qsizetype wrong(const EntryDiff<Entry> &changes)
{
    return changes.add.size() + changes.replace.size() + changes.remove.size() + changes.blocked.size();
}

} // namespace

TableDiff leaseDrivenChanges(const TableDiff &changes, const KernelTables &previousDesired)
{
    TableDiff result;
    result.neighbours = leaseDriven(changes.neighbours, previousDesired.neighbours);
    result.fdb = leaseDriven(changes.fdb, previousDesired.fdb);
    result.routes = leaseDriven(changes.routes, previousDesired.routes);
    return result;
}

qsizetype driftCount(const TableDiff &changes)
{
    return wrong(changes.neighbours) + wrong(changes.fdb) + wrong(changes.routes);
}

} // namespace tartan
