#pragma once

#include "pathtrace.h"

#include <QVariantAnimation>
#include <QWidget>

#include <optional>

namespace tartan::gui {

/// A PathTrace drawn as a hop diagram: one box per hop, in reading order (rows that wrap to the
/// width), each with its stage, node, device, the table entry used (or "inferred") and the packet
/// as it leaves the stage: its headers as a bar of layers, outermost first, each with its size,
/// then the size on the wire against the device's MTU. A packet (a dot) runs from box to box,
/// again and again. A trace that stops ends in a red box: the reason, the entry the leases call for,
/// the entry found and the lease that should have produced it; it takes the rest of its row.
///
/// A box's tooltip holds its whole text, which the box may elide. The widget's height follows its width (hasHeightForWidth): put it in a QScrollArea.
class PathDiagram : public QWidget
{
    Q_OBJECT
public:
    explicit PathDiagram(QWidget *parent = nullptr);

    void setTrace(const std::optional<PathTrace> &trace);
    const std::optional<PathTrace> &trace() const { return mTrace; }
    /// Boxes drawn: one per hop, plus the break's.
    int boxCount() const;
    /// The box the packet is in now (for tests), or -1 without a trace.
    int packetBox() const;
    /// Stops the packet where it is (screenshots, tests) or lets it run again.
    void setAnimated(bool animated);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

    static constexpr int kBoxWidth = 250;
    static constexpr int kBoxHeight = 122;
    static constexpr int kGap = 26;

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRect boxRect(int index, int width) const;
    int columns(int width) const;
    void paintHop(QPainter &painter, const QRect &rect, const PathHop &hop, int number, bool current) const;
    void paintBreak(QPainter &painter, const QRect &rect, const PathBreak &stop) const;
    void paintHeaders(QPainter &painter, const QRect &rect, const QList<HeaderLayer> &headers) const;
    QPointF packetPosition() const;

    std::optional<PathTrace> mTrace;
    QVariantAnimation mPacket;
};

/// The fill of a header layer by its name ("Ethernet", "IPv4", "UDP", "VXLAN", ...).
QColor headerColor(const QString &name);

} // namespace tartan::gui
