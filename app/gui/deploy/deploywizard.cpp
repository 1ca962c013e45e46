#include "deploywizard.h"

#include "deployhostspage.h"
#include "deployjob.h"
#include "deployprogresspage.h"
#include "deploysummarypage.h"
#include "deploytestpage.h"
#include "hostprompts.h"
#include "hosttablemodel.h"

#include <QMessageBox>

namespace tartan::gui {

DeployWizard::DeployWizard(const deploy::DeployConfig &defaults, QWidget *parent)
    : QWizard(parent), mModel(new HostTableModel(this)), mPrompts(new HostPrompts(this, this))
{
    setWindowTitle(tr("Deploy Agents"));
    setObjectName(QStringLiteral("deployWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    mHostsPage = new DeployHostsPage(mModel, defaults, this);
    setPage(HostsPage, mHostsPage);
    setPage(TestPage, new DeployTestPage(this));
    setPage(ProgressPage, new DeployProgressPage(this));
    setPage(SummaryPage, new DeploySummaryPage(this));
    resize(900, 640);
}

DeployWizard::~DeployWizard()
{
    // The job's threads may be waiting for an answer: refuse it, then wait for them.
    mPrompts->cancel();
    delete mJob;
    mJob = nullptr;
}

deploy::DeployConfig DeployWizard::config() const
{
    return mHostsPage->config();
}

DeployJob *DeployWizard::startJob(int kind)
{
    mPrompts->cancel();
    delete mJob;
    mJob = new DeployJob(DeployJob::Kind(kind), config(), mModel->hosts(), mPrompts->callbacks(), 4, this);
    mJob->start();
    return mJob;
}

void DeployWizard::setResults(const QList<deploy::HostResult> &results)
{
    mResults = results;
    if (mJob && mJob->kind() == DeployJob::Kind::Deploy)
        emit deployed(mJob->hosts(), results);
}

void DeployWizard::reject()
{
    if (mJob && mJob->isRunning()) {
        const auto answer = QMessageBox::question(this, tr("Deploy Agents"),
                                                  tr("Hosts are still being worked on. Close anyway? The hosts finish their "
                                                     "current step first."));
        if (answer != QMessageBox::Yes)
            return;
    }
    QWizard::reject();
}

} // namespace tartan::gui
