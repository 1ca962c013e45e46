#pragma once

#include "lablayout.h"
#include "result.h"

#include <functional>

namespace tartan::cli {

/// `lab down`: removes everything a lab may have left, whatever state it is in — a running lab, a
/// half-finished `lab up`, or the remains of a crash. It trusts no single record:
///  - processes: the pid files in the state dir (checked against their start time), every process
///    inside the lab's namespaces (`ip netns pids`), and any relay for the lab found by its command
///    line; SIGTERM, then SIGKILL for what is still there after a grace period;
///  - namespaces: every name `ip netns list` shows that has one of the lab's shapes;
///  - the state dir.
/// Idempotent: with nothing there it does nothing and succeeds.
class LabTeardown
{
public:
    using Progress = std::function<void(const QString &)>;

    LabTeardown(LabLayout layout, Progress progress) : mLayout(std::move(layout)), mProgress(std::move(progress)) {}

    /// `foundAnything` (optional) says whether there was anything to remove. An error names what
    /// could not be removed.
    Status run(bool *foundAnything = nullptr);

private:
    LabLayout mLayout;
    Progress mProgress;
};

} // namespace tartan::cli
