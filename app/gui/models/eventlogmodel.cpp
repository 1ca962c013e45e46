#include "eventlogmodel.h"

#include <QLocale>

#include <algorithm>

namespace tartan::gui {

EventLogModel::EventLogModel(ClusterState *state, QObject *parent) : QAbstractTableModel(parent)
{
    mFlushTimer.setSingleShot(true);
    mFlushTimer.setInterval(kFlushInterval);
    connect(&mFlushTimer, &QTimer::timeout, this, &EventLogModel::flush);
    if (state)
        connect(state, &ClusterState::event, this, &EventLogModel::append);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClusterEvent &event = mRows[size_t(index.row())];
    switch (role) {
    case KindRole:
        return static_cast<int>(event.kind);
    case TimeRole:
        return event.time;
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return event.time.toLocalTime().toString(QStringLiteral("hh:mm:ss.zzz"));
        case KindColumn: return kindName(event.kind);
        case SubjectColumn: return event.subject;
        case DetailColumn: return event.detail;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return QLocale().toString(event.time.toLocalTime(), QLocale::LongFormat);
        if (index.column() == DetailColumn)
            return event.detail;
        break;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case KindColumn: return tr("Event");
    case SubjectColumn: return tr("Subject");
    case DetailColumn: return tr("Detail");
    }
    return {};
}

QString EventLogModel::kindName(ClusterEvent::Kind kind)
{
    switch (kind) {
    case ClusterEvent::Kind::Listed: return tr("listed");
    case ClusterEvent::Kind::Added: return tr("added");
    case ClusterEvent::Kind::Changed: return tr("changed");
    case ClusterEvent::Kind::Removed: return tr("removed");
    case ClusterEvent::Kind::Rejected: return tr("rejected");
    case ClusterEvent::Kind::ConfigChanged: return tr("config");
    case ClusterEvent::Kind::Connection: return tr("connection");
    }
    return {};
}

void EventLogModel::setCapacity(int capacity)
{
    mCapacity = std::max(1, capacity);
    trimTo(mCapacity);
}

void EventLogModel::append(const ClusterEvent &event)
{
    mPending.append(event);
    // Only the newest `capacity` queued events can ever be shown.
    if (mPending.size() > 2 * mCapacity)
        mPending.remove(0, mPending.size() - mCapacity);
    if (!mFlushTimer.isActive())
        mFlushTimer.start();
}

void EventLogModel::flush()
{
    mFlushTimer.stop();
    if (mPending.isEmpty())
        return;
    qsizetype first = std::max<qsizetype>(0, mPending.size() - mCapacity);
    const int incoming = int(mPending.size() - first);
    // Make room first, so that the model never holds more than capacity rows.
    trimTo(mCapacity - incoming);
    const int row = int(mRows.size());
    beginInsertRows({}, row, row + incoming - 1);
    for (; first < mPending.size(); ++first)
        mRows.push_back(mPending.at(first));
    endInsertRows();
    mPending.clear();
}

void EventLogModel::clear()
{
    mFlushTimer.stop();
    mPending.clear();
    beginResetModel();
    mRows.clear();
    endResetModel();
}

void EventLogModel::trimTo(int capacity)
{
    const int excess = int(mRows.size()) - std::max(0, capacity);
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    mRows.erase(mRows.begin(), mRows.begin() + excess);
    endRemoveRows();
}

} // namespace tartan::gui
