#include "connectionbadge.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>

namespace tartan::gui {

namespace {

/// The detail is often a whole error chain; the status bar shows its start, the tooltip all of it.
constexpr int kDetailWidthInCharacters = 60;

} // namespace

ConnectionBadge::ConnectionBadge(ClusterState *state, QWidget *parent) : QWidget(parent), mState(state)
{
    mDot = new QLabel(this);
    mDot->setObjectName(QStringLiteral("connectionDot"));
    mDot->setFixedSize(10, 10);
    mText = new QLabel(this);
    mText->setObjectName(QStringLiteral("connectionText"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(mDot);
    layout->addWidget(mText);
    if (state) {
        connect(state, &ClusterState::connectionChanged, this, &ConnectionBadge::refresh);
        connect(state, &QObject::destroyed, this, &ConnectionBadge::refresh, Qt::QueuedConnection);
    }
    refresh();
}

QColor ConnectionBadge::colourOf(ClusterState::Connection connection)
{
    switch (connection) {
    case ClusterState::Connection::Connected:
        return QColor(0x2d, 0xa4, 0x4e);
    case ClusterState::Connection::Connecting:
        return QColor(0xbf, 0x87, 0x00);
    case ClusterState::Connection::Reconnecting:
        return QColor(0xcf, 0x22, 0x2e);
    case ClusterState::Connection::Disconnected:
        break;
    }
    return QColor(0x8c, 0x95, 0x9f);
}

QString ConnectionBadge::text() const
{
    return mText->text();
}

void ConnectionBadge::refresh()
{
    const ClusterState::Connection connection = mState ? mState->connection() : ClusterState::Connection::Disconnected;
    const QString detail = mState ? mState->connectionDetail() : QString();
    const QString cluster = mState ? mState->clusterId() : QString();

    QString label;
    switch (connection) {
    case ClusterState::Connection::Connected:
        label = tr("Connected");
        break;
    case ClusterState::Connection::Connecting:
        label = tr("Connecting…");
        break;
    case ClusterState::Connection::Reconnecting:
        label = tr("Reconnecting…");
        break;
    case ClusterState::Connection::Disconnected:
        label = tr("Not connected");
        break;
    }
    QString shown = label;
    if (!detail.isEmpty()) {
        const QFontMetrics metrics(mText->font());
        shown = tr("%1 %2").arg(label, metrics.elidedText(detail, Qt::ElideRight, metrics.averageCharWidth() * kDetailWidthInCharacters));
    }
    mText->setText(shown);

    QStringList tip;
    if (!cluster.isEmpty())
        tip << cluster;
    tip << label;
    if (!detail.isEmpty())
        tip << detail;
    setToolTip(tip.join(u'\n'));

    mColour = colourOf(connection);
    mDot->setStyleSheet(QStringLiteral("background-color: %1; border-radius: 5px;").arg(mColour.name()));
    setAccessibleName(shown);
}

} // namespace tartan::gui
