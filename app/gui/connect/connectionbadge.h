#pragma once

#include "clusterstate.h"

#include <QColor>
#include <QPointer>
#include <QWidget>

class QLabel;

namespace tartan::gui {

/// A small status-bar widget: a coloured dot and the state of the connection to the cluster's
/// store (grey: not connected, amber: connecting, red: reconnecting, green: connected), with the
/// reason while it is not connected. The tooltip names the cluster and gives the full reason; the
/// text shortens it to stay one line.
class ConnectionBadge : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionBadge(ClusterState *state, QWidget *parent = nullptr);

    /// What the badge shows, for tests and accessibility.
    QString text() const;
    QColor colour() const { return mColour; }

    static QColor colourOf(ClusterState::Connection connection);

private:
    void refresh();

    QPointer<ClusterState> mState;
    QLabel *mDot;
    QLabel *mText;
    QColor mColour;
};

} // namespace tartan::gui
