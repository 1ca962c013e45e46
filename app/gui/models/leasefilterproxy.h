#pragma once

#include "ipnetwork.h"

#include <QSortFilterProxyModel>
#include <QStringList>

#include <optional>
#include <vector>

namespace tartan::gui {

/// Filters and sorts a LeaseTableModel. The filter is one line of text; every whitespace-separated
/// term must match a row, and a term matches when
///   - it is a CIDR ("10.244.0.0/16") that contains the row's subnet or public IP,
///   - it is an address ("10.244.3.7") inside the row's subnet or equal to its public IP, or
///   - it occurs, ignoring case, in the subnet, public IP, backend or VTEP MAC text
///     (a MAC may be typed with '-' separators too).
/// Sorting uses the model's SortRole, so subnets and addresses sort by number and expiries by time.
class LeaseFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit LeaseFilterProxy(QObject *parent = nullptr);

    QString filterText() const { return mText; }
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    struct Term
    {
        QString text; ///< lowercase, MAC separators normalised
        std::optional<IpNetwork> network;
        std::optional<IpAddress> address;
    };

    QString mText;
    std::vector<Term> mTerms;
};

} // namespace tartan::gui
