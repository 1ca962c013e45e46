#include "commandcontext.h"

#include "etcdflags.h"
#include "kubeconfig.h"

#include <cstdio>

namespace tartan::cli {

CommandContext::CommandContext(const QCommandLineParser &parser)
    : mOptions(parser, QProcessEnvironment::systemEnvironment())
{
}

CommandContext::~CommandContext() = default;

StoreLayout CommandContext::layout() const
{
    return etcdflags::layout(mOptions);
}

Result<EtcdClient *> CommandContext::client()
{
    if (!mClient) {
        auto options = etcdflags::clientOptions(mOptions);
        if (!options)
            return options.error();
        auto client = EtcdClient::create(*options);
        if (!client)
            return client.error();
        mClient = std::move(client).value();
    }
    return mClient.get();
}

Result<KubeClient *> CommandContext::kubeClient()
{
    if (!mKube) {
        auto config = KubeConfig::load(mOptions.value(QStringLiteral("kubeconfig")));
        if (!config)
            return config.error();
        auto options = config->resolve(mOptions.value(QStringLiteral("context")));
        if (!options)
            return options.error();
        auto client = KubeClient::create(*options);
        if (!client)
            return client.error();
        mKube = std::move(client).value();
    }
    return mKube.get();
}

Result<json::Json, KubeError> CommandContext::kubeCall(const std::function<void(KubeClient *, const QObject *, KubeClient::Callback<json::Json>)> &start)
{
    auto client = kubeClient();
    if (!client)
        return KubeError{0, client.error().message()};
    int status = 0;
    auto answer = blockingCall<json::Json>([&](const QObject *c, std::function<void(Result<json::Json>)> done) {
        start(*client, c, [&status, done](Result<json::Json, KubeError> answer) {
            if (!answer)
                status = answer.error().httpStatus;
            done(answer ? Result<json::Json>(std::move(answer).value()) : Result<json::Json>(answer.error().error()));
        });
    });
    if (!answer)
        return kubeError(KubeError{status, answer.error().message()});
    return std::move(answer).value();
}

KubeError CommandContext::kubeError(const KubeError &error) const
{
    if (!error.isRefusal() || !mKube)
        return error;
    const KubeClientOptions &options = mKube->options();
    const QString who = QStringLiteral("user '%1' of kubeconfig context '%2'").arg(options.userName, options.contextName);
    return KubeError{error.httpStatus, error.message + (error.httpStatus == 401
                                      ? QStringLiteral(" (the API server does not accept the credentials of %1)").arg(who)
                                      : QStringLiteral(" (%1 lacks the permission; the tartan-viewer ClusterRole of installer/kube/rbac.yaml "
                                                       "grants what tartanctl reads)").arg(who))};
}

Result<KubeConfigMapRef> CommandContext::configMapRef() const
{
    const QString text = mOptions.value(QStringLiteral("configmap"));
    if (text.isEmpty())
        return KubeConfigMapRef();
    auto ref = KubeConfigMapRef::parse(text);
    if (!ref)
        return ref.error().context(QStringLiteral("--configmap"));
    return ref;
}

Result<int> CommandContext::agentPort() const
{
    const QString text = mOptions.value(QStringLiteral("agent-port"));
    if (text.isEmpty())
        return 8476;
    bool ok = false;
    const int port = text.toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return Error(QStringLiteral("--agent-port: '%1' is not a port from 1 to 65535").arg(text));
    return port;
}

int CommandContext::fail(int code, const QString &message) const
{
    std::fprintf(stderr, "tartanctl: %s\n", message.toUtf8().constData());
    return code;
}

void CommandContext::out(const QString &text) const
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void CommandContext::warn(const QString &text) const
{
    std::fprintf(stderr, "tartanctl: %s\n", text.toUtf8().constData());
}

} // namespace tartan::cli
