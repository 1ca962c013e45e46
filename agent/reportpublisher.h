#pragma once

#include "etcdclient.h"
#include "lease.h"
#include "nodereport.h"
#include "storelayout.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace tartan {

/// Writes this node's NodeSummary to <prefix>/tartan/reports/<subnet key>, attached to the subnet
/// lease's etcd lease so that the report goes when the lease expires or is revoked. flanneld and
/// LeaseWatcher watch only <prefix>/subnets/ and never see these writes.
///
/// A summary is written when it differs from the last one written, and never sooner than
/// `minInterval` after the previous write: a burst of changes becomes one write of the latest.
/// A failed write is retried after `minInterval` with the latest summary; the failure is told
/// through storeError() every time (for the count) and logged once per outage.
///
/// Threading: the client's thread; the client must outlive the publisher.
class ReportPublisher : public QObject
{
    Q_OBJECT
public:
    /// A null `client` publishes nothing (Kubernetes mode: reports only over HTTP).
    ReportPublisher(EtcdClient *client, StoreLayout layout, std::chrono::milliseconds minInterval,
                    QObject *parent = nullptr);

    /// The lease to publish under (after every acquisition: its key or etcd lease may differ).
    /// A reservation (no etcd lease) publishes a key without one, which stays like the reservation.
    void setLease(const Lease &lease);
    /// The lease is gone: nothing is written until setLease() (the store dropped the key with it).
    void clearLease();
    /// The latest summary; written as described above.
    void publish(const NodeSummary &summary);

    /// Writes done so far (for tests and logs).
    int writes() const { return mWrites; }

signals:
    void storeError(const tartan::Error &error);

private:
    void writeIfDue();

    EtcdClient *mClient;
    StoreLayout mLayout;
    std::chrono::milliseconds mMinInterval;
    QTimer mDue;
    QElapsedTimer mSinceWrite;
    std::optional<Lease> mLease;
    std::optional<NodeSummary> mLatest;
    std::optional<QByteArray> mWritten; // key + value + lease id last written
    bool mInFlight = false;
    bool mOutage = false;
    int mWrites = 0;
};

} // namespace tartan
