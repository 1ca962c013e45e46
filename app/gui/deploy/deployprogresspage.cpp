#include "deployprogresspage.h"

#include "deployjob.h"
#include "deploywizard.h"
#include "hosttablemodel.h"

#include <QFontDatabase>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollArea>
#include <QVBoxLayout>

namespace tartan::gui {

DeployProgressPage::DeployProgressPage(DeployWizard *wizard) : QWizardPage(wizard), mWizard(wizard)
{
    setTitle(tr("Deploying"));
    setSubTitle(tr("The package is uploaded and installed, the agent configured and started, and its readiness checked."));
    auto *hosts = new QWidget;
    mHostsLayout = new QVBoxLayout(hosts);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(hosts);
    mStatus = new QLabel(this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(mStatus);
}

void DeployProgressPage::initializePage()
{
    qDeleteAll(mHostsLayout->parentWidget()->findChildren<QGroupBox *>(Qt::FindDirectChildrenOnly));
    mBars.clear();
    mLogs.clear();
    mDone = false;
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const deploy::HostEntry &host : mWizard->hostModel()->hosts()) {
        auto *box = new QGroupBox(QStringLiteral("%1@%2:%3").arg(host.ssh.user, host.ssh.host).arg(host.ssh.port));
        auto *bar = new QProgressBar(box);
        bar->setRange(0, 100);
        bar->setValue(0);
        auto *log = new QPlainTextEdit(box);
        log->setReadOnly(true);
        log->setFont(fixed);
        log->setMaximumBlockCount(2000);
        log->setMinimumHeight(110);
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->addWidget(bar);
        boxLayout->addWidget(log);
        mHostsLayout->addWidget(box);
        mBars << bar;
        mLogs << log;
    }
    mStatus->setText(tr("Deploying to %n host(s)…", nullptr, int(mBars.size())));
    emit completeChanged();
    DeployJob *job = mWizard->startJob(int(DeployJob::Kind::Deploy));
    connect(job, &DeployJob::logLine, this, &DeployProgressPage::appendLine);
    connect(job, &DeployJob::finished, this, &DeployProgressPage::finish);
}

bool DeployProgressPage::isComplete() const
{
    return mDone;
}

void DeployProgressPage::appendLine(int row, const QString &line)
{
    if (row < 0 || row >= mBars.size())
        return;
    mLogs.at(row)->appendPlainText(line);
    const int share = DeployJob::progressOf(line);
    if (share > mBars.at(row)->value())
        mBars.at(row)->setValue(share);
}

void DeployProgressPage::finish(const QList<deploy::HostResult> &results)
{
    int failed = 0;
    for (int row = 0; row < results.size() && row < mBars.size(); ++row) {
        const bool ok = results.at(row).outcome != deploy::HostResult::Outcome::Failed;
        failed += ok ? 0 : 1;
        mBars.at(row)->setValue(100);
        mBars.at(row)->setFormat(ok ? tr("%1 (%p%)").arg(deploy::outcomeName(results.at(row).outcome)) : tr("failed"));
    }
    mStatus->setText(failed ? tr("%n host(s) failed: see the summary.", nullptr, failed) : tr("Done: press Next for the summary."));
    mDone = true;
    mWizard->setResults(results);
    emit completeChanged();
    emit done();
}

} // namespace tartan::gui
