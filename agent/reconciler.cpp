#include "reconciler.h"

#include "netlinkapplier.h"
#include "netlinkdump.h"
#include "netlinklistener.h"
#include "repairpolicy.h"

namespace tartan {

using namespace std::chrono_literals;

namespace {

// Long enough to fold a burst of lease events or kernel notifications into one pass, short enough
// that a hand-deleted entry is back well within a second.
constexpr auto kCoalesce = 100ms;

} // namespace

Reconciler::Reconciler(netlink::NetlinkSocket &socket, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent), mSocket(socket), mListener(new netlink::NetlinkListener(this))
{
    mSoon.setSingleShot(true);
    mSoon.setInterval(kCoalesce);
    connect(&mSoon, &QTimer::timeout, this, [this] {
        mSoon.setInterval(kCoalesce);
        (void)runPass();
    });
    mPeriodic.setInterval(interval);
    connect(&mPeriodic, &QTimer::timeout, this, [this] { (void)runPass(); });
    connect(mListener, &netlink::NetlinkListener::changed, this, &Reconciler::schedule);
    if (auto listening = mListener->start(); !listening) {
        // Without notifications the periodic check still repairs everything, only later.
        QTimer::singleShot(0, this, [this, error = listening.error().message()] {
            emit problem(Error(error + QStringLiteral("; relying on the periodic check alone")));
        });
    }
}

Reconciler::~Reconciler() = default;

void Reconciler::setNode(const NetworkConfig &config, const Lease &own, const ExternalInterface &external)
{
    mConfig = config;
    mOwn = own;
    mExternal = external;
    mHasNode = true;
    mPeriodic.start();
    schedule();
}

void Reconciler::setPeers(const QList<Lease> &peers, std::optional<std::chrono::steady_clock::time_point> eventArrived)
{
    mPeers = peers;
    if (eventArrived && !mEventArrived)
        mEventArrived = eventArrived; // the oldest event not yet in the kernel
    // The first peers are the whole initial list, already one batch: program them at once. Later
    // changes trickle in and are coalesced.
    if (!mHasPeers && mHasNode && !mPaused) {
        mHasPeers = true;
        mSoon.start(0); // the timeout puts kCoalesce back
        return;
    }
    mHasPeers = true;
    schedule();
}

void Reconciler::setPaused(bool paused)
{
    mPaused = paused;
    if (!paused)
        schedule();
}

void Reconciler::schedule()
{
    if (mHasNode && !mPaused && !mSoon.isActive())
        mSoon.start();
}

Result<Reconciler::Pass> Reconciler::runPass(bool repair)
{
    if (!mHasNode || mPaused)
        return Pass{};
    ++mPasses;
    const auto fail = [this](const Error &error) {
        emit problem(error);
        return error;
    };
    const auto desired = DesiredTables::compute(mConfig, mOwn, mExternal, mPeers);
    if (!desired)
        return fail(desired.error().context(QStringLiteral("computing the desired tables")));

    mExclusions = desired->exclusions;
    for (const Exclusion &exclusion : std::as_const(mExclusions)) {
        if (!mToldExclusions.contains(exclusion.reason)) {
            mToldExclusions.insert(exclusion.reason);
            emit excluded(exclusion);
        }
    }

    QStringList devices;
    for (const OverlayDevice &device : desired->devices)
        devices << device.name;
    netlink::NetlinkDump dump(mSocket);
    auto actual = dump.tables(devices);
    if (!actual)
        return fail(Error(actual.error().message()).context(QStringLiteral("reading the kernel's tables")));
    const auto eventArrived = mEventArrived;
    mEventArrived.reset();

    TableOwnership ownership = tartanOwnership(mConfig, mExternal.name);
    const TableDiff found = diff(desired->tables, *actual, ownership);
    // Without auto-repair, only what the leases changed since the last pass is programmed; the
    // first pass programs everything, as there is nothing yet to tell hand-made changes from.
    const bool repairAll = repair || mAutoRepair || !mProgrammed;
    const TableDiff changes = repairAll ? found : leaseDrivenChanges(found, *mProgrammed);
    const qsizetype leaseDriven = mProgrammed ? leaseDrivenChanges(found, *mProgrammed).changeCount() : found.changeCount();
    mProgrammed = desired->tables;

    Pass pass;
    pass.desired = int(desired->tables.size());
    if (changes.hasChanges()) {
        netlink::NetlinkApplier applier(mSocket);
        auto applied = applier.apply(changes);
        if (!applied)
            return fail(Error(applied.error().message()).context(QStringLiteral("programming the kernel")));
        pass.changes = int(applied->changed + applied->alreadyDone);
        pass.failures = int(applied->failures.size());
        pass.changeLines = changes.toStrings();
        pass.repairs = int(std::max<qsizetype>(0, changes.changeCount() - leaseDriven - pass.failures));
        mRepairs += int(applied->changed);
        for (const netlink::NetlinkError &failure : std::as_const(applied->failures))
            emit problem(Error(failure.message()));
    }
    // What is still wrong: the diff minus what was changed, plus what the kernel refused.
    pass.drift = int(driftCount(found) - changes.changeCount() + pass.failures);
    if (pass.drift > 0) {
        const QStringList applied = changes.toStrings();
        for (const QString &line : found.toStrings())
            if (!applied.contains(line))
                pass.driftLines << line;
    }
    if (changes.hasChanges())
        emit passed(pass);
    emit checked(pass);
    if (eventArrived && pass.failures == 0)
        emit leaseEventApplied(std::chrono::steady_clock::now() - *eventArrived);
    return pass;
}

} // namespace tartan
