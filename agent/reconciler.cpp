#include "reconciler.h"

#include "netlinkapplier.h"
#include "netlinkdump.h"
#include "netlinklistener.h"
#include "netlinksocket.h"
#include "repairpolicy.h"

namespace tartan {

using namespace std::chrono_literals;

namespace {

// Long enough to fold a burst of lease events or kernel notifications into one pass, short enough
// that a hand-deleted entry is back well within a second.
constexpr auto kCoalesce = 100ms;
constexpr std::chrono::milliseconds kFirstRetry = 1s;

} // namespace

Reconciler::Reconciler(netlink::NetlinkSocket &socket, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent), mSocket(socket), mListener(new netlink::NetlinkListener(this)), mRetryDelay(kFirstRetry)
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
    connect(mListener, &netlink::NetlinkListener::notificationsLost, this, [this](quint64 overruns) {
        emit notice(QStringLiteral("kernel: change notifications lost (the listener's receive buffer overflowed, %1 times so far); "
                                   "checking every table")
                        .arg(overruns));
    });
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

void Reconciler::retryLater()
{
    if (!mSoon.isActive()) // else a pass is due anyway
        mSoon.start(mRetryDelay); // the timeout puts kCoalesce back
    mRetryDelay = std::min<std::chrono::milliseconds>(mRetryDelay * 2, std::max(kFirstRetry, mPeriodic.intervalAsDuration()));
}

Result<Reconciler::Pass> Reconciler::runPass(bool repair)
{
    if (!mHasNode || mPaused)
        return Pass{};
    ++mPasses;
    const bool recheck = std::exchange(mRechecking, false);
    const auto fail = [this](const Error &error) {
        emit problem(error);
        return error;
    };
    // The kernel could not be read or programmed: try again soon rather than at the periodic check.
    const auto failKernel = [this, &fail](const Error &error) {
        retryLater();
        return fail(error);
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
    const quint64 restartsBefore = mSocket.dumpRestarts();
    auto actual = dump.tables(devices);
    if (!actual)
        return failKernel(Error(actual.error().message()).context(QStringLiteral("reading the kernel's tables")));
    if (const quint64 restarts = mSocket.dumpRestarts() - restartsBefore; restarts > 0)
        emit notice(QStringLiteral("kernel: a table changed while it was being read; read again (%1 interrupted dumps thrown away)")
                        .arg(restarts));
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
            return failKernel(Error(applied.error().message()).context(QStringLiteral("programming the kernel")));
        pass.changes = int(applied->changed + applied->alreadyDone);
        pass.failures = int(applied->failures.size());
        pass.applied = changes;
        pass.repairs = int(std::max<qsizetype>(0, changes.changeCount() - leaseDriven - pass.failures));
        mRepairs += int(applied->changed);
        for (const netlink::NetlinkError &failure : std::as_const(applied->failures))
            emit problem(Error(failure.message()));
        if (applied->alreadyDone > 0 && !recheck) {
            // Added or deleted by someone else since the dump: maybe with other attributes. Read
            // back once; a second pass in a row with the same answer does not loop (an entry the
            // dump leaves out, such as a proto kernel route, answers EEXIST every time).
            emit notice(QStringLiteral("kernel: %1 entries were already added or removed by another writer; reading them back")
                            .arg(applied->alreadyDone));
            mRechecking = true;
            schedule();
        }
    }
    mRetryDelay = kFirstRetry;
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
