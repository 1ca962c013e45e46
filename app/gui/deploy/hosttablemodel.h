#pragma once

#include "hostentry.h"

#include <QAbstractTableModel>

namespace tartan::gui {

/// The deploy wizard's host list: one editable row per host (address, SSH port, user, key file,
/// ssh-agent and password toggles, interface). Checkable columns use Qt::CheckStateRole; the others
/// Qt::EditRole. Holds no password: a password is asked when the server wants one.
class HostTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Host, Port, User, KeyFile, SshAgent, Password, Iface, ColumnCount };

    explicit HostTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    /// Appends a row; returns its index.
    int addHost(const deploy::HostEntry &host);
    /// Appends the hosts of an inventory (deploy::parseInventory over `defaults`). On an error
    /// nothing is added and the error names the line.
    Status importInventory(const QString &text, const deploy::HostEntry &defaults);

    const QList<deploy::HostEntry> &hosts() const { return mHosts; }
    /// Rows without a host name, or the same host:port twice: empty when the list can be deployed.
    QString problem() const;

private:
    QList<deploy::HostEntry> mHosts;
};

} // namespace tartan::gui
