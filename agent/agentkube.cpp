// The Agent's Kubernetes mode (--kube-subnet-mgr): the steps of agent.cpp with KubeStore as the
// store. Kept apart so that agent.cpp reads as the etcd agent with a few branch points.
#include "agent.h"

#include "backend.h"
#include "healthserver.h"
#include "kubestore.h"
#include "leasewatcher.h"
#include "nodereporter.h"

namespace tartan {

Status Agent::startKube()
{
    auto store = KubeStore::create(mOptions, this);
    if (!store)
        return store.error();
    mKube = std::move(store).value().release(); // a child of this agent
    // No store client: reports are served by the HTTP endpoint only (see KubeStore).
    if (auto opened = openKernelAndEndpoints(nullptr); !opened)
        return opened;
    connect(mKube, &KubeStore::acquired, this, &Agent::onAcquired);
    connect(mKube, &KubeStore::lost, this, [this](const Error &why) {
        qWarning("%s; acquiring again", qPrintable(why.message()));
        mReporter->leaseLost();
    });
    connect(mKube, &KubeStore::problem, this, [this](const Error &error) {
        qWarning("%s", qPrintable(error.message()));
        mReporter->addStoreError();
    });
    connect(mKube, &KubeStore::note, this, [](const QString &note) { qInfo("%s", qPrintable(note)); });
    connect(mKube, &KubeStore::peersChanged, this, [this] {
        if (!mEventArrived)
            mEventArrived = std::chrono::steady_clock::now();
        if (!mPeersChanged.isActive())
            mPeersChanged.start();
    });
    mKube->start();

    // flanneld exits when the file is missing or bad; so does tartand (the DaemonSet restarts it).
    auto config = mKube->readNetworkConfig();
    if (!config)
        return config.error();
    mConfig = *config;
    qInfo("network config from %s: %s, backend %s", qPrintable(mOptions.netConfigPath), qPrintable(mConfig.ipv4.network.toString()),
          qPrintable(backendTypeName(mConfig.backend.type)));
    return setUpBackend();
}

void Agent::startKubeLease()
{
    // The first call starts the lease; later ones re-publish this node's attributes.
    if (mLeasesStarted)
        return mKube->setAttrs(mSelf);
    mLeasesStarted = true;
    mKube->startLease(mConfig, mSelf);
}

bool Agent::peersSynced() const
{
    return mKube ? mKube->peersSynced() : mWatcher->isSynced();
}

QList<Lease> Agent::peerList() const
{
    return mKube ? mKube->peers() : mWatcher->leases().values();
}

} // namespace tartan
