#pragma once

#include "etcdclientoptions.h"
#include "etcdtypes.h"
#include "networkconfig.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tartan {

class EtcdClient;

/// What a successful connection test found (see ConnectionTest).
struct ConnectionReport
{
    QList<QUrl> reached;      ///< the endpoints that answered, in the order given
    QList<Error> unreachable; ///< one error per endpoint that did not, naming it and why
    QByteArray configKey;     ///< <prefix>/config
    QByteArray configText;
    NetworkConfig config;
    qint64 leaseCount = -1;   ///< keys under <prefix>/subnets/; -1 when they could not be counted
};

/// Checks before connecting, for the connect dialog: every endpoint on its own (reachability, TLS,
/// authentication, read permission), then whether a network config exists at <prefix>/config and
/// parses, and how many leases there are. The check succeeds when at least one endpoint answered and
/// the config is good; endpoints that did not answer are listed in the report.
///
/// A failure names precisely what went wrong: the option ("etcd CA file '/x': No such file or
/// directory"), each endpoint and its cause ("etcd http://127.0.0.1:2380 /v3/kv/range: connection
/// refused"), the authentication ("... cannot authenticate as 'root': etcdserver: authentication
/// failed, invalid user ID or password"), or the config ("no network config at
/// /coreos.com/network/config ...").
///
/// Every endpoint is tried once (one attempt, options.requestTimeout), in parallel, so the answer
/// comes within about one time limit. `done` runs exactly once, after run() has returned, unless
/// `context` (when not null) is destroyed first; then the test stops and `done` is dropped.
class ConnectionTest : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(Result<ConnectionReport>)>;

    static void run(const EtcdClientOptions &options, const QString &prefix, const QObject *context, Done done);

private:
    ConnectionTest(EtcdClientOptions options, const QString &prefix, const QObject *context, Done done);
    ~ConnectionTest() override;

    void start();
    void endpointAnswered(int index, Result<etcd::RangeResponse> answer);
    void countLeases(EtcdClient *client);
    Error explain(const Error &error, const QUrl &endpoint) const;
    void finish(Result<ConnectionReport> result);

    EtcdClientOptions mOptions;
    QByteArray mConfigKey;
    QByteArray mSubnetsPrefix;
    QPointer<const QObject> mContext;
    bool mHasContext = false;
    Done mDone;
    std::vector<std::unique_ptr<EtcdClient>> mClients; // one per endpoint
    std::vector<std::optional<Result<etcd::RangeResponse>>> mAnswers;
    int mOutstanding = 0;
    ConnectionReport mReport;
};

} // namespace tartan
