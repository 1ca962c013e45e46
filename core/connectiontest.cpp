#include "connectiontest.h"

#include "etcdclient.h"
#include "storelayout.h"

#include <QStringList>
#include <QTimer>

#include <utility>

namespace tartan {

void ConnectionTest::run(const EtcdClientOptions &options, const QString &prefix, const QObject *context, Done done)
{
    // Owns itself: deleted once it has answered, or when `context` goes away.
    auto *test = new ConnectionTest(options, prefix, context, std::move(done));
    QTimer::singleShot(0, test, &ConnectionTest::start);
}

ConnectionTest::ConnectionTest(EtcdClientOptions options, const QString &prefix, const QObject *context, Done done)
    : mOptions(std::move(options)), mContext(context), mHasContext(context != nullptr), mDone(std::move(done))
{
    const StoreLayout layout(prefix.trimmed().isEmpty() ? QString::fromLatin1(StoreLayout::kDefaultPrefix) : prefix.trimmed());
    mConfigKey = layout.configKey();
    mSubnetsPrefix = layout.subnetsPrefix();
    mReport.configKey = mConfigKey;
    if (context)
        connect(context, &QObject::destroyed, this, &QObject::deleteLater);
}

ConnectionTest::~ConnectionTest() = default;

void ConnectionTest::start()
{
    // The options as a whole first: a TLS file that cannot be read fails every endpoint alike.
    if (auto whole = EtcdClient::create(mOptions); !whole) {
        finish(whole.error());
        return;
    }
    const int count = int(mOptions.endpoints.size());
    mAnswers.resize(count);
    mOutstanding = count;
    for (int i = 0; i < count; ++i) {
        EtcdClientOptions one = mOptions;
        one.endpoints = {mOptions.endpoints[i]};
        // One attempt each: the question is whether this endpoint works, not whether some does.
        one.maxAttempts = 1;
        auto client = EtcdClient::create(one);
        if (!client) {
            mClients.emplace_back();
            QTimer::singleShot(0, this, [this, i, error = client.error()] { endpointAnswered(i, error); });
            continue;
        }
        etcd::RangeRequest request;
        request.key = mConfigKey;
        (*client)->range(request, this, [this, i](Result<etcd::RangeResponse> answer) { endpointAnswered(i, std::move(answer)); });
        mClients.push_back(std::move(client).value());
    }
}

Error ConnectionTest::explain(const Error &error, const QUrl &endpoint) const
{
    const QString message = error.message();
    QString hint;
    if (message.contains(QLatin1String("user name is empty")))
        hint = QStringLiteral("this etcd requires authentication: give a user name and password");
    else if (message.contains(QLatin1String("permission denied")))
        hint = QStringLiteral("user '%1' may not read %2").arg(mOptions.username, QString::fromUtf8(mConfigKey));
    else if (message.contains(QLatin1String("HTTP request to an HTTPS server")))
        hint = QStringLiteral("this endpoint speaks TLS: use https://, or etcds:// in a cluster address");
    else if (message.contains(QLatin1String("wrong version number")) || message.contains(QLatin1String("packet length too long")))
        hint = QStringLiteral("this endpoint does not seem to speak TLS: use http://, or etcd:// in a cluster address");
    // etcd hangs up on the wrong protocol without a word; the scheme is the likely cause.
    else if (message.contains(QLatin1String("connection closed by the server")) && endpoint.scheme() == QLatin1String("https"))
        hint = QStringLiteral("if this endpoint does not speak TLS, use http://, or etcd:// in a cluster address");
    else if (message.contains(QLatin1String("connection closed by the server")))
        hint = QStringLiteral("if this endpoint speaks TLS, use https://, or etcds:// in a cluster address");
    else if ((message.contains(QLatin1String("TLS")) || message.contains(QLatin1String("SSL"))) && mOptions.caFile.isEmpty())
        hint = QStringLiteral("no CA file given: only the system's certificate authorities are trusted");
    return hint.isEmpty() ? error : Error(QStringLiteral("%1 (%2)").arg(message, hint));
}

void ConnectionTest::endpointAnswered(int index, Result<etcd::RangeResponse> answer)
{
    mAnswers[index] = std::move(answer);
    if (--mOutstanding > 0)
        return;

    int first = -1;
    QStringList failures;
    for (int i = 0; i < int(mAnswers.size()); ++i) {
        const Result<etcd::RangeResponse> &result = *mAnswers[i];
        if (result) {
            mReport.reached.append(mOptions.endpoints[i]);
            if (first < 0)
                first = i;
        } else {
            mReport.unreachable.append(explain(result.error(), mOptions.endpoints[i]));
            failures << mReport.unreachable.constLast().message();
        }
    }
    if (first < 0) {
        if (failures.size() == 1)
            finish(Error(failures.constFirst()));
        else
            finish(Error(QStringLiteral("none of the %1 endpoints could be used: %2").arg(failures.size()).arg(failures.join(QStringLiteral("; ")))));
        return;
    }

    const etcd::RangeResponse &response = mAnswers[first]->value();
    const QString key = QString::fromUtf8(mConfigKey);
    if (response.kvs.isEmpty()) {
        finish(Error(QStringLiteral("no network config at %1: etcd answered, but nothing is stored there (check the prefix, "
                                    "or write a config with `tartanctl config set FILE`)")
                         .arg(key)));
        return;
    }
    mReport.configText = response.kvs.constFirst().value;
    auto config = NetworkConfig::parse(mReport.configText);
    if (!config) {
        finish(config.error().context(QStringLiteral("network config at %1").arg(key)));
        return;
    }
    mReport.config = std::move(config).value();
    countLeases(mClients[first].get());
}

void ConnectionTest::countLeases(EtcdClient *client)
{
    etcd::RangeRequest request = etcd::RangeRequest::withPrefix(mSubnetsPrefix);
    request.countOnly = true;
    client->range(request, this, [this](Result<etcd::RangeResponse> answer) {
        // The count is a courtesy: reading leases is what the session does next and reports itself.
        if (answer)
            mReport.leaseCount = answer->count;
        finish(mReport);
    });
}

void ConnectionTest::finish(Result<ConnectionReport> result)
{
    if (!mDone)
        return;
    const Done done = std::exchange(mDone, nullptr);
    if (!mHasContext || mContext)
        done(std::move(result));
    deleteLater();
}

} // namespace tartan
