#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace tartan {
class ClusterState;
}

namespace tartan::gui {

class EventLogModel;

/// The event log, for a dock: a filter box (fixed text, any column, ignoring case), a Clear button
/// and the table. New rows scroll into view while the view is at the bottom; once the user scrolls
/// up the view stays where it is until they scroll back down.
class EventLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(ClusterState *state, QWidget *parent = nullptr);

    EventLogModel *model() const { return mModel; }
    QSortFilterProxyModel *proxy() const { return mProxy; }
    QTableView *view() const { return mView; }
    /// Whether new rows scroll into view (the view is at its bottom).
    bool isFollowing() const { return mFollowing; }
    void setFilterText(const QString &text);

private:
    EventLogModel *mModel;
    QSortFilterProxyModel *mProxy;
    QLineEdit *mFilter;
    QPushButton *mClear;
    QTableView *mView;
    bool mFollowing = true;
};

} // namespace tartan::gui
