#include "nodereporter.h"

#include "json.h"
#include "kernelreader.h"
#include "reconciler.h"
#include "reportpublisher.h"
#include "statusserver.h"
#include "version.h"

namespace tartan {

NodeReporter::NodeReporter(const AgentOptions &options, const StoreLayout &layout, EtcdClient *client,
                           netlink::NetlinkSocket &socket, QObject *parent)
    : QObject(parent), mOptions(options), mSocket(socket),
      mPublisher(new ReportPublisher(client, layout, options.reportInterval, this))
{
    connect(mPublisher, &ReportPublisher::storeError, this, &NodeReporter::addStoreError);
}

NodeReporter::~NodeReporter() = default;

Status NodeReporter::start()
{
    if (mOptions.reportPort == 0)
        return {};
    StatusServer::Handlers handlers;
    handlers.report = [this]() -> Result<QByteArray> {
        auto built = report();
        if (!built)
            return built.error();
        return encodeNodeReport(*built);
    };
    handlers.summary = [this]() -> Result<QByteArray> { return encodeNodeSummary(summary()); };
    handlers.metrics = [this]() -> Result<QByteArray> { return mMetrics.prometheusText(); };
    handlers.reconcile = [this] { return reconcileNow(); };
    mServer = new StatusServer(std::move(handlers), this);
    return mServer->listen(mOptions.reportIp, mOptions.reportPort);
}

void NodeReporter::setNode(const NetworkConfig &config, const ExternalInterface &external, const IpAddress &publicIp)
{
    mConfig = config;
    mExternal = external;
    mPublicIp = publicIp;
    mHasNode = true;
}

void NodeReporter::setLease(const Lease &lease)
{
    mLease = lease.subnet;
    mPublisher->setLease(lease);
    publish();
}

void NodeReporter::leaseLost()
{
    mPublisher->clearLease();
}

void NodeReporter::attach(Reconciler *reconciler)
{
    mReconciler = reconciler;
    connect(reconciler, &Reconciler::checked, this, [this](const Reconciler::Pass &pass) {
        mMetrics.recordCheck(pass.drift, pass.changes, pass.repairs, pass.failures);
        for (const QString &line : pass.driftLines)
            qInfo("drift: %s", qPrintable(line));
        // After the pass has returned: its dumps and diff are freed before the report's own
        // read of the kernel, so the two never add up in the agent's peak memory.
        if (!mDigestPending) {
            mDigestPending = true;
            QMetaObject::invokeMethod(this, [this] {
                mDigestPending = false;
                refreshDigest();
                publish();
            }, Qt::QueuedConnection);
        }
    });
    connect(reconciler, &Reconciler::problem, this, [this] {
        mMetrics.addNetlinkError();
        publish();
    });
    connect(reconciler, &Reconciler::leaseEventApplied, this,
            [this](std::chrono::nanoseconds lag) { mMetrics.recordEventLag(lag); });
}

void NodeReporter::setLeasesSeen(qsizetype leases)
{
    mMetrics.setLeasesSeen(leases);
    publish();
}

void NodeReporter::addStoreError()
{
    mMetrics.addStoreError();
    publish();
}

QStringList NodeReporter::overlayDevices() const
{
    QStringList devices;
    if (!mHasNode)
        return devices;
    for (const auto family : {IpAddress::Family::V4, IpAddress::Family::V6}) {
        if (family == IpAddress::Family::V6 && !mConfig.enableIPv6)
            continue;
        if (const QString name = overlayDeviceName(mConfig.backend, family); !name.isEmpty())
            devices << name;
    }
    return devices;
}

NodeSummary NodeReporter::summary() const
{
    NodeSummary summary;
    summary.lease = mLease;
    summary.publicIp = mPublicIp;
    summary.agentVersion = QString::fromLatin1(kVersion);
    summary.backend = mHasNode ? backendTypeName(mConfig.backend.type) : QString();
    summary.tableDigest = mDigest;
    mMetrics.fillSummary(summary);
    if (mServer)
        summary.endpoint = QStringLiteral("http://%1:%2").arg(mOptions.reportIp.toString()).arg(mServer->port());
    return summary;
}

Result<netlink::KernelState> NodeReporter::readKernel()
{
    auto state = netlink::KernelReader(mSocket).read(overlayDevices(), mExternal.name);
    if (!state) {
        mMetrics.addNetlinkError();
        return Error(state.error().message()).context(QStringLiteral("reading the kernel for the node report"));
    }
    return std::move(state).value();
}

Result<NodeReport> NodeReporter::report()
{
    auto state = readKernel();
    if (!state)
        return state.error();
    NodeReport report;
    report.summary = summary();
    report.summary.tableDigest = tableDigest(state->tables); // the digest of the tables served with it
    report.external = mExternal;
    report.links = std::move(state->links);
    report.tables = std::move(state->tables);
    return report;
}

void NodeReporter::refreshDigest()
{
    auto state = readKernel();
    if (!state) {
        qWarning("%s", qPrintable(state.error().message()));
        return;
    }
    mDigest = tableDigest(std::move(state->tables));
}

void NodeReporter::publish()
{
    if (!mLease.isNull())
        mPublisher->publish(summary());
}

Result<QByteArray> NodeReporter::reconcileNow()
{
    if (!mReconciler || !mReconciler->isSetUp())
        return Error(QStringLiteral("reconcile: the agent holds no lease yet"));
    const auto pass = mReconciler->runPass(true);
    if (!pass)
        return pass.error().context(QStringLiteral("reconcile"));
    json::Json out = json::Json::object();
    json::Json changes = json::Json::array();
    for (const QString &line : pass->applied.toStrings())
        changes.push_back(line.toStdString());
    json::Json drift = json::Json::array();
    for (const QString &line : pass->driftLines)
        drift.push_back(line.toStdString());
    out["changed"] = pass->changes;
    out["failures"] = pass->failures;
    out["changes"] = std::move(changes);
    out["driftCount"] = pass->drift;
    out["drift"] = std::move(drift);
    return json::dump(out);
}

} // namespace tartan
