#include "pathdiagram.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QToolTip>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace tartan::gui {

namespace {

constexpr int kMargin = 16;
constexpr int kPad = 8;
constexpr int kBarHeight = 18;
constexpr int kMinLayer = 30;
const QColor kBreakColor(215, 58, 73);

QString shortName(const QString &name)
{
    if (name == QLatin1String("Ethernet"))
        return QStringLiteral("Eth");
    if (name == QLatin1String("payload"))
        return PathDiagram::tr("data");
    return name;
}

QString stageText(PathHop::Stage stage)
{
    switch (stage) {
    case PathHop::Stage::Source: return PathDiagram::tr("source");
    case PathHop::Stage::Bridge: return PathDiagram::tr("bridge");
    case PathHop::Stage::RouteLookup: return PathDiagram::tr("route lookup");
    case PathHop::Stage::Neighbour: return PathDiagram::tr("neighbour (ARP)");
    case PathHop::Stage::Fdb: return PathDiagram::tr("FDB");
    case PathHop::Stage::Userspace: return PathDiagram::tr("userspace");
    case PathHop::Stage::Encapsulation: return PathDiagram::tr("encapsulation");
    case PathHop::Stage::Underlay: return PathDiagram::tr("underlay");
    case PathHop::Stage::Decapsulation: return PathDiagram::tr("decapsulation");
    case PathHop::Stage::Delivery: return PathDiagram::tr("delivery");
    }
    return {};
}

} // namespace

QColor headerColor(const QString &name)
{
    if (name == QLatin1String("Ethernet"))
        return QColor(86, 140, 214);
    if (name.startsWith(QLatin1String("IPv")))
        return QColor(72, 170, 120);
    if (name == QLatin1String("UDP"))
        return QColor(226, 160, 50);
    if (name == QLatin1String("VXLAN"))
        return QColor(170, 110, 210);
    if (name == QLatin1String("ICMP") || name == QLatin1String("ICMPv6"))
        return QColor(200, 120, 120);
    return QColor(150, 150, 150);
}

PathDiagram::PathDiagram(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("pathDiagram"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    mPacket.setStartValue(0.0);
    mPacket.setEndValue(1.0);
    mPacket.setLoopCount(-1);
    connect(&mPacket, &QVariantAnimation::valueChanged, this, qOverload<>(&QWidget::update));
}

void PathDiagram::setTrace(const std::optional<PathTrace> &trace)
{
    mTrace = trace;
    mPacket.stop();
    if (boxCount() > 1) {
        mPacket.setDuration(900 * (boxCount() - 1));
        mPacket.start();
    }
    updateGeometry();
    update();
}

int PathDiagram::boxCount() const
{
    return mTrace ? int(mTrace->hops.size()) + (mTrace->stop ? 1 : 0) : 0;
}

int PathDiagram::packetBox() const
{
    if (boxCount() == 0)
        return -1;
    return std::min(boxCount() - 1, int(std::lround(mPacket.currentValue().toDouble() * (boxCount() - 1))));
}

void PathDiagram::setAnimated(bool animated)
{
    if (animated && mPacket.state() == QAbstractAnimation::Paused)
        mPacket.resume();
    else if (!animated && mPacket.state() == QAbstractAnimation::Running)
        mPacket.pause();
}

int PathDiagram::columns(int width) const
{
    return std::max(1, (width - 2 * kMargin + kGap) / (kBoxWidth + kGap));
}

QRect PathDiagram::boxRect(int index, int width) const
{
    const int perRow = columns(width);
    const int row = index / perRow;
    const int column = index % perRow;
    return QRect(kMargin + column * (kBoxWidth + kGap), kMargin + row * (kBoxHeight + kGap), kBoxWidth, kBoxHeight);
}

int PathDiagram::heightForWidth(int width) const
{
    const int boxes = std::max(1, boxCount());
    const int rows = (boxes + columns(width) - 1) / columns(width);
    return 2 * kMargin + rows * kBoxHeight + (rows - 1) * kGap;
}

QSize PathDiagram::sizeHint() const
{
    const int width = 2 * kMargin + 4 * kBoxWidth + 3 * kGap;
    return {width, heightForWidth(width)};
}

bool PathDiagram::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip || !mTrace)
        return QWidget::event(event);
    const QPoint at = static_cast<QHelpEvent *>(event)->pos();
    QString text;
    for (int i = 0; i < boxCount(); ++i) {
        if (!boxRect(i, width()).contains(at))
            continue;
        if (i < mTrace->hops.size()) {
            const PathHop &hop = mTrace->hops.at(i);
            QStringList lines{QStringLiteral("%1. %2 — %3").arg(i + 1).arg(stageText(hop.stage), hop.nodeText), hop.summary};
            if (!hop.entry.isEmpty())
                lines << hop.entry;
            QStringList layers;
            for (const HeaderLayer &layer : hop.headers)
                layers << QStringLiteral("%1 %2 B%3").arg(layer.name).arg(layer.bytes).arg(layer.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(layer.detail));
            lines << layers.join(QStringLiteral(" + "));
            text = lines.join(QLatin1Char('\n'));
        }
        else
            text = mTrace->toStrings().constLast();
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(), text, this);
    return true;
}

void PathDiagram::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateGeometry();
}

QPointF PathDiagram::packetPosition() const
{
    const double at = mPacket.currentValue().toDouble() * std::max(0, boxCount() - 1);
    const int from = std::clamp(int(std::floor(at)), 0, std::max(0, boxCount() - 1));
    const int to = std::min(from + 1, boxCount() - 1);
    const QPointF a = boxRect(from, width()).center();
    const QPointF b = boxRect(to, width()).center();
    const double t = at - from;
    // The dot rests in each box for the first half of its step, then travels.
    const double travel = t < 0.5 ? 0.0 : (t - 0.5) * 2;
    return a + (b - a) * travel;
}

void PathDiagram::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (!mTrace) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Type a source and a destination address (a pod or a node), or right-click a node in the "
                            "topology, then Trace."));
        return;
    }
    // Connectors first, under the boxes.
    const int boxes = boxCount();
    for (int i = 0; i + 1 < boxes; ++i) {
        const QRect a = boxRect(i, width());
        const QRect b = boxRect(i + 1, width());
        const bool toBreak = mTrace->stop && i + 1 == boxes - 1;
        painter.setPen(QPen(toBreak ? kBreakColor : palette().color(QPalette::Mid), 2, toBreak ? Qt::DashLine : Qt::SolidLine));
        QPainterPath path;
        if (a.top() == b.top()) {
            path.moveTo(a.right(), a.center().y());
            path.lineTo(b.left(), b.center().y());
        }
        else {
            const qreal midY = a.bottom() + kGap / 2.0;
            path.moveTo(a.center().x(), a.bottom());
            path.lineTo(a.center().x(), midY);
            path.lineTo(b.center().x(), midY);
            path.lineTo(b.center().x(), b.top());
        }
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        // The arrow head at the end of the connector.
        const QPointF tip = path.currentPosition();
        const QPointF back = path.pointAtPercent(0.97);
        const QPointF direction = (tip - back) / std::max(1.0, std::hypot(tip.x() - back.x(), tip.y() - back.y()));
        const QPointF normal(-direction.y(), direction.x());
        painter.setBrush(painter.pen().color());
        painter.setPen(Qt::NoPen);
        painter.drawPolygon(QPolygonF({tip, tip - direction * 9 + normal * 5, tip - direction * 9 - normal * 5}));
    }
    const int current = packetBox();
    for (int i = 0; i < int(mTrace->hops.size()); ++i)
        paintHop(painter, boxRect(i, width()), mTrace->hops.at(i), i + 1, i == current);
    if (mTrace->stop) {
        QRect box = boxRect(boxes - 1, width());
        box.setRight(std::max(box.right(), width() - kMargin));
        paintBreak(painter, box, *mTrace->stop);
    }

    // The packet.
    if (boxes > 1) {
        const QPointF at = packetPosition();
        painter.setPen(QPen(Qt::white, 2));
        painter.setBrush(mTrace->stop && current == boxes - 1 ? kBreakColor : palette().color(QPalette::Highlight));
        painter.drawEllipse(at, 9, 9);
    }
}

void PathDiagram::paintHop(QPainter &painter, const QRect &rect, const PathHop &hop, int number, bool current) const
{
    painter.setPen(QPen(current ? palette().color(QPalette::Highlight) : palette().color(QPalette::Mid), current ? 2.5 : 1));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRoundedRect(rect, 6, 6);

    const QRect inner = rect.adjusted(kPad, kPad - 2, -kPad, -kPad);
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics(font());
    const int line = metrics.lineSpacing();
    int y = inner.top();
    painter.setPen(palette().color(QPalette::Text));
    painter.setFont(bold);
    const QString title = QStringLiteral("%1. %2").arg(number).arg(stageText(hop.stage));
    painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter, title);
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QString where = hop.device.isEmpty() ? hop.nodeText : QStringLiteral("%1 · %2").arg(hop.device, hop.nodeText);
    y += line;
    painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(where, Qt::ElideRight, inner.width()));
    y += line;
    painter.setPen(palette().color(QPalette::Text));
    const QString summary = hop.summary;
    painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(summary, Qt::ElideRight, inner.width()));
    y += line;
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    fixed.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(fixed);
    const QFontMetrics fixedMetrics(fixed);
    const QString entry = hop.entry.isEmpty() ? (hop.inferred ? tr("(inferred from the CNI set-up)") : QString()) : hop.entry;
    painter.setPen(hop.inferred ? palette().color(QPalette::PlaceholderText) : palette().color(QPalette::Text));
    painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                     fixedMetrics.elidedText(entry, Qt::ElideMiddle, inner.width()));
    painter.setFont(font());
    y += line + 3;
    paintHeaders(painter, QRect(inner.left(), y, inner.width(), kBarHeight), hop.headers);
    y += kBarHeight + 2;
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QString size = hop.mtu > 0 ? tr("%1 B on the wire · MTU %2").arg(hop.size()).arg(hop.mtu)
                                     : tr("%1 B on the wire").arg(hop.size());
    painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter, size);
    if (hop.mtu > 0 && hop.size() - 14 > hop.mtu) { // the MTU counts from the IP header
        painter.setPen(kBreakColor);
        painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignRight | Qt::AlignVCenter, tr("too big"));
    }
}

void PathDiagram::paintHeaders(QPainter &painter, const QRect &rect, const QList<HeaderLayer> &headers) const
{
    if (headers.isEmpty())
        return;
    int total = 0;
    for (const HeaderLayer &layer : headers)
        total += std::max(0, layer.bytes);
    const int spare = std::max(0, rect.width() - kMinLayer * int(headers.size()));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.8);
    painter.setFont(small);
    const QFontMetrics metrics(small);
    qreal x = rect.left();
    for (const HeaderLayer &layer : headers) {
        const qreal width = kMinLayer + (total > 0 ? spare * qreal(std::max(0, layer.bytes)) / total : 0);
        const QRectF cell(x, rect.top(), width - 1, rect.height());
        painter.setPen(Qt::NoPen);
        painter.setBrush(headerColor(layer.name));
        painter.drawRect(cell);
        painter.setPen(Qt::white);
        const QString label = QStringLiteral("%1 %2").arg(shortName(layer.name)).arg(layer.bytes);
        painter.drawText(cell, Qt::AlignCenter, metrics.elidedText(label, Qt::ElideRight, int(cell.width()) - 2));
        x += width;
    }
    painter.setFont(font());
}

void PathDiagram::paintBreak(QPainter &painter, const QRect &rect, const PathBreak &stop) const
{
    painter.setPen(QPen(kBreakColor, 2.5));
    QColor fill = kBreakColor;
    fill.setAlpha(40);
    painter.setBrush(fill);
    painter.drawRoundedRect(rect, 6, 6);
    const QRect inner = rect.adjusted(kPad, kPad - 2, -kPad, -kPad);
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(kBreakColor);
    const QFontMetrics metrics(font());
    const int line = metrics.lineSpacing();
    painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("STOPPED at %1").arg(stageText(stop.stage)));
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::Text));
    QStringList lines;
    lines << stop.reason;
    if (!stop.nodeText.isEmpty())
        lines << tr("on %1").arg(stop.nodeText);
    if (!stop.expected.isEmpty())
        lines << tr("expected: %1").arg(stop.expected);
    if (!stop.found.isEmpty())
        lines << tr("found: %1").arg(stop.found);
    if (!stop.leaseText.isEmpty() || !stop.lease.isNull())
        lines << tr("from %1").arg(stop.leaseText.isEmpty() ? stop.lease.toString() : stop.leaseText);
    const QRect text(inner.left(), inner.top() + line, inner.width(), inner.height() - line);
    painter.drawText(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, lines.join(QLatin1Char('\n')));
}

} // namespace tartan::gui
