#pragma once

#include "deployconfig.h"
#include "hostdeployer.h"

#include <QWizard>

namespace tartan::gui {

class DeployHostsPage;
class DeployJob;
class HostPrompts;
class HostTableModel;

/// File > Deploy Agents: hosts (page 1), a connection test per host (page 2), the deployment with
/// a progress bar and a live log per host (page 3), and a summary (page 4). The work runs in a
/// DeployJob (deploy::DeployRunner on its pool), never on the GUI thread; host keys and passwords
/// are asked through HostPrompts; closing the wizard while hosts are being worked on refuses any
/// pending question and lets them finish in the background. `defaults` pre-fills the common settings: the connected cluster's
/// store endpoints, prefix and TLS files.
class DeployWizard : public QWizard
{
    Q_OBJECT
public:
    enum Page { HostsPage, TestPage, ProgressPage, SummaryPage };

    explicit DeployWizard(const deploy::DeployConfig &defaults, QWidget *parent = nullptr);
    ~DeployWizard() override;

    HostTableModel *hostModel() const { return mModel; }
    HostPrompts *prompts() const { return mPrompts; }
    DeployHostsPage *hostsPage() const { return mHostsPage; }
    /// The common settings from page 1.
    deploy::DeployConfig config() const;
    /// Starts a job of `kind` over the table's hosts (the previous one is finished by then).
    DeployJob *startJob(int kind);
    DeployJob *job() const { return mJob; }
    /// The deployment's results (page 4), empty before.
    const QList<deploy::HostResult> &results() const { return mResults; }
    void setResults(const QList<deploy::HostResult> &results);

signals:
    /// The deployment finished: one result per host of `hosts`.
    void deployed(const QList<tartan::deploy::HostEntry> &hosts, const QList<tartan::deploy::HostResult> &results);

protected:
    void reject() override;

private:
    /// Drops the current job: deleted when done, else left to finish and delete itself.
    void detachJob();

    HostTableModel *mModel;
    HostPrompts *mPrompts;
    DeployHostsPage *mHostsPage;
    DeployJob *mJob = nullptr;
    QList<deploy::HostResult> mResults;
};

} // namespace tartan::gui
