#pragma once

#include "kerneltables.h"
#include "tablediff.h"

namespace tartan {

/// For an agent that does not restore entries changed by hand (--auto-repair=false): the part of
/// `changes` that the leases call for, given `previousDesired`, the desired tables the agent
/// programmed last time. An entry is lease-driven when the leases changed it since then:
/// - add or replace: the desired entry was not desired before (a new or changed lease);
/// - remove: the kernel's entry was desired before and is no longer (a lease went).
/// The rest (a desired entry that was programmed and is now missing or different; an entry Tartan
/// owns that it never programmed) is drift made by hand, left for the report. Blocked entries are
/// kept as they are: they change nothing.
TableDiff leaseDrivenChanges(const TableDiff &changes, const KernelTables &previousDesired);

/// Entries a diff says are wrong: missing, stale (replace), extra (remove) and blocked.
qsizetype driftCount(const TableDiff &changes);

} // namespace tartan
