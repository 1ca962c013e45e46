#include "pathpanel.h"

#include "drift/agentreports.h"
#include "pathdiagram.h"
#include "pathtracer.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace tartan::gui {

PathPanel::PathPanel(ClusterState *state, AgentReports *reports, QWidget *parent)
    : QWidget(parent), mState(state), mReports(reports)
{
    mSource = new QLineEdit(this);
    mSource->setObjectName(QStringLiteral("pathSource"));
    mSource->setPlaceholderText(tr("Source: pod or node address"));
    mDestination = new QLineEdit(this);
    mDestination->setObjectName(QStringLiteral("pathDestination"));
    mDestination->setPlaceholderText(tr("Destination: pod or node address"));
    auto *swap = new QToolButton(this);
    swap->setText(QStringLiteral("⇄"));
    swap->setToolTip(tr("Swap source and destination"));
    auto *asText = new QToolButton(this);
    asText->setText(tr("Te&xt"));
    asText->setToolTip(tr("Show the trace as text, to copy"));
    asText->setCheckable(true);
    mTrace = new QPushButton(tr("&Trace"), this);
    mTrace->setDefault(true);
    mStatus = new QLabel(this);
    mStatus->setWordWrap(true);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *inputs = new QHBoxLayout;
    inputs->addWidget(new QLabel(tr("From:"), this));
    inputs->addWidget(mSource, 1);
    inputs->addWidget(swap);
    inputs->addWidget(new QLabel(tr("To:"), this));
    inputs->addWidget(mDestination, 1);
    inputs->addWidget(mTrace);
    inputs->addWidget(asText);

    mDiagram = new PathDiagram(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(mDiagram);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    mText = new QPlainTextEdit(this);
    mText->setReadOnly(true);
    mText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mText->setPlaceholderText(tr("No trace yet"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(scroll);
    split->addWidget(mText);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    mText->hide(); // the diagram gets the room; Text shows the copyable form
    connect(asText, &QToolButton::toggled, mText, &QWidget::setVisible);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(inputs);
    layout->addWidget(mStatus);
    layout->addWidget(split, 1);

    connect(swap, &QToolButton::clicked, this, [this] {
        const QString source = mSource->text();
        mSource->setText(mDestination->text());
        mDestination->setText(source);
    });
    connect(mTrace, &QPushButton::clicked, this, &PathPanel::trace);
    connect(mSource, &QLineEdit::returnPressed, this, &PathPanel::trace);
    connect(mDestination, &QLineEdit::returnPressed, this, &PathPanel::trace);
    connect(mState, &ClusterState::summariesUpdated, this, &PathPanel::startPendingTrace);
    connect(mState, &ClusterState::connectionChanged, this, &PathPanel::startPendingTrace);
    connect(mReports, &AgentReports::reportUpdated, this, &PathPanel::traceIfFetched);
    connect(mReports, &AgentReports::reportFailed, this, &PathPanel::traceIfFetched);
}

void PathPanel::setSource(const QString &address)
{
    mSource->setText(address);
}

void PathPanel::setDestination(const QString &address)
{
    mDestination->setText(address);
}

QString PathPanel::source() const
{
    return mSource->text().trimmed();
}

QString PathPanel::destination() const
{
    return mDestination->text().trimmed();
}

const std::optional<PathTrace> &PathPanel::result() const
{
    return mDiagram->trace();
}

QString PathPanel::statusText() const
{
    return mStatus->text();
}

QString PathPanel::podAddress(const SubnetKey &node)
{
    const IpNetwork &subnet = node.ipv4.isNull() ? node.ipv6 : node.ipv4;
    if (subnet.isNull())
        return {};
    // host-local gives cni0 the first address and pods the ones after it.
    return IpAddress::fromBits(subnet.address().family(), subnet.address().bits() + 2).toString();
}

void PathPanel::fail(const QString &why)
{
    mStatus->setText(why);
    emit failed(why);
}

void PathPanel::trace()
{
    for (const QString &text : {source(), destination()})
        if (const auto address = IpAddress::parse(text); !address)
            return fail(tr("Not an address: \"%1\" (%2)").arg(text, address.error().message()));
    if (!mState->config())
        return fail(tr("Cannot trace without a network config: %1").arg(mState->config().error().message()));
    mStatus->setText(tr("Fetching the agents' reports…"));
    mTrace->setEnabled(false);
    mWaiting = true;
    mReports->fetchAll();
    // Nothing to fetch (no summaries), or everything failed at once: trace with what there is.
    QTimer::singleShot(0, this, &PathPanel::traceIfFetched);
}

void PathPanel::traceWhenLoaded(const QString &source, const QString &destination)
{
    setSource(source);
    setDestination(destination);
    mTracePending = true;
    startPendingTrace();
}

void PathPanel::startPendingTrace()
{
    if (!mTracePending || mState->connection() != ClusterState::Connection::Connected || !mState->isSynced()
        || !mState->summariesKnown())
        return;
    mTracePending = false;
    trace();
}

void PathPanel::traceIfFetched()
{
    if (mWaiting && mReports->fetchesInFlight() == 0) {
        mWaiting = false;
        runTracer();
    }
}

void PathPanel::runTracer()
{
    mTrace->setEnabled(true);
    const auto from = IpAddress::parse(source());
    const auto to = IpAddress::parse(destination());
    if (!from || !to || !mState->config())
        return fail(tr("The input changed while the reports were fetched; trace again."));
    const QList<NodeReport> reports = mReports->reports();
    const PathTrace result = PathTracer(*mState->config(), mState->leases().values(), reports).trace(*from, *to);
    mDiagram->setTrace(result);
    mText->setPlainText(result.toStrings().join(QLatin1Char('\n')));
    const int missing = int(mState->summaries().size() - reports.size());
    QString status = result.arrived() ? tr("%1 → %2 (%3): the packet arrives, in %n hop(s).", nullptr, int(result.hops.size()))
                                            .arg(result.source, result.destination, result.backend)
                                      : tr("%1 → %2 (%3): the packet stops: %4").arg(result.source, result.destination, result.backend,
                                                                                       result.stop->reason);
    if (missing > 0)
        status += QLatin1Char(' ') + tr("(%n agent(s) could not be reached.)", nullptr, missing);
    mStatus->setText(status);
    emit traced(result);
}

} // namespace tartan::gui
