#include "topologyscene.h"

#include "flashtracker.h"
#include "nodecard.h"
#include "sceneexporter.h"
#include "segmentgroupitem.h"
#include "tunnellayer.h"

#include <QApplication>
#include <QGraphicsView>
#include <QMap>
#include <QScrollBar>

#include <algorithm>

namespace tartan::gui {

namespace {

QFont boldFont(QFont font, int pixelSize)
{
    font.setBold(true);
    if (pixelSize > 0)
        font.setPixelSize(pixelSize);
    return font;
}

constexpr int kHoverDelayMs = 120; // hovering across cards does not rebuild edges for every card passed
constexpr int kExpiryRefreshMs = 1000;
constexpr int kLabelAllEdgesUpTo = 12; // beyond, mesh labels pile up in the middle: label focus edges only
constexpr qreal kFrameMargin = 40;

StableGridLayout::Metrics layoutMetrics()
{
    StableGridLayout::Metrics metrics;
    metrics.card = QSizeF(NodeCard::kWidth, NodeCard::kHeight);
    return metrics;
}

// Groups in address order, members by public IP then subnet: the same leases always give the same picture.
bool cardOrder(const NodeCard *a, const NodeCard *b)
{
    const auto &la = a->lease();
    const auto &lb = b->lease();
    if (la.attrs.publicIp != lb.attrs.publicIp)
        return la.attrs.publicIp < lb.attrs.publicIp;
    if (la.attrs.publicIpv6 != lb.attrs.publicIpv6)
        return la.attrs.publicIpv6 < lb.attrs.publicIpv6;
    return la.subnet < lb.subnet;
}

/// The cards by segment, in the order above, as StableGridLayout::layoutAll() takes them.
QList<QPair<IpNetwork, QList<SubnetKey>>> layoutGroups(const QList<NodeCard *> &cards)
{
    QMap<IpNetwork, QList<NodeCard *>> bySegment;
    for (NodeCard *card : cards)
        bySegment[card->segment()].append(card);
    QList<QPair<IpNetwork, QList<SubnetKey>>> groups;
    for (auto it = bySegment.begin(); it != bySegment.end(); ++it) {
        std::sort(it->begin(), it->end(), cardOrder);
        QList<SubnetKey> members;
        members.reserve(it->size());
        for (const NodeCard *card : std::as_const(*it))
            members.append(card->subnet());
        groups.append({it.key(), members});
    }
    return groups;
}

} // namespace

TopologyScene::TopologyScene(ClusterState *state, QObject *parent)
    : QGraphicsScene(parent),
      mState(state),
      mFlash(new FlashTracker(this)),
      mTunnels(new TunnelLayer(this)),
      mLayout(layoutMetrics()),
      mCardFont(QApplication::font()),
      mCardTitleFont(boldFont(mCardFont, 0)),
      mCardLargeTitleFont(boldFont(mCardFont, 26)),
      mCardMetrics(mCardFont),
      mCardTitleMetrics(mCardTitleFont)
{
    addItem(mTunnels);

    mFlushTimer.setSingleShot(true);
    mFlushTimer.setInterval(0);
    connect(&mFlushTimer, &QTimer::timeout, this, &TopologyScene::flushPending);
    mHoverTimer.setSingleShot(true);
    mHoverTimer.setInterval(kHoverDelayMs);
    connect(&mHoverTimer, &QTimer::timeout, this, &TopologyScene::applyHover);
    mExpiryTimer.setInterval(kExpiryRefreshMs);
    connect(&mExpiryTimer, &QTimer::timeout, this, &TopologyScene::refreshVisibleExpiries);
    mExpiryTimer.start();

    connect(mState, &ClusterState::leasesReset, this, &TopologyScene::rebuild);
    connect(mState, &ClusterState::leaseAdded, this, &TopologyScene::onLeaseAdded);
    connect(mState, &ClusterState::leaseChanged, this, &TopologyScene::onLeaseChanged);
    connect(mState, &ClusterState::leaseRemoved, this, &TopologyScene::onLeaseRemoved);
    connect(mState, &ClusterState::expirationChanged, this, &TopologyScene::onExpirationChanged);
    connect(mState, &ClusterState::configChanged, this, [this] { mTunnels->update(); });
    // The agents' summaries: health on the card, and the drift badge.
    connect(mState, &ClusterState::summaryChanged, this, [this](const NodeSummary &summary) {
        const bool ok = summary.health == QLatin1String("ok") && summary.driftCount == 0;
        setNodeHealth(summary.lease,
                      summary.driftCount > 0 ? tr("agent %1 · %n drifting", nullptr, summary.driftCount).arg(summary.health)
                                             : tr("agent %1").arg(summary.health),
                      ok);
        setNodeDrift(summary.lease, summary.driftCount);
    });
    connect(mState, &ClusterState::summaryRemoved, this, &TopologyScene::clearNodeHealth);
    connect(this, &QGraphicsScene::selectionChanged, this, &TopologyScene::onSelectionChanged);

    if (mState->isSynced())
        rebuild();
}

TopologyScene::~TopologyScene()
{
    // QGraphicsScene's destructor deletes the items; nothing may call back into this half-destroyed
    // scene meanwhile.
    disconnect(this, &QGraphicsScene::selectionChanged, this, &TopologyScene::onSelectionChanged);
    mHovered = mFocus = nullptr;
    mTunnels->setEdges({}, false);
    mTunnels->setFocus(nullptr);
}

void TopologyScene::removeAll()
{
    mFlushTimer.stop();
    mHoverTimer.stop();
    mFlash->clear();
    mHovered = mFocus = nullptr;
    mCards.clear();
    mGroups.clear();
    mDirtyGroups.clear();
    mMatches.clear();
    mLayout.clear(); // the next list (another cluster) is packed from scratch
    mTunnels->setEdges({}, false);
    mTunnels->setFocus(nullptr);
    // Every item but the tunnel layer, at once; selectionChanged() reports the loss of a selection.
    removeItem(mTunnels);
    clear();
    addItem(mTunnels);
    mEdgesDirty = false;
}

const NetworkConfig *TopologyScene::networkConfig() const
{
    return mState->config() ? &mState->config().value() : nullptr;
}

// --- Following the state -------------------------------------------------------------------------

void TopologyScene::rebuild()
{
    if (mState->clusterId() != mStore.clusterId())
        mStore.load(mState->clusterId());
    const QMap<SubnetKey, Lease> &leases = mState->leases();
    if (leases.isEmpty()) {
        removeAll();
        return;
    }
    if (mCards.isEmpty()) {
        buildAll();
        return;
    }
    // A re-list: apply the difference, so that what did not change neither moves nor flashes.
    const QList<NodeCard *> shown = mCards.values();
    for (NodeCard *card : shown) {
        if (!leases.contains(card->subnet()))
            removeCard(card);
    }
    for (const Lease &lease : leases) {
        if (NodeCard *card = mCards.value(lease.subnet)) {
            if (!(card->lease() == lease))
                changeCard(card, lease);
        } else {
            mFlash->flash(addCard(lease));
        }
    }
    flushPending();
}

void TopologyScene::buildAll()
{
    mLayout.clear();
    const QMap<SubnetKey, Lease> &leases = mState->leases();
    if (leases.isEmpty())
        return;
    mBuilding = true;
    QList<NodeCard *> laidOut;
    for (const Lease &lease : leases) {
        NodeCard *card = createCard(lease);
        if (mStore.has(lease.subnet)) {
            card->setUserPlaced(true);
            card->setPos(mStore.position(lease.subnet));
        } else {
            laidOut.append(card);
        }
    }
    mLayout.layoutAll(layoutGroups(laidOut));
    for (NodeCard *card : std::as_const(mCards)) {
        if (!card->isUserPlaced())
            card->setPos(*mLayout.position(card->subnet()));
        addItem(card);
        joinGroup(card);
        applyFilter(card);
    }
    mBuilding = false;
    mEdgesDirty = true;
    flushPending();
    emit frameRequested(contentRect().adjusted(-kFrameMargin, -kFrameMargin, kFrameMargin, kFrameMargin));
}

NodeCard *TopologyScene::createCard(const Lease &lease)
{
    auto *card = new NodeCard(this, lease);
    const QString name = mNames.value(lease.subnet);
    if (!name.isEmpty())
        card->setNodeName(name);
    if (const auto health = mHealth.constFind(lease.subnet); health != mHealth.cend())
        card->setHealth(health->first, health->second);
    card->setDriftCount(mDrift.value(lease.subnet));
    mCards.insert(lease.subnet, card);
    return card;
}

NodeCard *TopologyScene::addCard(const Lease &lease)
{
    NodeCard *card = createCard(lease);
    placeCard(card);
    addItem(card);
    joinGroup(card);
    applyFilter(card);
    mEdgesDirty = true;
    scheduleFlush();
    return card;
}

void TopologyScene::changeCard(NodeCard *card, const Lease &after)
{
    const IpNetwork before = card->segment();
    card->setLease(after);
    if (card->segment() != before) {
        leaveGroup(card, before);
        if (!card->isUserPlaced()) {
            mLayout.release(card->subnet());
            placeCard(card);
        }
        joinGroup(card);
        mEdgesDirty = true;
    }
    mTunnels->update(); // labels and styles are read from the cards when painting
    applyFilter(card);
    mFlash->flash(card);
    scheduleFlush();
}

void TopologyScene::removeCard(NodeCard *card)
{
    mFlash->forget(card);
    if (mHovered == card)
        mHovered = nullptr;
    const bool wasFocus = mFocus == card;
    if (wasFocus)
        mFocus = nullptr;
    leaveGroup(card, card->segment());
    if (!card->isUserPlaced())
        mLayout.release(card->subnet());
    mMatches.remove(card);
    mCards.remove(card->subnet());
    // No line may point at the card once it is gone: drop its own now, rebuild the set at the flush.
    mTunnels->removeEdgesOf(card);
    mEdgesDirty = true;
    delete card; // leaves the scene; selectionChanged() follows if it was selected
    if (wasFocus)
        updateFocus();
    scheduleFlush();
}

void TopologyScene::placeCard(NodeCard *card)
{
    if (mStore.has(card->subnet())) {
        card->setUserPlaced(true);
        card->setPos(mStore.position(card->subnet()));
        return;
    }
    card->setPos(mLayout.place(card->segment(), card->subnet()));
    // A group that outgrew its block moved as a whole; nothing else did.
    for (const SubnetKey &moved : mLayout.movedByLastPlace()) {
        if (NodeCard *other = mCards.value(moved))
            other->setPos(*mLayout.position(moved));
    }
}

void TopologyScene::joinGroup(NodeCard *card)
{
    Group &group = mGroups[card->segment()];
    if (!group.item) {
        group.item = new SegmentGroupItem(card->segment());
        addItem(group.item);
    }
    group.members.insert(card);
    mDirtyGroups.insert(card->segment());
}

void TopologyScene::leaveGroup(NodeCard *card, const IpNetwork &segment)
{
    const auto it = mGroups.find(segment);
    if (it == mGroups.end())
        return;
    it->members.remove(card);
    mDirtyGroups.insert(segment);
}

void TopologyScene::onLeaseAdded(const Lease &lease)
{
    if (NodeCard *card = mCards.value(lease.subnet)) {
        changeCard(card, lease);
        return;
    }
    mFlash->flash(addCard(lease));
}

void TopologyScene::onLeaseChanged(const Lease &, const Lease &after)
{
    if (NodeCard *card = mCards.value(after.subnet))
        changeCard(card, after);
    else
        mFlash->flash(addCard(after));
}

void TopologyScene::onLeaseRemoved(const Lease &lease)
{
    if (NodeCard *card = mCards.value(lease.subnet))
        removeCard(card);
}

void TopologyScene::onExpirationChanged(const SubnetKey &subnet, const QDateTime &expiration)
{
    if (NodeCard *card = mCards.value(subnet))
        card->setExpiration(expiration);
}

// --- Agent reports ---------------------------------------------------------------------------------

void TopologyScene::setNodeName(const SubnetKey &subnet, const QString &name)
{
    if (name.isEmpty())
        mNames.remove(subnet);
    else
        mNames.insert(subnet, name);
    if (NodeCard *card = mCards.value(subnet)) {
        card->setNodeName(name);
        applyFilter(card);
    }
}

void TopologyScene::setNodeHealth(const SubnetKey &subnet, const QString &health, bool ok)
{
    mHealth.insert(subnet, {health, ok});
    if (NodeCard *card = mCards.value(subnet))
        card->setHealth(health, ok);
}

void TopologyScene::setNodeDrift(const SubnetKey &subnet, int count)
{
    mDrift.insert(subnet, count);
    if (NodeCard *card = mCards.value(subnet))
        card->setDriftCount(count);
}

void TopologyScene::clearNodeHealth(const SubnetKey &subnet)
{
    mHealth.remove(subnet);
    mDrift.remove(subnet);
    if (NodeCard *card = mCards.value(subnet))
        card->clearHealth();
}

// --- Coalesced work --------------------------------------------------------------------------------

void TopologyScene::scheduleFlush()
{
    if (!mBuilding && !mFlushTimer.isActive())
        mFlushTimer.start();
}

void TopologyScene::flushPending()
{
    mFlushTimer.stop();
    const QSet<IpNetwork> dirty = std::exchange(mDirtyGroups, {});
    for (const IpNetwork &segment : dirty)
        updateGroupFrame(segment);
    if (!dirty.isEmpty()) {
        mTunnels->setBounds(contentRect());
        mTunnels->update();
    }
    if (mEdgesDirty) {
        mEdgesDirty = false;
        rebuildEdges();
    }
}

void TopologyScene::updateGroupFrame(const IpNetwork &segment)
{
    const auto it = mGroups.find(segment);
    if (it == mGroups.end())
        return;
    if (it->members.isEmpty()) {
        delete it->item;
        mGroups.erase(it);
        mEdgesDirty = true; // a bundle may point at it
        return;
    }
    QRectF bounds;
    bool anyMatch = false;
    for (const NodeCard *card : std::as_const(it->members)) {
        bounds |= QRectF(card->pos(), QSizeF(NodeCard::kWidth, NodeCard::kHeight));
        anyMatch = anyMatch || card->isMatched();
    }
    const auto &metrics = mLayout.metrics();
    bounds.adjust(-metrics.padding, -metrics.padding - metrics.header, metrics.padding, metrics.padding);
    it->item->setFrame(bounds, int(it->members.size()));
    it->item->setDimmed(!mFilter.isEmpty() && !anyMatch);
}

void TopologyScene::cardMoved(NodeCard *card)
{
    if (mBuilding)
        return; // the frames and lines are made once everything is placed
    mTunnels->update();
    mDirtyGroups.insert(card->segment());
    scheduleFlush();
}

void TopologyScene::cardsDragged()
{
    const QList<QGraphicsItem *> selected = selectedItems();
    for (QGraphicsItem *item : selected) {
        if (item->type() != NodeCard::Type)
            continue;
        auto *card = static_cast<NodeCard *>(item);
        if (!card->isUserPlaced()) {
            mLayout.release(card->subnet());
            card->setUserPlaced(true);
        }
        mStore.save(card->subnet(), card->pos());
    }
}

void TopologyScene::resetLayout()
{
    mStore.clear();
    for (NodeCard *card : std::as_const(mCards))
        card->setUserPlaced(false);
    mLayout.layoutAll(layoutGroups(mCards.values()));
    for (NodeCard *card : std::as_const(mCards)) {
        card->setPos(*mLayout.position(card->subnet()));
        mDirtyGroups.insert(card->segment());
    }
    flushPending();
    emit frameRequested(contentRect().adjusted(-kFrameMargin, -kFrameMargin, kFrameMargin, kFrameMargin));
}

// --- Edges -----------------------------------------------------------------------------------------

const QList<TunnelEdge> &TopologyScene::edges() const
{
    return mTunnels->edges();
}

std::optional<TunnelEdge> TopologyScene::edge(const SubnetKey &a, const SubnetKey &b) const
{
    const NodeCard *from = mCards.value(a);
    const NodeCard *to = mCards.value(b);
    for (const TunnelEdge &edge : mTunnels->edges()) {
        if (!edge.isBundle() && ((edge.from() == from && edge.to() == to) || (edge.from() == to && edge.to() == from)))
            return edge;
    }
    return std::nullopt;
}

QList<TunnelEdge> TopologyScene::focusEdges() const
{
    QList<TunnelEdge> edges;
    if (!mFocus)
        return edges;
    // Every node of the own segment (the nearest ones if there are very many) ...
    QList<NodeCard *> near;
    for (NodeCard *card : mGroups.value(mFocus->segment()).members) {
        if (card != mFocus)
            near.append(card);
    }
    if (near.size() > kMaxFocusLines) {
        const QPointF center = mFocus->center();
        const auto distance = [&](const NodeCard *card) { return QLineF(center, card->center()).length(); };
        std::partial_sort(near.begin(), near.begin() + kMaxFocusLines, near.end(),
                          [&](const NodeCard *x, const NodeCard *y) { return distance(x) < distance(y); });
        near.resize(kMaxFocusLines);
    }
    for (NodeCard *card : std::as_const(near))
        edges.append(TunnelEdge(mFocus, card));
    // ... and one bundle for each other segment.
    for (auto it = mGroups.cbegin(); it != mGroups.cend(); ++it) {
        if (it.key() != mFocus->segment() && !it->members.isEmpty())
            edges.append(TunnelEdge(mFocus, it->item, *it->members.cbegin(), int(it->members.size())));
    }
    return edges;
}

void TopologyScene::rebuildEdges()
{
    mDenseEdges = drawsAllEdges();
    QList<TunnelEdge> edges;
    if (mDenseEdges) {
        const QList<NodeCard *> all = mCards.values();
        edges.reserve(all.size() * (all.size() - 1) / 2);
        for (qsizetype i = 0; i < all.size(); ++i) {
            for (qsizetype j = i + 1; j < all.size(); ++j)
                edges.append(TunnelEdge(all[i], all[j]));
        }
    } else {
        edges = focusEdges();
    }
    mTunnels->setFocus(mFocus);
    mTunnels->setBounds(contentRect());
    mTunnels->setEdges(edges, nodeCount() <= kLabelAllEdgesUpTo);
}

void TopologyScene::setHoveredCard(NodeCard *card)
{
    mHovered = card;
    mHoverTimer.start();
}

void TopologyScene::applyHover()
{
    updateFocus();
}

void TopologyScene::updateFocus()
{
    NodeCard *focus = mHovered ? mHovered : mCards.value(mSelected);
    if (focus == mFocus)
        return;
    NodeCard *previous = std::exchange(mFocus, focus);
    if (previous)
        previous->update();
    if (focus)
        focus->update();
    if (mDenseEdges)
        mTunnels->setFocus(focus);
    else
        rebuildEdges();
}

// --- Filter and selection --------------------------------------------------------------------------

void TopologyScene::applyFilter(NodeCard *card)
{
    const bool active = !mFilter.isEmpty();
    const bool match = active && mFilter.matches(card->lease(), card->nodeName());
    if (match)
        mMatches.insert(card);
    else
        mMatches.remove(card);
    if (card->isMatched() != match || card->isDimmed() != (active && !match)) {
        card->setFilterState(match, active && !match);
        mDirtyGroups.insert(card->segment());
        scheduleFlush();
    }
}

int TopologyScene::setFilter(const QString &text)
{
    mFilter = LeaseFilter(text);
    for (NodeCard *card : std::as_const(mCards))
        applyFilter(card);
    flushPending();
    const int matches = mFilter.isEmpty() ? nodeCount() : matchCount();
    emit filterApplied(matches);
    const QRectF frame = mFilter.isEmpty() ? contentRect() : matchesRect();
    if (!frame.isNull())
        emit frameRequested(frame.adjusted(-kFrameMargin, -kFrameMargin, kFrameMargin, kFrameMargin));
    return matches;
}

QRectF TopologyScene::matchesRect() const
{
    QRectF rect;
    for (const NodeCard *card : mMatches)
        rect |= QRectF(card->pos(), QSizeF(NodeCard::kWidth, NodeCard::kHeight));
    return rect;
}

QRectF TopologyScene::contentRect() const
{
    // Every card is in a group, wherever it was dragged: the frames hold everything.
    QRectF rect;
    for (const Group &group : mGroups)
        rect |= group.item->boundingRect();
    return rect;
}

void TopologyScene::selectNode(const SubnetKey &subnet)
{
    NodeCard *card = mCards.value(subnet);
    clearSelection();
    if (!card)
        return;
    card->setSelected(true);
    emit centerRequested(card->center());
}

void TopologyScene::onSelectionChanged()
{
    const QList<QGraphicsItem *> selected = selectedItems();
    SubnetKey key;
    if (selected.size() == 1 && selected.first()->type() == NodeCard::Type)
        key = static_cast<NodeCard *>(selected.first())->subnet();
    if (key != mSelected) {
        mSelected = key;
        emit nodeSelected(key);
    }
    updateFocus();
}

QList<SegmentGroupItem *> TopologyScene::groups() const
{
    QList<SegmentGroupItem *> items;
    for (const Group &group : mGroups)
        items.append(group.item);
    return items;
}

SegmentGroupItem *TopologyScene::group(const IpNetwork &segment) const
{
    const auto it = mGroups.constFind(segment);
    return it == mGroups.cend() ? nullptr : it->item;
}

void TopologyScene::setDenseEdgeLimit(int nodes)
{
    mDenseEdgeLimit = nodes;
    rebuildEdges();
}

// --- Timers and export -----------------------------------------------------------------------------

void TopologyScene::refreshVisibleExpiries()
{
    // Only cards that show their text in a view are repainted: zoomed out there is no text to refresh.
    const QList<QGraphicsView *> shown = views();
    for (QGraphicsView *view : shown) {
        if (!view->isVisible() || NodeCard::detailFor(view->transform().m11()) != NodeCard::Detail::Full)
            continue;
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        const QList<QGraphicsItem *> found = items(visible, Qt::IntersectsItemBoundingRect);
        for (QGraphicsItem *item : found) {
            if (item->type() == NodeCard::Type && !static_cast<NodeCard *>(item)->lease().isReservation())
                item->update();
        }
    }
}

Status TopologyScene::exportPng(const QString &path)
{
    flushPending();
    const QRectF source = contentRect().adjusted(-kFrameMargin, -kFrameMargin, kFrameMargin, kFrameMargin);
    return SceneExporter::png(*this, mCards.isEmpty() ? QRectF() : source, path);
}

Status TopologyScene::exportSvg(const QString &path)
{
    flushPending();
    const QRectF source = contentRect().adjusted(-kFrameMargin, -kFrameMargin, kFrameMargin, kFrameMargin);
    return SceneExporter::svg(*this, mCards.isEmpty() ? QRectF() : source, path, tr("Tartan topology"),
                              mState->clusterId());
}

} // namespace tartan::gui
