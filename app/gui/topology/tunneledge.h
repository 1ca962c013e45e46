#pragma once

#include <QCoreApplication>
#include <QLineF>
#include <QString>

namespace tartan {
struct NetworkConfig;
}

namespace tartan::gui {

class NodeCard;
class SegmentGroupItem;

/// One line the topology draws for tunnels: the tunnel between two nodes, or, when not every tunnel
/// is drawn, a bundle from the focus node to a whole other underlay segment that stands for the
/// tunnels to every node there (`count` of them; `to` is one of them, for the label and style).
///
/// A value, not an item: TunnelLayer draws all of them in one paint, because thousands of long
/// lines as separate items would each cover the whole scene in its index and be repainted with
/// every card that changes.
class TunnelEdge
{
    Q_DECLARE_TR_FUNCTIONS(TunnelEdge)
public:
    TunnelEdge(NodeCard *from, NodeCard *to) : mFrom(from), mTo(to) {}
    TunnelEdge(NodeCard *from, SegmentGroupItem *segment, NodeCard *representative, int count)
        : mFrom(from), mTo(representative), mSegment(segment), mCount(count)
    {
    }

    NodeCard *from() const { return mFrom; }
    NodeCard *to() const { return mTo; }
    /// The other segment of a bundle; null for a tunnel between two nodes.
    SegmentGroupItem *segment() const { return mSegment; }
    bool isBundle() const { return mSegment != nullptr; }
    /// Tunnels this line stands for.
    int count() const { return mCount; }
    bool touches(const NodeCard *card) const { return card == mFrom || (!mSegment && card == mTo); }

    /// Centre to centre (to the segment's frame for a bundle), in scene coordinates.
    QLineF line() const;
    /// Both ends on one underlay segment: drawn solid; across segments dashed.
    bool isSameSegment() const;
    /// The pair cannot work as configured: backends that differ, or host-gw across segments.
    bool isBroken() const;
    /// "vxlan VNI 1", "host-gw", ...; a bundle adds its count: "vxlan VNI 1 · 200 tunnels".
    QString label(const NetworkConfig *config) const;

private:
    NodeCard *mFrom;
    NodeCard *mTo;
    SegmentGroupItem *mSegment = nullptr;
    int mCount = 1;
};

} // namespace tartan::gui
