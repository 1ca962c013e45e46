#pragma once

#include "etcdclient.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace tartan {

class EtcdWatch;

/// The value of one key (the network config, <prefix>/config), kept current: reads it, then
/// follows a watch on it from the read's revision + 1, so no write between the read and the watch
/// is missed. When etcd has compacted the revision the watch needs, it reads again and resumes.
/// A deleted (or never written) key reads as an empty value.
///
/// Threading: the client's thread. The client must outlive the watcher.
class ConfigWatcher : public QObject
{
    Q_OBJECT
public:
    ConfigWatcher(EtcdClient *client, QByteArray key, QObject *parent = nullptr);
    ~ConfigWatcher() override;

    /// Reads and starts watching; retries the read with back-off while etcd is unreachable.
    void start();
    void stop();

    const QByteArray &key() const { return mKey; }
    bool hasValue() const { return mHasValue; }
    /// The value as last read or watched; empty when the key does not exist.
    const QByteArray &value() const { return mValue; }

signals:
    /// After every read (also when the value is the same as before) and every watched write.
    void valueChanged(const QByteArray &value);
    /// The key could not be read or the watch broke; the watcher keeps trying. For status display.
    void problem(const tartan::Error &error);
    /// A read succeeded or the watch stream is up (again).
    void connected();

private:
    void read();
    void startWatch(qint64 fromRevision);

    EtcdClient *mClient;
    QByteArray mKey;
    QPointer<EtcdWatch> mWatch;
    QTimer mRetryTimer;
    int mReadFailures = 0;
    bool mRunning = false;
    bool mHasValue = false;
    QByteArray mValue;
};

} // namespace tartan
