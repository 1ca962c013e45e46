#pragma once

#include "json.h"

#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace tartan::test {

/// A stand-in for the Kubernetes API server, for the integration and e2e tests.
///
/// No real API server (nor etcd-backed kube-apiserver, kind or k3s) can be installed on the
/// machines these tests run on, so this class implements exactly the subset Tartan uses, with
/// request and response bodies shaped like the Kubernetes API reference (core/v1 Node, NodeList,
/// Pod, Status, WatchEvent):
///   GET   /api/v1/nodes                      NodeList with metadata.resourceVersion
///   GET   /api/v1/nodes?watch=1&resourceVersion=N[&allowWatchBookmarks=true][&timeoutSeconds=S]
///         chunked stream of WatchEvents newer than N; an ERROR event with a 410 Status when N is
///         older than the compaction point (compact()); BOOKMARK events on bookmark()
///   GET   /api/v1/nodes/NAME                 Node, or 404 Status
///   GET   /api/v1/namespaces/NS/pods/NAME    Pod (only spec.nodeName), or 404
///   GET   /api/v1/namespaces/NS/configmaps/NAME   ConfigMap, or 404 Status
///   PUT   /api/v1/namespaces/NS/configmaps/NAME   application/json, the whole ConfigMap: 404 when
///         absent (no create on update, as for the real ConfigMap strategy), 409 Conflict when
///         metadata.resourceVersion is set and is not the stored one, 400 when metadata.name or
///         metadata.namespace disagree with the path; a replace that changes nothing keeps the version
///   PATCH /api/v1/nodes/NAME[/status]        application/strategic-merge-patch+json: maps merge,
///         null deletes a key, `conditions` and `addresses` lists merge by their `type`, other
///         lists are replaced; /status applies metadata and status (not spec), the node itself
///         metadata and spec (not status), as the real server's status strategy does. A patch that changes nothing keeps the resourceVersion and sends no event.
/// Authentication: "Authorization: Bearer <token>" against the tokens given, or, over TLS, a
/// client certificate signed by the configured CA; anything else is 401 Unauthorized.
/// resourceVersion is one counter for the whole server, as etcd's revision is for a real one.
class KubeStandIn : public QObject
{
    Q_OBJECT
public:
    struct Tls
    {
        QSslCertificate certificate = QSslCertificate(); ///< the server's; null: plain HTTP
        QSslKey key = QSslKey();
        QList<QSslCertificate> clientCas; ///< client certificates signed by these are accepted
    };

    explicit KubeStandIn(QObject *parent = nullptr);
    ~KubeStandIn() override;

    /// Listens on `address` (an ephemeral port); over TLS when `tls` has a certificate.
    bool start(const QStringList &tokens) { return start(tokens, Tls()); }
    bool start(const QStringList &tokens, const Tls &tls, const QHostAddress &address = QHostAddress(QHostAddress::LocalHost));
    QUrl url() const;

    /// Direct changes, as a controller or kubectl would make them: each bumps the version and
    /// sends its event to the watches.
    void putNode(json::Json node);
    void deleteNode(const QString &name);
    void putPod(const QString &nameSpace, const QString &name, const QString &nodeName);
    /// Creates or replaces ConfigMap NS/NAME with `data` (string values), as kubectl apply would.
    void putConfigMap(const QString &nameSpace, const QString &name, const QMap<QString, QString> &data);
    void deleteConfigMap(const QString &nameSpace, const QString &name);
    /// Forgets the history up to the current version: a watch from an older one gets 410.
    void compact();
    /// Sends a BOOKMARK with the current version to every open watch.
    void bookmark();
    /// Ends every open watch cleanly, as the server's timeout does.
    void endWatches();

    json::Json node(const QString &name) const { return mNodes.value(name); }
    /// The stored ConfigMap, null when absent.
    json::Json configMap(const QString &nameSpace, const QString &name) const { return mConfigMaps.value(nameSpace + u'/' + name); }
    qint64 resourceVersion() const { return mVersion; }
    /// "VERB path" of every authenticated request, in order (the query left out).
    const QStringList &requests() const { return mRequests; }
    int openWatches() const;
    /// Runs with "VERB path" before each authenticated request is handled: how a test makes a
    /// change land between a client's read and its write.
    std::function<void(const QString &request)> beforeRequest;
    int rejectedRequests() const { return mRejected; }

private:
    struct Event
    {
        qint64 version;
        QByteArray type;
        json::Json object;
    };
    struct Request;

    void onConnection(QTcpSocket *socket);
    void onReadable(QTcpSocket *socket);
    void handle(QTcpSocket *socket, const Request &request);
    void reply(QTcpSocket *socket, int status, const json::Json &body);
    void replyStatus(QTcpSocket *socket, int code, const QString &reason, const QString &message);
    void startWatch(QTcpSocket *socket, const Request &request);
    void send(QTcpSocket *socket, const Event &event);
    void record(const QByteArray &type, const json::Json &object);
    void patch(QTcpSocket *socket, const QString &name, bool status, const QByteArray &body);
    void handleConfigMap(QTcpSocket *socket, const Request &request, const QString &nameSpace, const QString &name);

    QTcpServer *mServer = nullptr;
    QStringList mTokens;
    Tls mTls;
    QMap<QString, json::Json> mNodes;
    QMap<QString, json::Json> mPods; // "ns/name"
    QMap<QString, json::Json> mConfigMaps; // "ns/name"
    QList<Event> mHistory;
    qint64 mVersion = 100;
    qint64 mCompacted = 0;
    QList<QPointer<QTcpSocket>> mWatches;
    QStringList mRequests;
    int mRejected = 0;
};

/// Strategic merge as the stand-in applies it (see KubeStandIn); exposed for its own tests.
json::Json strategicMerge(const json::Json &target, const json::Json &patch);

} // namespace tartan::test
