#include "flashtracker.h"

#include <QGraphicsItem>

namespace tartan::gui {

namespace {
constexpr int kFrameMs = 50; // 20 frames a second: smooth enough for a fade, cheap at scale
} // namespace

FlashTracker::FlashTracker(QObject *parent) : QObject(parent)
{
    mClock.start();
    mTimer.setInterval(kFrameMs);
    connect(&mTimer, &QTimer::timeout, this, &FlashTracker::tick);
}

void FlashTracker::flash(QGraphicsItem *item)
{
    mStarts.insert(item, mClock.elapsed());
    item->update();
    if (!mTimer.isActive())
        mTimer.start();
}

void FlashTracker::forget(const QGraphicsItem *item)
{
    mStarts.remove(item);
}

void FlashTracker::clear()
{
    mStarts.clear();
    mTimer.stop();
}

qreal FlashTracker::intensity(const QGraphicsItem *item) const
{
    const auto it = mStarts.constFind(item);
    if (it == mStarts.cend())
        return 0;
    const qint64 age = mClock.elapsed() - *it;
    return age >= mDurationMs ? 0 : 1.0 - qreal(age) / mDurationMs;
}

void FlashTracker::tick()
{
    const qint64 now = mClock.elapsed();
    for (auto it = mStarts.begin(); it != mStarts.end();) {
        // The item is repainted once more after its flash ended, to draw it without the highlight.
        QGraphicsItem *item = const_cast<QGraphicsItem *>(it.key());
        item->update();
        if (now - *it >= mDurationMs)
            it = mStarts.erase(it);
        else
            ++it;
    }
    if (mStarts.isEmpty())
        mTimer.stop();
}

} // namespace tartan::gui
