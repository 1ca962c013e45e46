#pragma once

#include "ipnetwork.h"

#include <QCoreApplication>
#include <QGraphicsItem>

namespace tartan::gui {

/// The frame behind the cards of one underlay segment, labelled "192.168.77.0/24 · 12 nodes". Its
/// rectangle is set by the scene around the cards it holds (wherever the user dragged them).
class SegmentGroupItem : public QGraphicsItem
{
    Q_DECLARE_TR_FUNCTIONS(SegmentGroupItem)
public:
    enum { Type = UserType + 3 };

    explicit SegmentGroupItem(const IpNetwork &segment);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const IpNetwork &segment() const { return mSegment; }
    /// The frame, in scene coordinates (the item stays at the origin).
    void setFrame(const QRectF &rect, int members);
    const QRectF &frame() const { return mRect; }
    int memberCount() const { return mMembers; }
    QString label() const;
    void setDimmed(bool dimmed);
    bool isDimmed() const { return mDimmed; }

private:
    IpNetwork mSegment;
    QRectF mRect;
    int mMembers = 0;
    bool mDimmed = false;
};

} // namespace tartan::gui
