#include "startpage.h"

#include "connectdialog.h"
#include "storelayout.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace tartan::gui {

StartPage::StartPage(RecentClusters recents, QWidget *parent)
    : QWidget(parent), mRecents(std::move(recents)), mLabRoot(QString::fromLatin1(LocalLabs::kDefaultRoot))
{
    auto *title = new QLabel(tr("Tartan"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *subtitle = new QLabel(tr("A live view of a flannel-compatible overlay network. Connect to a cluster's etcd or Kubernetes API to begin."), this);
    subtitle->setWordWrap(true);

    auto *recentTitle = new QLabel(tr("Recent clusters"), this);
    QFont bold = recentTitle->font();
    bold.setBold(true);
    recentTitle->setFont(bold);
    mList = new QListWidget(this);
    mList->setObjectName(QStringLiteral("recentList"));
    mList->setToolTip(tr("Double click or press Enter to connect; Delete removes an entry."));
    mList->installEventFilter(this);
    connect(mList, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) { activateRecent(mList->row(item)); });
    mEmpty = new QLabel(tr("No recent clusters yet."), this);
    mEmpty->setObjectName(QStringLiteral("noRecent"));

    mConnectButton = new QPushButton(tr("Connect to a cluster…"), this);
    mConnectButton->setObjectName(QStringLiteral("connectButton"));
    connect(mConnectButton, &QPushButton::clicked, this, [this] { openConnectDialog(); });
    mLabButton = new QPushButton(tr("Open local lab"), this);
    mLabButton->setObjectName(QStringLiteral("labButton"));
    connect(mLabButton, &QPushButton::clicked, this, &StartPage::openLocalLab);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mConnectButton);
    buttons->addWidget(mLabButton);
    buttons->addStretch();

    mLabLine = new QLabel(this);
    mLabLine->setObjectName(QStringLiteral("labLine"));
    mLabLine->setWordWrap(true);
    mNote = new QLabel(this);
    mNote->setObjectName(QStringLiteral("note"));
    mNote->setWordWrap(true);
    mNote->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *column = new QWidget(this);
    column->setMaximumWidth(640);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->addWidget(title);
    columnLayout->addWidget(subtitle);
    columnLayout->addSpacing(12);
    columnLayout->addWidget(recentTitle);
    columnLayout->addWidget(mList);
    columnLayout->addWidget(mEmpty);
    columnLayout->addLayout(buttons);
    columnLayout->addWidget(mLabLine);
    columnLayout->addWidget(mNote);

    auto *layout = new QHBoxLayout(this);
    layout->addStretch();
    layout->addWidget(column, 3);
    layout->addStretch();
    reload();
}

void StartPage::setLabStateRoot(const QString &root)
{
    mLabRoot = root;
    reload();
}

void StartPage::reload()
{
    mEntries = mRecents.entries();
    mList->clear();
    for (const RecentCluster &entry : std::as_const(mEntries)) {
        QString text = entry.url;
        if (entry.isKube())
            text = tr("Kubernetes context %1\n%2").arg(entry.context, entry.kubeconfig);
        else if (!entry.username.isEmpty())
            text += u'\n' + tr("user %1").arg(entry.username);
        auto *item = new QListWidgetItem(text, mList);
        if (entry.lastUsed.isValid())
            item->setToolTip(tr("Last used %1").arg(QLocale().toString(entry.lastUsed.toLocalTime(), QLocale::ShortFormat)));
    }
    mList->setVisible(!mEntries.isEmpty());
    mEmpty->setVisible(mEntries.isEmpty());
    if (!mEntries.isEmpty())
        mList->setCurrentRow(0);

    mLabs = LocalLabs::find(mLabRoot);
    if (!mLabs.labs.isEmpty()) {
        const LocalLab &lab = mLabs.labs.constFirst();
        mLabLine->setText(tr("Local lab %1 is up: etcd %2").arg(lab.name, lab.endpoint));
        mLabButton->setToolTip(tr("Connect to local lab %1 at %2").arg(lab.name, lab.endpoint));
    } else if (!mLabs.unreadable.isEmpty()) {
        mLabLine->setText(tr("Local lab %1 is running; its state file can be read by root only.").arg(mLabs.unreadable.constFirst().name));
        mLabButton->setToolTip(QString());
    } else {
        mLabLine->clear();
        mLabButton->setToolTip(tr("Start one with: sudo tartanctl lab up --nodes 3"));
    }
    mLabLine->setVisible(!mLabLine->text().isEmpty());
}

QString StartPage::note() const
{
    return mNote->text();
}

void StartPage::setNote(const QString &text)
{
    mNote->setText(text);
}

ConnectDialog *StartPage::openConnectDialog(const RecentCluster *entry)
{
    auto *dialog = new ConnectDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (entry)
        dialog->setEntry(*entry);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // accept() only closes the dialog once its options are good.
        if (dialog->kind() == ConnectDialog::Kind::Kube) {
            if (auto target = dialog->kubeTarget())
                requestKube(*target);
            return;
        }
        if (auto options = dialog->options())
            request(*options, dialog->prefix(), true);
    });
    dialog->open();
    return dialog;
}

void StartPage::activateRecent(int row)
{
    if (row < 0 || row >= mEntries.size())
        return;
    const RecentCluster entry = mEntries[row];
    if (entry.isKube())
        return requestKube(entry.kubeTarget());
    if (!entry.username.isEmpty()) {
        openConnectDialog(&entry);
        return;
    }
    auto options = entry.options();
    if (!options) {
        setNote(options.error().message());
        return;
    }
    request(*options, entry.prefix(), true);
}

void StartPage::forgetRecent(int row)
{
    if (row < 0 || row >= mEntries.size())
        return;
    const QString url = mEntries[row].url;
    mRecents.forget(url);
    reload();
    setNote(tr("Removed %1 from the recent clusters.").arg(url));
}

void StartPage::openLocalLab()
{
    mLabs = LocalLabs::find(mLabRoot);
    if (!mLabs.labs.isEmpty()) {
        const LocalLab &lab = mLabs.labs.constFirst();
        auto endpoints = EtcdClientOptions::parseEndpoints(lab.endpoint);
        if (!endpoints) {
            setNote(tr("Local lab %1: %2 (in %3)").arg(lab.name, endpoints.error().message(), lab.stateFile));
            return;
        }
        EtcdClientOptions options;
        options.endpoints = *endpoints;
        const QString prefix = lab.prefix.isEmpty() ? QString::fromLatin1(StoreLayout::kDefaultPrefix) : lab.prefix;
        request(options, prefix, false);
        setNote(tr("Opening local lab %1 at %2 …").arg(lab.name, lab.endpoint));
        return;
    }
    if (!mLabs.unreadable.isEmpty()) {
        const LocalLabs::Unreadable &lab = mLabs.unreadable.constFirst();
        setNote(tr("Local lab %1 is running, but its state file %2 cannot be read (%3). Enter the endpoint that "
                   "`tartanctl lab up` printed (etcd: http://127.0.0.1:PORT).")
                    .arg(lab.name, lab.stateFile, lab.reason));
        openConnectDialog();
        return;
    }
    setNote(tr("No local lab is running. Start one with `sudo tartanctl lab up --nodes 3` (or `scripts/setup lab`); "
               "it prints the etcd endpoint, and this button then opens it."));
}

void StartPage::request(const EtcdClientOptions &options, const QString &prefix, bool remember)
{
    if (remember) {
        if (auto entry = RecentCluster::from(options, prefix)) {
            mRecents.remember(*entry);
            reload();
            setNote(tr("Connecting to %1 …").arg(entry->url));
        }
    }
    emit connectRequested(options, prefix);
}

void StartPage::requestKube(const KubeTarget &target)
{
    mRecents.remember(RecentCluster::from(target));
    reload();
    setNote(tr("Connecting to context %1 of %2 …").arg(target.context, target.kubeconfig));
    emit kubeConnectRequested(target);
}

bool StartPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mList && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            activateRecent(mList->currentRow());
            return true;
        }
        if (key == Qt::Key_Delete) {
            forgetRecent(mList->currentRow());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void StartPage::showEvent(QShowEvent *event)
{
    reload();
    QWidget::showEvent(event);
}

} // namespace tartan::gui
