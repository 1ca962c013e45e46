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
    // Questions still waiting are refused. A job still running is left to finish on its own
    // (hosts end their current step) instead of blocking the window's thread; its prompts go with
    // it, so that its callbacks never reach a deleted object.
    mPrompts->cancel();
    if (mJob && mJob->isRunning())
        mPrompts->setParent(mJob);
    detachJob();
}

void DeployWizard::detachJob()
{
    if (mJob && mJob->isRunning()) {
        mJob->disconnect(); // its results belong to no page any more
        mJob->setParent(nullptr);
        connect(mJob, &DeployJob::finished, mJob, &QObject::deleteLater);
    } else {
        delete mJob;
    }
    mJob = nullptr;
}

deploy::DeployConfig DeployWizard::config() const
{
    return mHostsPage->config();
}

DeployJob *DeployWizard::startJob(int kind)
{
    mPrompts->cancel();
    detachJob();
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
