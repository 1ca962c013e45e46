#pragma once

#include "json.h"
#include "kubeclientoptions.h"
#include "result.h"

#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace tartan {

/// A failed API call: the message names the verb, the path and the cause ("kube GET
/// https://10.0.0.1:6443/api/v1/nodes: HTTP 401 Unauthorized: Unauthorized"), and the HTTP status
/// is kept (0 for a transport failure) so callers can branch on 404 and 410.
struct KubeError
{
    int httpStatus = 0;
    QString message;
    Error error() const { return Error(message); }
    /// The server refused the credentials (401) or their permission (403): asking again with the
    /// same ones cannot succeed.
    bool isRefusal() const { return httpStatus == 401 || httpStatus == 403; }
};

/// One event line of a watch response.
struct KubeWatchEvent
{
    QString type; ///< ADDED, MODIFIED, DELETED or BOOKMARK (any other text is passed on as it is)
    json::Json object;
};

/// Decodes one non-empty line of a watch response (`what` names the request in messages). An ERROR
/// event comes back as the error it announces, with the Status object's code (410: the resource
/// version is too old); a line that is not a JSON object with a string "type" as an error with
/// httpStatus 0.
Result<KubeWatchEvent, KubeError> decodeKubeWatchLine(const QByteArray &line, const QString &what);

/// The events of one watch request (GET ...?watch=1): one JSON object per line,
/// {"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}.
class KubeWatchStream : public QObject
{
    Q_OBJECT
public:
    ~KubeWatchStream() override;
    void abort();

signals:
    /// The server accepted the watch (HTTP 200 headers): it is reachable and the version is good,
    /// even while no event comes.
    void opened();
    /// One watch event, as the server sent it.
    void event(const QString &type, const tartan::json::Json &object);
    /// The request ended: cleanly (the server's timeout) when `error` is null, else how.
    /// An ERROR event or an HTTP status of 410 arrives as httpStatus 410 ("too old resource version").
    void finished(const std::optional<tartan::KubeError> &error);

private:
    friend class KubeClient;
    KubeWatchStream(QNetworkReply *reply, QString what, QObject *parent);
    void onReadyRead();
    void onFinished();

    QNetworkReply *mReply;
    QString mWhat;
    QByteArray mBuffer;
    bool mDone = false;
};

/// The Kubernetes API over Qt Network, for the few calls Tartan makes on Nodes (get, list, watch,
/// and strategic-merge patches of a node's metadata and status), one on Pods, and the read and
/// replace of one ConfigMap (the network config). Asynchronous, in
/// the style of EtcdClient: every call takes a `context` and a callback that runs once on the
/// client's thread, dropped if `context` is destroyed first. Bearer token, client certificate,
/// custom CA and insecure-skip-tls-verify come from KubeClientOptions.
class KubeClient : public QObject
{
    Q_OBJECT
public:
    template <typename T>
    using Callback = std::function<void(Result<T, KubeError>)>;

    /// Loads the TLS material; no traffic until the first call.
    static Result<std::unique_ptr<KubeClient>> create(const KubeClientOptions &options);
    ~KubeClient() override;

    void getNode(const QString &name, const QObject *context, Callback<json::Json> done);
    /// GET /api/v1/nodes: a NodeList with metadata.resourceVersion and items.
    void listNodes(const QObject *context, Callback<json::Json> done);
    void getPod(const QString &nameSpace, const QString &name, const QObject *context, Callback<json::Json> done);
    /// PATCH application/strategic-merge-patch+json on /api/v1/nodes/<name> (metadata) or, with
    /// `status`, on /api/v1/nodes/<name>/status. Answers the node as the server has it.
    void patchNode(const QString &name, const json::Json &patch, bool status, const QObject *context, Callback<json::Json> done);
    /// GET /api/v1/namespaces/<ns>/configmaps/<name>: the ConfigMap (data, metadata.resourceVersion).
    void getConfigMap(const QString &nameSpace, const QString &name, const QObject *context, Callback<json::Json> done);
    /// PUT of the whole ConfigMap `body` to /api/v1/namespaces/<ns>/configmaps/<name>. With
    /// metadata.resourceVersion set the server replaces only that version: a concurrent change
    /// answers httpStatus 409 (Conflict). Answers the ConfigMap as stored, with its new version.
    void replaceConfigMap(const QString &nameSpace, const QString &name, const json::Json &body, const QObject *context,
                          Callback<json::Json> done);
    /// Watches Nodes from `resourceVersion` with bookmarks. The caller owns the stream.
    KubeWatchStream *watchNodes(const QString &resourceVersion, QObject *parent);

    const KubeClientOptions &options() const { return mOptions; }

private:
    KubeClient(KubeClientOptions options, QSslConfiguration ssl);
    void call(const QByteArray &verb, const QString &path, const QByteArray &body, const QObject *context, Callback<json::Json> done);
    QNetworkReply *send(const QByteArray &verb, const QString &path, const QByteArray &body, bool stream);

    KubeClientOptions mOptions;
    QSslConfiguration mSsl;
    QNetworkAccessManager *mNam;
};

} // namespace tartan
