#include "etcdwatch.h"

#include "etcdcodec.h"
#include "etcdtransport.h"
#include "etcdwatchprobe.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace tartan {

namespace {
const QString kWatchPath = QStringLiteral("/v3/watch");
const QString kTxnPath = QStringLiteral("/v3/kv/txn");
}

EtcdWatch::EtcdWatch(EtcdTransport *transport, const etcd::WatchOptions &options, QObject *parent)
    : QObject(parent), mTransport(transport), mOptions(options), mNam(new QNetworkAccessManager(this)),
      mNextRevision(options.startRevision)
{
    mConnectTimer.setSingleShot(true);
    mRetryTimer.setSingleShot(true);
    mIdleTimer.setSingleShot(true);
    connect(&mIdleTimer, &QTimer::timeout, this, &EtcdWatch::probe);
    connect(&mConnectTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("no watch established within %1 ms").arg(mTransport ? mTransport->options().requestTimeout.count() : 0), true);
    });
    connect(&mRetryTimer, &QTimer::timeout, this, &EtcdWatch::connectStream);
}

EtcdWatch::~EtcdWatch()
{
    closeStream();
}

QUrl EtcdWatch::endpoint() const
{
    return mTransport && mEndpoint >= 0 ? mTransport->endpoint(mEndpoint) : QUrl();
}

void EtcdWatch::start()
{
    if (mState == State::Connecting || mState == State::Watching || mState == State::Waiting)
        return;
    mFailures = 0;
    connectStream();
}

void EtcdWatch::stop()
{
    ++mGeneration;
    closeStream();
    mRetryTimer.stop();
    mState = State::Stopped;
}

void EtcdWatch::restartFrom(qint64 revision)
{
    stop();
    mNextRevision = revision;
    start();
}

void EtcdWatch::closeStream()
{
    mConnectTimer.stop();
    mIdleTimer.stop();
    if (!mReply)
        return;
    QNetworkReply *reply = std::exchange(mReply, nullptr);
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void EtcdWatch::connectStream()
{
    if (!mTransport) {
        mState = State::Stopped;
        emit disconnected(Error(QStringLiteral("etcd watch: the client is gone")));
        return;
    }
    mState = State::Connecting;
    const quint64 generation = ++mGeneration;
    QPointer<EtcdWatch> self(this);
    mTransport->withToken([self, generation](const std::optional<EtcdTransport::Failure> &failure) {
        if (!self || self->mGeneration != generation || self->mState != State::Connecting)
            return;
        if (failure) {
            self->mEndpoint = self->mTransport->preferredEndpoint();
            self->fail(failure->cause, false);
            return;
        }
        self->openStream();
    });
}

void EtcdWatch::openStream()
{
    mEndpoint = mTransport->preferredEndpoint();
    QNetworkRequest request = mTransport->request(mEndpoint, kWatchPath, &mToken);
    // etcd's WithRequireLeader: a member cut off from the quorum ends the stream instead of
    // keeping it open and silent, so the watch moves to a member that still sees writes.
    request.setRawHeader(QByteArrayLiteral("Grpc-Metadata-hasleader"), QByteArrayLiteral("true"));
    request.setTransferTimeout(0); // an idle watch is normal
    etcd::WatchOptions options = mOptions;
    options.startRevision = mNextRevision;
    mStream.reset();
    mWatchId = 0;
    mReply = mNam->post(request, etcd::codec::serialize(etcd::codec::encode(options)));
    connect(mReply, &QNetworkReply::readyRead, this, &EtcdWatch::readStream);
    connect(mReply, &QNetworkReply::finished, this, &EtcdWatch::streamFinished);
    mConnectTimer.start(mTransport->options().requestTimeout);
}

void EtcdWatch::readStream()
{
    QNetworkReply *reply = mReply;
    if (!reply)
        return;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() != 200)
        return; // an error body: streamFinished() reads it whole
    restartIdleTimer(); // any byte, even of an unfinished object, shows the stream alive
    auto objects = mStream.feed(reply->readAll());
    if (!objects) {
        fail(objects.error().message(), true);
        return;
    }
    const quint64 generation = mGeneration;
    QPointer<EtcdWatch> self(this);
    for (const QByteArray &text : std::as_const(*objects)) {
        auto parsed = json::parse(text, QStringLiteral("watch response"));
        if (!parsed) {
            fail(parsed.error().message(), true);
            return;
        }
        auto response = etcd::codec::decodeWatchResponse(*parsed);
        if (!response) {
            int code = -1;
            const QString message = etcd::codec::errorMessage(*parsed, &code);
            if (!message.isEmpty() && mTransport && mTransport->isAuthError(code, message)) {
                mTransport->invalidateToken(mToken);
                fail(message, false);
            } else {
                fail(message.isEmpty() ? QStringLiteral("malformed watch response: %1").arg(response.error().message()) : message, true);
            }
            return;
        }
        handle(*response);
        // A slot may have stopped or restarted the watch, or the response ended this stream.
        if (!self || mGeneration != generation || mReply != reply)
            return;
    }
}

void EtcdWatch::handle(const etcd::WatchResponse &response)
{
    if (response.canceled) {
        if (response.compactRevision > 0) {
            closeStream();
            mState = State::Compacted;
            emit compacted(response.compactRevision);
            return;
        }
        const QString reason = response.cancelReason.isEmpty() ? QStringLiteral("watch canceled by the server")
                                                               : QString::fromUtf8(response.cancelReason);
        const bool auth = mTransport && mTransport->isAuthError(-1, reason);
        if (auth)
            mTransport->invalidateToken(mToken);
        fail(reason, !auth);
        return;
    }
    if (response.created) {
        mConnectTimer.stop();
        mState = State::Watching;
        mFailures = 0;
        mWatchId = response.watchId;
        // Started "from now": etcd began at the header revision + 1 (it reads the revision, then
        // registers the watcher from the next one).
        if (mNextRevision == 0)
            mNextRevision = response.header.revision + 1;
        if (mTransport)
            mTransport->endpointSucceeded(mEndpoint);
        restartIdleTimer();
        emit connected(endpoint());
        return;
    }
    if (mState != State::Watching)
        return;
    if (response.events.isEmpty()) {
        // A progress notification for this watch: etcd sends one only once the watcher has caught
        // up, so nothing at or below the header revision is still to come.
        if (response.watchId == mWatchId && response.header.revision >= mNextRevision)
            mNextRevision = response.header.revision + 1;
        return;
    }
    QList<etcd::Event> fresh;
    fresh.reserve(response.events.size());
    for (const etcd::Event &event : response.events) {
        // A resumed stream restarts at nextRevision(); anything older was delivered before.
        if (event.kv.modRevision >= mNextRevision)
            fresh.append(event);
    }
    if (fresh.isEmpty())
        return;
    // Not the header revision: while catching up etcd sends a batch of old revisions with the
    // current header revision, and more events below it may still follow.
    mNextRevision = fresh.constLast().kv.modRevision + 1;
    emit eventsReceived(fresh, response.header.revision);
}

void EtcdWatch::streamFinished()
{
    QNetworkReply *reply = mReply;
    if (!reply || !mTransport)
        return;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() == 200) {
        if (reply->bytesAvailable() > 0) {
            const quint64 generation = mGeneration;
            QPointer<EtcdWatch> self(this);
            readStream();
            if (!self || mGeneration != generation || mReply != reply)
                return;
        }
        if (reply->error() == QNetworkReply::NoError)
            fail(QStringLiteral("stream closed by the server"), true);
        else if (reply->error() == QNetworkReply::RemoteHostClosedError)
            fail(QStringLiteral("connection closed by the server"), true);
        else
            fail(reply->errorString(), true);
        return;
    }
    const EtcdTransport::Attempt attempt = mTransport->classify(reply, false);
    if (attempt.outcome == EtcdTransport::Outcome::Auth) {
        mTransport->invalidateToken(mToken);
        fail(attempt.cause, false);
        return;
    }
    fail(attempt.cause, true);
}

void EtcdWatch::fail(const QString &cause, bool endpointAtFault)
{
    closeStream();
    if (!mTransport) {
        mState = State::Stopped;
        emit disconnected(Error(QStringLiteral("etcd watch: the client is gone")));
        return;
    }
    if (endpointAtFault && mEndpoint >= 0)
        mTransport->endpointFailed(mEndpoint);
    const auto delay = mTransport->backoff(mFailures++);
    mState = State::Waiting;
    ++mGeneration;
    mRetryTimer.start(delay);
    emit disconnected(EtcdTransport::describe(mTransport->endpoint(mEndpoint), kWatchPath,
                                              QStringLiteral("%1; reconnecting in %2 ms").arg(cause).arg(delay.count())));
}

void EtcdWatch::restartIdleTimer()
{
    const auto period = mTransport ? mTransport->options().watchIdleProbe : std::chrono::milliseconds(0);
    if (mState == State::Watching && period.count() > 0)
        mIdleTimer.start(period);
}

void EtcdWatch::probe()
{
    if (!mTransport || mState != State::Watching || mNextRevision < 2)
        return;
    const quint64 generation = mGeneration;
    const qint64 probed = mNextRevision;
    QPointer<EtcdWatch> self(this);
    // Read-only, so safe to retry like a range.
    mTransport->post(kTxnPath, etcd::codec::encode(etcd::WatchProbe::request(mOptions, probed)),
                     EtcdTransport::Idempotency::Idempotent, [self, generation, probed](Result<EtcdTransport::Reply> reply) {
                         // A stream that broke, stopped or restarted meanwhile has moved on without the answer.
                         if (!self || self->mGeneration != generation || self->mState != State::Watching)
                             return;
                         if (!reply)
                             self->probeAnswered(reply.error(), probed);
                         else
                             self->probeAnswered(etcd::codec::decodeTxn(reply->body), probed);
                     });
}

void EtcdWatch::probeAnswered(const Result<etcd::TxnResponse> &answer, qint64 probedRevision)
{
    const qint64 silentMs = mTransport->options().watchIdleProbe.count();
    if (mNextRevision != probedRevision)
        return; // events came meanwhile: the stream is alive (and the idle timer runs again)
    // A probe without an answer: the store did not answer on the unary path either, so the stream's
    // endpoint is most likely gone too. A reconnect costs little and moves on to the next endpoint.
    const auto verdict = answer ? etcd::WatchProbe::judge(*answer) : Result<etcd::WatchProbe::Verdict>(answer.error());
    if (!verdict) {
        fail(QStringLiteral("no byte on the stream for %1 ms, and the probe failed: %2").arg(silentMs).arg(verdict.error().message()), true);
        return;
    }
    if (verdict->changed) {
        fail(QStringLiteral("no byte on the stream for %1 ms while the watched keys changed after revision %2 (stream stalled)")
                 .arg(silentMs)
                 .arg(probedRevision - 1),
             true);
        return;
    }
    // Nothing in the range changed up to the probe's revision: like a progress notification, so that
    // a quiet watch does not fall behind a compaction.
    if (verdict->revision >= mNextRevision)
        mNextRevision = verdict->revision + 1;
    restartIdleTimer();
}

} // namespace tartan
