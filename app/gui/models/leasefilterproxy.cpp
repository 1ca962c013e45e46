#include "leasefilterproxy.h"

#include "leasetablemodel.h"
#include "macaddress.h"

#include <QRegularExpression>

namespace tartan::gui {

namespace {

/// Every address a cell lists ("10.0.0.1, fc00::1"), null ones dropped.
QList<IpAddress> addressesIn(const QString &cell)
{
    QList<IpAddress> addresses;
    for (const QString &part : cell.split(QStringLiteral(", "), Qt::SkipEmptyParts))
        if (const auto address = IpAddress::parse(part))
            addresses.append(*address);
    return addresses;
}

} // namespace

LeaseFilterProxy::LeaseFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(LeaseTableModel::SortRole);
    setDynamicSortFilter(true);
}

void LeaseFilterProxy::setFilterText(const QString &text)
{
    if (text == mText)
        return;
    mText = text;
    mTerms.clear();
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    for (const QString &word : text.split(whitespace, Qt::SkipEmptyParts)) {
        Term term;
        term.text = word.toLower();
        if (const auto mac = MacAddress::parse(word))
            term.text = mac->toString();
        if (word.contains(u'/')) {
            if (const auto network = IpNetwork::parse(word))
                term.network = *network;
        } else if (const auto address = IpAddress::parse(word)) {
            term.address = *address;
        }
        mTerms.push_back(std::move(term));
    }
    invalidateFilter();
}

bool LeaseFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (mTerms.empty())
        return true;
    const QAbstractItemModel *source = sourceModel();
    const auto text = [&](int column) {
        return source->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString();
    };
    const QString subnetText = text(LeaseTableModel::SubnetColumn);
    const QString publicIpText = text(LeaseTableModel::PublicIpColumn);
    const QString backend = text(LeaseTableModel::BackendColumn);
    const QString mac = text(LeaseTableModel::VtepMacColumn);
    const auto subnet = source->index(sourceRow, LeaseTableModel::SubnetColumn, sourceParent)
                            .data(LeaseTableModel::SubnetRole)
                            .value<SubnetKey>();

    for (const Term &term : mTerms) {
        bool matched = subnetText.contains(term.text, Qt::CaseInsensitive) ||
                       publicIpText.contains(term.text, Qt::CaseInsensitive) ||
                       backend.contains(term.text, Qt::CaseInsensitive) || mac.contains(term.text, Qt::CaseInsensitive);
        if (!matched && term.network) {
            matched = (!subnet.ipv4.isNull() && term.network->contains(subnet.ipv4)) ||
                      (!subnet.ipv6.isNull() && term.network->contains(subnet.ipv6));
            for (const IpAddress &address : addressesIn(publicIpText))
                matched = matched || term.network->contains(address);
        }
        if (!matched && term.address) {
            matched = subnet.ipv4.contains(*term.address) || subnet.ipv6.contains(*term.address) ||
                      addressesIn(publicIpText).contains(*term.address);
        }
        if (!matched)
            return false;
    }
    return true;
}

} // namespace tartan::gui
