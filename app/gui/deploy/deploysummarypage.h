#pragma once

#include <QWizardPage>

class QTableWidget;

namespace tartan::gui {

class DeployWizard;

/// The deploy wizard's last page: per host, installed / updated / unchanged / failed, how long it
/// took, and what changed or why it failed.
class DeploySummaryPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit DeploySummaryPage(DeployWizard *wizard);

    void initializePage() override;
    QTableWidget *table() const { return mTable; }
    /// The translated name of an outcome ("installed", ...).
    static QString outcomeText(int outcome);

private:
    DeployWizard *mWizard;
    QTableWidget *mTable;
};

} // namespace tartan::gui
