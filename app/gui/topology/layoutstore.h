#pragma once

#include "subnetkey.h"

#include <QHash>
#include <QPointF>
#include <QString>

namespace tartan::gui {

/// The card positions the user chose by dragging, kept per cluster in QSettings (the application's
/// default settings) under "topology/<cluster id, percent-encoded>/positions", by subnet key. Only
/// dragged cards are stored: the others follow the layout.
class LayoutStore
{
public:
    /// Reads the positions saved for `clusterId` (empty: none; an id is needed to keep anything).
    void load(const QString &clusterId);
    const QString &clusterId() const { return mClusterId; }

    bool has(const SubnetKey &subnet) const { return mPositions.contains(subnet); }
    QPointF position(const SubnetKey &subnet) const { return mPositions.value(subnet); }
    int size() const { return int(mPositions.size()); }

    /// Remembers a dragged card and writes the cluster's positions.
    void save(const SubnetKey &subnet, const QPointF &position);
    /// Forgets every position of the cluster ("reset layout").
    void clear();

private:
    QString settingsKey() const;
    void write() const;

    QString mClusterId;
    QHash<SubnetKey, QPointF> mPositions;
};

} // namespace tartan::gui
