#pragma once

#include "iptables.h"
#include "masqrules.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace tartan {

/// Keeps flanneld's ip-masq and forward rules of one address family in place (flannel-compat.md
/// section 4, "Rule upkeep"), as flanneld v0.20.2 does:
///  - removePrevious() at startup deletes the rules a run with another network or subnet left,
///    as named by the old subnet.env;
///  - start() builds the whole set, then every resync period checks that each rule is present and
///    rebuilds the whole set if any is missing (the order of the rules matters, so a missing rule
///    is never patched in alone);
///  - remove() at exit deletes our jumps and chains.
/// Rules are applied with `iptables-restore --noflush`: only our chains and the jumps into them
/// change; other rules in POSTROUTING and FORWARD are never touched.
///
/// Lives in one thread (the one with the event loop running the resync timer). Calls block while
/// iptables runs (see Iptables). The rules stay in place when the object is destroyed: call
/// remove() to delete them, so that its error can be reported.
class IpMasqUpkeep : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        IpNetwork network;                       ///< N: the cluster network of this family
        IpNetwork subnet;                        ///< S: this node's subnet
        bool ipMasq = true;                      ///< --ip-masq: the nat FLANNEL-POSTRTG chain
        bool forwardRules = true;                ///< --iptables-forward-rules: filter FLANNEL-FWD
        bool randomFully = true;                 ///< false: --ip-masq-fully-random-disable
        std::chrono::milliseconds resync{5000};  ///< --iptables-resync
    };

    explicit IpMasqUpkeep(Settings settings, QObject *parent = nullptr);

    const Settings &settings() const { return mSettings; }

    /// Deletes the rules flannel (or tartand) installed for the network and subnet in the
    /// subnet.env at `subnetEnvPath` when they differ from ours; rules we are about to install
    /// anyway stay. A missing file is not an error (first start).
    Status removePrevious(const QString &subnetEnvPath);

    /// Starts the resync timer and builds the whole set now. Errors: bad settings (a resync
    /// period that is not positive: the timer is not started), a subnet of the wrong family,
    /// iptables missing or failing (each resync tries again).
    Status start();
    bool isRunning() const { return mTimer.isActive(); }

    /// The rules we install (--random-fully decided by probing iptables once).
    Result<MasqRules> rules();

    /// The rule lines (as iptables -S prints them) that are missing now; empty when all are there.
    Result<QStringList> missing();
    /// Rebuilds the whole set if any rule is missing. Returns the lines that were missing (empty:
    /// nothing was done).
    Result<QStringList> ensure();

    /// Stops the resync and deletes our jumps and chains (also when start() was never called, e.g.
    /// to clean up after a crash).
    Status remove();

signals:
    /// A resync found `missing` rules absent and rebuilt the set.
    void rebuilt(const QStringList &missing);
    /// A resync failed; the next one retries.
    void resyncFailed(const QString &message);

private:
    struct Snapshot
    {
        MasqRules rules;       ///< what we want
        MasqRules::Saved saved; ///< what the tables hold now
    };
    void resync();
    /// Our rules and iptables-save of their tables plus `extraTables`.
    Result<Snapshot> snapshot(const QStringList &extraTables = {});
    /// Restores `payload` (nothing when empty); errors say "<what> iptables rules for N: ...".
    Status apply(const QString &payload, const QString &what);

    Settings mSettings;
    Iptables mIptables;
    std::optional<bool> mRandomFully; // probed once: iptables' features do not change while we run
    QTimer mTimer;
};

} // namespace tartan
