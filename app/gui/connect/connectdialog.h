#pragma once

#include "connectiontest.h"
#include "etcdclientoptions.h"
#include "recentclusters.h"
#include "result.h"

#include <QDialog>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tartan::gui {

/// Asks where a cluster's etcd is and how to reach it: endpoints, key prefix, TLS files, user name
/// and password. "Test connection" runs ClusterSession::testConnection and shows its precise answer
/// in the dialog; OK ("Connect") checks the input (endpoints, prefix, readable TLS files) and keeps
/// the dialog open with the reason when it is wrong. The password is never stored anywhere.
///
/// The endpoints field takes flanneld's --etcd-endpoints form ("http://10.0.0.1:2379,10.0.0.2:2379")
/// or a cluster address ("etcds://10.0.0.1:2379/example.com/network"), which also fills the prefix.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    /// Pre-fills every field from a recent entry; the password field gets the focus when the entry
    /// has a user name.
    void setEntry(const RecentCluster &entry);
    void setOptions(const EtcdClientOptions &options, const QString &prefix);

    /// What the fields say, or why they do not make a connection (quoting the bad text).
    Result<EtcdClientOptions> options() const;
    /// The key prefix; flannel's default when the field is empty.
    QString prefix() const;
    /// The fields as a recent-clusters entry (no password).
    Result<RecentCluster> entry() const;

    /// The text of the last test result (or input error) shown, for tests and accessibility.
    QString resultText() const;

public slots:
    void testConnection();
    void accept() override;

signals:
    /// A connection test has answered (`ok`: it succeeded) and the answer is shown.
    void testFinished(bool ok, const QString &message);

private:
    QLineEdit *addFileRow(QFormLayout *form, const QString &label, const QString &objectName, const QString &filter);
    void adoptClusterAddress();
    enum class Outcome { Running, Success, Failure };
    void showResult(Outcome outcome, const QString &text);
    QString describe(const ConnectionReport &report) const;

    QLineEdit *mEndpoints;
    QLineEdit *mPrefix;
    QLineEdit *mCaFile;
    QLineEdit *mCertFile;
    QLineEdit *mKeyFile;
    QLineEdit *mUsername;
    QLineEdit *mPassword;
    QPushButton *mTestButton;
    QLabel *mResult;
    int mTestGeneration = 0; // a newer test (or an edit) makes older answers stale
};

} // namespace tartan::gui
