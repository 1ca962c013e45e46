#include "configpanel.h"

#include "clusterstate.h"
#include "configeditordialog.h"
#include "json.h"
#include "poolusage.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tartan::gui {

namespace {

QString onOff(bool value)
{
    return value ? ConfigPanel::tr("on") : ConfigPanel::tr("off");
}

QString backendOptions(const BackendConfig &backend)
{
    QStringList parts;
    switch (backend.type) {
    case BackendType::Vxlan:
        parts << ConfigPanel::tr("VNI %1").arg(backend.vxlan.vni);
        parts << (backend.vxlan.port ? ConfigPanel::tr("port %1").arg(backend.vxlan.port)
                                     : ConfigPanel::tr("port 8472 (kernel default)"));
        parts << ConfigPanel::tr("GBP %1").arg(onOff(backend.vxlan.gbp));
        parts << ConfigPanel::tr("learning %1").arg(onOff(backend.vxlan.learning));
        parts << ConfigPanel::tr("direct routing %1").arg(onOff(backend.vxlan.directRouting));
        parts << (backend.vxlan.mtu ? ConfigPanel::tr("MTU %1").arg(backend.vxlan.mtu)
                                    : ConfigPanel::tr("MTU from the external interface"));
        break;
    case BackendType::IpIp:
        parts << ConfigPanel::tr("direct routing %1").arg(onOff(backend.ipip.directRouting));
        break;
    case BackendType::Udp:
        parts << ConfigPanel::tr("port %1").arg(backend.udp.port);
        break;
    case BackendType::HostGw:
        break;
    default:
        // Options of backends core does not model, as written.
        if (backend.raw.is_object()) {
            for (auto it = backend.raw.begin(); it != backend.raw.end(); ++it)
                if (QString::fromStdString(it.key()).compare(u"Type", Qt::CaseInsensitive) != 0)
                    parts << QStringLiteral("%1 %2").arg(QString::fromStdString(it.key()), json::quote(it.value(), 60));
        }
        break;
    }
    return parts.isEmpty() ? ConfigPanel::tr("none") : parts.join(QStringLiteral(", "));
}

} // namespace

ConfigPanel::ConfigPanel(ClusterState *state, QWidget *parent)
    : QWidget(parent), mState(state), mSummary(new QFormLayout), mError(new QLabel(this)),
      mText(new QPlainTextEdit(this)), mEdit(new QPushButton(tr("Edit…"), this))
{
    mError->setObjectName(QStringLiteral("configError"));
    mError->setWordWrap(true);
    mError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = mError->palette();
    palette.setColor(QPalette::WindowText, QColor(0xc0, 0x20, 0x20));
    mError->setPalette(palette);

    mText->setObjectName(QStringLiteral("configText"));
    mText->setReadOnly(true);
    mText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mText->setLineWrapMode(QPlainTextEdit::NoWrap);

    mEdit->setObjectName(QStringLiteral("editConfig"));
    mEdit->setEnabled(false);
    mEdit->setToolTip(tr("Edit the network config in the store"));
    connect(mEdit, &QPushButton::clicked, this, &ConfigPanel::openEditor);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(mEdit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(mSummary);
    layout->addWidget(mError);
    layout->addWidget(mText, 1);
    layout->addLayout(buttons);

    connect(state, &ClusterState::configChanged, this, &ConfigPanel::refresh);
    refresh();
}

void ConfigPanel::setConfigWriter(ConfigWriter writer)
{
    mWriter = std::move(writer);
    mEdit->setEnabled(bool(mWriter));
}

ConfigEditorDialog *ConfigPanel::openEditor()
{
    if (!mWriter)
        return nullptr;
    auto *dialog = new ConfigEditorDialog(mState, mWriter, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QString ConfigPanel::summaryText() const
{
    QStringList lines;
    for (int row = 0; row < mSummary->rowCount(); ++row) {
        auto *label = qobject_cast<QLabel *>(mSummary->itemAt(row, QFormLayout::LabelRole)->widget());
        auto *value = qobject_cast<QLabel *>(mSummary->itemAt(row, QFormLayout::FieldRole)->widget());
        if (label && value)
            lines << label->text() + u' ' + value->text();
    }
    if (!mError->isHidden())
        lines << mError->text();
    return lines.join(u'\n');
}

QString ConfigPanel::displayedText() const
{
    return mText->toPlainText();
}

void ConfigPanel::addRow(const QString &label, const QString &value)
{
    auto *field = new QLabel(value, this);
    field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    field->setWordWrap(true);
    mSummary->addRow(new QLabel(label, this), field);
}

void ConfigPanel::addSummary(const NetworkConfig &config)
{
    const auto addPool = [this](const QString &family, const AddressPool &pool) {
        addRow(tr("%1 network:").arg(family), pool.network.toString());
        addRow(tr("%1 subnet length:").arg(family), QStringLiteral("/%1").arg(pool.subnetLength));
        addRow(tr("%1 subnets:").arg(family),
               tr("%1 to %2 (%3 subnets)")
                   .arg(pool.subnetMin.toString(), pool.subnetMax.toString(), PoolUsage::decimal(PoolUsage::poolSize(pool))));
    };
    if (config.enableIPv4)
        addPool(tr("IPv4"), config.ipv4);
    if (config.enableIPv6)
        addPool(tr("IPv6"), config.ipv6);
    addRow(tr("Backend:"), backendTypeName(config.backend.type));
    addRow(tr("Backend options:"), backendOptions(config.backend));
    if (config.enableNFTables)
        addRow(tr("Masquerading:"), tr("nftables"));
}

void ConfigPanel::refresh()
{
    while (mSummary->rowCount() > 0)
        mSummary->removeRow(0);
    const QByteArray text = mState->configText();
    mText->setPlainText(QString::fromUtf8(ConfigEditorDialog::prettyPrinted(text)));
    const auto &config = mState->config();
    if (config) {
        mError->hide();
        addSummary(*config);
    } else {
        mError->setText(text.isEmpty() ? tr("There is no network config in the store.") : config.error().message());
        mError->show();
    }
}

} // namespace tartan::gui
