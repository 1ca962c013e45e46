#include "agentspanel.h"

#include "deployjob.h"
#include "hostprompts.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tartan::gui {

AgentsPanel::AgentsPanel(ClusterState *state, const QString &iniFile, QWidget *parent)
    : QWidget(parent), mState(state), mHosts(iniFile), mPrompts(new HostPrompts(this, this))
{
    mTable = new QTableWidget(0, ColumnCount, this);
    mTable->setObjectName(QStringLiteral("agentsTable"));
    mTable->setHorizontalHeaderLabels({tr("Host"), tr("Version"), tr("State"), tr("From"), tr("Last action")});
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->verticalHeader()->hide();
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mCheck = new QPushButton(tr("C&heck"), this);
    mUpgrade = new QPushButton(tr("&Upgrade…"), this);
    mRestart = new QPushButton(tr("Re&start"), this);
    mUninstall = new QPushButton(tr("U&ninstall…"), this);
    mForget = new QPushButton(tr("&Forget"), this);
    mStatus = new QLabel(this);
    mStatus->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {mCheck, mUpgrade, mRestart, mUninstall, mForget})
        buttons->addWidget(button);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTable, 1);
    layout->addLayout(buttons);
    layout->addWidget(mStatus);

    connect(mCheck, &QPushButton::clicked, this, [this] { runJob(int(DeployJob::Kind::Test), selectedHosts(), tr("check")); });
    connect(mUpgrade, &QPushButton::clicked, this, [this] { emit upgradeRequested(selectedHosts()); });
    connect(mRestart, &QPushButton::clicked, this, [this] { runJob(int(DeployJob::Kind::Restart), selectedHosts(), tr("restart")); });
    connect(mUninstall, &QPushButton::clicked, this, [this] {
        const auto hosts = selectedHosts();
        QStringList names;
        for (const auto &host : hosts)
            names << host.ssh.host;
        const auto answer = QMessageBox::question(this, tr("Uninstall agents"),
                                                  tr("Stop and remove the Tartan agent, its links, routes and files on %1?\n"
                                                     "Pods on these hosts lose their network.").arg(names.join(QLatin1String(", "))));
        if (answer == QMessageBox::Yes)
            runJob(int(DeployJob::Kind::Undeploy), hosts, tr("uninstall"));
    });
    connect(mForget, &QPushButton::clicked, this, [this] {
        for (const auto &host : selectedHosts())
            mHosts.forget(host.ssh.host, host.ssh.port);
        reload();
    });
    connect(mTable, &QTableWidget::itemSelectionChanged, this, &AgentsPanel::updateButtons);
    connect(mState, &ClusterState::summariesUpdated, this, &AgentsPanel::reload);
    connect(mState, &ClusterState::summaryRemoved, this, &AgentsPanel::reload);
    reload();
}

AgentsPanel::~AgentsPanel()
{
    mPrompts->cancel();
    delete mJob;
}

const NodeSummary *AgentsPanel::summaryFor(const QString &host, const ClusterState &state)
{
    for (const NodeSummary &summary : state.summaries())
        if (summary.publicIp.toString() == host)
            return &summary;
    return nullptr;
}

QHash<QString, QString> AgentsPanel::probeValues(const QString &detail)
{
    QHash<QString, QString> values;
    for (const QString &part : detail.split(QLatin1String(", "), Qt::SkipEmptyParts))
        if (part.contains(QLatin1Char('=')))
            values.insert(part.section(QLatin1Char('='), 0, 0), part.section(QLatin1Char('='), 1));
    return values;
}

void AgentsPanel::reload()
{
    const QList<int> selected = selectedRows();
    mRows = mHosts.hosts();
    mTable->setRowCount(int(mRows.size()));
    for (int row = 0; row < mRows.size(); ++row) {
        const DeployedHosts::Host &host = mRows.at(row);
        QString version, state, source;
        if (const NodeSummary *summary = summaryFor(host.entry.ssh.host, *mState)) {
            version = summary->agentVersion;
            state = summary->health;
            source = tr("store");
        } else if (mChecked.contains(host.entry.ssh.host)) {
            version = mChecked.value(host.entry.ssh.host).section(QLatin1Char('|'), 0, 0);
            state = mChecked.value(host.entry.ssh.host).section(QLatin1Char('|'), 1);
            source = tr("SSH");
        } else {
            state = tr("unknown (no summary in the store; press Check)");
        }
        const QString last = host.lastOutcome.isEmpty() ? QString()
                                                        : tr("%1 at %2").arg(host.lastOutcome, host.lastChange.toLocalTime().toString(Qt::ISODate));
        const QStringList cells{QStringLiteral("%1@%2:%3").arg(host.entry.ssh.user, host.entry.ssh.host).arg(host.entry.ssh.port),
                                version, state, source, last};
        for (int column = 0; column < ColumnCount; ++column)
            mTable->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    for (int row : selected)
        if (row < mTable->rowCount())
            mTable->selectRow(row);
    updateButtons();
}

QList<int> AgentsPanel::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : mTable->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<deploy::HostEntry> AgentsPanel::selectedHosts() const
{
    QList<deploy::HostEntry> hosts;
    for (int row : selectedRows())
        if (row < mRows.size())
            hosts << mRows.at(row).entry;
    return hosts;
}

void AgentsPanel::updateButtons()
{
    const bool any = !selectedRows().isEmpty();
    const bool idle = !mJob || !mJob->isRunning();
    for (QPushButton *button : {mCheck, mUpgrade, mRestart, mUninstall, mForget})
        button->setEnabled(any && idle);
}

void AgentsPanel::runJob(int kind, const QList<deploy::HostEntry> &hosts, const QString &what)
{
    if (hosts.isEmpty() || (mJob && mJob->isRunning()))
        return;
    mPrompts->cancel();
    delete mJob;
    mJob = new DeployJob(DeployJob::Kind(kind), deploy::DeployConfig{}, hosts, mPrompts->callbacks(), 4, this);
    mStatus->setText(tr("%1: %n host(s)…", nullptr, int(hosts.size())).arg(what));
    connect(mJob, &DeployJob::logLine, this, [this](int, const QString &line) { mStatus->setText(line.trimmed()); });
    connect(mJob, &DeployJob::finished, this, [this, kind, hosts, what](const QList<deploy::HostResult> &results) {
        QStringList failures;
        for (int i = 0; i < results.size() && i < hosts.size(); ++i) {
            const deploy::HostResult &result = results.at(i);
            const bool ok = result.outcome != deploy::HostResult::Outcome::Failed;
            if (!ok) {
                failures << result.detail;
                if (HostPrompts::isChangedKeyRefusal(result.detail))
                    mPrompts->warnChangedKey(result.host, result.detail);
            }
            if (DeployJob::Kind(kind) == DeployJob::Kind::Test && ok) {
                const auto values = probeValues(result.detail);
                const QString state = values.value(QStringLiteral("agent"));
                mChecked.insert(result.host, values.value(QStringLiteral("version")) + QLatin1Char('|')
                                                 + (state.isEmpty() ? tr("not installed") : state));
            } else if (DeployJob::Kind(kind) == DeployJob::Kind::Undeploy && ok) {
                mHosts.forget(hosts.at(i).ssh.host, hosts.at(i).ssh.port);
                mChecked.remove(result.host);
            } else if (DeployJob::Kind(kind) != DeployJob::Kind::Test) {
                mHosts.remember(hosts.at(i), what + QLatin1Char(' ') + deploy::outcomeName(result.outcome));
            }
        }
        mStatus->setText(failures.isEmpty() ? tr("%1: done").arg(what) : tr("%1 failed: %2").arg(what, failures.join(QLatin1String("; "))));
        reload();
        emit jobFinished(what);
    });
    mJob->start();
    updateButtons();
}

} // namespace tartan::gui
