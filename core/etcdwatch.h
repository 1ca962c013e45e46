#pragma once

#include "etcdtypes.h"
#include "etcdwatchstream.h"
#include "result.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace tartan {

class EtcdTransport;

/// One etcd watch (a key or a range) kept open across disconnects, from EtcdClient::watch().
///
/// The watch is a long-lived POST to /v3/watch whose answer is a stream of JSON objects. Every event
/// of every response is delivered, in revision order, each exactly once: the watch remembers the
/// revision after the last event delivered and, when the stream breaks (endpoint down, etcd
/// restarted, leader lost), reconnects from there, on the client's preferred endpoint, after a
/// back-off that doubles from backoffMin (100 ms) to backoffMax (5 s) and starts over once a stream
/// is established. Empty progress responses move the resume revision forward without an event.
///
/// A stream can also go silent without closing: a proxy or NAT that stops forwarding, a half-open
/// TCP connection, or Qt's own HTTP reader (Qt 6.4), which misses the end of a connection that
/// closes inside a chunk-size line: its chunk parser peeks past the last byte, the unbuffered socket
/// meets the end of stream inside that peek and turns unconnected without emitting a signal, so the
/// reply neither finishes nor fails. The stream cannot tell such silence from a quiet range, and the
/// JSON gateway cannot carry etcd's progress requests on an HTTP/1.1 body that Qt has already sent;
/// etcd's own progress notifications come only every 10 minutes by default. So after
/// EtcdClientOptions::watchIdleProbe without a byte, the watch asks etcd through a unary read whether
/// the watched keys changed since nextRevision() (etcd::WatchProbe): if they did, the stream is dead
/// and the watch reconnects from nextRevision(), as after any break; if not, nextRevision() moves to
/// the probe's revision, as with a progress notification (so a quiet watch does not fall behind a
/// compaction). Events with no net effect in between (a key created and deleted again while the
/// stream was silent) may then go undelivered: the range holds what the caller already knows.
///
/// When etcd has compacted the revision the watch needs, the watch stops and emits compacted(): the
/// caller re-lists (a range at the current revision) and calls restartFrom(listRevision + 1).
///
/// Threading: the thread of the client that made it. Slots connected to its signals may call
/// stop(), start() or restartFrom(), but must delete the watch only with deleteLater().
/// Each watch has its own HTTP connection, so it never takes a connection from unary requests.
class EtcdWatch : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Stopped,    ///< not started, or stop()ped
        Connecting, ///< stream requested, not yet confirmed by etcd
        Watching,   ///< etcd confirmed the watch; events flow
        Waiting,    ///< the stream broke; reconnecting after the back-off
        Compacted,  ///< stopped because etcd no longer has nextRevision(); see compacted()
    };
    Q_ENUM(State)

    ~EtcdWatch() override;

    const etcd::WatchOptions &options() const { return mOptions; }
    State state() const { return mState; }
    /// The first revision not delivered yet: where a reconnect resumes. 0 for a watch started "from
    /// now" until etcd has confirmed it.
    qint64 nextRevision() const { return mNextRevision; }
    /// The endpoint of the current (or last) stream.
    QUrl endpoint() const;

    /// Opens the stream from nextRevision() (the options' startRevision at first). No-op while running.
    void start();
    /// Closes the stream; start() resumes where it stopped.
    void stop();
    /// Resumes from `revision` (after compacted(): the revision of the re-list + 1).
    void restartFrom(qint64 revision);

signals:
    /// Every event of one watch response, in order; none repeats one delivered before. `revision`
    /// is the response header's store revision.
    void eventsReceived(const QList<tartan::etcd::Event> &events, qint64 revision);
    /// etcd compacted history past nextRevision(); the watch has stopped. `compactRevision` is the
    /// compaction's revision: a re-list must read at or after it.
    void compacted(qint64 compactRevision);
    /// A stream is established (again) at `endpoint`.
    void connected(const QUrl &endpoint);
    /// The stream broke or could not be opened; the watch reconnects by itself. For status display:
    /// nothing is lost.
    void disconnected(const tartan::Error &error);

private:
    friend class EtcdClient;
    EtcdWatch(EtcdTransport *transport, const etcd::WatchOptions &options, QObject *parent);

    void connectStream();
    void openStream();
    void readStream();
    void streamFinished();
    void handle(const etcd::WatchResponse &response);
    void fail(const QString &cause, bool endpointAtFault);
    void restartIdleTimer();
    void probe();
    void probeAnswered(const Result<etcd::TxnResponse> &answer, qint64 probedRevision);
    void closeStream();

    QPointer<EtcdTransport> mTransport;
    etcd::WatchOptions mOptions;
    QNetworkAccessManager *mNam;
    QNetworkReply *mReply = nullptr;
    EtcdWatchStream mStream;
    QTimer mConnectTimer; // bounds Connecting
    QTimer mRetryTimer;   // the back-off of Waiting
    QTimer mIdleTimer;    // Watching without a byte for watchIdleProbe: probe()
    State mState = State::Stopped;
    int mEndpoint = -1;
    QByteArray mToken;        // the token the current stream carries
    qint64 mNextRevision = 0;
    qint64 mWatchId = 0;
    int mFailures = 0;        // consecutive, for the back-off
    quint64 mGeneration = 0;  // bumped by stop(): late callbacks of an earlier run are ignored
};

} // namespace tartan
