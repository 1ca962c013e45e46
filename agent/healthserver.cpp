#include "healthserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>

namespace tartan {

HealthServer::HealthServer(QObject *parent) : QObject(parent), mServer(std::make_unique<QHttpServer>())
{
    mServer->route(QStringLiteral("/healthz"), [] { return QHttpServerResponse("text/plain", "ok\n"); });
    mServer->route(QStringLiteral("/readyz"), [this] {
        return mReady ? QHttpServerResponse("text/plain", "ready\n")
                      : QHttpServerResponse("text/plain", "not ready\n", QHttpServerResponder::StatusCode::ServiceUnavailable);
    });
}

HealthServer::~HealthServer() = default;

Status HealthServer::listen(const IpAddress &address, int port)
{
    const QHostAddress host(address.toString());
    if (mServer->listen(host, quint16(port)) == 0)
        return Error(QStringLiteral("health endpoint %1:%2: cannot listen").arg(address.toString()).arg(port));
    return {};
}

} // namespace tartan
