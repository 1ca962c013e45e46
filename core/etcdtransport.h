#pragma once

#include "etcdclientoptions.h"
#include "json.h"

#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace tartan {

/// The HTTP side of EtcdClient: POSTs JSON to etcd's v3 gateway with endpoint fail-over, a time
/// limit per attempt, retries with back-off, TLS and token authentication. EtcdClient turns its
/// JSON into typed results; EtcdWatch borrows its endpoint choice, requests and token.
///
/// Threading: lives on the thread that created it and must only be used there; callbacks run on
/// that thread, always after post() has returned.
///
/// Retry rules. A failure is one of:
/// - not applied: etcd cannot have acted on the request (connection refused, TLS handshake failed,
///   "etcdserver: no leader"): retried for every request, on the next endpoint;
/// - ambiguous: the request may have been applied (time-out, connection dropped, "request timed
///   out"): retried only for idempotent requests;
/// - authentication (invalid or expired token): the client re-authenticates once and resends;
/// - final (anything else etcd answers: compacted revision, lease not found, ...): returned as is.
/// Transport failures also move the preferred endpoint on to the next one, so later requests start
/// where the last success was. A retry on an endpoint already tried for the same request waits
/// backoffMin, doubling up to backoffMax.
class EtcdTransport : public QObject
{
    Q_OBJECT
public:
    enum class Idempotency { Idempotent, Mutation };

    /// A successful answer: the JSON body and the endpoint that gave it.
    struct Reply
    {
        json::Json body;
        QUrl endpoint;
    };
    using Done = std::function<void(Result<Reply>)>;

    /// Where and why an attempt failed; formatted by describe() into "etcd <endpoint> <path>: <cause>".
    struct Failure
    {
        QUrl endpoint;
        QString cause;
    };

    /// Checks `options` (endpoints given and http(s), TLS files readable, certificate and key
    /// together) and loads the TLS material.
    static Result<std::unique_ptr<EtcdTransport>> create(EtcdClientOptions options);
    ~EtcdTransport() override;

    /// POSTs `body` to `path` ("/v3/kv/range"). `done` gets the JSON body of a 200 answer, or an
    /// Error "etcd <endpoint> <path>: <cause>" naming the last endpoint tried.
    void post(const QString &path, const json::Json &body, Idempotency idempotency, Done done);

    const EtcdClientOptions &options() const { return mOptions; }
    /// The endpoint that requests and watches use first.
    int preferredEndpoint() const { return mPreferred; }
    QUrl endpoint(int index) const { return mOptions.endpoints.value(index); }
    int endpointCount() const { return int(mOptions.endpoints.size()); }
    /// A transport failure at `index`: move the preferred endpoint past it.
    void endpointFailed(int index);
    /// `index` answered: keep using it.
    void endpointSucceeded(int index);

    /// The request for `path` at endpoint `index`: JSON content type, TLS settings, and the current
    /// token (if any) in the Authorization header; returns the token it used.
    QNetworkRequest request(int index, const QString &path, QByteArray *tokenUsed = nullptr) const;

    /// Runs `ready` once requests can carry a valid token: at once (synchronously) when
    /// authentication is off or a token is known; otherwise after authenticating, with the Failure
    /// if that did not work.
    void withToken(std::function<void(const std::optional<Failure> &)> ready);
    /// etcd rejected `token`: forget it (unless a newer one has replaced it already).
    void invalidateToken(const QByteArray &token);
    /// Whether an etcd error means "authenticate again" (and credentials exist to do so).
    bool isAuthError(int grpcCode, const QString &message) const;

    /// Back-off before the n-th (0-based) delayed retry.
    std::chrono::milliseconds backoff(int n) const;

    /// How one HTTP exchange ended, in the terms of the retry rules above.
    enum class Outcome { Success, NotApplied, Ambiguous, Auth, Final };
    struct Attempt
    {
        Outcome outcome = Outcome::Final;
        QString cause;   ///< for failures: "connection refused", etcd's message, ...
        json::Json body; ///< for Success: the parsed body
    };
    /// Reads a finished reply (all of its body); `timedOut` when the caller aborted it for time.
    Attempt classify(QNetworkReply *reply, bool timedOut) const;

    static Error describe(const QUrl &endpoint, const QString &path, const QString &cause);
    /// "http://127.0.0.1:2379": the endpoint as errors name it.
    static QString endpointName(const QUrl &endpoint);

private:
    struct Call;

    EtcdTransport(EtcdClientOptions options, std::optional<QSslConfiguration> ssl);
    void dispatch(const std::shared_ptr<Call> &call);
    void send(const std::shared_ptr<Call> &call);
    void finished(const std::shared_ptr<Call> &call, int index, const QByteArray &token, QNetworkReply *reply, bool timedOut);
    void authenticate();

    EtcdClientOptions mOptions;
    std::optional<QSslConfiguration> mSsl; // none without https endpoints (see loadTls)
    QNetworkAccessManager *mNam;
    int mPreferred = 0;

    enum class TokenState { Unknown, Valid, NotNeeded };
    TokenState mTokenState = TokenState::Unknown;
    QByteArray mToken;
    bool mAuthenticating = false;
    QList<std::function<void(const std::optional<Failure> &)>> mTokenWaiters;
};

} // namespace tartan
