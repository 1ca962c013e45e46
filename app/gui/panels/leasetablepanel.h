#pragma once

#include "subnetkey.h"

#include <QWidget>

class QLineEdit;
class QTableView;

namespace tartan {
class ClusterState;
}

namespace tartan::gui {

class LeaseFilterProxy;
class LeaseTableModel;

/// The lease table: a filter box over a sortable table of every lease (LeaseTableModel through a
/// LeaseFilterProxy). Activating a row (double click, Enter) emits leaseActivated(); moving the
/// current row emits currentLeaseChanged(), except while selectLease() moves it, so that two views
/// syncing their selections do not echo each other.
class LeaseTablePanel : public QWidget
{
    Q_OBJECT
public:
    explicit LeaseTablePanel(ClusterState *state, QWidget *parent = nullptr);

    LeaseTableModel *model() const { return mModel; }
    LeaseFilterProxy *proxy() const { return mProxy; }
    QTableView *view() const { return mView; }

    /// Makes `subnet` the current, selected row and scrolls to it. False (selection unchanged) if
    /// there is no such lease or the filter hides it.
    bool selectLease(const SubnetKey &subnet);
    /// The current row's subnet; null when there is none.
    SubnetKey currentLease() const;
    void setFilterText(const QString &text);

signals:
    void leaseActivated(const tartan::SubnetKey &subnet);
    void currentLeaseChanged(const tartan::SubnetKey &subnet);

private:
    LeaseTableModel *mModel;
    LeaseFilterProxy *mProxy;
    QLineEdit *mFilter;
    QTableView *mView;
    bool mSelecting = false;
};

} // namespace tartan::gui
