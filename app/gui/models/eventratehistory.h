#pragma once

#include "clusterstate.h"

#include <QDateTime>
#include <QList>

#include <array>

namespace tartan::gui {

/// Lease events (added, changed, removed) counted per 10 s bucket over the last 10 minutes, for the
/// events-over-time chart. Counting is O(1) per event and keeps a fixed 60 buckets, so 1,000 events
/// a second cost nothing to speak of; reading the buckets is for a redraw, at most once a second.
class EventRateHistory
{
public:
    static constexpr int kBucketSeconds = 10;
    static constexpr int kBucketCount = 60;

    struct Bucket
    {
        QDateTime start; ///< UTC
        int added = 0;
        int changed = 0;
        int removed = 0;
    };

    /// Counts `kind` at `time`; kinds other than Added, Changed and Removed are ignored, and so is
    /// anything older than the window (by the newest time seen).
    void count(ClusterEvent::Kind kind, const QDateTime &time);
    /// The kBucketCount buckets ending with the one holding `now`, oldest first; empty ones are 0.
    QList<Bucket> buckets(const QDateTime &now) const;
    /// The index (seconds since the epoch / kBucketSeconds) of the bucket holding `time`.
    static qint64 bucketOf(const QDateTime &time);
    void clear();

private:
    struct Slot
    {
        qint64 bucket = -1; ///< which bucket the counts belong to; a stale slot is reset on use
        int added = 0;
        int changed = 0;
        int removed = 0;
    };

    std::array<Slot, kBucketCount> mSlots{};
    qint64 mNewest = -1;
};

} // namespace tartan::gui
