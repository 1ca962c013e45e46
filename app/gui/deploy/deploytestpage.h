#pragma once

#include "hostdeployer.h"

#include <QWizardPage>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tartan::gui {

class DeployWizard;

/// The deploy wizard's second page: connects to every host (host key, authentication) and probes
/// it, changing nothing. An unknown host key is asked about with its fingerprint; a changed one is
/// shown as a refusal with a warning. Complete once every host answered.
class DeployTestPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit DeployTestPage(DeployWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    QTableWidget *table() const { return mTable; }

signals:
    /// The test finished (tests wait for it).
    void tested();

private:
    void runTest();
    void showResults(const QList<deploy::HostResult> &results);

    DeployWizard *mWizard;
    QTableWidget *mTable;
    QLabel *mSummary;
    QPushButton *mAgain;
    bool mAllOk = false;
};

} // namespace tartan::gui
