#include "eventratehistory.h"

#include <algorithm>

namespace tartan::gui {

qint64 EventRateHistory::bucketOf(const QDateTime &time)
{
    const qint64 msecs = time.toMSecsSinceEpoch();
    const qint64 size = qint64(kBucketSeconds) * 1000;
    return msecs >= 0 ? msecs / size : (msecs - size + 1) / size;
}

void EventRateHistory::count(ClusterEvent::Kind kind, const QDateTime &time)
{
    if (kind != ClusterEvent::Kind::Added && kind != ClusterEvent::Kind::Changed && kind != ClusterEvent::Kind::Removed)
        return;
    const qint64 bucket = bucketOf(time);
    if (bucket <= mNewest - kBucketCount)
        return;
    mNewest = std::max(mNewest, bucket);
    Slot &slot = mSlots[size_t(((bucket % kBucketCount) + kBucketCount) % kBucketCount)];
    if (slot.bucket != bucket)
        slot = Slot{bucket, 0, 0, 0};
    switch (kind) {
    case ClusterEvent::Kind::Added: ++slot.added; break;
    case ClusterEvent::Kind::Changed: ++slot.changed; break;
    default: ++slot.removed; break;
    }
}

QList<EventRateHistory::Bucket> EventRateHistory::buckets(const QDateTime &now) const
{
    QList<Bucket> out;
    out.reserve(kBucketCount);
    const qint64 last = bucketOf(now);
    for (qint64 bucket = last - kBucketCount + 1; bucket <= last; ++bucket) {
        Bucket entry;
        entry.start = QDateTime::fromMSecsSinceEpoch(bucket * kBucketSeconds * 1000, Qt::UTC);
        const Slot &slot = mSlots[size_t(((bucket % kBucketCount) + kBucketCount) % kBucketCount)];
        if (slot.bucket == bucket) {
            entry.added = slot.added;
            entry.changed = slot.changed;
            entry.removed = slot.removed;
        }
        out.append(entry);
    }
    return out;
}

void EventRateHistory::clear()
{
    mSlots.fill(Slot{});
    mNewest = -1;
}

} // namespace tartan::gui
