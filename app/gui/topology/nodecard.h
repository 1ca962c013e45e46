#pragma once

#include "ipnetwork.h"
#include "lease.h"

#include <QCoreApplication>
#include <QGraphicsItem>
#include <QList>
#include <QString>

#include <optional>

namespace tartan::gui {

class FlashTracker;
class TopologyScene;

/// One node of the topology: a card with the node's title (its name when an agent reported one,
/// else its public IP), subnet, backend (and VTEP MAC for vxlan), lease expiry and agent health.
///
/// Drawn in three levels of detail, chosen from the painter's scale so that ten thousand cards stay
/// cheap when the whole cluster is in view: a plain coloured box (no text at all), the box with its
/// title, and the full card. Text is laid out (elided to the card) at the first paint that shows it
/// after a change, so that cards never seen up close cost no text shaping at all; the expiry is
/// computed at paint time, so refreshing it is a repaint.
///
/// Owned by its TopologyScene, which keeps its tunnels and group frame in step when it moves.
class NodeCard : public QGraphicsItem
{
    Q_DECLARE_TR_FUNCTIONS(NodeCard)
public:
    enum { Type = UserType + 1 };
    static constexpr qreal kWidth = 200;
    static constexpr qreal kHeight = 96;
    /// Below this scale a card is a box without text; below kFullDetailFrom it shows its title only.
    static constexpr qreal kTextFrom = 0.4;
    static constexpr qreal kFullDetailFrom = 0.8;
    enum class Detail { Box, Title, Full };
    static Detail detailFor(qreal levelOfDetail);

    NodeCard(TopologyScene *scene, const Lease &lease);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const Lease &lease() const { return mLease; }
    void setLease(const Lease &lease);
    /// Only the expiry changed (it is formatted when painting: nothing to lay out).
    void setExpiration(const QDateTime &expiration);
    SubnetKey subnet() const { return mLease.subnet; }
    /// The underlay segment the card is grouped by.
    const IpNetwork &segment() const { return mSegment; }

    const QString &nodeName() const { return mNodeName; }
    void setNodeName(const QString &name);
    const QString &health() const { return mHealth; }
    bool hasHealth() const { return mHasHealth; }
    bool healthOk() const { return mHealthOk; }
    void setHealth(const QString &health, bool ok);
    /// Back to "agent: no report" (the node's summary went away).
    void clearHealth();
    /// Entries its agent found drifting: a badge with the count, coloured by health, instead of
    /// the health dot; 0 shows the dot.
    int driftCount() const { return mDriftCount; }
    void setDriftCount(int count);

    /// The texts the full card shows (before eliding), for tests and accessibility: title, subnet,
    /// backend line ("vxlan · c6:d2:32:6f:8f:44"), expiry (at `now`), health.
    QString title() const;
    QString subnetText() const;
    QString backendText() const;
    QString expiryText(const QDateTime &now) const;
    QString healthText() const;

    /// Filter state: `dimmed` for a non-match while a filter is active, `matched` for a match.
    void setFilterState(bool matched, bool dimmed);
    bool isMatched() const { return mMatched; }
    bool isDimmed() const { return mDimmed; }

    /// Whether the user placed the card by dragging (it then keeps no slot in the layout).
    bool isUserPlaced() const { return mUserPlaced; }
    void setUserPlaced(bool placed) { mUserPlaced = placed; }

    QPointF center() const { return pos() + QPointF(kWidth / 2, kHeight / 2); }

    /// The fill colour of a backend ("vxlan", "host-gw", ...), shared with the tunnel edges.
    static QColor backendColor(const QString &backend);
    /// What the last paint drew, for tests of the level-of-detail switch.
    Detail lastPaintedDetail() const { return mLastDetail; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

private:
    struct Texts
    {
        QString title, largeTitle, subnet, backend, health;
    };
    /// The texts elided to the card, laid out on first use after a change.
    const Texts &texts() const;
    void invalidateTexts();
    void paintBox(QPainter *painter, qreal flash) const;
    void paintCard(QPainter *painter, Detail detail, qreal flash) const;

    TopologyScene *mScene;
    Lease mLease;
    IpNetwork mSegment;
    QString mNodeName;
    QString mHealth;
    bool mHasHealth = false;
    bool mHealthOk = false;
    int mDriftCount = 0;
    bool mMatched = false;
    bool mDimmed = false;
    bool mUserPlaced = false;
    QPointF mPressPos;
    QColor mColor;
    mutable std::optional<Texts> mTexts;
    mutable Detail mLastDetail = Detail::Box;
};

} // namespace tartan::gui
