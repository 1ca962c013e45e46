#include "statusserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>

namespace tartan {

namespace {

QHttpServerResponse answer(const StatusServer::Handler &handler, const QByteArray &mimeType)
{
    const Result<QByteArray> body = handler();
    if (!body)
        return QHttpServerResponse("text/plain", (body.error().message() + u'\n').toUtf8(),
                                   QHttpServerResponder::StatusCode::ServiceUnavailable);
    return QHttpServerResponse(mimeType, *body);
}

} // namespace

StatusServer::StatusServer(Handlers handlers, QObject *parent)
    : QObject(parent), mServer(std::make_unique<QHttpServer>()), mHandlers(std::move(handlers))
{
    using Method = QHttpServerRequest::Method;
    const QByteArray json = "application/json";
    mServer->route(QStringLiteral("/v1/report"), Method::Get, [this, json] { return answer(mHandlers.report, json); });
    mServer->route(QStringLiteral("/v1/summary"), Method::Get, [this, json] { return answer(mHandlers.summary, json); });
    mServer->route(QStringLiteral("/metrics"), Method::Get,
                   [this] { return answer(mHandlers.metrics, "text/plain; version=0.0.4"); });
    mServer->route(QStringLiteral("/v1/reconcile"), Method::Post, [this, json] { return answer(mHandlers.reconcile, json); });
}

StatusServer::~StatusServer() = default;

Status StatusServer::listen(const IpAddress &address, int port)
{
    const QHostAddress host(address.toString());
    mPort = mServer->listen(host, quint16(port));
    if (mPort == 0)
        return Error(QStringLiteral("report endpoint %1:%2: cannot listen").arg(address.toString()).arg(port));
    return {};
}

} // namespace tartan
