#include "segmentgroupitem.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace tartan::gui {

namespace {
constexpr qreal kRadius = 10;
constexpr qreal kLabelFrom = 0.02; // below this scale the label is too small to read
constexpr qreal kInsideFrom = 0.8;
constexpr qreal kAboveHeight = 44; // fits in the layout's spacing between groups
} // namespace

SegmentGroupItem::SegmentGroupItem(const IpNetwork &segment) : mSegment(segment)
{
    setZValue(-2);
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF SegmentGroupItem::boundingRect() const
{
    return mRect.adjusted(-1, -kAboveHeight, 1, 1);
}

QString SegmentGroupItem::label() const
{
    const QString segment = mSegment.isNull() ? tr("no public address") : mSegment.toString();
    return tr("%1 · %n node(s)", nullptr, mMembers).arg(segment);
}

void SegmentGroupItem::setFrame(const QRectF &rect, int members)
{
    if (rect != mRect) {
        prepareGeometryChange();
        mRect = rect;
    }
    mMembers = members;
    update();
}

void SegmentGroupItem::setDimmed(bool dimmed)
{
    if (dimmed == mDimmed)
        return;
    mDimmed = dimmed;
    update();
}

void SegmentGroupItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = QApplication::palette();
    QColor fill = palette.color(QPalette::AlternateBase);
    QColor border = palette.color(QPalette::Mid);
    if (mDimmed) {
        fill.setAlphaF(0.4);
        border.setAlphaF(0.4);
    }
    QPen pen(border, 1.5);
    pen.setCosmetic(true);
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawRoundedRect(mRect, kRadius, kRadius);

    const qreal lod = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (lod < kLabelFrom)
        return;
    // Zoomed in, the label sits in the frame's header; zoomed out, it grows into the space above the
    // frame (the layout keeps a gap between groups) so that segments stay named in an overview.
    QFont font = QApplication::font();
    font.setBold(true);
    QRectF text = mRect.adjusted(kRadius, 3, -kRadius, 0);
    if (lod < kInsideFrom) {
        font.setPixelSize(int(std::min(kAboveHeight * 0.8, 14 / lod)));
        text = QRectF(mRect.left() + kRadius, mRect.top() - kAboveHeight, mRect.width() - 2 * kRadius, kAboveHeight);
    }
    painter->setFont(font);
    painter->setPen(palette.color(mDimmed ? QPalette::PlaceholderText : QPalette::WindowText));
    painter->drawText(text, (lod < kInsideFrom ? Qt::AlignBottom : Qt::AlignTop) | Qt::AlignLeft | Qt::TextSingleLine,
                      label());
}

} // namespace tartan::gui
