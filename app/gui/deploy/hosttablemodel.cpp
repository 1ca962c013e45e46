#include "hosttablemodel.h"

#include <QSet>

namespace tartan::gui {

HostTableModel::HostTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int HostTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mHosts.size());
}

int HostTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HostTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const deploy::HostEntry &host = mHosts.at(index.row());
    const int column = index.column();
    if (role == Qt::CheckStateRole) {
        if (column == SshAgent)
            return host.ssh.useAgent ? Qt::Checked : Qt::Unchecked;
        if (column == Password)
            return host.ssh.passwordPrompt ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (column) {
    case Host: return host.ssh.host;
    case Port: return host.ssh.port;
    case User: return host.ssh.user;
    case KeyFile: return host.ssh.identityFile;
    case Iface: return host.iface;
    default: return {};
    }
}

bool HostTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    deploy::HostEntry &host = mHosts[index.row()];
    const int column = index.column();
    if (role == Qt::CheckStateRole && (column == SshAgent || column == Password)) {
        const bool on = value.toInt() == Qt::Checked;
        (column == SshAgent ? host.ssh.useAgent : host.ssh.passwordPrompt) = on;
    } else if (role == Qt::EditRole) {
        const QString text = value.toString().trimmed();
        switch (column) {
        case Host:
            host.ssh.host = text;
            break;
        case Port: {
            bool ok = false;
            const int port = value.toInt(&ok);
            if (!ok || port < 1 || port > 65535)
                return false;
            host.ssh.port = port;
            break;
        }
        case User:
            if (text.isEmpty())
                return false;
            host.ssh.user = text;
            break;
        case KeyFile:
            host.ssh.identityFile = text;
            break;
        case Iface:
            host.iface = text;
            break;
        default:
            return false;
        }
    } else {
        return false;
    }
    emit dataChanged(index, index, {role, Qt::DisplayRole});
    return true;
}

Qt::ItemFlags HostTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags base = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == SshAgent || index.column() == Password)
        return base | Qt::ItemIsUserCheckable;
    return base | Qt::ItemIsEditable;
}

QVariant HostTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Host: return tr("Host");
    case Port: return tr("Port");
    case User: return tr("User");
    case KeyFile: return tr("Key file");
    case SshAgent: return tr("ssh-agent");
    case Password: return tr("Password");
    case Iface: return tr("Interface");
    default: return {};
    }
}

bool HostTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > mHosts.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    mHosts.remove(row, count);
    endRemoveRows();
    return true;
}

int HostTableModel::addHost(const deploy::HostEntry &host)
{
    const int row = int(mHosts.size());
    beginInsertRows({}, row, row);
    mHosts << host;
    endInsertRows();
    return row;
}

Status HostTableModel::importInventory(const QString &text, const deploy::HostEntry &defaults)
{
    auto parsed = deploy::parseInventory(text, defaults);
    if (!parsed)
        return parsed.error();
    const int first = int(mHosts.size());
    beginInsertRows({}, first, first + int(parsed->size()) - 1);
    mHosts << *parsed;
    endInsertRows();
    return {};
}

QString HostTableModel::problem() const
{
    if (mHosts.isEmpty())
        return tr("Add at least one host.");
    QSet<QString> seen;
    for (int row = 0; row < mHosts.size(); ++row) {
        const auto &ssh = mHosts.at(row).ssh;
        if (ssh.host.isEmpty())
            return tr("Row %1 has no host.").arg(row + 1);
        const QString key = QStringLiteral("%1:%2").arg(ssh.host).arg(ssh.port);
        if (seen.contains(key))
            return tr("%1 is listed twice.").arg(key);
        seen.insert(key);
        if (ssh.identityFile.isEmpty() && !ssh.useAgent && !ssh.passwordPrompt)
            return tr("%1: choose a key file, ssh-agent or password.").arg(ssh.host);
    }
    return {};
}

} // namespace tartan::gui
