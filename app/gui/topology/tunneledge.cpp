#include "tunneledge.h"

#include "leasetext.h"
#include "nodecard.h"
#include "segmentgroupitem.h"

namespace tartan::gui {

QLineF TunnelEdge::line() const
{
    if (!mSegment)
        return QLineF(mFrom->center(), mTo->center());
    return QLineF(mFrom->center(), mSegment->frame().center());
}

bool TunnelEdge::isSameSegment() const
{
    return mFrom->segment() == mTo->segment();
}

bool TunnelEdge::isBroken() const
{
    return LeaseText::tunnelBroken(mFrom->lease().attrs, mTo->lease().attrs, isSameSegment());
}

QString TunnelEdge::label(const NetworkConfig *config) const
{
    QString tunnel = LeaseText::tunnel(mFrom->lease().attrs, mTo->lease().attrs, isSameSegment(), config);
    if (!mSegment)
        return tunnel;
    return tr("%1 · %n tunnel(s)", nullptr, mCount).arg(tunnel);
}

} // namespace tartan::gui
