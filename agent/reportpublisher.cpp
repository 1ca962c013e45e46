#include "reportpublisher.h"

namespace tartan {

ReportPublisher::ReportPublisher(EtcdClient *client, StoreLayout layout, std::chrono::milliseconds minInterval,
                                 QObject *parent)
    : QObject(parent), mClient(client), mLayout(std::move(layout)), mMinInterval(minInterval)
{
    mDue.setSingleShot(true);
    connect(&mDue, &QTimer::timeout, this, &ReportPublisher::writeIfDue);
}

void ReportPublisher::setLease(const Lease &lease)
{
    mLease = lease;
    writeIfDue();
}

void ReportPublisher::clearLease()
{
    mLease.reset();
    mWritten.reset(); // the key went with the lease: the next lease needs a write whatever changed
    mDue.stop();
}

void ReportPublisher::publish(const NodeSummary &summary)
{
    mLatest = summary;
    writeIfDue();
}

void ReportPublisher::writeIfDue()
{
    if (!mClient || !mLease || !mLatest || mInFlight)
        return; // no client: Kubernetes mode, where reports are only served over HTTP
    etcd::PutRequest put;
    put.key = mLayout.reportKey(mLease->subnet);
    put.value = encodeNodeSummary(*mLatest);
    put.lease = mLease->storeLeaseId;
    const QByteArray identity = put.key + '\n' + put.value + '\n' + QByteArray::number(put.lease);
    if (identity == mWritten)
        return;
    if (mSinceWrite.isValid()) {
        const auto since = std::chrono::milliseconds(mSinceWrite.elapsed());
        if (since < mMinInterval) {
            if (!mDue.isActive())
                mDue.start(mMinInterval - since);
            return;
        }
    }
    mInFlight = true;
    mSinceWrite.start();
    mClient->put(put, this, [this, identity, key = put.key](Result<etcd::PutResponse> answer) {
        mInFlight = false;
        if (!answer) {
            const Error error = answer.error().context(QStringLiteral("writing the node report %1").arg(QString::fromUtf8(key)));
            if (!mOutage)
                qWarning("%s; retrying every %llds", qPrintable(error.message()),
                         static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(mMinInterval).count()));
            mOutage = true;
            emit storeError(error);
        } else {
            if (mOutage)
                qInfo("node report %s written again", key.constData());
            mOutage = false;
            mWritten = identity;
            ++mWrites;
        }
        writeIfDue(); // a newer summary, or the retry, at the next due time
    });
}

} // namespace tartan
