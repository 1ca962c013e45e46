#pragma once

#include "ipaddress.h"
#include "result.h"

#include <QByteArray>
#include <QObject>

#include <functional>
#include <memory>

class QHttpServer;

namespace tartan {

/// The agent's report endpoint (--report-ip/--report-port):
///   GET  /v1/report    the full NodeReport as JSON, read from the kernel for this request;
///   GET  /v1/summary   the NodeSummary as JSON (what the store holds, or will at the next write);
///   GET  /metrics      Prometheus text;
///   POST /v1/reconcile a full check that also restores hand-made changes; answers what it changed.
/// Each answer comes from a handler the agent supplies; a handler's error is a 503 with its message
/// (the agent is not set up yet, the kernel could not be read).
class StatusServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<Result<QByteArray>()>;
    struct Handlers
    {
        Handler report;
        Handler summary;
        Handler metrics;
        Handler reconcile;
    };

    explicit StatusServer(Handlers handlers, QObject *parent = nullptr);
    ~StatusServer() override;

    /// Listens on `address`:`port` (port 0: any free port); the error names the address.
    Status listen(const IpAddress &address, int port);
    /// The port listened on, once listen() succeeded.
    int port() const { return mPort; }

private:
    std::unique_ptr<QHttpServer> mServer;
    Handlers mHandlers;
    int mPort = 0;
};

} // namespace tartan
