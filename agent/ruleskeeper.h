#pragma once

#include "ipmasqupkeep.h"

#include <QObject>
#include <QThread>

namespace tartan {

/// Runs the iptables rule upkeep (IpMasqUpkeep) in a thread of its own. iptables-restore and
/// iptables-save are processes that take milliseconds each: on the event loop they held up the
/// kernel programming at start-up (15 of the 80 ms of a cold start at 1,000 peers) and the
/// reactions to netlink at every resync after it.
///
/// Called from the thread that owns the keeper. The upkeep's work runs in the rules thread in
/// the order of the calls.
class RulesKeeper : public QObject
{
    Q_OBJECT
public:
    explicit RulesKeeper(QObject *parent = nullptr);
    /// Stops the upkeep and its thread; the rules stay (remove() deletes them).
    ~RulesKeeper() override;

    /// Replaces the rules with those of `settings`: the rules of the previous call and those an
    /// earlier run left for the network and subnet in the subnet.env at `subnetEnvPath` are
    /// deleted, the new set is built and its resync started. applied() follows, for the latest
    /// call only.
    void apply(const IpMasqUpkeep::Settings &settings, const QString &subnetEnvPath);
    /// An apply() whose applied() has not come yet.
    bool isApplying() const { return mApplying; }

    /// Stops the upkeep and deletes the rules; waits for it.
    Status remove();

signals:
    /// The set asked for by the latest apply() is built, or could not be: the resync retries.
    void applied(const Status &built);
    /// The previous run's rules could not be deleted.
    void problem(const QString &message);
    /// A resync found `missing` rules absent and rebuilt the set.
    void rebuilt(const QStringList &missing);
    /// A resync failed; the next one retries.
    void resyncFailed(const QString &message);

private:
    /// Runs `work` in the rules thread and waits for it.
    template <typename Work> void runAndWait(Work work);

    QThread mThread;
    QObject mContext;                  // lives in mThread: work is queued to it
    IpMasqUpkeep *mUpkeep = nullptr;   // created, used and deleted in mThread only
    quint64 mGeneration = 0;           // of the latest apply(), in the owner's thread
    bool mApplying = false;            // in the owner's thread
};

} // namespace tartan
