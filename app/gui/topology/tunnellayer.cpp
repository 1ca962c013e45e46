#include "tunnellayer.h"

#include "nodecard.h"
#include "segmentgroupitem.h"
#include "topologyscene.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>

namespace tartan::gui {

namespace {

const QColor kBrokenColor(215, 58, 73);
constexpr qreal kLabelPadding = 3;
constexpr int kMaxLabels = 200; // beyond, labels would cover each other anyway

// Lines sharing a pen are drawn in one call: index = emphasised * 8 + broken * 4 + dimmed * 2 + dashed.
constexpr int kStyles = 16;

} // namespace

TunnelLayer::TunnelLayer(TopologyScene *scene) : mScene(scene)
{
    setZValue(-1);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemUsesExtendedStyleOption); // exposedRect, for culling
}

void TunnelLayer::setEdges(const QList<TunnelEdge> &edges, bool labelAll)
{
    mEdges = edges;
    mLabelAll = labelAll;
    update();
}

void TunnelLayer::removeEdgesOf(const NodeCard *card)
{
    const auto removed = mEdges.removeIf([card](const TunnelEdge &edge) { return edge.from() == card || edge.to() == card; });
    if (removed > 0)
        update();
}

void TunnelLayer::setFocus(NodeCard *focus)
{
    mFocus = focus;
    update();
}

void TunnelLayer::setBounds(const QRectF &bounds)
{
    if (bounds == mBounds)
        return;
    prepareGeometryChange();
    mBounds = bounds;
}

void TunnelLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (mEdges.isEmpty())
        return;
    const qreal lod = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = option->exposedRect;
    QVarLengthArray<QLineF, 64> lines[kStyles];
    for (const TunnelEdge &edge : mEdges) {
        const QLineF line = edge.line();
        if (!exposed.intersects(QRectF(line.p1(), line.p2()).normalized().adjusted(-2, -2, 2, 2)))
            continue;
        const bool emphasised = mFocus && edge.touches(mFocus);
        const bool dimmed = edge.from()->isDimmed() || (edge.isBundle() ? false : edge.to()->isDimmed());
        const int style = (emphasised ? 8 : 0) + (edge.isBroken() ? 4 : 0) + (dimmed ? 2 : 0) + (edge.isSameSegment() ? 0 : 1);
        lines[style].append(line);
    }
    const QPalette palette = QApplication::palette();
    // Antialiased lines cost several times more; zoomed out nobody sees the difference.
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::Antialiasing, NodeCard::detailFor(lod) != NodeCard::Detail::Box);
    for (int style = 0; style < kStyles; ++style) {
        if (lines[style].isEmpty())
            continue;
        const bool emphasised = style & 8;
        QColor color = (style & 4) ? kBrokenColor : palette.color(emphasised ? QPalette::Highlight : QPalette::Mid);
        if (style & 2)
            color.setAlphaF(0.2);
        QPen pen(color, emphasised ? 2.5 : 1.2, (style & 1) ? Qt::DashLine : Qt::SolidLine);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawLines(lines[style].constData(), int(lines[style].size()));
    }
    painter->setRenderHint(QPainter::Antialiasing, antialiased);
    if (NodeCard::detailFor(lod) == NodeCard::Detail::Full)
        paintLabels(painter, exposed);
}

void TunnelLayer::paintLabels(QPainter *painter, const QRectF &exposed) const
{
    const QPalette palette = QApplication::palette();
    const QFontMetricsF metrics(mScene->cardFont());
    painter->setFont(mScene->cardFont());
    const NetworkConfig *config = mScene->networkConfig();
    // A label that would sit under a card or on another label is left out: half-hidden labels are noise.
    QList<QRectF> drawn;
    for (const TunnelEdge &edge : mEdges) {
        const bool emphasised = mFocus && edge.touches(mFocus);
        if (!mLabelAll && !emphasised)
            continue;
        const QPointF middle = edge.line().center();
        if (!exposed.contains(middle))
            continue;
        const QString text = edge.label(config);
        QRectF box(QPointF(), QSizeF(metrics.horizontalAdvance(text) + 2 * kLabelPadding, metrics.height() + 2 * kLabelPadding));
        box.moveCenter(middle);
        const auto overlaps = [&box](const QRectF &other) { return other.intersects(box); };
        if (std::any_of(drawn.cbegin(), drawn.cend(), overlaps))
            continue;
        const QList<QGraphicsItem *> under = mScene->items(box, Qt::IntersectsItemBoundingRect);
        if (std::any_of(under.cbegin(), under.cend(), [](const QGraphicsItem *item) { return item->type() == NodeCard::Type; }))
            continue;
        drawn.append(box);
        painter->setPen(QPen(edge.isBroken() ? kBrokenColor : palette.color(QPalette::Mid), 0));
        painter->setBrush(palette.color(QPalette::Base));
        painter->drawRoundedRect(box, 3, 3);
        painter->setPen(palette.color(QPalette::Text));
        painter->drawText(box, Qt::AlignCenter, text);
        if (drawn.size() >= kMaxLabels)
            break;
    }
}

} // namespace tartan::gui
