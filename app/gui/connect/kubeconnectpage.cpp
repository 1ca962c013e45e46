#include "kubeconnectpage.h"

#include "connectdialog.h"
#include "kubeconfig.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace tartan::gui {

KubeConnectPage::KubeConnectPage(QWidget *parent) : QWidget(parent)
{
    auto *form = new QFormLayout(this);
    mKubeconfig = new QLineEdit(KubeTarget::defaultKubeconfig(), this);
    mKubeconfig->setObjectName(QStringLiteral("kubeconfig"));
    mKubeconfig->setToolTip(tr("The kubeconfig file to connect with, as kubectl reads it ($KUBECONFIG or ~/.kube/config by default)."));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseKubeconfig"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString start = QFileInfo(mKubeconfig->text()).absolutePath();
        const QString chosen = QFileDialog::getOpenFileName(this, tr("Choose a kubeconfig"), start, tr("All files (*)"));
        if (chosen.isEmpty())
            return;
        mKubeconfig->setText(chosen);
        loadContexts({});
    });
    connect(mKubeconfig, &QLineEdit::editingFinished, this, [this] { loadContexts(mContext->currentText()); });
    connect(mKubeconfig, &QLineEdit::textEdited, this, &KubeConnectPage::edited);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(mKubeconfig);
    fileRow->addWidget(browse);
    form->addRow(tr("&Kubeconfig:"), fileRow);

    mContext = new QComboBox(this);
    mContext->setObjectName(QStringLiteral("context"));
    mContext->setToolTip(tr("The context of the kubeconfig to use: its cluster (API server) and user."));
    connect(mContext, &QComboBox::currentIndexChanged, this, &KubeConnectPage::edited);
    form->addRow(tr("C&ontext:"), mContext);

    mConfigMap = new QLineEdit(KubeTarget().configMap, this);
    mConfigMap->setObjectName(QStringLiteral("configMap"));
    mConfigMap->setToolTip(tr("NAMESPACE/NAME[:KEY] of the ConfigMap with the network config (key net-conf.json by default), as "
                              "flannel's manifests install it."));
    connect(mConfigMap, &QLineEdit::textEdited, this, &KubeConnectPage::edited);
    form->addRow(tr("Config&Map:"), mConfigMap);

    mPort = new QSpinBox(this);
    mPort->setObjectName(QStringLiteral("agentPort"));
    mPort->setRange(1, 65535);
    mPort->setValue(KubeTarget().agentPort);
    mPort->setToolTip(tr("The port the agents serve their reports on (tartand --report-port); the app asks each node's agent "
                         "at its public IP on this port."));
    connect(mPort, &QSpinBox::valueChanged, this, &KubeConnectPage::edited);
    form->addRow(tr("Agent report &port:"), mPort);

    loadContexts({});
}

void KubeConnectPage::loadContexts(const QString &select)
{
    const QString file = mKubeconfig->text().trimmed();
    mContext->clear();
    mContextProblem.clear();
    auto config = KubeConfig::load(file);
    if (!config) {
        mContextProblem = config.error().message();
        return;
    }
    for (const KubeConfig::Context &context : config->contexts())
        mContext->addItem(context.name);
    if (mContext->count() == 0) {
        mContextProblem = tr("kubeconfig '%1' has no contexts").arg(file);
        return;
    }
    const int wanted = mContext->findText(select.isEmpty() ? config->currentContext() : select);
    mContext->setCurrentIndex(std::max(0, wanted));
}

void KubeConnectPage::setTarget(const KubeTarget &target)
{
    mKubeconfig->setText(target.kubeconfig);
    loadContexts(target.context);
    if (!target.context.isEmpty() && mContext->findText(target.context) < 0)
        mContext->addItem(target.context); // gone from the file: connecting says so
    if (!target.context.isEmpty())
        mContext->setCurrentIndex(mContext->findText(target.context));
    mConfigMap->setText(target.configMap);
    mPort->setValue(target.agentPort);
}

Result<KubeTarget> KubeConnectPage::target() const
{
    KubeTarget target;
    target.kubeconfig = mKubeconfig->text().trimmed();
    if (target.kubeconfig.isEmpty())
        return Error(tr("No kubeconfig given: choose the file kubectl uses for the cluster."));
    if (mContext->count() == 0)
        return Error(mContextProblem.isEmpty() ? tr("No context chosen.") : mContextProblem);
    target.context = mContext->currentText();
    target.configMap = mConfigMap->text().trimmed().isEmpty() ? KubeTarget().configMap : mConfigMap->text().trimmed();
    target.agentPort = mPort->value();
    return target;
}

void KubeConnectPage::test(const QObject *context, std::function<void(bool, const QString &)> done) const
{
    auto target = this->target();
    if (!target)
        return done(false, target.error().message());
    auto options = target->resolve();
    if (!options)
        return done(false, options.error().message());
    const auto names = KubeAnnotations::withPrefix(options->annotationPrefix);
    KubeConnectionTest::run(options->client, target->user(), options->configMap, *names, context,
                            [this, done, target = *target](Result<KubeConnectionReport> report) {
                                done(report.ok(), report ? describe(*report, target) : report.error().message());
                            });
}

QString KubeConnectPage::describe(const KubeConnectionReport &report, const KubeTarget &target) const
{
    QStringList lines;
    lines << tr("Connected to %1 (context %2).").arg(report.server, target.context);
    lines << tr("%n node(s), ", nullptr, report.nodes) + tr("%n with a flannel lease.", nullptr, report.leases);
    if (report.rejected > 0)
        lines << tr("%n node(s) with lease annotations that do not decode.", nullptr, report.rejected);
    if (report.config) {
        lines << tr("Network config in ConfigMap %1: %2, backend %3.")
                     .arg(target.configMap, networksText(*report.config), backendTypeName(report.config->backend.type));
    } else {
        lines << tr("Network config: %1").arg(report.config.error().message());
    }
    return lines.join(u'\n');
}

} // namespace tartan::gui
