#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

class QGraphicsItem;

namespace tartan::gui {

/// Makes items flash after a change: remembers when each one started and repaints the flashing set
/// from one timer, which runs only while something flashes. One timer for all rather than an
/// animation object per item, so that a storm of changes over ten thousand cards costs one hash
/// entry per card and one repaint request per card and frame. Items read their intensity() while
/// painting.
class FlashTracker : public QObject
{
    Q_OBJECT
public:
    explicit FlashTracker(QObject *parent = nullptr);

    /// Starts (or restarts) the flash of `item`.
    void flash(QGraphicsItem *item);
    /// Stops tracking an item that is about to be deleted.
    void forget(const QGraphicsItem *item);
    /// Stops tracking every item (all are about to be deleted).
    void clear();
    /// 1 right after flash(), fading linearly to 0 over the duration; 0 when the item is not flashing.
    qreal intensity(const QGraphicsItem *item) const;
    int activeCount() const { return int(mStarts.size()); }

    int duration() const { return mDurationMs; }
    void setDuration(int milliseconds) { mDurationMs = milliseconds; }

private:
    void tick();

    QHash<const QGraphicsItem *, qint64> mStarts;
    QElapsedTimer mClock;
    QTimer mTimer;
    int mDurationMs = 1500;
};

} // namespace tartan::gui
