#pragma once

#include "clusterstate.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

#include <deque>

namespace tartan::gui {

/// Every ClusterState::event as a row: time (local, hh:mm:ss.zzz), kind, subject, detail; oldest
/// first. Holds at most capacity() rows, dropping the oldest.
///
/// Events are appended in batches: they are queued and inserted at most every kFlushInterval, one
/// beginInsertRows() and at most one beginRemoveRows() per batch, so a burst of thousands of
/// events a second costs views a few updates, not thousands. flush() inserts the queue at once.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, SubjectColumn, DetailColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, ///< the ClusterEvent::Kind as an int
        TimeRole,                    ///< the QDateTime (UTC)
    };

    static constexpr int kDefaultCapacity = 10'000;
    static constexpr int kFlushInterval = 100; ///< ms

    /// Follows `state` (may be null: then only append() adds rows).
    explicit EventLogModel(ClusterState *state, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int capacity() const { return mCapacity; }
    /// At least 1; drops the oldest rows when lowered.
    void setCapacity(int capacity);

    const ClusterEvent &eventAt(int row) const { return mRows[size_t(row)]; }

    /// "added", "changed", ... (translated), as the Kind column shows it.
    static QString kindName(ClusterEvent::Kind kind);

public slots:
    /// Queues one event; it becomes a row at the next flush.
    void append(const tartan::ClusterEvent &event);
    /// Inserts every queued event now.
    void flush();
    /// Drops every row and every queued event.
    void clear();

private:
    void trimTo(int capacity);

    std::deque<ClusterEvent> mRows;
    QList<ClusterEvent> mPending;
    int mCapacity = kDefaultCapacity;
    QTimer mFlushTimer;
};

} // namespace tartan::gui
