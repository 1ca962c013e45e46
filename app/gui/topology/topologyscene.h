#pragma once

#include "clusterstate.h"
#include "layoutstore.h"
#include "leasefilter.h"
#include "result.h"
#include "stablegridlayout.h"
#include "tunneledge.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

namespace tartan::gui {

class FlashTracker;
class NodeCard;
class SegmentGroupItem;
class TunnelLayer;

/// The cluster's overlay as a picture: one NodeCard per lease, grouped in frames by underlay segment
/// (SegmentGroupItem), and TunnelEdges between the cards.
///
/// Follows a ClusterState incrementally: an added, changed or removed lease touches its own card (and
/// flashes it), an expiry repaints one card, and only leasesReset() rebuilds (the first list; a
/// re-list after compaction is applied as the difference to what is shown). The agents' summaries
/// (ClusterState::summaries()) give each card its health and drift badge. Work that several
/// events in a row would repeat (group frames, the edge set after the node count crossed the dense
/// limit) is coalesced to the end of the event-loop turn.
///
/// Tunnels: the overlay is a full mesh, so n^2 lines would hide everything beyond a few dozen nodes.
/// Up to denseEdgeLimit() nodes every tunnel is drawn; above it only those of the focus node (the
/// hovered card, else the selected one): one line to each node of its own segment (the nearest
/// kMaxFocusLines) and one bundle to each other segment, so that even at 10,000 nodes the picture
/// has a few hundred lines. A TunnelLayer draws them all.
///
/// Layout: StableGridLayout places cards; cards the user dragged keep their place, saved per
/// cluster (ClusterState::clusterId()) by LayoutStore, until resetLayout().
///
/// Threading: the GUI thread. The state must outlive the scene.
class TopologyScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit TopologyScene(ClusterState *state, QObject *parent = nullptr);
    ~TopologyScene() override;

    ClusterState *clusterState() const { return mState; }

    /// What agents report and leases do not carry. The name becomes the card's title (the public IP
    /// otherwise; an empty name reverts to it); the health shows on the card with a green (ok) or
    /// red dot. Kept for subnets that have no card yet.
    void setNodeName(const SubnetKey &subnet, const QString &name);
    void setNodeHealth(const SubnetKey &subnet, const QString &health, bool ok);
    /// The drift badge (see NodeCard::setDriftCount); kept like the health.
    void setNodeDrift(const SubnetKey &subnet, int count);
    /// The node has no report any more: its card says so again.
    void clearNodeHealth(const SubnetKey &subnet);
    QString nodeName(const SubnetKey &subnet) const { return mNames.value(subnet); }

    int nodeCount() const { return int(mCards.size()); }
    NodeCard *card(const SubnetKey &subnet) const { return mCards.value(subnet); }
    QList<NodeCard *> cards() const { return mCards.values(); }
    /// The tunnel lines drawn now (see TunnelEdge).
    const QList<TunnelEdge> &edges() const;
    /// The line between two nodes, if it is drawn (bundles excluded).
    std::optional<TunnelEdge> edge(const SubnetKey &a, const SubnetKey &b) const;
    QList<SegmentGroupItem *> groups() const;
    SegmentGroupItem *group(const IpNetwork &segment) const;

    /// Lines to single nodes of the focus node's own segment, at most.
    static constexpr int kMaxFocusLines = 300;
    /// Up to this many nodes every tunnel is drawn (default 40).
    int denseEdgeLimit() const { return mDenseEdgeLimit; }
    void setDenseEdgeLimit(int nodes);
    bool drawsAllEdges() const { return nodeCount() <= mDenseEdgeLimit; }

    /// Highlights the nodes matching `text` (see LeaseFilter), dims the others and asks the views to
    /// frame the matches (everything when the filter is cleared). Returns the number of matches (the
    /// node count for an empty filter); filterApplied() says it too. Nodes that appear or change
    /// later are matched as they come.
    int setFilter(const QString &text);
    QString filter() const { return mFilter.text(); }
    /// Matches of the current filter (0 when there is no filter).
    int matchCount() const { return int(mMatches.size()); }
    /// The scene rectangle around the matching cards (null without matches).
    QRectF matchesRect() const;
    /// The scene rectangle around every card and group.
    QRectF contentRect() const;

    /// Selects the node's card alone and asks the views to centre it; a subnet without a card
    /// clears the selection.
    void selectNode(const SubnetKey &subnet);
    /// The selected node (null when none or several are selected).
    SubnetKey selectedNode() const { return mSelected; }
    /// The node whose tunnels are shown when not all are: the hovered card, else the selected one.
    NodeCard *focusCard() const { return mFocus; }

    /// Forgets the dragged positions of this cluster and lays everything out afresh.
    void resetLayout();

    /// The whole scene as an image. The PNG is drawn at full size up to 8192 pixels on its long side
    /// (scaled down beyond, where cards become boxes); the SVG is vector, every card in full. Fails
    /// with "export PNG to <path>: <cause>" when the file cannot be written, or when there is nothing
    /// to draw.
    Status exportPng(const QString &path);
    Status exportSvg(const QString &path);

    /// Applies the coalesced work (group frames, edge set) now instead of at the end of the turn.
    void flushPending();

    // For the items.
    FlashTracker *flashTracker() const { return mFlash; }
    const QFont &cardFont() const { return mCardFont; }
    const QFont &cardTitleFont() const { return mCardTitleFont; }
    const QFont &cardLargeTitleFont() const { return mCardLargeTitleFont; }
    const QFontMetricsF &cardMetrics() const { return mCardMetrics; }
    const QFontMetricsF &cardTitleMetrics() const { return mCardTitleMetrics; }
    /// The parsed network config, or null when the store has none (or a bad one).
    const NetworkConfig *networkConfig() const;
    void cardMoved(NodeCard *card);
    /// The user dropped the selected cards somewhere: they leave the layout and their places are saved.
    void cardsDragged();
    void setHoveredCard(NodeCard *card);

signals:
    /// The single selected node changed; a null key when nothing (or several) is selected.
    void nodeSelected(const tartan::SubnetKey &subnet);
    /// A card was right-clicked (at `screenPos`): the window offers what can be done with the node.
    void nodeContextMenuRequested(const tartan::SubnetKey &subnet, const QPoint &screenPos);
    void filterApplied(int matches);
    /// Views should show this scene rectangle (after the first list, and for a filter's matches).
    void frameRequested(const QRectF &rect);
    /// Views should centre this scene point (selectNode()).
    void centerRequested(const QPointF &point);

private:
    struct Group
    {
        SegmentGroupItem *item = nullptr;
        QSet<NodeCard *> members;
    };

    void rebuild();
    void buildAll();
    /// Deletes every card, frame and line at once (QGraphicsScene::clear(), far faster than one by one).
    void removeAll();
    NodeCard *createCard(const Lease &lease);
    NodeCard *addCard(const Lease &lease);
    void changeCard(NodeCard *card, const Lease &after);
    void removeCard(NodeCard *card);
    void placeCard(NodeCard *card);
    void joinGroup(NodeCard *card);
    void leaveGroup(NodeCard *card, const IpNetwork &segment);
    void applyFilter(NodeCard *card);

    void onLeaseAdded(const Lease &lease);
    void onLeaseChanged(const Lease &before, const Lease &after);
    void onLeaseRemoved(const Lease &lease);
    void onExpirationChanged(const SubnetKey &subnet, const QDateTime &expiration);
    void onSelectionChanged();

    void rebuildEdges();
    QList<TunnelEdge> focusEdges() const;
    void updateFocus();
    void applyHover();

    void scheduleFlush();
    void updateGroupFrame(const IpNetwork &segment);
    void refreshVisibleExpiries();

    ClusterState *mState;
    FlashTracker *mFlash;
    QHash<SubnetKey, NodeCard *> mCards;
    QHash<IpNetwork, Group> mGroups;
    TunnelLayer *mTunnels;
    QHash<SubnetKey, QString> mNames;
    QHash<SubnetKey, QPair<QString, bool>> mHealth;
    QHash<SubnetKey, int> mDrift;

    StableGridLayout mLayout;
    LayoutStore mStore;
    LeaseFilter mFilter;
    QSet<NodeCard *> mMatches;

    SubnetKey mSelected;
    NodeCard *mFocus = nullptr;
    NodeCard *mHovered = nullptr;
    int mDenseEdgeLimit = 40;
    bool mDenseEdges = true;
    bool mBuilding = false;

    QSet<IpNetwork> mDirtyGroups;
    bool mEdgesDirty = false;
    QTimer mFlushTimer;
    QTimer mHoverTimer;
    QTimer mExpiryTimer;

    QFont mCardFont;
    QFont mCardTitleFont;
    QFont mCardLargeTitleFont;
    QFontMetricsF mCardMetrics;
    QFontMetricsF mCardTitleMetrics;
};

} // namespace tartan::gui
