#pragma once

#include "ipaddress.h"
#include "result.h"

#include <QString>
#include <QStringList>

namespace tartan {

/// Runs one family's netfilter tools as child processes: iptables-save and iptables-restore for
/// IPv4, ip6tables-save and ip6tables-restore for IPv6 (Debian 12: the nf_tables backend, 1.8.9).
/// Changes go through `iptables-restore --noflush --wait`, one transaction per table, so a rule set
/// is replaced atomically and nothing outside the payload is touched.
///
/// Every call blocks the calling thread until the program exits (milliseconds; at most the xtables
/// lock wait plus the timeout). Errors quote the command, its exit status and its stderr, and for a
/// failed restore the payload line iptables complains about.
class Iptables
{
public:
    explicit Iptables(IpAddress::Family family, int lockWaitSeconds = 5, int timeoutMs = 30000);

    IpAddress::Family family() const { return mFamily; }
    /// "iptables" or "ip6tables": the prefix of the tools' names, for messages.
    QString toolName() const;

    /// Why the tools cannot be run (one of them is not installed), or empty.
    QString unavailableReason() const;

    /// `iptables-save -t TABLE` for each table, outputs concatenated in order.
    Result<QString> save(const QStringList &tables) const;
    /// `iptables-restore --noflush --wait=N` with `payload` on stdin.
    Status restore(const QString &payload) const;

    /// Whether MASQUERADE --random-fully is accepted (userspace and kernel), by applying
    /// MasqRules::randomFullyProbePayload(), which leaves nothing behind. Any failure means "no":
    /// masquerading without it still works.
    bool supportsRandomFully() const;

private:
    QString program(const QString &suffix) const;
    Result<QString> run(const QString &program, const QStringList &arguments, const QByteArray &input) const;

    IpAddress::Family mFamily;
    int mLockWaitSeconds;
    int mTimeoutMs;
};

} // namespace tartan
