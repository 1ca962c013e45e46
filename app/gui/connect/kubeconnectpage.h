#pragma once

#include "kubeconnectiontest.h"
#include "kubetarget.h"
#include "result.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace tartan::gui {

/// The Kubernetes side of the connect dialog: the kubeconfig file (default $KUBECONFIG or
/// ~/.kube/config, with a Browse button), a context chosen from that file (its current-context
/// preselected; the list is read again whenever the file changes), the ConfigMap holding the
/// network config (default kube-flannel/kube-flannel-cfg) and the agents' report port.
class KubeConnectPage : public QWidget
{
    Q_OBJECT
public:
    explicit KubeConnectPage(QWidget *parent = nullptr);

    void setTarget(const KubeTarget &target);
    /// What the fields say, or why they do not name a cluster (no file, no context).
    Result<KubeTarget> target() const;

    /// Why the context list is empty (the file cannot be read or has no contexts); empty otherwise.
    QString contextProblem() const { return mContextProblem; }

    /// Runs KubeConnectionTest for the fields; `done` gets the text to show and whether it passed.
    void test(const QObject *context, std::function<void(bool ok, const QString &text)> done) const;

signals:
    /// A field changed: an earlier test result no longer applies.
    void edited();

private:
    void loadContexts(const QString &select);
    QString describe(const KubeConnectionReport &report, const KubeTarget &target) const;

    QLineEdit *mKubeconfig;
    QComboBox *mContext;
    QLineEdit *mConfigMap;
    QSpinBox *mPort;
    QString mContextProblem;
};

} // namespace tartan::gui
