#pragma once

#include "connectiontest.h"
#include "etcdclientoptions.h"
#include "kubetarget.h"
#include "recentclusters.h"
#include "result.h"

#include <QDialog>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace tartan::gui {

class KubeConnectPage;

/// "10.244.0.0/16, fd00:10:244::/56": the networks a config enables, for connection test answers.
QString networksText(const NetworkConfig &config);

/// Asks where a cluster is and how to reach it, on one of two tabs. etcd: endpoints, key prefix,
/// TLS files, user name and password. Kubernetes: a kubeconfig and context (KubeConnectPage). "Test connection" runs ClusterSession::testConnection and shows its precise answer
/// in the dialog; OK ("Connect") checks the input (endpoints, prefix, readable TLS files) and keeps
/// the dialog open with the reason when it is wrong. The password is never stored anywhere.
///
/// The endpoints field takes flanneld's --etcd-endpoints form ("http://10.0.0.1:2379,10.0.0.2:2379")
/// or a cluster address ("etcds://10.0.0.1:2379/example.com/network"), which also fills the prefix.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Etcd, Kube };

    explicit ConnectDialog(QWidget *parent = nullptr);

    Kind kind() const;
    void setKind(Kind kind);
    /// The Kubernetes tab's fields.
    void setKubeTarget(const KubeTarget &target);
    Result<KubeTarget> kubeTarget() const;
    KubeConnectPage *kubePage() const { return mKube; }

    /// Pre-fills every field from a recent entry (and shows its tab); the password field gets the
    /// focus when the entry has a user name.
    void setEntry(const RecentCluster &entry);
    void setOptions(const EtcdClientOptions &options, const QString &prefix);

    /// What the fields say, or why they do not make a connection (quoting the bad text).
    Result<EtcdClientOptions> options() const;
    /// The key prefix; flannel's default when the field is empty.
    QString prefix() const;
    /// The fields of the tab shown as a recent-clusters entry (no password).
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
    void testKube();
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
    QTabWidget *mKinds;
    KubeConnectPage *mKube;
    int mTestGeneration = 0; // a newer test (or an edit) makes older answers stale
};

} // namespace tartan::gui
