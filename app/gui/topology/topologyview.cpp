#include "topologyview.h"

#include "nodecard.h"
#include "topologyscene.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace tartan::gui {

namespace {
constexpr qreal kStep = 1.25;      // one button press or key
constexpr qreal kWheelStep = 1.15; // one wheel notch (120 units)
constexpr qreal kFitMargin = 40;
} // namespace

TopologyView::TopologyView(TopologyScene *scene, QWidget *parent) : QGraphicsView(scene, parent), mScene(scene)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setViewportUpdateMode(BoundingRectViewportUpdate);
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setDragMode(NoDrag);
    setBackgroundBrush(palette().color(QPalette::Base));
    connect(scene, &TopologyScene::frameRequested, this, &TopologyView::frame);
    connect(scene, &QGraphicsScene::sceneRectChanged, this, [this] { updateSceneRect(zoom()); });
    connect(scene, &TopologyScene::centerRequested, this, [this](const QPointF &point) { centerOn(point); });
}

void TopologyView::zoomBy(qreal factor, ViewportAnchor anchor)
{
    const qreal target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (qFuzzyCompare(target, zoom()))
        return;
    updateSceneRect(target);
    const ViewportAnchor previous = transformationAnchor();
    setTransformationAnchor(anchor);
    scale(target / zoom(), target / zoom());
    setTransformationAnchor(previous);
    emit zoomChanged(zoom());
}

void TopologyView::zoomIn()
{
    zoomBy(kStep, AnchorViewCenter);
}

void TopologyView::zoomOut()
{
    zoomBy(1 / kStep, AnchorViewCenter);
}

void TopologyView::resetZoom()
{
    zoomBy(1 / zoom(), AnchorViewCenter);
}

void TopologyView::fitToView()
{
    const QRectF content = mScene->contentRect();
    if (!content.isNull())
        frame(content.adjusted(-kFitMargin, -kFitMargin, kFitMargin, kFitMargin));
}

void TopologyView::frame(const QRectF &rect)
{
    if (rect.isNull())
        return;
    if (!mShownOnce)
        mPendingFrame = rect; // fitted again once the view has its real size
    const QSizeF available = viewport()->size();
    const qreal target = std::clamp(std::min(available.width() / rect.width(), available.height() / rect.height()),
                                    kMinZoom, kMaxFrameZoom);
    updateSceneRect(target);
    setTransform(QTransform::fromScale(target, target));
    centerOn(rect.center());
    emit zoomChanged(zoom());
}

void TopologyView::updateSceneRect(qreal zoom)
{
    const QRectF content = mScene->sceneRect();
    const qreal marginX = viewport()->width() / zoom / 2;
    const qreal marginY = viewport()->height() / zoom / 2;
    setSceneRect(content.adjusted(-marginX, -marginY, marginX, marginY));
}

void TopologyView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    updateSceneRect(zoom());
}

void TopologyView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    if (!mShownOnce) {
        mShownOnce = true;
        if (!mPendingFrame.isNull())
            frame(std::exchange(mPendingFrame, QRectF()));
    }
}

void TopologyView::wheelEvent(QWheelEvent *event)
{
    const qreal notches = event->angleDelta().y() / 120.0;
    if (notches == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(kWheelStep, notches), AnchorUnderMouse);
    event->accept();
}

void TopologyView::mousePressEvent(QMouseEvent *event)
{
    const QGraphicsItem *item = itemAt(event->position().toPoint());
    const bool onCard = item && item->type() == NodeCard::Type;
    const bool panButton = event->button() == Qt::MiddleButton ||
                           (event->button() == Qt::LeftButton && (!onCard || (event->modifiers() & Qt::AltModifier)));
    if (panButton) {
        mPanning = true;
        mPanMoved = false;
        mPanLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void TopologyView::mouseMoveEvent(QMouseEvent *event)
{
    if (!mPanning) {
        QGraphicsView::mouseMoveEvent(event);
        return;
    }
    const QPoint position = event->position().toPoint();
    const QPoint delta = position - mPanLast;
    mPanLast = position;
    mPanMoved = mPanMoved || !delta.isNull();
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    event->accept();
}

void TopologyView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!mPanning) {
        QGraphicsView::mouseReleaseEvent(event);
        return;
    }
    mPanning = false;
    viewport()->unsetCursor();
    // A click on empty space (no drag) deselects, as it would without panning.
    if (!mPanMoved && event->button() == Qt::LeftButton)
        mScene->clearSelection();
    event->accept();
}

void TopologyView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        resetZoom();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

} // namespace tartan::gui
