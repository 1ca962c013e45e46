#include "deploytestpage.h"

#include "deployjob.h"
#include "deploywizard.h"
#include "hostprompts.h"
#include "hosttablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tartan::gui {

DeployTestPage::DeployTestPage(DeployWizard *wizard) : QWizardPage(wizard), mWizard(wizard)
{
    setTitle(tr("Connection test"));
    setSubTitle(tr("Each host is reached over SSH and checked for systemd and dpkg. Nothing is changed."));
    mTable = new QTableWidget(0, 3, this);
    mTable->setObjectName(QStringLiteral("testTable"));
    mTable->setHorizontalHeaderLabels({tr("Host"), tr("Result"), tr("Details")});
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->verticalHeader()->hide();
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mSummary = new QLabel(this);
    mSummary->setWordWrap(true);
    mAgain = new QPushButton(tr("&Test Again"), this);
    connect(mAgain, &QPushButton::clicked, this, &DeployTestPage::runTest);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTable, 1);
    layout->addWidget(mSummary);
    layout->addWidget(mAgain, 0, Qt::AlignLeft);
}

void DeployTestPage::initializePage()
{
    runTest();
}

bool DeployTestPage::isComplete() const
{
    return mAllOk;
}

void DeployTestPage::runTest()
{
    mAllOk = false;
    emit completeChanged();
    mAgain->setEnabled(false);
    const auto &hosts = mWizard->hostModel()->hosts();
    mTable->setRowCount(int(hosts.size()));
    for (int row = 0; row < hosts.size(); ++row) {
        const auto &ssh = hosts.at(row).ssh;
        mTable->setItem(row, 0, new QTableWidgetItem(QStringLiteral("%1@%2:%3").arg(ssh.user, ssh.host).arg(ssh.port)));
        mTable->setItem(row, 1, new QTableWidgetItem(tr("testing…")));
        mTable->setItem(row, 2, new QTableWidgetItem);
    }
    mSummary->setText(tr("Connecting…"));
    DeployJob *job = mWizard->startJob(int(DeployJob::Kind::Test));
    connect(job, &DeployJob::logLine, this, [this](int row, const QString &line) {
        if (row >= 0 && row < mTable->rowCount())
            mTable->item(row, 2)->setText(line.trimmed());
    });
    connect(job, &DeployJob::finished, this, &DeployTestPage::showResults);
}

void DeployTestPage::showResults(const QList<deploy::HostResult> &results)
{
    int failed = 0;
    const auto &hosts = mWizard->hostModel()->hosts();
    for (int row = 0; row < results.size() && row < mTable->rowCount(); ++row) {
        const deploy::HostResult &result = results.at(row);
        const bool ok = result.outcome != deploy::HostResult::Outcome::Failed;
        failed += ok ? 0 : 1;
        const bool changedKey = HostPrompts::isChangedKeyRefusal(result.detail);
        mTable->item(row, 1)->setText(ok ? tr("reachable") : changedKey ? tr("HOST KEY CHANGED") : tr("failed"));
        mTable->item(row, 1)->setForeground(ok ? QColor(0x1b, 0x8a, 0x3a) : QColor(0xc0, 0x1c, 0x28));
        mTable->item(row, 2)->setText(result.detail);
        mTable->item(row, 2)->setToolTip(result.detail);
        if (changedKey)
            mWizard->prompts()->warnChangedKey(hosts.value(row).ssh.host, result.detail);
    }
    mAllOk = failed == 0 && !results.isEmpty();
    mSummary->setText(mAllOk ? tr("Every host is reachable: press Next to deploy.")
                             : tr("%n host(s) failed the test: fix them on the first page, or test again.", nullptr, failed));
    mAgain->setEnabled(true);
    emit completeChanged();
    emit tested();
}

} // namespace tartan::gui
