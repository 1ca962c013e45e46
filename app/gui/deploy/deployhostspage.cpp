#include "deployhostspage.h"

#include "hosttablemodel.h"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace tartan::gui {

DeployHostsPage::DeployHostsPage(HostTableModel *model, const deploy::DeployConfig &defaults, QWidget *parent)
    : QWizardPage(parent), mModel(model), mDefaults(defaults)
{
    setTitle(tr("Hosts"));
    setSubTitle(tr("The machines to run the Tartan agent on, how to reach each over SSH, and what every agent gets."));

    mTable = new QTableView(this);
    mTable->setObjectName(QStringLiteral("hostTable"));
    mTable->setModel(mModel);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->verticalHeader()->hide();

    auto *add = new QPushButton(tr("&Add Host"), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    auto *import = new QPushButton(tr("&Import Inventory…"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        deploy::HostEntry entry;
        entry.ssh.identityFile = mModel->hosts().isEmpty() ? QString() : mModel->hosts().last().ssh.identityFile;
        entry.ssh.useAgent = mModel->hosts().isEmpty() || mModel->hosts().last().ssh.useAgent;
        const int row = mModel->addHost(entry);
        mTable->setCurrentIndex(mModel->index(row, HostTableModel::Host));
        mTable->edit(mTable->currentIndex());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = mTable->selectionModel()->selectedRows();
        QList<int> numbers;
        for (const QModelIndex &index : rows)
            numbers << index.row();
        std::sort(numbers.rbegin(), numbers.rend());
        for (int row : std::as_const(numbers))
            mModel->removeRow(row);
    });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Inventory"), {}, tr("Inventory (*.txt *.inventory *.hosts);;All files (*)"));
        if (!path.isEmpty())
            (void)importFile(path);
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    buttons->addWidget(import);

    auto *form = new QFormLayout;
    QWidget *row = nullptr;
    mPackage = fileField(defaults.packageFile, tr("Choose the tartand package"), tr("Debian packages (*.deb)"), &row);
    mPackage->setObjectName(QStringLiteral("package"));
    form->addRow(tr("Agent &package:"), row);
    mEndpoints = new QLineEdit(defaults.etcdEndpoints, this);
    mEndpoints->setObjectName(QStringLiteral("endpoints"));
    mEndpoints->setToolTip(tr("As the hosts reach the store; filled in from the connected cluster."));
    form->addRow(tr("Store &endpoints:"), mEndpoints);
    mPrefix = new QLineEdit(defaults.etcdPrefix, this);
    mPrefix->setPlaceholderText(tr("the agent's default"));
    form->addRow(tr("Store p&refix:"), mPrefix);
    mCa = fileField(defaults.etcdCaFile, tr("CA certificate"), tr("PEM files (*.pem *.crt);;All files (*)"), &row);
    form->addRow(tr("CA file:"), row);
    mCert = fileField(defaults.etcdCertFile, tr("Client certificate"), tr("PEM files (*.pem *.crt);;All files (*)"), &row);
    form->addRow(tr("Certificate file:"), row);
    mKey = fileField(defaults.etcdKeyFile, tr("Client key"), tr("PEM files (*.pem *.key);;All files (*)"), &row);
    form->addRow(tr("Key file:"), row);
    mIface = new QLineEdit(defaults.iface, this);
    mIface->setPlaceholderText(tr("the default route's interface"));
    form->addRow(tr("&Interface:"), mIface);
    mIpMasq = new QCheckBox(tr("Masquerade traffic leaving the pod network (--ip-masq)"), this);
    mIpMasq->setChecked(defaults.ipMasq);
    form->addRow(tr("Backend:"), mIpMasq);
    mFlags = new QLineEdit(defaults.extraFlags.join(QLatin1Char(' ')), this);
    mFlags->setPlaceholderText(tr("more agent flags, e.g. --v=2"));
    form->addRow(tr("Agent &flags:"), mFlags);

    mProblem = new QLabel(this);
    mProblem->setObjectName(QStringLiteral("problem"));
    mProblem->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTable, 1);
    layout->addLayout(buttons);
    layout->addLayout(form);
    layout->addWidget(mProblem);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(mModel, signal, this, &DeployHostsPage::updateProblem);
    connect(mModel, &QAbstractItemModel::dataChanged, this, &DeployHostsPage::updateProblem);
    connect(mPackage, &QLineEdit::textChanged, this, &DeployHostsPage::updateProblem);
    connect(mEndpoints, &QLineEdit::textChanged, this, &DeployHostsPage::updateProblem);
    updateProblem();
}

QLineEdit *DeployHostsPage::fileField(const QString &value, const QString &caption, const QString &filter, QWidget **row)
{
    auto *container = new QWidget(this);
    auto *edit = new QLineEdit(value, container);
    auto *browse = new QToolButton(container);
    browse->setText(tr("…"));
    connect(browse, &QToolButton::clicked, this, [this, edit, caption, filter] {
        const QString path = QFileDialog::getOpenFileName(this, caption, edit->text(), filter);
        if (!path.isEmpty())
            edit->setText(path);
    });
    auto *layout = new QHBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    *row = container;
    return edit;
}

void DeployHostsPage::updateProblem()
{
    QString problem = mModel->problem();
    if (problem.isEmpty() && mPackage->text().trimmed().isEmpty())
        problem = tr("Choose the tartand package (.deb) to install.");
    if (problem.isEmpty() && mEndpoints->text().trimmed().isEmpty())
        problem = tr("Give the store's endpoints as the hosts reach them.");
    mProblem->setText(problem);
    emit completeChanged();
}

bool DeployHostsPage::isComplete() const
{
    return mProblem->text().isEmpty();
}

deploy::DeployConfig DeployHostsPage::config() const
{
    deploy::DeployConfig config = mDefaults;
    config.packageFile = mPackage->text().trimmed();
    config.etcdEndpoints = mEndpoints->text().trimmed();
    config.etcdPrefix = mPrefix->text().trimmed();
    config.etcdCaFile = mCa->text().trimmed();
    config.etcdCertFile = mCert->text().trimmed();
    config.etcdKeyFile = mKey->text().trimmed();
    config.iface = mIface->text().trimmed();
    config.ipMasq = mIpMasq->isChecked();
    config.extraFlags = mFlags->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return config;
}

Status DeployHostsPage::importFile(const QString &path)
{
    QFile file(path);
    Status status;
    if (!file.open(QIODevice::ReadOnly))
        status = Error(tr("cannot read %1: %2").arg(path, file.errorString()));
    else
        status = mModel->importInventory(QString::fromUtf8(file.readAll()), deploy::HostEntry{});
    if (!status)
        mProblem->setText(status.error().message());
    return status;
}

} // namespace tartan::gui
