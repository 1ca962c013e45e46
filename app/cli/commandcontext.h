#pragma once

#include "blockingcall.h"
#include "etcdclient.h"
#include "kubeclient.h"
#include "kubenetconfig.h"
#include "optionsource.h"
#include "storelayout.h"

#include <QCommandLineParser>

#include <memory>

namespace tartan::cli {

/// tartanctl's exit codes, the contract scripts rely on.
enum ExitCode : int {
    kOk = 0,
    kBadInput = 1,        ///< wrong arguments, an invalid file, a refused change; the reason is printed
    kStoreUnreachable = 2 ///< etcd did not answer or refused; the endpoint is named
};

/// What every command needs: the parsed flags, the output mode, the store connection, and the one
/// place that prints and picks exit codes. Commands run step by step on a local event loop.
class CommandContext
{
public:
    explicit CommandContext(const QCommandLineParser &parser);
    ~CommandContext();

    const OptionSource &options() const { return mOptions; }
    bool json() const { return mOptions.isSet(QStringLiteral("json")); }
    StoreLayout layout() const;

    /// The etcd client for the flags, made on first use; an error if the flags are wrong.
    Result<EtcdClient *> client();

    /// Kubernetes mode: --kubeconfig is set, and the cluster is read through its API, not etcd.
    bool kube() const { return !mOptions.value(QStringLiteral("kubeconfig")).isEmpty(); }
    /// The Kubernetes client for --kubeconfig and --context (default: its current-context), made on
    /// first use; an error (bad input) when the file cannot be read or has no such context.
    Result<KubeClient *> kubeClient();
    /// One API call, run to completion; a failure through kubeError() (httpStatus 0 also for a bad
    /// kubeconfig or no answer in time).
    Result<json::Json, KubeError> kubeCall(const std::function<void(KubeClient *, const QObject *, KubeClient::Callback<json::Json>)> &start);
    /// A failed API call as commands report it: 401 and 403 say which kubeconfig user was refused.
    KubeError kubeError(const KubeError &error) const;
    /// --configmap, else flannel's kube-flannel/kube-flannel-cfg:net-conf.json.
    Result<KubeConfigMapRef> configMapRef() const;
    /// --agent-port: where the agents of a Kubernetes cluster serve their reports (default 8476).
    Result<int> agentPort() const;

    /// One store call, run to completion.
    template <typename T, typename Start>
    Result<T> call(Start start)
    {
        return blockingCall<T>(start);
    }

    /// Prints "tartanctl: <message>" on stderr and returns `code`.
    int fail(int code, const QString &message) const;
    /// A store failure: exit code 2, the message names the endpoint.
    int storeFailed(const Error &error) const { return fail(kStoreUnreachable, error.message()); }
    void out(const QString &text) const;  ///< stdout, flushed (watch output is read live)
    void warn(const QString &text) const; ///< stderr

private:
    OptionSource mOptions;
    std::unique_ptr<EtcdClient> mClient;
    std::unique_ptr<KubeClient> mKube;
};

} // namespace tartan::cli
