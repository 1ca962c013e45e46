#pragma once

#include "deployconfig.h"

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace tartan::gui {

class HostTableModel;

/// The deploy wizard's first page: the hosts (an editable table; add, remove, import an inventory
/// file) and what every agent gets (the package, the store's endpoints and TLS files, the
/// interface and the backend's options). Complete when the list can be deployed and a package
/// is chosen.
class DeployHostsPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit DeployHostsPage(HostTableModel *model, const deploy::DeployConfig &defaults, QWidget *parent = nullptr);

    bool isComplete() const override;
    /// The common settings as entered (remoteRoot: the defaults').
    deploy::DeployConfig config() const;
    /// Imports an inventory file into the table; an error is shown on the page and returned.
    Status importFile(const QString &path);
    QTableView *table() const { return mTable; }

private:
    QLineEdit *fileField(const QString &value, const QString &caption, const QString &filter, QWidget **row);
    void updateProblem();

    HostTableModel *mModel;
    deploy::DeployConfig mDefaults;
    QTableView *mTable = nullptr;
    QLineEdit *mPackage = nullptr;
    QLineEdit *mEndpoints = nullptr;
    QLineEdit *mPrefix = nullptr;
    QLineEdit *mCa = nullptr;
    QLineEdit *mCert = nullptr;
    QLineEdit *mKey = nullptr;
    QLineEdit *mIface = nullptr;
    QCheckBox *mIpMasq = nullptr;
    QLineEdit *mFlags = nullptr;
    QLabel *mProblem = nullptr;
};

} // namespace tartan::gui
