#include "stablegridlayout.h"

#include <QtMath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tartan::gui {

namespace {
// Shelves are wrapped to make the whole about this wide for its height: a screen's shape.
constexpr qreal kAspect = 1.6;
constexpr int kMinColumns = 3;
} // namespace

StableGridLayout::StableGridLayout() : StableGridLayout(Metrics()) {}

StableGridLayout::StableGridLayout(const Metrics &metrics) : mMetrics(metrics) {}

void StableGridLayout::clear()
{
    mBlocks.clear();
    mSlots.clear();
    mShelves.clear();
    mTargetWidth = 0;
    mArea = 0;
    mMoved.clear();
}

int StableGridLayout::columnsFor(int members) const
{
    // Cards are about twice as wide as tall: half as many columns as rows makes a squarish block.
    const int columns = int(qCeil(qSqrt(members / 2.0)));
    return std::clamp(columns, kMinColumns, std::max(kMinColumns, mMetrics.maxColumns));
}

QSizeF StableGridLayout::blockSize(int columns, int rows) const
{
    const qreal width = 2 * mMetrics.padding + columns * mMetrics.card.width() + (columns - 1) * mMetrics.spacing;
    const qreal height = mMetrics.header + 2 * mMetrics.padding + rows * mMetrics.card.height() + (rows - 1) * mMetrics.spacing;
    return {width, height};
}

QPointF StableGridLayout::cellPosition(const Block &block, int cell) const
{
    const int column = cell % block.columns;
    const int row = cell / block.columns;
    return block.origin + QPointF(mMetrics.padding + column * (mMetrics.card.width() + mMetrics.spacing),
                                  mMetrics.header + mMetrics.padding + row * (mMetrics.card.height() + mMetrics.spacing));
}

StableGridLayout::Block StableGridLayout::allocate(int members, bool widen)
{
    Block block;
    block.columns = columnsFor(members);
    block.rows = (members + block.columns - 1) / block.columns + 1;
    block.cells.resize(block.columns * block.rows);
    const QSizeF size = blockSize(block.columns, block.rows);
    mArea += (size.width() + mMetrics.groupSpacing) * (size.height() + mMetrics.groupSpacing);
    mTargetWidth = std::max(mTargetWidth, size.width());
    if (widen)
        mTargetWidth = std::max(mTargetWidth, qSqrt(mArea * kAspect));

    if (mShelves.isEmpty()) {
        mShelves.append(Shelf{0, size.height(), size.width()});
        block.origin = QPointF(0, 0);
    } else if (Shelf &last = mShelves.last(); last.right + mMetrics.groupSpacing + size.width() <= mTargetWidth) {
        block.origin = QPointF(last.right + mMetrics.groupSpacing, last.y);
        last.right = block.origin.x() + size.width();
        last.height = std::max(last.height, size.height());
    } else {
        const qreal y = last.y + last.height + mMetrics.groupSpacing;
        mShelves.append(Shelf{y, size.height(), size.width()});
        block.origin = QPointF(0, y);
    }
    block.shelf = int(mShelves.size()) - 1;
    return block;
}

void StableGridLayout::layoutAll(const QList<QPair<IpNetwork, QList<SubnetKey>>> &groups)
{
    clear();
    // Fix the shelf width from the whole before packing: the number of average blocks per shelf
    // that brings the whole closest to the aspect, and never narrower than the widest block.
    qreal widest = 0;
    QSizeF total;
    for (const auto &group : groups) {
        const int columns = columnsFor(int(group.second.size()));
        const QSizeF size = blockSize(columns, int(group.second.size() + columns - 1) / columns + 1);
        mArea += (size.width() + mMetrics.groupSpacing) * (size.height() + mMetrics.groupSpacing);
        widest = std::max(widest, size.width());
        total += size + QSizeF(mMetrics.groupSpacing, mMetrics.groupSpacing);
    }
    const int count = int(groups.size());
    qreal width = widest;
    if (count > 0) {
        const QSizeF average = total / count;
        qreal best = std::numeric_limits<qreal>::max();
        for (int perShelf = 1; perShelf <= count; ++perShelf) {
            const int shelves = (count + perShelf - 1) / perShelf;
            const qreal aspect = (perShelf * average.width()) / (shelves * average.height());
            const qreal error = std::abs(std::log(aspect / kAspect));
            if (error < best) {
                best = error;
                width = std::max(widest, perShelf * average.width());
            }
        }
    }
    mTargetWidth = width;
    mArea = 0;
    for (const auto &[key, members] : groups) {
        Block block = allocate(int(members.size()), false);
        for (int cell = 0; cell < members.size(); ++cell) {
            block.cells[cell] = members[cell];
            mSlots.insert(members[cell], {key, cell});
        }
        block.used = int(members.size());
        block.firstFree = block.used;
        mBlocks.insert(key, block);
    }
    mTargetWidth = std::max(mTargetWidth, width);
}

bool StableGridLayout::growInPlace(Block &block)
{
    Shelf &shelf = mShelves[block.shelf];
    const bool lastShelf = block.shelf == mShelves.size() - 1;
    const qreal height = blockSize(block.columns, block.rows + 1).height();
    if (!lastShelf && block.origin.y() + height > shelf.y + shelf.height)
        return false;
    block.rows += 1;
    block.cells.resize(block.columns * block.rows);
    shelf.height = std::max(shelf.height, block.origin.y() - shelf.y + height);
    return true;
}

void StableGridLayout::relocate(const IpNetwork &group, Block &block)
{
    // Room for half as many again, so that a growing group does not move at every join.
    Block moved = allocate((block.used + 1) * 3 / 2);
    int cell = 0;
    for (const SubnetKey &member : std::as_const(block.cells)) {
        if (member.isNull())
            continue;
        moved.cells[cell] = member;
        mSlots[member] = {group, cell};
        mMoved.append(member);
        ++cell;
    }
    moved.used = cell;
    moved.firstFree = cell;
    block = moved;
}

QPointF StableGridLayout::place(const IpNetwork &group, const SubnetKey &member)
{
    mMoved.clear();
    auto it = mBlocks.find(group);
    if (it == mBlocks.end())
        it = mBlocks.insert(group, allocate(1));
    Block &block = *it;
    while (block.firstFree < block.cells.size() && !block.cells[block.firstFree].isNull())
        ++block.firstFree;
    if (block.firstFree >= block.cells.size() && !growInPlace(block))
        relocate(group, block);
    const int cell = block.firstFree;
    block.cells[cell] = member;
    ++block.used;
    ++block.firstFree;
    mSlots.insert(member, {group, cell});
    return cellPosition(block, cell);
}

void StableGridLayout::release(const SubnetKey &member)
{
    const auto slot = mSlots.constFind(member);
    if (slot == mSlots.cend())
        return;
    Block &block = mBlocks[slot->first];
    block.cells[slot->second] = SubnetKey();
    --block.used;
    block.firstFree = std::min(block.firstFree, slot->second);
    mSlots.erase(slot);
}

std::optional<QPointF> StableGridLayout::position(const SubnetKey &member) const
{
    const auto slot = mSlots.constFind(member);
    if (slot == mSlots.cend())
        return std::nullopt;
    return cellPosition(*mBlocks.constFind(slot->first), slot->second);
}

} // namespace tartan::gui
