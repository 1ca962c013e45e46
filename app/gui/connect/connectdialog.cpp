#include "connectdialog.h"

#include "clustersession.h"
#include "clusterurl.h"
#include "etcdclient.h"
#include "kubeclient.h"
#include "kubeconnectpage.h"
#include "storelayout.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace tartan::gui {

namespace {

bool isClusterAddress(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    return lower.startsWith(QLatin1String("etcd://")) || lower.startsWith(QLatin1String("etcds://"));
}

QString joinEndpoints(const QList<QUrl> &endpoints)
{
    QStringList texts;
    for (const QUrl &endpoint : endpoints)
        texts << endpoint.toString();
    return texts.join(QStringLiteral(", "));
}

} // namespace

QString networksText(const NetworkConfig &config)
{
    QStringList networks;
    if (config.enableIPv4)
        networks << config.ipv4.network.toString();
    if (config.enableIPv6)
        networks << config.ipv6.network.toString();
    return networks.join(QStringLiteral(", "));
}

ConnectDialog::ConnectDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to a Cluster"));

    auto *form = new QFormLayout;
    mEndpoints = new QLineEdit(this);
    mEndpoints->setObjectName(QStringLiteral("endpoints"));
    mEndpoints->setPlaceholderText(tr("http://127.0.0.1:2379, https://10.0.0.2:2379 or etcds://10.0.0.2:2379/prefix"));
    mEndpoints->setToolTip(tr("Comma-separated etcd endpoints as flanneld's --etcd-endpoints takes them (host:port means "
                              "http://host:port), or a cluster address etcd://HOST:PORT,.../prefix (etcds:// for TLS)."));
    connect(mEndpoints, &QLineEdit::editingFinished, this, &ConnectDialog::adoptClusterAddress);
    form->addRow(tr("&Endpoints:"), mEndpoints);
    mPrefix = new QLineEdit(QString::fromLatin1(StoreLayout::kDefaultPrefix), this);
    mPrefix->setObjectName(QStringLiteral("prefix"));
    mPrefix->setToolTip(tr("The etcd key prefix of the network, as flanneld's --etcd-prefix."));
    form->addRow(tr("Key &prefix:"), mPrefix);

    auto *tls = new QGroupBox(tr("TLS (for https:// endpoints)"), this);
    auto *tlsForm = new QFormLayout(tls);
    const QString pem = tr("PEM files (*.pem *.crt *.cert *.key);;All files (*)");
    mCaFile = addFileRow(tlsForm, tr("&CA certificate:"), QStringLiteral("caFile"), pem);
    mCaFile->setPlaceholderText(tr("the system's certificate authorities"));
    mCertFile = addFileRow(tlsForm, tr("Client c&ertificate:"), QStringLiteral("certFile"), pem);
    mKeyFile = addFileRow(tlsForm, tr("Client &key:"), QStringLiteral("keyFile"), pem);

    auto *auth = new QGroupBox(tr("Authentication"), this);
    auto *authForm = new QFormLayout(auth);
    mUsername = new QLineEdit(this);
    mUsername->setObjectName(QStringLiteral("username"));
    mUsername->setPlaceholderText(tr("none"));
    authForm->addRow(tr("&User name:"), mUsername);
    mPassword = new QLineEdit(this);
    mPassword->setObjectName(QStringLiteral("password"));
    mPassword->setEchoMode(QLineEdit::Password);
    mPassword->setToolTip(tr("Used for this connection only; never stored."));
    authForm->addRow(tr("Pass&word:"), mPassword);

    mTestButton = new QPushButton(tr("&Test connection"), this);
    mTestButton->setObjectName(QStringLiteral("testButton"));
    connect(mTestButton, &QPushButton::clicked, this, &ConnectDialog::testConnection);
    mResult = new QLabel(this);
    mResult->setObjectName(QStringLiteral("testResult"));
    mResult->setWordWrap(true);
    mResult->setTextFormat(Qt::PlainText);
    mResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(mTestButton);
    testRow->addStretch();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);

    auto *etcdPage = new QWidget(this);
    auto *etcdLayout = new QVBoxLayout(etcdPage);
    etcdLayout->addLayout(form);
    etcdLayout->addWidget(tls);
    etcdLayout->addWidget(auth);
    mKube = new KubeConnectPage(this);
    mKube->setObjectName(QStringLiteral("kubePage"));
    mKinds = new QTabWidget(this);
    mKinds->setObjectName(QStringLiteral("kinds"));
    mKinds->addTab(etcdPage, tr("etc&d"));
    mKinds->addTab(mKube, tr("Kuber&netes"));
    // A test result is about the fields it was run with.
    const auto stale = [this] {
        ++mTestGeneration;
        mTestButton->setEnabled(true);
        showResult(Outcome::Running, QString());
    };
    connect(mKinds, &QTabWidget::currentChanged, this, stale);
    connect(mKube, &KubeConnectPage::edited, this, stale);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mKinds);
    layout->addLayout(testRow);
    layout->addWidget(mResult);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

QLineEdit *ConnectDialog::addFileRow(QFormLayout *form, const QString &label, const QString &objectName, const QString &filter)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(objectName);
    auto *browse = new QToolButton(this);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a file"));
    connect(browse, &QToolButton::clicked, this, [this, edit, label, filter] {
        QString title = label;
        title.remove(u'&');
        title.remove(u':');
        const QString start = edit->text().isEmpty() ? QString() : QFileInfo(edit->text()).absolutePath();
        const QString chosen = QFileDialog::getOpenFileName(this, title, start, filter);
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(edit);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

ConnectDialog::Kind ConnectDialog::kind() const
{
    return mKinds->currentWidget() == mKube ? Kind::Kube : Kind::Etcd;
}

void ConnectDialog::setKind(Kind kind)
{
    mKinds->setCurrentIndex(kind == Kind::Kube ? 1 : 0);
}

void ConnectDialog::setKubeTarget(const KubeTarget &target)
{
    mKube->setTarget(target);
    setKind(Kind::Kube);
}

Result<KubeTarget> ConnectDialog::kubeTarget() const
{
    return mKube->target();
}

void ConnectDialog::setEntry(const RecentCluster &entry)
{
    if (entry.isKube())
        return setKubeTarget(entry.kubeTarget());
    setKind(Kind::Etcd);
    auto url = ClusterUrl::parse(entry.url);
    mEndpoints->setText(url ? joinEndpoints(url->endpoints()) : entry.url);
    mPrefix->setText(url ? url->prefix() : QString());
    mCaFile->setText(entry.caFile);
    mCertFile->setText(entry.certFile);
    mKeyFile->setText(entry.keyFile);
    mUsername->setText(entry.username);
    mPassword->clear();
    (entry.username.isEmpty() ? mEndpoints : mPassword)->setFocus();
}

void ConnectDialog::setOptions(const EtcdClientOptions &options, const QString &prefix)
{
    mEndpoints->setText(joinEndpoints(options.endpoints));
    mPrefix->setText(prefix);
    mCaFile->setText(options.caFile);
    mCertFile->setText(options.certFile);
    mKeyFile->setText(options.keyFile);
    mUsername->setText(options.username);
    mPassword->setText(options.password);
}

void ConnectDialog::adoptClusterAddress()
{
    // A pasted cluster address is split into the two fields it stands for, so what is shown is
    // what is used.
    if (!isClusterAddress(mEndpoints->text()))
        return;
    auto url = ClusterUrl::parse(mEndpoints->text());
    if (!url)
        return; // options() reports it
    mEndpoints->setText(joinEndpoints(url->endpoints()));
    mPrefix->setText(url->prefix());
}

Result<EtcdClientOptions> ConnectDialog::options() const
{
    const QString text = mEndpoints->text().trimmed();
    if (text.isEmpty())
        return Error(tr("No endpoints given: enter at least one, e.g. http://127.0.0.1:2379."));
    EtcdClientOptions options;
    if (isClusterAddress(text)) {
        auto url = ClusterUrl::parse(text);
        if (!url)
            return url.error();
        options.endpoints = url->endpoints();
    } else {
        auto endpoints = EtcdClientOptions::parseEndpoints(text);
        if (!endpoints)
            return endpoints.error();
        options.endpoints = *endpoints;
    }
    options.caFile = mCaFile->text().trimmed();
    options.certFile = mCertFile->text().trimmed();
    options.keyFile = mKeyFile->text().trimmed();
    options.username = mUsername->text().trimmed();
    options.password = mPassword->text();
    return options;
}

QString ConnectDialog::prefix() const
{
    const QString text = mPrefix->text().trimmed();
    return text.isEmpty() ? QString::fromLatin1(StoreLayout::kDefaultPrefix) : text;
}

Result<RecentCluster> ConnectDialog::entry() const
{
    if (kind() == Kind::Kube) {
        auto target = kubeTarget();
        if (!target)
            return target.error();
        return RecentCluster::from(*target);
    }
    auto options = this->options();
    if (!options)
        return options.error();
    return RecentCluster::from(*options, prefix());
}

QString ConnectDialog::resultText() const
{
    return mResult->text();
}

void ConnectDialog::showResult(Outcome outcome, const QString &text)
{
    mResult->setText(text);
    switch (outcome) {
    case Outcome::Running:
        mResult->setStyleSheet(QString());
        break;
    case Outcome::Success:
        mResult->setStyleSheet(QStringLiteral("color: #1a7f37;"));
        break;
    case Outcome::Failure:
        mResult->setStyleSheet(QStringLiteral("color: #cf222e;"));
        break;
    }
}

QString ConnectDialog::describe(const ConnectionReport &report) const
{
    QStringList reached;
    for (const QUrl &endpoint : report.reached)
        reached << endpoint.toString();
    QStringList lines;
    lines << tr("Connected to %1.").arg(reached.join(QStringLiteral(", ")));
    lines << tr("Network config at %1: %2, backend %3.")
                 .arg(QString::fromUtf8(report.configKey), networksText(report.config), backendTypeName(report.config.backend.type));
    if (report.leaseCount >= 0)
        lines << tr("%n lease(s) in the store.", nullptr, int(report.leaseCount));
    for (const Error &error : report.unreachable)
        lines << tr("Not usable: %1").arg(error.message());
    return lines.join(u'\n');
}

void ConnectDialog::testKube()
{
    const int generation = ++mTestGeneration;
    mTestButton->setEnabled(false);
    showResult(Outcome::Running, tr("Listing the nodes …"));
    mKube->test(this, [this, generation](bool ok, const QString &text) {
        if (generation != mTestGeneration)
            return;
        mTestButton->setEnabled(true);
        showResult(ok ? Outcome::Success : Outcome::Failure, text);
        emit testFinished(ok, text);
    });
}

void ConnectDialog::testConnection()
{
    if (kind() == Kind::Kube)
        return testKube();
    adoptClusterAddress();
    auto options = this->options();
    if (!options) {
        showResult(Outcome::Failure, options.error().message());
        emit testFinished(false, options.error().message());
        return;
    }
    const int generation = ++mTestGeneration;
    mTestButton->setEnabled(false);
    showResult(Outcome::Running, tr("Testing %1 …").arg(joinEndpoints(options->endpoints)));
    ClusterSession::testConnection(*options, prefix(), this, [this, generation](Result<ConnectionReport> report) {
        if (generation != mTestGeneration)
            return;
        mTestButton->setEnabled(true);
        const QString text = report ? describe(*report) : report.error().message();
        showResult(report ? Outcome::Success : Outcome::Failure, text);
        emit testFinished(report.ok(), text);
    });
}

void ConnectDialog::accept()
{
    if (kind() == Kind::Kube) {
        // Reads the kubeconfig and the files it names, without a connection: a wrong file or
        // context is said here, not after connecting.
        auto target = kubeTarget();
        Status checked = target ? Status() : Status(target.error());
        if (target) {
            auto options = target->resolve();
            if (!options)
                checked = options.error();
            else if (auto client = KubeClient::create(options->client); !client)
                checked = client.error();
        }
        if (!checked) {
            showResult(Outcome::Failure, checked.error().message());
            return;
        }
        QDialog::accept();
        return;
    }
    adoptClusterAddress();
    auto checked = entry();
    if (checked) {
        // Reads the TLS files, without a connection: a wrong path is said here, not after connecting.
        if (auto client = EtcdClient::create(*options()); !client)
            checked = client.error();
    }
    if (!checked) {
        showResult(Outcome::Failure, checked.error().message());
        return;
    }
    QDialog::accept();
}

} // namespace tartan::gui
