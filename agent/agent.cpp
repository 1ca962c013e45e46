#include "agent.h"

#include "backend.h"
#include "healthserver.h"
#include "ruleskeeper.h"
#include "kubestore.h"
#include "interfacefinder.h"
#include "leasemanager.h"
#include "leasewatcher.h"
#include "nodereporter.h"
#include "reconciler.h"
#include "subnetenv.h"

#include <QFile>

#include <systemd/sd-daemon.h>

namespace tartan {

using namespace std::chrono_literals;

namespace {
constexpr qsizetype kChangesListedOneByOne = 100;
} // namespace

Agent::Agent(AgentOptions options, QObject *parent)
    : QObject(parent), mOptions(std::move(options)), mLayout(mOptions.etcdPrefix)
{
    mFileWriter.setMaxThreadCount(1);
    mConfigRetry.setSingleShot(true);
    mConfigRetry.setInterval(1s);
    connect(&mConfigRetry, &QTimer::timeout, this, &Agent::fetchConfig);
    mSubnetEnvRetry.setSingleShot(true);
    mSubnetEnvRetry.setInterval(1s);
    connect(&mSubnetEnvRetry, &QTimer::timeout, this, &Agent::startSubnetEnvWrite);
    // The initial list alone reports every lease as added: copying the peers per event would be
    // quadratic in the cluster size.
    mPeersChanged.setSingleShot(true);
    mPeersChanged.setInterval(0);
    connect(&mPeersChanged, &QTimer::timeout, this, &Agent::handOverPeers);
}

Agent::~Agent() = default;

Status Agent::start()
{
    if (mOptions.kubeSubnetMgr)
        return startKube();
    auto client = EtcdClient::create(mOptions.etcd);
    if (!client)
        return client.error();
    mClient = std::move(client).value();
    if (auto opened = openKernelAndEndpoints(mClient.get()); !opened)
        return opened;
    // The peers' list does not depend on the config: it runs beside the config's round trip, and
    // the lease manager makes its first choice from it (startLeaseManager), so nothing lists twice.
    startWatchingLeases();
    fetchConfig();
    return {};
}

Status Agent::openKernelAndEndpoints(EtcdClient *reportStore)
{
    auto socket = netlink::NetlinkSocket::open();
    if (!socket)
        return Error(socket.error().message());
    mSocket.emplace(std::move(socket).value());
    if (mOptions.healthzPort != 0) {
        mHealth = new HealthServer(this);
        if (auto listening = mHealth->listen(mOptions.healthzIp, mOptions.healthzPort); !listening)
            return listening;
    }
    mReporter = new NodeReporter(mOptions, mLayout, reportStore, *mSocket, this);
    return mReporter->start();
}

void Agent::fail(const Error &error)
{
    qCritical("%s", qPrintable(error.message()));
    emit failed(error);
}

void Agent::fetchConfig()
{
    etcd::RangeRequest request;
    request.key = mLayout.configKey();
    mClient->range(request, this, [this](Result<etcd::RangeResponse> answer) {
        const QString key = QString::fromUtf8(mLayout.configKey());
        if (!answer) {
            qWarning("reading the network config: %s; retrying", qPrintable(answer.error().message()));
            return mConfigRetry.start();
        }
        if (answer->kvs.isEmpty()) {
            qWarning("no network config at %s yet; retrying", qPrintable(key));
            return mConfigRetry.start();
        }
        auto config = NetworkConfig::parse(answer->kvs.first().value);
        if (!config) {
            qWarning("network config at %s: %s; retrying", qPrintable(key), qPrintable(config.error().message()));
            return mConfigRetry.start();
        }
        mConfig = *config;
        qInfo("network config: %s, backend %s", qPrintable(mConfig.ipv4.network.toString()),
              qPrintable(backendTypeName(mConfig.backend.type)));
        if (auto backend = setUpBackend(); !backend)
            return fail(backend.error());
    });
}

Status Agent::setUpBackend()
{
    if (mConfig.enableIPv6)
        return Error(QStringLiteral("EnableIPv6: dual stack is not part of this tartand build yet"));
    auto external = InterfaceFinder::find(mOptions);
    if (!external)
        return external.error();
    mExternal = *external;
    if (mExternal.ipv4.isNull())
        return Error(QStringLiteral("interface %1 has no IPv4 address").arg(mExternal.name));
    qInfo("using interface %s (%s, MTU %d)", qPrintable(mExternal.name), qPrintable(mExternal.ipv4.toString()), mExternal.mtu);

    mSelf = LeaseAttrs();
    mSelf.publicIp = mOptions.publicIp.isNull() ? mExternal.ipv4 : mOptions.publicIp;
    auto backend = Backend::create({mOptions, mConfig, mExternal, *mSocket});
    if (!backend)
        return backend.error();
    mBackend = std::move(backend).value();
    if (auto setUp = mBackend->setUp(mSelf); !setUp)
        return setUp;
    mReporter->setNode(mConfig, mExternal, mSelf.publicIp);
    if (mKube) {
        startKubeLease();
        return {};
    }

    LeaseManager::Options leaseOptions;
    leaseOptions.renewMargin = mOptions.subnetLeaseRenewMargin;
    if (const auto previous = SubnetEnv::readFile(mOptions.subnetFile); previous && !previous->subnet().isNull())
        leaseOptions.previousSubnet.ipv4 = previous->subnet();
    mLeases = new LeaseManager(mClient.get(), mLayout, mConfig, mSelf, leaseOptions, this);
    connect(mLeases, &LeaseManager::acquired, this, &Agent::onAcquired);
    connect(mLeases, &LeaseManager::renewed, this, [](const Lease &lease) {
        qInfo("renewed lease %s", qPrintable(lease.subnet.toString()));
    });
    connect(mLeases, &LeaseManager::lost, this, [this](const Error &why) {
        qWarning("%s; acquiring again", qPrintable(why.message()));
        mReporter->leaseLost();
    });
    connect(mLeases, &LeaseManager::problem, this, [this](const Error &error) {
        qWarning("%s; retrying", qPrintable(error.message()));
        mReporter->addStoreError();
    });
    connect(mLeases, &LeaseManager::note, this, [](const QString &note) { qInfo("%s", qPrintable(note)); });
    startLeaseManager();
    return {};
}

void Agent::startLeaseManager()
{
    if (!mLeases || mLeasesStarted || !mFirstListing)
        return; // waiting for the backend or for the watcher's first list
    mLeasesStarted = true;
    mLeases->start(*mFirstListing);
    mFirstListing.reset();
}

void Agent::onAcquired(const Lease &lease)
{
    qInfo("acquired lease %s (%s)", qPrintable(lease.subnet.toString()),
          lease.isReservation() ? "reservation" : qPrintable(QStringLiteral("expires %1").arg(lease.expiration.toString(Qt::ISODate))));
    auto desired = DesiredTables::compute(mConfig, lease, mExternal, {});
    if (!desired)
        return fail(desired.error());
    auto configured = mBackend->configure(*desired, mSelf);
    if (!configured)
        return fail(configured.error());
    if (*configured && mLeases)
        mLeases->setAttrs(mSelf);
    else if (*configured)
        startKubeLease(); // re-publishes the attributes
    startReconciler();
    mReconciler->setNode(mConfig, lease, mExternal);
    mReporter->setLease(lease);
    if (peersSynced())
        handOverPeers();
    setUpRulesThenSubnetEnv(lease, desired->mtu);
}

void Agent::onSubnetEnvWritten(const Status &written)
{
    if (!written) {
        // The kernel side keeps running; pods on this node wait (the agent is not ready) until the
        // file can be written, and a failed rewrite leaves the previous complete file in place.
        if (!mSubnetEnvRetry.isActive()) {
            qWarning("%s; retrying in %llds", qPrintable(written.error().message()),
                     static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(mSubnetEnvRetry.intervalAsDuration()).count()));
            mSubnetEnvRetry.start();
            mSubnetEnvRetry.setInterval(std::min<std::chrono::milliseconds>(mSubnetEnvRetry.intervalAsDuration() * 2, 30s));
        }
        return;
    }
    mSubnetEnvRetry.setInterval(1s);
    qInfo("wrote %s", qPrintable(mOptions.subnetFile));
    if (mReady)
        return;
    mReady = true;
    if (mHealth)
        mHealth->setReady(true);
    sd_notify(0, "READY=1");
    emit ready();
}

void Agent::setUpRulesThenSubnetEnv(const Lease &lease, int mtu)
{
    mSubnetEnv = SubnetEnv();
    mSubnetEnv.setNetworks({mConfig.ipv4.network});
    mSubnetEnv.setSubnet(lease.subnet.ipv4);
    mSubnetEnv.setMtu(mtu);
    mSubnetEnv.setIpMasq(mOptions.ipMasq);
    mSubnetEnvRetry.stop();
    if (!mOptions.ipMasq && !mOptions.iptablesForwardRules)
        return startSubnetEnvWrite();
    if (mRules && lease.subnet == mRulesFor) {
        if (!mRules->isApplying())
            startSubnetEnvWrite();
        return; // else the write follows the rules
    }
    // The rules come before subnet.env, as in flanneld: a pod needs the file, so none sends
    // before its traffic is masqueraded. They are built in their own thread while the kernel is
    // programmed here.
    if (!mRules) {
        mRules = new RulesKeeper(this);
        connect(mRules, &RulesKeeper::applied, this, [this](const Status &built) {
            if (!built)
                qWarning("%s; the rules are checked again every %llds", qPrintable(built.error().message()),
                         static_cast<long long>(mOptions.iptablesResync.count()));
            startSubnetEnvWrite();
        });
        connect(mRules, &RulesKeeper::problem, this, [](const QString &why) { qWarning("%s", qPrintable(why)); });
        connect(mRules, &RulesKeeper::rebuilt, this, [](const QStringList &missing) {
            qWarning("iptables rules were missing (%s); rebuilt them", qPrintable(missing.join(QStringLiteral("; "))));
        });
        connect(mRules, &RulesKeeper::resyncFailed, this, [](const QString &why) { qWarning("iptables: %s", qPrintable(why)); });
    }
    IpMasqUpkeep::Settings settings;
    settings.network = mConfig.ipv4.network;
    settings.subnet = lease.subnet.ipv4;
    settings.ipMasq = mOptions.ipMasq;
    settings.forwardRules = mOptions.iptablesForwardRules;
    settings.randomFully = !mOptions.ipMasqFullyRandomDisable;
    settings.resync = mOptions.iptablesResync;
    mRulesFor = lease.subnet;
    mRules->apply(settings, mOptions.subnetFile);
}

void Agent::startSubnetEnvWrite()
{
    // The file is fsynced (a pod must never find it half written after a crash), which takes tens
    // of milliseconds on a busy disk: off the event loop, so that programming the peers does not
    // wait for it. One writer thread keeps the writes in order; readiness follows the write.
    mFileWriter.start([this, env = mSubnetEnv, path = mOptions.subnetFile] {
        const Status written = env.writeFile(path);
        QMetaObject::invokeMethod(this, [this, written] { onSubnetEnvWritten(written); }, Qt::QueuedConnection);
    });
}

void Agent::startWatchingLeases()
{
    mWatcher = new LeaseWatcher(mClient.get(), mLayout, this);
    const auto peersChanged = [this] {
        if (!mPeersChanged.isActive())
            mPeersChanged.start();
    };
    connect(mWatcher, &LeaseWatcher::listed, this, [this](const etcd::RangeResponse &response) {
        if (mLeasesStarted)
            return;
        mFirstListing = response;
        startLeaseManager();
    });
    const auto leaseEvent = [this, peersChanged] {
        if (!mEventArrived)
            mEventArrived = std::chrono::steady_clock::now();
        peersChanged();
    };
    connect(mWatcher, &LeaseWatcher::synced, this, peersChanged);
    connect(mWatcher, &LeaseWatcher::leaseAdded, this, leaseEvent);
    connect(mWatcher, &LeaseWatcher::leaseChanged, this, leaseEvent);
    connect(mWatcher, &LeaseWatcher::leaseRemoved, this, leaseEvent);
    connect(mWatcher, &LeaseWatcher::leaseRejected, this, [](const QByteArray &key, const Error &error) {
        qWarning("ignoring %s: %s", key.constData(), qPrintable(error.message()));
    });
    connect(mWatcher, &LeaseWatcher::problem, this, [this](const Error &error) {
        qWarning("%s", qPrintable(error.message()));
        mReporter->addStoreError();
    });
    connect(mWatcher, &LeaseWatcher::connected, this, [] { qInfo("lease watch connected"); });
    mWatcher->start();
}

void Agent::startReconciler()
{
    if (mReconciler)
        return;
    mReconciler = new Reconciler(*mSocket, mOptions.reconcileInterval, this);
    mReconciler->setAutoRepair(mOptions.autoRepair);
    mReporter->attach(mReconciler);
    connect(mReconciler, &Reconciler::passed, this, [this](const Reconciler::Pass &pass) {
        // Entry by entry while that stays readable (a repair, a peer joining); a start-up or a
        // re-list with thousands of peers gets one line, unless -v asks for each.
        if (pass.applied.changeCount() > kChangesListedOneByOne && mOptions.verbosity < 1) {
            qInfo("kernel: %s (-v=1 lists each entry)", qPrintable(pass.applied.summary()));
            return;
        }
        for (const QString &line : pass.applied.toStrings())
            qInfo("kernel: %s", qPrintable(line));
    });
    connect(mReconciler, &Reconciler::excluded, this, [](const Exclusion &exclusion) {
        qWarning("not programming %s", qPrintable(exclusion.reason));
    });
    connect(mReconciler, &Reconciler::problem, this, [](const Error &error) { qWarning("%s", qPrintable(error.message())); });
    connect(mReconciler, &Reconciler::notice, this, [](const QString &message) { qInfo("%s", qPrintable(message)); });
}

void Agent::handOverPeers()
{
    if (!mReconciler || !peersSynced())
        return; // the lease is not ours yet: onAcquired() hands them over
    const QList<Lease> peers = peerList();
    mBackend->setPeers(peers);
    mReconciler->setPeers(peers, std::exchange(mEventArrived, std::nullopt));
    mReporter->setLeasesSeen(peers.size());
}

void Agent::shutdown()
{
    if (mRules)
        if (auto removed = mRules->remove(); !removed)
            qWarning("%s", qPrintable(removed.error().message()));
    if (mLeases)
        mLeases->stop();
    if (mKube)
        mKube->stop();
}

} // namespace tartan
