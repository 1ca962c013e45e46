#include "configwatcher.h"

#include "etcdwatch.h"

#include <algorithm>
#include <chrono>

namespace tartan {

using namespace std::chrono_literals;

ConfigWatcher::ConfigWatcher(EtcdClient *client, QByteArray key, QObject *parent)
    : QObject(parent), mClient(client), mKey(std::move(key))
{
    mRetryTimer.setSingleShot(true);
    connect(&mRetryTimer, &QTimer::timeout, this, &ConfigWatcher::read);
}

ConfigWatcher::~ConfigWatcher() = default;

void ConfigWatcher::start()
{
    if (mRunning)
        return;
    mRunning = true;
    read();
}

void ConfigWatcher::stop()
{
    mRunning = false;
    mRetryTimer.stop();
    if (mWatch)
        mWatch->stop();
}

void ConfigWatcher::read()
{
    if (!mRunning)
        return;
    etcd::RangeRequest request;
    request.key = mKey;
    mClient->range(request, this, [this](Result<etcd::RangeResponse> response) {
        if (!mRunning)
            return;
        if (!response) {
            emit problem(response.error().context(QStringLiteral("reading %1").arg(QString::fromUtf8(mKey))));
            // 1 s, 2 s, 4 s ... 30 s, as LeaseWatcher: the client already retried each endpoint.
            mRetryTimer.start(std::min(30000ms, 1000ms * (1 << std::min(mReadFailures++, 5))));
            return;
        }
        mReadFailures = 0;
        mHasValue = true;
        mValue = response->kvs.isEmpty() ? QByteArray() : response->kvs.constFirst().value;
        emit connected();
        emit valueChanged(mValue);
        startWatch(response->header.revision + 1);
    });
}

void ConfigWatcher::startWatch(qint64 fromRevision)
{
    if (mWatch) {
        mWatch->restartFrom(fromRevision);
        return;
    }
    etcd::WatchOptions options;
    options.key = mKey;
    options.startRevision = fromRevision;
    mWatch = mClient->watch(options, this);
    connect(mWatch, &EtcdWatch::eventsReceived, this, [this](const QList<etcd::Event> &events, qint64) {
        // Only the last write of a batch matters for a single key, but every one is reported so
        // that the state's log shows each config the cluster went through.
        for (const etcd::Event &event : events) {
            mValue = event.type == etcd::Event::Type::Put ? event.kv.value : QByteArray();
            emit valueChanged(mValue);
        }
    });
    connect(mWatch, &EtcdWatch::compacted, this, [this](qint64) { read(); });
    connect(mWatch, &EtcdWatch::disconnected, this, [this](const Error &error) {
        emit problem(error.context(QStringLiteral("watching %1").arg(QString::fromUtf8(mKey))));
    });
    connect(mWatch, &EtcdWatch::connected, this, &ConfigWatcher::connected);
    mWatch->start();
}

} // namespace tartan
