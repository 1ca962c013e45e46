#pragma once

#include "hostdeployer.h"

#include <QWizardPage>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QVBoxLayout;

namespace tartan::gui {

class DeployWizard;

/// The deploy wizard's third page: deploys to every host at once (a bounded pool), each with a
/// progress bar and a live log pane fed by queued signals. Complete when every host is done.
class DeployProgressPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit DeployProgressPage(DeployWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    int hostCount() const { return int(mBars.size()); }
    QProgressBar *bar(int row) const { return mBars.value(row); }
    QPlainTextEdit *log(int row) const { return mLogs.value(row); }

signals:
    void done();

private:
    void appendLine(int row, const QString &line);
    void finish(const QList<deploy::HostResult> &results);

    DeployWizard *mWizard;
    QVBoxLayout *mHostsLayout;
    QLabel *mStatus;
    QList<QProgressBar *> mBars;
    QList<QPlainTextEdit *> mLogs;
    bool mDone = false;
};

} // namespace tartan::gui
