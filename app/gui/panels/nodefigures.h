#pragma once

#include <QtGlobal>

namespace tartan::gui {

/// What one node's agent reports about its kernel tables and traffic, for the charts panel.
struct NodeFigures
{
    int routes = 0;     ///< routes the overlay programmed
    int neighbours = 0; ///< ARP/NDP entries on the overlay device
    int fdb = 0;        ///< forwarding database entries on the overlay device
    quint64 rxBytes = 0;
    quint64 txBytes = 0;

    friend bool operator==(const NodeFigures &, const NodeFigures &) = default;
};

} // namespace tartan::gui
