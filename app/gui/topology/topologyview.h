#pragma once

#include <QGraphicsView>

namespace tartan::gui {

class TopologyScene;

/// Shows a TopologyScene: wheel zoom around the cursor (and +, -, 0), panning by dragging empty space
/// (or anywhere with the middle button or Alt held), cards dragged with the left button. Frames what the scene asks for (the
/// first list, a filter's matches) and centres a node selected from elsewhere.
///
/// Tuned for ten thousand items: the scene's BSP index finds what to draw, repaints cover only what
/// changed (minimal viewport updates), items restore what painter state they change themselves, and
/// the cards drop their text below a zoom threshold.
class TopologyView : public QGraphicsView
{
    Q_OBJECT
public:
    static constexpr qreal kMinZoom = 0.005;
    static constexpr qreal kMaxZoom = 4;
    /// Framing never zooms in beyond this: one matching card is shown at its natural size.
    static constexpr qreal kMaxFrameZoom = 1;

    explicit TopologyView(TopologyScene *scene, QWidget *parent = nullptr);

    TopologyScene *topologyScene() const { return mScene; }
    /// The scale from scene to view (1: cards at their natural size).
    qreal zoom() const { return transform().m11(); }

public slots:
    void zoomIn();
    void zoomOut();
    /// Back to the natural size, keeping the centre.
    void resetZoom();
    /// Shows every node.
    void fitToView();
    /// Shows `rect` (scene coordinates) whole, zoomed no further in than kMaxFrameZoom.
    void frame(const QRectF &rect);

signals:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /// Multiplies the zoom by `factor` (clamped), keeping the scene point under `anchor` in place.
    void zoomBy(qreal factor, ViewportAnchor anchor);
    /// The scene's rectangle plus half a viewport (at `zoom`) on every side, so that any card, even
    /// one at the edge, can be centred.
    void updateSceneRect(qreal zoom);

    TopologyScene *mScene;
    bool mPanning = false;
    bool mPanMoved = false;
    QPoint mPanLast;
    QRectF mPendingFrame; // a frame asked for before the view had its size
    bool mShownOnce = false;
};

} // namespace tartan::gui
