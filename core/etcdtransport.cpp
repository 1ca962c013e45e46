#include "etcdtransport.h"

#include "etcdcodec.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>

#include <algorithm>

namespace tartan {

namespace {

const QString kAuthenticatePath = QStringLiteral("/v3/auth/authenticate");

Result<QByteArray> readFile(const QString &what, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("etcd %1 '%2': %3").arg(what, path, file.errorString()));
    return file.readAll();
}

/// The TLS settings for https endpoints. None without https endpoints or TLS files: constructing
/// any QSslConfiguration loads the TLS backend and OpenSSL, which a plain-http client (tartanctl
/// against a lab, say) need not pay for.
Result<std::optional<QSslConfiguration>> loadTls(const EtcdClientOptions &options)
{
    const bool https = std::any_of(options.endpoints.begin(), options.endpoints.end(),
                                   [](const QUrl &url) { return url.scheme() == QLatin1String("https"); });
    if (!https && options.caFile.isEmpty() && options.certFile.isEmpty() && options.keyFile.isEmpty())
        return std::optional<QSslConfiguration>();
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!options.caFile.isEmpty()) {
        auto pem = readFile(QStringLiteral("CA file"), options.caFile);
        if (!pem)
            return pem.error();
        const QList<QSslCertificate> cas = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (cas.isEmpty())
            return Error(QStringLiteral("etcd CA file '%1': no PEM certificate in it").arg(options.caFile));
        ssl.setCaCertificates(cas);
    }
    if (options.certFile.isEmpty() != options.keyFile.isEmpty())
        return Error(QStringLiteral("etcd TLS: a client certificate needs its key and the other way round (certificate '%1', key '%2')")
                         .arg(options.certFile, options.keyFile));
    if (!options.certFile.isEmpty()) {
        auto certPem = readFile(QStringLiteral("certificate file"), options.certFile);
        if (!certPem)
            return certPem.error();
        const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
        if (chain.isEmpty())
            return Error(QStringLiteral("etcd certificate file '%1': no PEM certificate in it").arg(options.certFile));
        auto keyPem = readFile(QStringLiteral("key file"), options.keyFile);
        if (!keyPem)
            return keyPem.error();
        // The PEM header does not always say the algorithm (PKCS#8 "PRIVATE KEY"), so try each.
        QSslKey key;
        for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
            key = QSslKey(*keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
            if (!key.isNull())
                break;
        }
        if (key.isNull())
            return Error(QStringLiteral("etcd key file '%1': no unencrypted PEM private key (EC, RSA or DSA) in it").arg(options.keyFile));
        ssl.setLocalCertificateChain(chain);
        ssl.setPrivateKey(key);
    }
    return std::optional<QSslConfiguration>(std::move(ssl));
}

/// Unavailable (gRPC 14) messages that guarantee the request never went through raft.
bool neverApplied(const QString &message)
{
    return message.contains(QLatin1String("no leader")) || message.contains(QLatin1String("server stopped"))
           || message.contains(QLatin1String("not capable"));
}

constexpr int kGrpcDeadlineExceeded = 4;
constexpr int kGrpcUnavailable = 14;
constexpr int kGrpcUnauthenticated = 16;

} // namespace

struct EtcdTransport::Call
{
    QString path;
    QByteArray body;
    Idempotency idempotency = Idempotency::Idempotent;
    bool authenticates = false; // the authenticate call itself: no token, no re-authentication
    // By value: a range answer's JSON can be megabytes, and it is moved, never copied, to the caller.
    std::function<void(Result<Reply>, const Failure &)> done;
    int attempts = 0;
    int delayedRetries = 0;
    bool reauthenticated = false;
    QList<int> tried;
};

Result<std::unique_ptr<EtcdTransport>> EtcdTransport::create(EtcdClientOptions options)
{
    if (options.endpoints.isEmpty())
        return Error(QStringLiteral("etcd: no endpoints given"));
    for (const QUrl &url : std::as_const(options.endpoints)) {
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return Error(QStringLiteral("etcd endpoint '%1': expected http://host:port or https://host:port").arg(url.toString()));
    }
    if (options.maxAttempts < 1)
        options.maxAttempts = 1;
    auto ssl = loadTls(options);
    if (!ssl)
        return ssl.error();
    return std::unique_ptr<EtcdTransport>(new EtcdTransport(std::move(options), std::move(ssl).value()));
}

EtcdTransport::EtcdTransport(EtcdClientOptions options, std::optional<QSslConfiguration> ssl)
    : mOptions(std::move(options)), mSsl(std::move(ssl)), mNam(new QNetworkAccessManager(this))
{
    if (mOptions.username.isEmpty())
        mTokenState = TokenState::NotNeeded;
}

EtcdTransport::~EtcdTransport() = default;

QString EtcdTransport::endpointName(const QUrl &endpoint)
{
    return endpoint.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

Error EtcdTransport::describe(const QUrl &endpoint, const QString &path, const QString &cause)
{
    return Error(QStringLiteral("etcd %1 %2: %3").arg(endpointName(endpoint), path, cause));
}

std::chrono::milliseconds EtcdTransport::backoff(int n) const
{
    auto delay = mOptions.backoffMin;
    for (int i = 0; i < n && delay < mOptions.backoffMax; ++i)
        delay *= 2;
    return std::min(delay, mOptions.backoffMax);
}

void EtcdTransport::endpointFailed(int index)
{
    if (mPreferred == index && !mOptions.endpoints.isEmpty())
        mPreferred = (index + 1) % int(mOptions.endpoints.size());
}

void EtcdTransport::endpointSucceeded(int index)
{
    mPreferred = index;
}

QNetworkRequest EtcdTransport::request(int index, const QString &path, QByteArray *tokenUsed) const
{
    QUrl url = mOptions.endpoints.value(index);
    url.setPath(path);
    url.setQuery(QString());
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // HTTP/1.1 keeps every watch stream on a connection of its own: losing one never stalls others.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (mSsl && url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(*mSsl);
    if (mTokenState == TokenState::Valid && path != kAuthenticatePath)
        request.setRawHeader(QByteArrayLiteral("Authorization"), mToken);
    if (tokenUsed)
        *tokenUsed = mTokenState == TokenState::Valid ? mToken : QByteArray();
    return request;
}

bool EtcdTransport::isAuthError(int grpcCode, const QString &message) const
{
    if (mOptions.username.isEmpty())
        return false;
    return grpcCode == kGrpcUnauthenticated || message.contains(QLatin1String("invalid auth token"))
           || message.contains(QLatin1String("user name is empty"))
           || message.contains(QLatin1String("revision of auth store is old"));
}

void EtcdTransport::invalidateToken(const QByteArray &token)
{
    if (mOptions.username.isEmpty())
        return;
    // Only the token that failed: a concurrent re-authentication may already have replaced it.
    if (mTokenState == TokenState::NotNeeded || (mTokenState == TokenState::Valid && mToken == token)) {
        mTokenState = TokenState::Unknown;
        mToken.clear();
    }
}

void EtcdTransport::withToken(std::function<void(const std::optional<Failure> &)> ready)
{
    if (mTokenState != TokenState::Unknown) {
        ready(std::nullopt);
        return;
    }
    mTokenWaiters.append(std::move(ready));
    if (!mAuthenticating)
        authenticate();
}

void EtcdTransport::authenticate()
{
    mAuthenticating = true;
    auto call = std::make_shared<Call>();
    call->path = kAuthenticatePath;
    call->body = etcd::codec::serialize({{"name", mOptions.username.toStdString()}, {"password", mOptions.password.toStdString()}});
    call->authenticates = true;
    call->done = [this](Result<Reply> reply, const Failure &failure) {
        mAuthenticating = false;
        std::optional<Failure> result;
        if (reply) {
            const json::Json *token = reply->body.is_object() && reply->body.contains("token") ? &reply->body["token"] : nullptr;
            if (token && token->is_string() && !token->get_ref<const std::string &>().empty()) {
                mToken = QByteArray::fromStdString(token->get<std::string>());
                mTokenState = TokenState::Valid;
            } else {
                result = Failure{reply->endpoint, QStringLiteral("cannot authenticate as '%1': no token in the answer").arg(mOptions.username)};
            }
        } else if (failure.cause.contains(QLatin1String("authentication is not enabled"))) {
            // As etcd's Go client: credentials for a cluster without authentication are no error.
            mTokenState = TokenState::NotNeeded;
        } else {
            result = Failure{failure.endpoint, QStringLiteral("cannot authenticate as '%1': %2").arg(mOptions.username, failure.cause)};
        }
        const auto waiters = std::exchange(mTokenWaiters, {});
        for (const auto &waiter : waiters)
            waiter(result);
    };
    dispatch(call);
}

void EtcdTransport::post(const QString &path, const json::Json &body, Idempotency idempotency, Done done)
{
    auto call = std::make_shared<Call>();
    call->path = path;
    call->body = etcd::codec::serialize(body);
    call->idempotency = idempotency;
    call->done = [path, done = std::move(done)](Result<Reply> reply, const Failure &failure) {
        if (reply)
            return done(std::move(reply));
        done(describe(failure.endpoint, path, failure.cause));
    };
    // Never call back from inside post(): callers may still be setting up around the call.
    QTimer::singleShot(0, this, [this, call] { dispatch(call); });
}

void EtcdTransport::dispatch(const std::shared_ptr<Call> &call)
{
    if (call->authenticates || mTokenState != TokenState::Unknown) {
        send(call);
        return;
    }
    withToken([this, call](const std::optional<Failure> &failure) {
        if (failure)
            call->done(Error(failure->cause), *failure);
        else
            send(call);
    });
}

void EtcdTransport::send(const std::shared_ptr<Call> &call)
{
    const int index = mPreferred;
    ++call->attempts;
    if (!call->tried.contains(index))
        call->tried.append(index);
    QByteArray token;
    const QNetworkRequest request = this->request(index, call->path, &token);
    QNetworkReply *reply = mNam->post(request, call->body);
    auto timedOut = std::make_shared<bool>(false);
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(mOptions.requestTimeout);
    connect(reply, &QNetworkReply::finished, this, [this, call, index, token, reply, timer, timedOut] {
        // Exactly once: neither the timer nor a late abort() may report this reply again.
        timer->stop();
        reply->disconnect(this);
        reply->deleteLater();
        finished(call, index, token, reply, *timedOut);
    });
}

EtcdTransport::Attempt EtcdTransport::classify(QNetworkReply *reply, bool timedOut) const
{
    Attempt attempt;
    if (timedOut) {
        attempt.outcome = Outcome::Ambiguous;
        attempt.cause = QStringLiteral("no answer within %1 ms").arg(mOptions.requestTimeout.count());
        return attempt;
    }
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            attempt.outcome = Outcome::NotApplied;
            attempt.cause = QStringLiteral("connection refused");
            break;
        case QNetworkReply::HostNotFoundError:
            attempt.outcome = Outcome::NotApplied;
            attempt.cause = QStringLiteral("host not found");
            break;
        case QNetworkReply::SslHandshakeFailedError:
            attempt.outcome = Outcome::NotApplied;
            attempt.cause = QStringLiteral("TLS handshake failed: %1").arg(reply->errorString());
            break;
        case QNetworkReply::RemoteHostClosedError:
            attempt.outcome = Outcome::Ambiguous;
            attempt.cause = QStringLiteral("connection closed by the server");
            break;
        default:
            attempt.outcome = Outcome::Ambiguous;
            attempt.cause = reply->errorString();
            // With TLS 1.3 a rejected client certificate surfaces after the handshake, as a read error.
            if (reply->url().scheme() == QLatin1String("https") && attempt.cause.contains(QLatin1String("SSL")))
                attempt.cause = QStringLiteral("TLS error: %1").arg(attempt.cause);
            break;
        }
        return attempt;
    }
    const int httpStatus = status.toInt();
    const QByteArray data = reply->readAll();
    auto body = json::parse(data, QStringLiteral("answer"));
    if (httpStatus == 200) {
        if (!body) {
            attempt.outcome = Outcome::Final;
            attempt.cause = body.error().message();
            return attempt;
        }
        attempt.outcome = Outcome::Success;
        attempt.body = std::move(body).value();
        return attempt;
    }
    int code = -1;
    const QString message = body ? etcd::codec::errorMessage(*body, &code) : QString();
    if (message.isEmpty()) {
        // Not etcd's JSON error: a proxy, a path this etcd lacks, or not etcd at all.
        attempt.outcome = httpStatus >= 500 ? Outcome::Ambiguous : Outcome::Final;
        attempt.cause = QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        const QByteArray text = data.trimmed().left(200);
        if (!text.isEmpty())
            attempt.cause += QStringLiteral(": ") + QString::fromUtf8(text);
        return attempt;
    }
    attempt.cause = message;
    if (isAuthError(code, message))
        attempt.outcome = Outcome::Auth;
    else if (code == kGrpcUnavailable)
        attempt.outcome = neverApplied(message) ? Outcome::NotApplied : Outcome::Ambiguous;
    else if (code == kGrpcDeadlineExceeded)
        attempt.outcome = Outcome::Ambiguous;
    else
        attempt.outcome = Outcome::Final;
    return attempt;
}

void EtcdTransport::finished(const std::shared_ptr<Call> &call, int index, const QByteArray &token, QNetworkReply *reply, bool timedOut)
{
    Attempt attempt = classify(reply, timedOut);
    const QUrl url = mOptions.endpoints.value(index);
    switch (attempt.outcome) {
    case Outcome::Success:
        endpointSucceeded(index);
        call->done(Reply{std::move(attempt.body), url}, Failure{});
        return;
    case Outcome::Auth:
        if (!call->authenticates && !call->reauthenticated) {
            // etcd only accepts a token it issued and has not expired; a fresh one is worth one resend.
            call->reauthenticated = true;
            invalidateToken(token);
            dispatch(call);
            return;
        }
        break;
    case Outcome::NotApplied:
    case Outcome::Ambiguous: {
        endpointFailed(index);
        const bool retry = attempt.outcome == Outcome::NotApplied || call->idempotency == Idempotency::Idempotent;
        if (retry && call->attempts < mOptions.maxAttempts) {
            // A fresh endpoint is tried at once; going round again waits, so a dead cluster is not hammered.
            const bool fresh = !call->tried.contains(mPreferred);
            const auto delay = fresh ? std::chrono::milliseconds(0) : backoff(call->delayedRetries++);
            QTimer::singleShot(delay, this, [this, call] { dispatch(call); });
            return;
        }
        if (call->attempts > 1)
            attempt.cause += QStringLiteral(" (after %1 attempts)").arg(call->attempts);
        break;
    }
    case Outcome::Final:
        break;
    }
    call->done(Error(attempt.cause), Failure{url, attempt.cause});
}

} // namespace tartan
