#include "deploysummarypage.h"

#include "deploywizard.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tartan::gui {

using deploy::HostResult;

DeploySummaryPage::DeploySummaryPage(DeployWizard *wizard) : QWizardPage(wizard), mWizard(wizard)
{
    setTitle(tr("Summary"));
    setSubTitle(tr("Agents that started appear on the topology as their leases arrive."));
    mTable = new QTableWidget(0, 4, this);
    mTable->setObjectName(QStringLiteral("summaryTable"));
    mTable->setHorizontalHeaderLabels({tr("Host"), tr("Result"), tr("Time"), tr("Details")});
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->verticalHeader()->hide();
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTable);
}

QString DeploySummaryPage::outcomeText(int outcome)
{
    switch (HostResult::Outcome(outcome)) {
    case HostResult::Outcome::Installed: return tr("installed");
    case HostResult::Outcome::Updated: return tr("upgraded");
    case HostResult::Outcome::Unchanged: return tr("unchanged");
    case HostResult::Outcome::Removed: return tr("removed");
    case HostResult::Outcome::Failed: break;
    }
    return tr("failed");
}

void DeploySummaryPage::initializePage()
{
    const auto &results = mWizard->results();
    mTable->setRowCount(int(results.size()));
    for (int row = 0; row < results.size(); ++row) {
        const HostResult &result = results.at(row);
        auto *outcome = new QTableWidgetItem(outcomeText(int(result.outcome)));
        if (result.outcome == HostResult::Outcome::Failed)
            outcome->setForeground(QColor(0xc0, 0x1c, 0x28));
        mTable->setItem(row, 0, new QTableWidgetItem(result.host));
        mTable->setItem(row, 1, outcome);
        mTable->setItem(row, 2, new QTableWidgetItem(tr("%1 s").arg(result.elapsedMs / 1000.0, 0, 'f', 1)));
        auto *detail = new QTableWidgetItem(result.detail);
        detail->setToolTip(result.detail);
        mTable->setItem(row, 3, detail);
    }
    mTable->resizeColumnsToContents();
}

} // namespace tartan::gui
