#pragma once

#include "tunneledge.h"

#include <QGraphicsItem>
#include <QList>

namespace tartan::gui {

class TopologyScene;

/// Draws every tunnel line of the topology in one item, behind the cards: a scene of ten thousand
/// cards stays cheap to repaint when one card flashes, because the lines are one index entry and a
/// handful of drawLines() calls (batched by style), culled to the exposed area. Lines are computed
/// from the cards' positions when painting, so moving a card needs only a repaint.
///
/// Styles: solid within a segment, dashed across; red where the tunnel cannot work; highlighted and
/// labelled for the focus node; faded where an end is filtered out. Labels appear only at the full
/// level of detail, on every line when there are few (`labelAll`), else on the focus node's.
class TunnelLayer : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    explicit TunnelLayer(TopologyScene *scene);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return mBounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const QList<TunnelEdge> &edges() const { return mEdges; }
    void setEdges(const QList<TunnelEdge> &edges, bool labelAll);
    /// Drops the lines that end at `card` (about to be deleted).
    void removeEdgesOf(const NodeCard *card);
    NodeCard *focus() const { return mFocus; }
    void setFocus(NodeCard *focus);
    /// Everything the lines can reach (all cards and frames).
    void setBounds(const QRectF &bounds);

private:
    void paintLabels(QPainter *painter, const QRectF &exposed) const;

    TopologyScene *mScene;
    QList<TunnelEdge> mEdges;
    NodeCard *mFocus = nullptr;
    bool mLabelAll = true;
    QRectF mBounds;
};

} // namespace tartan::gui
