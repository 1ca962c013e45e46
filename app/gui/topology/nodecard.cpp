#include "nodecard.h"

#include "flashtracker.h"
#include "leasetext.h"
#include "topologyscene.h"
#include "underlaysegment.h"

#include <QFontMetricsF>
#include <algorithm>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace tartan::gui {

namespace {

constexpr qreal kRadius = 6;
constexpr qreal kBand = 6;   // the backend's colour down the left edge
constexpr qreal kMargin = 8;
constexpr qreal kTextLeft = kBand + 8;
constexpr qreal kDot = 9;
const QColor kFlashColor(255, 200, 40);
const QColor kMatchColor(255, 140, 0);

QColor mixed(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}

} // namespace

NodeCard::Detail NodeCard::detailFor(qreal levelOfDetail)
{
    if (levelOfDetail < kTextFrom)
        return Detail::Box;
    return levelOfDetail < kFullDetailFrom ? Detail::Title : Detail::Full;
}

QColor NodeCard::backendColor(const QString &backend)
{
    if (backend == QLatin1String("vxlan"))
        return QColor(59, 125, 216);
    if (backend == QLatin1String("host-gw"))
        return QColor(46, 157, 91);
    if (backend == QLatin1String("ipip"))
        return QColor(217, 138, 28);
    if (backend == QLatin1String("udp"))
        return QColor(128, 134, 145);
    return QColor(142, 91, 208);
}

NodeCard::NodeCard(TopologyScene *scene, const Lease &lease) : mScene(scene)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setLease(lease);
}

QRectF NodeCard::boundingRect() const
{
    // Room for the selection outline, which straddles the edge.
    return QRectF(-2, -2, kWidth + 4, kHeight + 4);
}

void NodeCard::setLease(const Lease &lease)
{
    mLease = lease;
    mSegment = underlaySegment(lease.attrs);
    mColor = backendColor(lease.attrs.backendName());
    invalidateTexts();
}

void NodeCard::setExpiration(const QDateTime &expiration)
{
    mLease.expiration = expiration;
    update();
}

void NodeCard::setNodeName(const QString &name)
{
    mNodeName = name;
    invalidateTexts();
}

void NodeCard::setHealth(const QString &health, bool ok)
{
    mHealth = health;
    mHasHealth = true;
    mHealthOk = ok;
    invalidateTexts();
}

void NodeCard::clearHealth()
{
    mHealth.clear();
    mHasHealth = false;
    mHealthOk = false;
    mDriftCount = 0;
    invalidateTexts();
}

void NodeCard::setDriftCount(int count)
{
    if (count == mDriftCount)
        return;
    mDriftCount = count;
    update();
}

void NodeCard::setFilterState(bool matched, bool dimmed)
{
    if (matched == mMatched && dimmed == mDimmed)
        return;
    mMatched = matched;
    mDimmed = dimmed;
    update();
}

QString NodeCard::expiryText(const QDateTime &now) const
{
    return LeaseText::expiry(mLease, now);
}

QString NodeCard::healthText() const
{
    return mHasHealth ? mHealth : tr("agent: no report");
}

QString NodeCard::title() const
{
    return mNodeName.isEmpty() ? LeaseText::publicAddress(mLease.attrs) : mNodeName;
}

QString NodeCard::subnetText() const
{
    return LeaseText::subnet(mLease.subnet);
}

QString NodeCard::backendText() const
{
    QString backend = mLease.attrs.backendName();
    if (backend == QLatin1String("vxlan")) {
        if (const auto vxlan = mLease.attrs.vxlanData())
            backend += QStringLiteral(" · ") + vxlan->vtepMac.toString();
    }
    return backend;
}

void NodeCard::invalidateTexts()
{
    mTexts.reset();
    update();
}

const NodeCard::Texts &NodeCard::texts() const
{
    if (mTexts)
        return *mTexts;
    const QFontMetricsF &normal = mScene->cardMetrics();
    const QFontMetricsF &bold = mScene->cardTitleMetrics();
    const QFontMetricsF large(mScene->cardLargeTitleFont());
    const qreal width = kWidth - kTextLeft - kMargin;
    Texts texts;
    const QString full = title();
    texts.title = bold.elidedText(full, Qt::ElideMiddle, width - kDot - 4);
    texts.largeTitle = large.elidedText(full, Qt::ElideMiddle, width);
    texts.subnet = normal.elidedText(subnetText(), Qt::ElideRight, width);
    texts.backend = normal.elidedText(backendText(), Qt::ElideRight, width);
    texts.health = normal.elidedText(healthText(), Qt::ElideRight, width);
    mTexts = texts;
    return *mTexts;
}

void NodeCard::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const Detail detail = detailFor(QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()));
    mLastDetail = detail;
    const qreal flash = mScene->flashTracker()->intensity(this);
    const qreal opacity = painter->opacity();
    if (mDimmed)
        painter->setOpacity(opacity * 0.25);
    if (detail == Detail::Box)
        paintBox(painter, flash);
    else
        paintCard(painter, detail, flash);
    painter->setOpacity(opacity);
    Q_UNUSED(option);
}

void NodeCard::paintBox(QPainter *painter, qreal flash) const
{
    // The cheapest thing that still says backend, selection, match and change: one or two rectangles,
    // no antialiasing, no text.
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::Antialiasing, false);
    QRectF rect(0, 0, kWidth, kHeight);
    if (isSelected() || mMatched) {
        // A thick frame in the selection or match colour: still visible a few pixels wide.
        painter->fillRect(rect, isSelected() ? mScene->palette().color(QPalette::Highlight) : kMatchColor);
        rect.adjust(kWidth / 8, kHeight / 5, -kWidth / 8, -kHeight / 5);
    }
    painter->fillRect(rect, flash > 0 ? mixed(mColor, kFlashColor, flash) : mColor);
    painter->setRenderHint(QPainter::Antialiasing, antialiased);
}

void NodeCard::paintCard(QPainter *painter, Detail detail, qreal flash) const
{
    const QPalette &palette = mScene->palette();
    const QRectF rect(0, 0, kWidth, kHeight);
    QColor background = palette.color(QPalette::Base);
    if (flash > 0)
        background = mixed(background, kFlashColor, flash * 0.8);
    QPen border(palette.color(QPalette::Mid), 1);
    if (isSelected())
        border = QPen(palette.color(QPalette::Highlight), 3);
    else if (mMatched)
        border = QPen(kMatchColor, 2.5);
    else if (mScene->focusCard() == this)
        border = QPen(palette.color(QPalette::Dark), 2);
    painter->setPen(border);
    painter->setBrush(background);
    painter->drawRoundedRect(rect, kRadius, kRadius);
    painter->setPen(Qt::NoPen);
    painter->setBrush(mColor);
    painter->drawRoundedRect(QRectF(0.5, 0.5, kBand, kHeight - 1), 2, 2);

    painter->setPen(palette.color(QPalette::Text));
    if (detail == Detail::Title) {
        painter->setFont(mScene->cardLargeTitleFont());
        painter->drawText(rect.adjusted(kTextLeft, 0, -kMargin, 0), Qt::AlignVCenter | Qt::AlignLeft, texts().largeTitle);
        return;
    }

    const Texts &text = texts();
    const QFontMetricsF &normal = mScene->cardMetrics();
    const qreal line = normal.lineSpacing();
    qreal y = kMargin;
    painter->setFont(mScene->cardTitleFont());
    painter->drawText(QRectF(kTextLeft, y, kWidth, line + 2), Qt::AlignLeft | Qt::AlignTop, text.title);
    y += line + 3;
    painter->setFont(mScene->cardFont());
    painter->drawText(QPointF(kTextLeft, y + normal.ascent()), text.subnet);
    y += line;
    painter->drawText(QPointF(kTextLeft, y + normal.ascent()), text.backend);
    y += line;
    painter->drawText(QPointF(kTextLeft, y + normal.ascent()), expiryText(QDateTime::currentDateTimeUtc()));
    y += line;
    painter->setPen(palette.color(QPalette::PlaceholderText));
    painter->drawText(QPointF(kTextLeft, y + normal.ascent()), text.health);

    if (mHasHealth) {
        const QColor health = mHealthOk ? QColor(46, 160, 67) : QColor(215, 58, 73);
        painter->setPen(Qt::NoPen);
        painter->setBrush(health);
        if (mDriftCount > 0) {
            // The badge grows to the left of where the dot is, so the title keeps its room.
            const QString count = QString::number(mDriftCount);
            const qreal width = std::max<qreal>(normal.horizontalAdvance(count) + 8, line);
            const QRectF badge(kWidth - kMargin - width, kMargin, width, line);
            painter->drawRoundedRect(badge, line / 2, line / 2);
            painter->setPen(Qt::white);
            painter->drawText(badge, Qt::AlignCenter, count);
        }
        else
            painter->drawEllipse(QRectF(kWidth - kMargin - kDot, kMargin + 2, kDot, kDot));
    }
}

QVariant NodeCard::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        mScene->cardMoved(this);
    return QGraphicsItem::itemChange(change, value);
}

void NodeCard::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    mPressPos = pos();
    QGraphicsItem::mousePressEvent(event);
}

void NodeCard::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsItem::mouseReleaseEvent(event);
    if (pos() != mPressPos)
        mScene->cardsDragged();
}

void NodeCard::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    mScene->setHoveredCard(this);
    QGraphicsItem::hoverEnterEvent(event);
}

void NodeCard::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    mScene->setHoveredCard(nullptr);
    QGraphicsItem::hoverLeaveEvent(event);
}

void NodeCard::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    emit mScene->nodeContextMenuRequested(mLease.subnet, event->screenPos());
    event->accept();
}

} // namespace tartan::gui
