#pragma once

#include "ipaddress.h"
#include "result.h"

#include <QObject>

#include <memory>

class QHttpServer;

namespace tartan {

/// flanneld's health endpoint (--healthz-ip/--healthz-port): GET /healthz answers 200 while the
/// agent runs; GET /readyz answers 503 until the rules are set and subnet.env is written, then 200
/// (upstream HEAD's semantics).
class HealthServer : public QObject
{
    Q_OBJECT
public:
    explicit HealthServer(QObject *parent = nullptr);
    ~HealthServer() override;

    /// Listens on `address`:`port`; the error names the address.
    Status listen(const IpAddress &address, int port);
    void setReady(bool ready) { mReady = ready; }

private:
    std::unique_ptr<QHttpServer> mServer;
    bool mReady = false;
};

} // namespace tartan
