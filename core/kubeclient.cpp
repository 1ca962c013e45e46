#include "kubeclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrlQuery>

namespace tartan {

namespace {

/// The reason a failed reply gives: the Status object's message when the server sent one.
QString failureText(QNetworkReply *reply, const QByteArray &body)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return reply->errorString();
    QString text = QStringLiteral("HTTP %1 %2").arg(status).arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    if (auto parsed = json::parse(body, QStringLiteral("status")); parsed && parsed->is_object()) {
        if (const auto message = parsed->find("message"); message != parsed->end() && message->is_string())
            text += QStringLiteral(": ") + json::toQString(message->get<std::string>());
    }
    return text;
}

QString describe(const QByteArray &verb, const QUrl &url)
{
    return QStringLiteral("kube %1 %2").arg(QString::fromLatin1(verb), url.toString(QUrl::RemoveQuery));
}

} // namespace

Result<std::unique_ptr<KubeClient>> KubeClient::create(const KubeClientOptions &options)
{
    const QString where = QStringLiteral("kube client for %1").arg(options.server.toString());
    if (!options.server.isValid() || options.server.host().isEmpty())
        return Error(QStringLiteral("kube client: server '%1' is not a URL").arg(options.server.toString()));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(options.insecureSkipTlsVerify ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    if (!options.caPem.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromData(options.caPem, QSsl::Pem);
        if (cas.isEmpty())
            return Error(QStringLiteral("%1: the certificate authority holds no PEM certificate").arg(where));
        ssl.setCaCertificates(cas);
    }
    if (!options.clientCertPem.isEmpty()) {
        const QList<QSslCertificate> chain = QSslCertificate::fromData(options.clientCertPem, QSsl::Pem);
        if (chain.isEmpty())
            return Error(QStringLiteral("%1: the client certificate holds no PEM certificate").arg(where));
        QSslKey key;
        for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
            key = QSslKey(options.clientKeyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
            if (!key.isNull())
                break;
        }
        if (key.isNull())
            return Error(QStringLiteral("%1: the client key is not a PEM private key").arg(where));
        ssl.setLocalCertificateChain(chain);
        ssl.setPrivateKey(key);
    }
    return std::unique_ptr<KubeClient>(new KubeClient(options, ssl));
}

KubeClient::KubeClient(KubeClientOptions options, QSslConfiguration ssl)
    : mOptions(std::move(options)), mSsl(ssl), mNam(new QNetworkAccessManager(this))
{
}

KubeClient::~KubeClient() = default;

QNetworkReply *KubeClient::send(const QByteArray &verb, const QString &path, const QByteArray &body, bool stream)
{
    QUrl url = mOptions.server;
    const qsizetype query = path.indexOf(u'?');
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest request(url);
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(mSsl);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "tartan");
    if (!mOptions.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + mOptions.bearerToken);
    if (verb == "PATCH")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/strategic-merge-patch+json"));
    else if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // A watch is silent between events, but the server ends it after timeoutSeconds: a stream
    // that stays silent well beyond that is a dead connection, not a quiet cluster.
    request.setTransferTimeout(stream ? static_cast<int>(mOptions.watchTimeout.count() * 1000 + 30000)
                                      : static_cast<int>(mOptions.requestTimeout.count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = body.isEmpty() && verb == "GET" ? mNam->get(request) : mNam->sendCustomRequest(request, verb, body);
    if (mOptions.insecureSkipTlsVerify)
        reply->ignoreSslErrors();
    return reply;
}

void KubeClient::call(const QByteArray &verb, const QString &path, const QByteArray &body, const QObject *context, Callback<json::Json> done)
{
    QNetworkReply *reply = send(verb, path, body, false);
    const QPointer<const QObject> guard(context);
    const bool guarded = context != nullptr;
    connect(reply, &QNetworkReply::finished, this, [reply, verb, guard, guarded, done = std::move(done)] {
        reply->deleteLater();
        if (guarded && !guard)
            return;
        const QString what = describe(verb, reply->url());
        const QByteArray answer = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300)
            return done(KubeError{status, what + QStringLiteral(": ") + failureText(reply, answer)});
        auto parsed = json::parse(answer, what + QStringLiteral(": answer"));
        if (!parsed)
            return done(KubeError{status, parsed.error().message()});
        done(std::move(parsed).value());
    });
}

void KubeClient::getNode(const QString &name, const QObject *context, Callback<json::Json> done)
{
    call("GET", QStringLiteral("/api/v1/nodes/") + QString::fromLatin1(QUrl::toPercentEncoding(name)), {}, context, std::move(done));
}

void KubeClient::listNodes(const QObject *context, Callback<json::Json> done)
{
    call("GET", QStringLiteral("/api/v1/nodes"), {}, context, std::move(done));
}

void KubeClient::getPod(const QString &nameSpace, const QString &name, const QObject *context, Callback<json::Json> done)
{
    call("GET", QStringLiteral("/api/v1/namespaces/%1/pods/%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(nameSpace)),
                                                                    QString::fromLatin1(QUrl::toPercentEncoding(name))),
         {}, context, std::move(done));
}

namespace {

QString configMapPath(const QString &nameSpace, const QString &name)
{
    return QStringLiteral("/api/v1/namespaces/%1/configmaps/%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(nameSpace)),
                                                                      QString::fromLatin1(QUrl::toPercentEncoding(name)));
}

} // namespace

void KubeClient::getConfigMap(const QString &nameSpace, const QString &name, const QObject *context, Callback<json::Json> done)
{
    call("GET", configMapPath(nameSpace, name), {}, context, std::move(done));
}

void KubeClient::replaceConfigMap(const QString &nameSpace, const QString &name, const json::Json &body, const QObject *context,
                                  Callback<json::Json> done)
{
    call("PUT", configMapPath(nameSpace, name), json::dump(body), context, std::move(done));
}

void KubeClient::patchNode(const QString &name, const json::Json &patch, bool status, const QObject *context, Callback<json::Json> done)
{
    QString path = QStringLiteral("/api/v1/nodes/") + QString::fromLatin1(QUrl::toPercentEncoding(name));
    if (status)
        path += QStringLiteral("/status");
    call("PATCH", path, json::dump(patch), context, std::move(done));
}

KubeWatchStream *KubeClient::watchNodes(const QString &resourceVersion, QObject *parent)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("resourceVersion"), resourceVersion);
    query.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(mOptions.watchTimeout.count()));
    QNetworkReply *reply = send("GET", QStringLiteral("/api/v1/nodes?") + query.toString(QUrl::FullyEncoded), {}, true);
    return new KubeWatchStream(reply, describe("GET", reply->url()) + QStringLiteral(" (watch)"), parent);
}

Result<KubeWatchEvent, KubeError> decodeKubeWatchLine(const QByteArray &line, const QString &what)
{
    auto parsed = json::parse(line, what + QStringLiteral(": event"));
    if (!parsed)
        return KubeError{0, parsed.error().message()};
    if (!parsed->is_object() || !parsed->contains("type") || !(*parsed)["type"].is_string())
        return KubeError{0, what + QStringLiteral(": an event without a type")};
    KubeWatchEvent event{json::toQString((*parsed)["type"].get<std::string>()), parsed->value("object", json::Json())};
    if (event.type == QLatin1String("ERROR")) {
        // A Status object: 410 when the resource version is older than the server keeps.
        const json::Json &object = event.object;
        const int code = object.is_object() && object.contains("code") && object["code"].is_number_integer() ? object["code"].get<int>() : 0;
        const QString message = object.is_object() && object.contains("message") && object["message"].is_string()
            ? json::toQString(object["message"].get<std::string>()) : QStringLiteral("error event");
        return KubeError{code, QStringLiteral("%1: %2 (code %3)").arg(what, message).arg(code)};
    }
    return event;
}

KubeWatchStream::KubeWatchStream(QNetworkReply *reply, QString what, QObject *parent)
    : QObject(parent), mReply(reply), mWhat(std::move(what))
{
    reply->setParent(this);
    connect(reply, &QNetworkReply::readyRead, this, &KubeWatchStream::onReadyRead);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (!mDone && mReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            emit opened();
    });
    connect(reply, &QNetworkReply::finished, this, &KubeWatchStream::onFinished);
}

KubeWatchStream::~KubeWatchStream()
{
    mDone = true;
    if (mReply)
        mReply->abort();
}

void KubeWatchStream::abort()
{
    mDone = true;
    mReply->abort();
}

void KubeWatchStream::onReadyRead()
{
    if (mDone)
        return;
    const int status = mReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // the body is a Status object: onFinished() reports it
    mBuffer += mReply->readAll();
    qsizetype newline;
    while (!mDone && (newline = mBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = mBuffer.left(newline).trimmed();
        mBuffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        auto decoded = decodeKubeWatchLine(line, mWhat);
        if (!decoded) {
            mDone = true;
            mReply->abort();
            emit finished(decoded.error());
            return;
        }
        emit event(decoded->type, decoded->object);
    }
}

void KubeWatchStream::onFinished()
{
    if (mDone)
        return;
    const int status = mReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200 && mReply->error() == QNetworkReply::NoError) {
        onReadyRead(); // the last events may come with the end of the body
        if (mDone)
            return;
        mDone = true;
        emit finished(std::nullopt);
        return;
    }
    mDone = true;
    emit finished(KubeError{status, mWhat + QStringLiteral(": ") + failureText(mReply, mReply->readAll())});
}

} // namespace tartan
