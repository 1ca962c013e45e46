#pragma once

#include "etcdclientoptions.h"
#include "locallabs.h"
#include "recentclusters.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace tartan::gui {

class ConnectDialog;

/// What the window shows while not connected: the recently used clusters, etcd or Kubernetes
/// (double click or Enter connects, Delete forgets), "Connect to a cluster…" (the connect dialog) and "Open local lab" (the
/// lab `tartanctl lab up` started, found through its lab.json). Connecting is asked for through
/// connectRequested(); the page remembers the cluster in the recent list when it asks (a lab is
/// not remembered: its port changes with every `lab up`).
///
/// An entry with a user name needs the password, which is never stored: activating it opens the
/// connect dialog filled in, with the focus on the password. Dialogs are window-modal and
/// non-blocking (open(), not exec()).
class StartPage : public QWidget
{
    Q_OBJECT
public:
    explicit StartPage(RecentClusters recents = RecentClusters(), QWidget *parent = nullptr);

    /// Where to look for labs (LocalLabs::kDefaultRoot unless changed, e.g. by tests).
    void setLabStateRoot(const QString &root);
    /// Reads the recent list and the labs again (also done each time the page is shown).
    void reload();

    /// Opens the connect dialog, filled in from `entry` when given; returns it (it deletes itself
    /// when closed).
    ConnectDialog *openConnectDialog(const RecentCluster *entry = nullptr);
    /// Connects to the newest local lab, or says why there is none to connect to.
    void openLocalLab();
    /// Connects to the recent entry at `row` (or opens the dialog when it needs a password).
    void activateRecent(int row);
    void forgetRecent(int row);

    /// The message line under the buttons, for tests and accessibility.
    QString note() const;

signals:
    void connectRequested(const tartan::EtcdClientOptions &options, const QString &prefix);
    void kubeConnectRequested(const tartan::gui::KubeTarget &target);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void request(const EtcdClientOptions &options, const QString &prefix, bool remember);
    void requestKube(const KubeTarget &target);
    void setNote(const QString &text);

    RecentClusters mRecents;
    QList<RecentCluster> mEntries; // as listed
    QString mLabRoot;
    LocalLabs::Found mLabs;
    QListWidget *mList;
    QLabel *mEmpty;
    QLabel *mLabLine;
    QLabel *mNote;
    QPushButton *mConnectButton;
    QPushButton *mLabButton;
};

} // namespace tartan::gui
