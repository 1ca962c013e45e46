#include "kubestandin.h"

#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace tartan::test {

struct KubeStandIn::Request
{
    QByteArray verb;
    QString path;
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 415: return "Unsupported Media Type";
    default: return "Error";
    }
}

json::Json statusObject(int code, const QString &reason, const QString &message)
{
    return json::Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::Json::object()}, {"status", "Failure"},
                      {"message", message.toStdString()}, {"reason", reason.toStdString()}, {"code", code}};
}

/// The list members merged by a key in core/v1 Node (patchMergeKey in the API reference).
const char *mergeKeyOf(const std::string &field)
{
    if (field == "conditions" || field == "addresses")
        return "type";
    return nullptr;
}

json::Json mergeList(const json::Json &target, const json::Json &patch, const char *key)
{
    json::Json merged = target.is_array() ? target : json::Json::array();
    for (const json::Json &item : patch) {
        if (!item.is_object() || !item.contains(key)) {
            merged.push_back(item);
            continue;
        }
        bool found = false;
        for (json::Json &existing : merged) {
            if (existing.is_object() && existing.value(key, json::Json()) == item[key]) {
                existing = strategicMerge(existing, item);
                found = true;
                break;
            }
        }
        if (!found)
            merged.push_back(item);
    }
    return merged;
}

} // namespace

json::Json strategicMerge(const json::Json &target, const json::Json &patch)
{
    if (!patch.is_object())
        return patch;
    json::Json result = target.is_object() ? target : json::Json::object();
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->is_null()) {
            result.erase(it.key());
        } else if (it->is_array() && mergeKeyOf(it.key())) {
            result[it.key()] = mergeList(result.value(it.key(), json::Json()), *it, mergeKeyOf(it.key()));
        } else if (it->is_object()) {
            result[it.key()] = strategicMerge(result.value(it.key(), json::Json()), *it);
        } else {
            result[it.key()] = *it;
        }
    }
    return result;
}

KubeStandIn::KubeStandIn(QObject *parent) : QObject(parent) {}

KubeStandIn::~KubeStandIn()
{
    for (const QPointer<QTcpSocket> &watch : std::as_const(mWatches))
        if (watch)
            watch->abort();
}

bool KubeStandIn::start(const QStringList &tokens, const Tls &tls, const QHostAddress &address)
{
    mTokens = tokens;
    mTls = tls;
    if (!tls.certificate.isNull()) {
        auto *server = new QSslServer(this);
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(tls.certificate);
        config.setPrivateKey(tls.key);
        if (!tls.clientCas.isEmpty()) {
            config.setCaCertificates(tls.clientCas);
            config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        } else {
            config.setPeerVerifyMode(QSslSocket::VerifyNone);
        }
        server->setSslConfiguration(config);
        mServer = server;
    } else {
        mServer = new QTcpServer(this);
    }
    const auto drain = [this] {
        while (mServer->hasPendingConnections())
            onConnection(mServer->nextPendingConnection());
    };
    connect(mServer, &QTcpServer::pendingConnectionAvailable, this, drain);
    return mServer->listen(address, 0);
}

QUrl KubeStandIn::url() const
{
    const bool tls = qobject_cast<QSslServer *>(mServer) != nullptr;
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(mServer->serverAddress().toString());
    url.setPort(mServer->serverPort());
    return url;
}

void KubeStandIn::onConnection(QTcpSocket *socket)
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    onReadable(socket);
}

void KubeStandIn::onReadable(QTcpSocket *socket)
{
    // One request at a time per connection (HTTP/1.1 keep-alive, no pipelining from Qt).
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            break;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        Request request;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.verb = first.value(0);
        const QUrl target(QString::fromLatin1(first.value(1)));
        request.path = target.path();
        request.query = QUrlQuery(target);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            break;
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        handle(socket, request);
    }
    socket->setProperty("buffer", buffer);
}

void KubeStandIn::handle(QTcpSocket *socket, const Request &request)
{
    const QByteArray authorization = request.headers.value("authorization");
    bool authenticated = authorization.startsWith("Bearer ") && mTokens.contains(QString::fromUtf8(authorization.mid(7)));
    if (auto *ssl = qobject_cast<QSslSocket *>(socket); ssl && !mTls.clientCas.isEmpty() && !ssl->peerCertificate().isNull())
        authenticated = true; // the handshake verified it against clientCas (VerifyPeer)
    if (!authenticated) {
        ++mRejected;
        return replyStatus(socket, 401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
    }
    mRequests << QString::fromLatin1(request.verb) + u' ' + request.path;
    if (beforeRequest)
        beforeRequest(mRequests.last());
    const QStringList parts = request.path.split(u'/', Qt::SkipEmptyParts);
    // api v1 nodes [NAME [status]] | api v1 namespaces NS pods NAME
    if (parts.size() >= 3 && parts[0] == QLatin1String("api") && parts[1] == QLatin1String("v1") && parts[2] == QLatin1String("nodes")) {
        if (parts.size() == 3 && request.verb == "GET") {
            if (request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")
                || request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("true"))
                return startWatch(socket, request);
            json::Json items = json::Json::array();
            for (const json::Json &node : std::as_const(mNodes))
                items.push_back(node);
            return reply(socket, 200, json::Json{{"kind", "NodeList"}, {"apiVersion", "v1"},
                                                 {"metadata", {{"resourceVersion", std::to_string(mVersion)}}}, {"items", items}});
        }
        if (parts.size() == 4 || (parts.size() == 5 && parts[4] == QLatin1String("status"))) {
            const QString name = parts[3];
            if (!mNodes.contains(name))
                return replyStatus(socket, 404, QStringLiteral("NotFound"), QStringLiteral("nodes \"%1\" not found").arg(name));
            if (request.verb == "GET")
                return reply(socket, 200, mNodes.value(name));
            if (request.verb == "PATCH") {
                if (request.headers.value("content-type") != "application/strategic-merge-patch+json")
                    return replyStatus(socket, 415, QStringLiteral("UnsupportedMediaType"),
                                       QStringLiteral("the body of the request was in an unknown format"));
                return patch(socket, name, parts.size() == 5, request.body);
            }
        }
        return replyStatus(socket, 405, QStringLiteral("MethodNotAllowed"), QStringLiteral("not supported by the stand-in"));
    }
    if (parts.size() == 6 && parts[0] == QLatin1String("api") && parts[1] == QLatin1String("v1") && parts[2] == QLatin1String("namespaces")
        && parts[4] == QLatin1String("configmaps"))
        return handleConfigMap(socket, request, parts[3], parts[5]);
    if (parts.size() == 6 && parts[0] == QLatin1String("api") && parts[2] == QLatin1String("namespaces") && parts[4] == QLatin1String("pods")
        && request.verb == "GET") {
        const QString key = parts[3] + u'/' + parts[5];
        if (!mPods.contains(key))
            return replyStatus(socket, 404, QStringLiteral("NotFound"), QStringLiteral("pods \"%1\" not found").arg(parts[5]));
        return reply(socket, 200, mPods.value(key));
    }
    replyStatus(socket, 404, QStringLiteral("NotFound"), QStringLiteral("the server could not find the requested resource"));
}

void KubeStandIn::reply(QTcpSocket *socket, int status, const json::Json &body)
{
    const QByteArray text = json::dump(body);
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + QByteArray::number(text.size()) + "\r\n\r\n" + text);
}

void KubeStandIn::replyStatus(QTcpSocket *socket, int code, const QString &reason, const QString &message)
{
    reply(socket, code, statusObject(code, reason, message));
}

void KubeStandIn::patch(QTcpSocket *socket, const QString &name, bool status, const QByteArray &body)
{
    auto parsed = json::parse(body, QStringLiteral("patch"));
    if (!parsed || !parsed->is_object())
        return replyStatus(socket, 400, QStringLiteral("BadRequest"), QStringLiteral("the patch is not a JSON object"));
    json::Json applied = json::Json::object();
    // As the real server: the status subresource takes status and metadata (flanneld writes its
    // annotations through it) but not spec; the node itself takes all but status.
    for (auto it = parsed->begin(); it != parsed->end(); ++it)
        if (it.key() == "metadata" || (it.key() == "status") == status)
            applied[it.key()] = *it;
    const json::Json before = mNodes.value(name);
    json::Json after = strategicMerge(before, applied);
    if (after != before) {
        after["metadata"]["resourceVersion"] = std::to_string(++mVersion);
        mNodes.insert(name, after);
        record("MODIFIED", after);
    }
    reply(socket, 200, after);
}

void KubeStandIn::handleConfigMap(QTcpSocket *socket, const Request &request, const QString &nameSpace, const QString &name)
{
    const QString key = nameSpace + u'/' + name;
    if (request.verb != "GET" && request.verb != "PUT")
        return replyStatus(socket, 405, QStringLiteral("MethodNotAllowed"), QStringLiteral("not supported by the stand-in"));
    if (!mConfigMaps.contains(key))
        return replyStatus(socket, 404, QStringLiteral("NotFound"), QStringLiteral("configmaps \"%1\" not found").arg(name));
    if (request.verb == "GET")
        return reply(socket, 200, mConfigMaps.value(key));
    if (request.headers.value("content-type") != "application/json")
        return replyStatus(socket, 415, QStringLiteral("UnsupportedMediaType"), QStringLiteral("the body of the request was in an unknown format"));
    auto parsed = json::parse(request.body, QStringLiteral("configmap"));
    if (!parsed || !parsed->is_object())
        return replyStatus(socket, 400, QStringLiteral("BadRequest"), QStringLiteral("the body is not a JSON object"));
    json::Json body = *parsed;
    const json::Json metadata = body.value("metadata", json::Json::object());
    if (metadata.value("name", std::string()) != name.toStdString()
        || metadata.value("namespace", nameSpace.toStdString()) != nameSpace.toStdString())
        return replyStatus(socket, 400, QStringLiteral("BadRequest"),
                           QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)")
                               .arg(json::toQString(metadata.value("name", std::string())), name));
    const json::Json stored = mConfigMaps.value(key);
    const std::string version = metadata.value("resourceVersion", std::string());
    if (!version.empty() && version != stored["metadata"]["resourceVersion"].get<std::string>())
        return replyStatus(socket, 409, QStringLiteral("Conflict"),
                           QStringLiteral("Operation cannot be fulfilled on configmaps \"%1\": the object has been modified; "
                                          "please apply your changes to the latest version and try again").arg(name));
    // Only data and labels/annotations are taken: the rest of the metadata is the server's.
    json::Json after = stored;
    after["data"] = body.value("data", json::Json::object());
    for (const char *field : {"labels", "annotations"}) {
        if (metadata.contains(field))
            after["metadata"][field] = metadata[field];
        else
            after["metadata"].erase(field);
    }
    if (after != stored) {
        after["metadata"]["resourceVersion"] = std::to_string(++mVersion);
        mConfigMaps.insert(key, after);
    }
    reply(socket, 200, after);
}

void KubeStandIn::startWatch(QTcpSocket *socket, const Request &request)
{
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const qint64 from = request.query.queryItemValue(QStringLiteral("resourceVersion")).toLongLong();
    if (from < mCompacted) {
        const json::Json status = statusObject(410, QStringLiteral("Expired"),
                                               QStringLiteral("too old resource version: %1 (%2)").arg(from).arg(mCompacted));
        send(socket, {mVersion, "ERROR", status});
        socket->write("0\r\n\r\n");
        return;
    }
    socket->setProperty("bookmarks", request.query.queryItemValue(QStringLiteral("allowWatchBookmarks")) == QLatin1String("true"));
    for (const Event &event : std::as_const(mHistory))
        if (event.version > from)
            send(socket, event);
    mWatches << socket;
    if (const int timeout = request.query.queryItemValue(QStringLiteral("timeoutSeconds")).toInt(); timeout > 0) {
        QTimer::singleShot(timeout * 1000, socket, [this, socket] {
            if (mWatches.removeAll(socket) > 0)
                socket->write("0\r\n\r\n");
        });
    }
}

void KubeStandIn::send(QTcpSocket *socket, const Event &event)
{
    const QByteArray line = json::dump(json::Json{{"type", event.type.toStdString()}, {"object", event.object}}) + '\n';
    socket->write(QByteArray::number(line.size(), 16) + "\r\n" + line + "\r\n");
}

void KubeStandIn::record(const QByteArray &type, const json::Json &object)
{
    const Event event{mVersion, type, object};
    mHistory << event;
    mWatches.removeAll(nullptr);
    for (const QPointer<QTcpSocket> &watch : std::as_const(mWatches))
        send(watch, event);
}

void KubeStandIn::putNode(json::Json node)
{
    const QString name = QString::fromStdString(node["metadata"]["name"].get<std::string>());
    const bool known = mNodes.contains(name);
    node["metadata"]["resourceVersion"] = std::to_string(++mVersion);
    mNodes.insert(name, node);
    record(known ? "MODIFIED" : "ADDED", node);
}

void KubeStandIn::deleteNode(const QString &name)
{
    if (!mNodes.contains(name))
        return;
    json::Json node = mNodes.take(name);
    node["metadata"]["resourceVersion"] = std::to_string(++mVersion);
    record("DELETED", node);
}

void KubeStandIn::putPod(const QString &nameSpace, const QString &name, const QString &nodeName)
{
    mPods.insert(nameSpace + u'/' + name,
                 json::Json{{"kind", "Pod"}, {"apiVersion", "v1"},
                            {"metadata", {{"name", name.toStdString()}, {"namespace", nameSpace.toStdString()}, {"resourceVersion", std::to_string(++mVersion)}}},
                            {"spec", {{"nodeName", nodeName.toStdString()}}}});
}

void KubeStandIn::putConfigMap(const QString &nameSpace, const QString &name, const QMap<QString, QString> &data)
{
    json::Json values = json::Json::object();
    for (auto it = data.begin(); it != data.end(); ++it)
        values[it.key().toStdString()] = it.value().toStdString();
    mConfigMaps.insert(nameSpace + u'/' + name,
                       json::Json{{"kind", "ConfigMap"}, {"apiVersion", "v1"},
                                  {"metadata", {{"name", name.toStdString()}, {"namespace", nameSpace.toStdString()},
                                                {"resourceVersion", std::to_string(++mVersion)}}},
                                  {"data", values}});
}

void KubeStandIn::deleteConfigMap(const QString &nameSpace, const QString &name)
{
    if (mConfigMaps.remove(nameSpace + u'/' + name) > 0)
        ++mVersion;
}

void KubeStandIn::compact()
{
    mCompacted = mVersion;
    mHistory.clear();
}

void KubeStandIn::bookmark()
{
    mWatches.removeAll(nullptr);
    const json::Json object{{"kind", "Node"}, {"apiVersion", "v1"}, {"metadata", {{"resourceVersion", std::to_string(mVersion)}}}};
    for (const QPointer<QTcpSocket> &watch : std::as_const(mWatches))
        if (watch->property("bookmarks").toBool())
            send(watch, {mVersion, "BOOKMARK", object});
}

void KubeStandIn::endWatches()
{
    mWatches.removeAll(nullptr);
    for (const QPointer<QTcpSocket> &watch : std::as_const(mWatches))
        watch->write("0\r\n\r\n");
    mWatches.clear();
}

int KubeStandIn::openWatches() const
{
    int open = 0;
    for (const QPointer<QTcpSocket> &watch : mWatches)
        open += watch ? 1 : 0;
    return open;
}

} // namespace tartan::test
