#include "agentclient.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace tartan {

namespace {

constexpr int kBodyQuote = 200; // how much of an error body goes into the message

QString normalized(const QString &endpoint)
{
    QString text = endpoint.trimmed();
    while (text.endsWith(u'/'))
        text.chop(1);
    return text;
}

} // namespace

AgentClient::AgentClient(std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent), mTimeout(timeout), mNam(new QNetworkAccessManager(this))
{
    // Agents are on the node or behind a forward made for them: a proxy from the environment
    // (http_proxy) would only get in the way, and could not reach a lab's loopback relay anyway.
    mNam->setProxy(QNetworkProxy::NoProxy);
}

AgentClient::~AgentClient() = default;

void AgentClient::setEndpointMap(const QHash<QString, QString> &map)
{
    mEndpointMap.clear();
    for (auto it = map.begin(); it != map.end(); ++it)
        mEndpointMap.insert(normalized(it.key()), normalized(it.value()));
}

QString AgentClient::effectiveEndpoint(const QString &endpoint) const
{
    const QString key = normalized(endpoint);
    return mEndpointMap.value(key, key);
}

void AgentClient::send(const QString &endpoint, const QString &path, bool post, const QObject *context, BodyCallback done)
{
    const QString base = effectiveEndpoint(endpoint);
    const QString target = base + path;
    const QString name = base == normalized(endpoint) ? QStringLiteral("agent %1").arg(target)
                                                      : QStringLiteral("agent %1 (for %2)").arg(target, normalized(endpoint));
    const QUrl url(target);
    if (endpoint.trimmed().isEmpty()) {
        QTimer::singleShot(0, context, [done] { done(Error(QStringLiteral("the agent publishes no report endpoint"))); });
        return;
    }
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()) {
        QTimer::singleShot(0, context, [done, name] { done(Error(name + QStringLiteral(": not an http(s) URL"))); });
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(int(mTimeout.count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = post ? mNam->post(request, QByteArray()) : mNam->get(request);
    const qint64 timeout = mTimeout.count();
    connect(reply, &QNetworkReply::finished, this, [reply] { reply->deleteLater(); });
    connect(reply, &QNetworkReply::finished, context, [reply, done, name, timeout] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError) {
            done(Error(QStringLiteral("%1: no answer within %2 ms").arg(name).arg(timeout)));
        } else if (status == 0 && reply->error() != QNetworkReply::NoError) {
            done(Error(QStringLiteral("%1: %2").arg(name, reply->errorString())));
        } else if (status < 200 || status > 299) {
            done(Error(QStringLiteral("%1: HTTP %2 %3").arg(name).arg(status).arg(QString::fromUtf8(body.left(kBodyQuote)).trimmed())));
        } else {
            done(body);
        }
    });
}

void AgentClient::fetchReport(const QString &endpoint, const QObject *context, Callback<NodeReport> done)
{
    const QString name = QStringLiteral("agent %1/v1/report").arg(effectiveEndpoint(endpoint));
    send(endpoint, QStringLiteral("/v1/report"), false, context, [done, name](Result<QByteArray> body) {
        if (!body)
            return done(body.error());
        auto report = decodeNodeReport(*body);
        if (!report)
            return done(report.error().context(name));
        done(std::move(report).value());
    });
}

void AgentClient::fetchSummary(const QString &endpoint, const QObject *context, Callback<NodeSummary> done)
{
    const QString name = QStringLiteral("agent %1/v1/summary").arg(effectiveEndpoint(endpoint));
    send(endpoint, QStringLiteral("/v1/summary"), false, context, [done, name](Result<QByteArray> body) {
        if (!body)
            return done(body.error());
        auto summary = decodeNodeSummary(*body);
        if (!summary)
            return done(summary.error().context(name));
        done(std::move(summary).value());
    });
}

void AgentClient::requestRepair(const QString &endpoint, const QObject *context, Callback<void> done)
{
    send(endpoint, QStringLiteral("/v1/reconcile"), true, context, [done](Result<QByteArray> body) {
        if (!body)
            return done(body.error());
        done(Status());
    });
}

} // namespace tartan
