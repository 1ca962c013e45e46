#pragma once

#include "ipnetwork.h"
#include "subnetkey.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QPointF>
#include <QSizeF>

#include <optional>

namespace tartan::gui {

/// Where the cards of the topology go. Each group (an underlay segment) owns a block of card slots
/// filled row by row; blocks are packed left to right on shelves, about 16:10 overall.
///
/// Stable, because a map that reshuffles while one watches it is useless: placing a card takes the
/// first free slot of its group's block and never moves a card of another group. A full block grows
/// downwards in place when nothing lies below it (it is on the last shelf, or shorter than its
/// shelf); only otherwise is the whole group moved to a new, larger block at the end: then its own
/// cards move (movedByLastPlace() lists them), never others. A block keeps its place while its group
/// is empty, so a node that leaves and comes back lands where it was. layoutAll() packs compactly
/// from scratch (the first list, "reset layout").
///
/// Pure geometry, no items: positions are the top-left corners of cards in scene coordinates.
class StableGridLayout
{
public:
    struct Metrics
    {
        QSizeF card{200, 84};
        qreal spacing = 16;      ///< between the cards of a group
        qreal padding = 12;      ///< between a group's frame and its cards
        qreal header = 22;       ///< room for the group's label above its cards
        qreal groupSpacing = 48; ///< between the frames of two groups
        int maxColumns = 64;
    };

    StableGridLayout();
    explicit StableGridLayout(const Metrics &metrics);

    const Metrics &metrics() const { return mMetrics; }

    /// Forgets every block and lays out `groups` in the given order, each with its members in the
    /// given order.
    void layoutAll(const QList<QPair<IpNetwork, QList<SubnetKey>>> &groups);
    /// Gives `member` (not placed yet) the first free slot of `group`'s block and returns its position.
    QPointF place(const IpNetwork &group, const SubnetKey &member);
    /// Frees the member's slot for the next card of its group; no-op for a member without one.
    void release(const SubnetKey &member);
    std::optional<QPointF> position(const SubnetKey &member) const;
    /// The members the last place() moved (a group relocated to a larger block), placed member excluded.
    const QList<SubnetKey> &movedByLastPlace() const { return mMoved; }
    void clear();

private:
    struct Block
    {
        QPointF origin;
        int columns = 1;
        int rows = 1;
        int shelf = 0;
        QList<SubnetKey> cells; // columns * rows; a null key is a free slot
        int firstFree = 0;      // no free slot before this index
        int used = 0;
    };
    struct Shelf
    {
        qreal y = 0;
        qreal height = 0;
        qreal right = 0;
    };

    int columnsFor(int members) const;
    QSizeF blockSize(int columns, int rows) const;
    /// A new block for `members` members, with a spare row, at the end of the last shelf or on a new
    /// one. `widen`: let the shelf width grow with the area (not while layoutAll() packs to its width).
    Block allocate(int members, bool widen = true);
    QPointF cellPosition(const Block &block, int cell) const;
    bool growInPlace(Block &block);
    void relocate(const IpNetwork &group, Block &block);

    Metrics mMetrics;
    QHash<IpNetwork, Block> mBlocks;
    QHash<SubnetKey, QPair<IpNetwork, int>> mSlots; // member -> group and cell
    QList<Shelf> mShelves;
    qreal mTargetWidth = 0;
    qreal mArea = 0;
    QList<SubnetKey> mMoved;
};

} // namespace tartan::gui
