#include "ruleskeeper.h"

namespace tartan {

RulesKeeper::RulesKeeper(QObject *parent) : QObject(parent)
{
    mThread.setObjectName(QStringLiteral("iptables"));
    mContext.moveToThread(&mThread);
    mThread.start();
}

RulesKeeper::~RulesKeeper()
{
    // The upkeep's timer belongs to the rules thread: it is deleted there.
    runAndWait([this] {
        delete mUpkeep;
        mUpkeep = nullptr;
    });
    mThread.quit();
    mThread.wait();
}

template <typename Work> void RulesKeeper::runAndWait(Work work)
{
    QMetaObject::invokeMethod(&mContext, std::move(work), Qt::BlockingQueuedConnection);
}

void RulesKeeper::apply(const IpMasqUpkeep::Settings &settings, const QString &subnetEnvPath)
{
    const quint64 generation = ++mGeneration;
    mApplying = true;
    QMetaObject::invokeMethod(
        &mContext,
        [this, settings, subnetEnvPath, generation] {
            if (mUpkeep) {
                (void)mUpkeep->remove(); // what is left is found by removePrevious() or the resync
                delete mUpkeep;
            }
            mUpkeep = new IpMasqUpkeep(settings);
            connect(mUpkeep, &IpMasqUpkeep::rebuilt, this, &RulesKeeper::rebuilt);
            connect(mUpkeep, &IpMasqUpkeep::resyncFailed, this, &RulesKeeper::resyncFailed);
            if (auto previous = mUpkeep->removePrevious(subnetEnvPath); !previous)
                emit problem(previous.error().message());
            const Status built = mUpkeep->start();
            QMetaObject::invokeMethod(
                this,
                [this, built, generation] {
                    if (generation != mGeneration)
                        return;
                    mApplying = false;
                    emit applied(built);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

Status RulesKeeper::remove()
{
    ++mGeneration; // an apply() still in flight reports nothing
    mApplying = false;
    Status removed;
    runAndWait([this, &removed] {
        if (!mUpkeep)
            return;
        removed = mUpkeep->remove();
        delete mUpkeep;
        mUpkeep = nullptr;
    });
    return removed;
}

} // namespace tartan
