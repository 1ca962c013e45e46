#include "kubeconfig.h"

#include "yamldocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tartan {

namespace {

Result<QByteArray> readFile(const QString &what, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("%1 '%2': %3").arg(what, path, file.errorString()));
    return file.readAll();
}

/// A string member, or "" when absent or null; an error when it has another type.
Result<QString> stringField(const json::Json &object, const char *name, const QString &where)
{
    const auto it = object.find(name);
    if (it == object.end() || it->is_null())
        return QString();
    if (!it->is_string())
        return Error(QStringLiteral("%1.%2: must be a string, got %3").arg(where, QLatin1String(name), json::typeName(*it)));
    return json::toQString(it->get<std::string>());
}

Result<QByteArray> base64Field(const json::Json &object, const char *name, const QString &where)
{
    auto text = stringField(object, name, where);
    if (!text)
        return text.error();
    auto decoded = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return Error(QStringLiteral("%1.%2: not valid base64").arg(where, QLatin1String(name)));
    return *decoded;
}

/// The named entries of a top-level list ("clusters", "users", "contexts"): each {name, <inner>}.
Result<QList<std::pair<QString, json::Json>>> namedList(const json::Json &root, const char *list, const char *inner)
{
    QList<std::pair<QString, json::Json>> entries;
    const auto it = root.find(list);
    if (it == root.end() || it->is_null())
        return entries;
    if (!it->is_array())
        return Error(QStringLiteral("%1: must be a list, got %2").arg(QLatin1String(list), json::typeName(*it)));
    for (size_t i = 0; i < it->size(); ++i) {
        const json::Json &entry = (*it)[i];
        const QString where = QStringLiteral("%1[%2]").arg(QLatin1String(list)).arg(i);
        if (!entry.is_object())
            return Error(QStringLiteral("%1: must be a mapping, got %2").arg(where, json::typeName(entry)));
        auto name = stringField(entry, "name", where);
        if (!name)
            return name.error();
        if (name->isEmpty())
            return Error(QStringLiteral("%1: missing name").arg(where));
        const auto body = entry.find(inner);
        if (body == entry.end() || !body->is_object())
            return Error(QStringLiteral("%1 '%2': missing %3").arg(where, *name, QLatin1String(inner)));
        entries.append({*name, *body});
    }
    return entries;
}

} // namespace

Result<KubeConfig> KubeConfig::parse(const QByteArray &text, const QString &path)
{
    const QString what = QStringLiteral("kubeconfig '%1'").arg(path);
    auto root = parseYaml(text, what);
    if (!root)
        return root.error();
    if (!root->is_object())
        return Error(QStringLiteral("%1: must be a mapping, got %2").arg(what, json::typeName(*root)));
    KubeConfig config;
    config.mPath = path;
    const QDir base = QFileInfo(path).absoluteDir();
    const auto relative = [&base](const QString &file) { return file.isEmpty() ? file : QDir::cleanPath(base.absoluteFilePath(file)); };
    const auto fail = [&what](const Error &error) { return error.context(what); };

    auto current = stringField(*root, "current-context", QStringLiteral("current-context"));
    if (!current)
        return fail(current.error());
    config.mCurrentContext = *current;

    auto clusters = namedList(*root, "clusters", "cluster");
    if (!clusters)
        return fail(clusters.error());
    for (const auto &[name, body] : *clusters) {
        const QString where = QStringLiteral("cluster '%1'").arg(name);
        Cluster cluster;
        auto server = stringField(body, "server", where);
        auto caFile = stringField(body, "certificate-authority", where);
        auto caData = base64Field(body, "certificate-authority-data", where);
        for (const Error *e : {server ? nullptr : &server.error(), caFile ? nullptr : &caFile.error(), caData ? nullptr : &caData.error()})
            if (e)
                return fail(*e);
        cluster.server = *server;
        cluster.caFile = relative(*caFile);
        cluster.caData = *caData;
        if (const auto insecure = body.find("insecure-skip-tls-verify"); insecure != body.end() && !insecure->is_null()) {
            if (!insecure->is_boolean())
                return fail(Error(QStringLiteral("%1.insecure-skip-tls-verify: must be true or false").arg(where)));
            cluster.insecure = insecure->get<bool>();
        }
        config.mClusters.insert(name, cluster);
    }

    auto users = namedList(*root, "users", "user");
    if (!users)
        return fail(users.error());
    for (const auto &[name, body] : *users) {
        const QString where = QStringLiteral("user '%1'").arg(name);
        User user;
        auto token = stringField(body, "token", where);
        auto tokenFile = stringField(body, "tokenFile", where);
        auto certFile = stringField(body, "client-certificate", where);
        auto certData = base64Field(body, "client-certificate-data", where);
        auto keyFile = stringField(body, "client-key", where);
        auto keyData = base64Field(body, "client-key-data", where);
        for (const Error *e : {token ? nullptr : &token.error(), tokenFile ? nullptr : &tokenFile.error(),
                               certFile ? nullptr : &certFile.error(), certData ? nullptr : &certData.error(),
                               keyFile ? nullptr : &keyFile.error(), keyData ? nullptr : &keyData.error()})
            if (e)
                return fail(*e);
        user.token = token->toUtf8();
        user.tokenFile = relative(*tokenFile);
        user.certFile = relative(*certFile);
        user.certData = *certData;
        user.keyFile = relative(*keyFile);
        user.keyData = *keyData;
        for (const char *plugin : {"exec", "auth-provider"})
            if (body.contains(plugin) && !body[plugin].is_null())
                user.plugin = QLatin1String(plugin);
        config.mUsers.insert(name, user);
    }

    auto contexts = namedList(*root, "contexts", "context");
    if (!contexts)
        return fail(contexts.error());
    for (const auto &[name, body] : *contexts) {
        const QString where = QStringLiteral("context '%1'").arg(name);
        auto cluster = stringField(body, "cluster", where);
        auto user = stringField(body, "user", where);
        auto nameSpace = stringField(body, "namespace", where);
        for (const Error *e : {cluster ? nullptr : &cluster.error(), user ? nullptr : &user.error(), nameSpace ? nullptr : &nameSpace.error()})
            if (e)
                return fail(*e);
        if (cluster->isEmpty())
            return fail(Error(QStringLiteral("%1: missing cluster").arg(where)));
        config.mContexts.append({name, *cluster, *user, *nameSpace});
    }
    return config;
}

Result<KubeConfig> KubeConfig::load(const QString &path)
{
    auto text = readFile(QStringLiteral("kubeconfig"), path);
    if (!text)
        return text.error();
    return parse(*text, path);
}

Result<KubeClientOptions> KubeConfig::resolve(const QString &name) const
{
    const QString what = QStringLiteral("kubeconfig '%1'").arg(mPath);
    const QString wanted = name.isEmpty() ? mCurrentContext : name;
    if (wanted.isEmpty())
        return Error(QStringLiteral("%1: no current-context and no context given").arg(what));
    const auto context = std::find_if(mContexts.begin(), mContexts.end(), [&wanted](const Context &c) { return c.name == wanted; });
    if (context == mContexts.end())
        return Error(QStringLiteral("%1: context '%2' not found").arg(what, wanted));
    const QString where = QStringLiteral("%1: context '%2'").arg(what, wanted);
    const auto cluster = mClusters.constFind(context->cluster);
    if (cluster == mClusters.constEnd())
        return Error(QStringLiteral("%1: cluster '%2' not found").arg(where, context->cluster));
    KubeClientOptions options;
    options.contextName = wanted;
    options.userName = context->user;
    options.server = QUrl(cluster->server);
    if (!options.server.isValid() || (options.server.scheme() != QLatin1String("https") && options.server.scheme() != QLatin1String("http")))
        return Error(QStringLiteral("%1: cluster '%2': server '%3' is not an http(s) URL").arg(where, context->cluster, cluster->server));
    options.insecureSkipTlsVerify = cluster->insecure;
    options.caPem = cluster->caData;
    if (options.caPem.isEmpty() && !cluster->caFile.isEmpty()) {
        auto pem = readFile(QStringLiteral("certificate-authority"), cluster->caFile);
        if (!pem)
            return pem.error().context(where);
        options.caPem = *pem;
    }
    if (context->user.isEmpty())
        return options;
    const auto user = mUsers.constFind(context->user);
    if (user == mUsers.constEnd())
        return Error(QStringLiteral("%1: user '%2' not found").arg(where, context->user));
    const QString userWhere = QStringLiteral("%1: user '%2'").arg(where, context->user);
    if (!user->plugin.isEmpty() && user->token.isEmpty() && user->tokenFile.isEmpty() && user->certData.isEmpty() && user->certFile.isEmpty())
        return Error(QStringLiteral("%1: %2 plugins are not supported; use a token or a client certificate").arg(userWhere, user->plugin));
    options.bearerToken = user->token;
    if (options.bearerToken.isEmpty() && !user->tokenFile.isEmpty()) {
        auto token = readFile(QStringLiteral("tokenFile"), user->tokenFile);
        if (!token)
            return token.error().context(userWhere);
        options.bearerToken = token->trimmed();
    }
    options.clientCertPem = user->certData;
    if (options.clientCertPem.isEmpty() && !user->certFile.isEmpty()) {
        auto pem = readFile(QStringLiteral("client-certificate"), user->certFile);
        if (!pem)
            return pem.error().context(userWhere);
        options.clientCertPem = *pem;
    }
    options.clientKeyPem = user->keyData;
    if (options.clientKeyPem.isEmpty() && !user->keyFile.isEmpty()) {
        auto pem = readFile(QStringLiteral("client-key"), user->keyFile);
        if (!pem)
            return pem.error().context(userWhere);
        options.clientKeyPem = *pem;
    }
    if (options.clientCertPem.isEmpty() != options.clientKeyPem.isEmpty())
        return Error(QStringLiteral("%1: a client certificate needs its key and the other way round").arg(userWhere));
    return options;
}

Result<KubeClientOptions> KubeConfig::inCluster(const QProcessEnvironment &env, const QString &accountDir)
{
    const QString host = env.value(QStringLiteral("KUBERNETES_SERVICE_HOST"));
    const QString port = env.value(QStringLiteral("KUBERNETES_SERVICE_PORT"));
    if (host.isEmpty() || port.isEmpty())
        return Error(QStringLiteral("in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (not running in a pod?)"));
    KubeClientOptions options;
    options.contextName = QStringLiteral("in-cluster");
    options.userName = QStringLiteral("the pod's service account");
    // An IPv6 host needs brackets in the URL.
    options.server = QUrl(QStringLiteral("https://%1:%2").arg(host.contains(u':') ? u'[' + host + u']' : host, port));
    auto token = readFile(QStringLiteral("in-cluster config: token"), accountDir + QStringLiteral("/token"));
    if (!token)
        return token.error();
    options.bearerToken = token->trimmed();
    auto ca = readFile(QStringLiteral("in-cluster config: CA"), accountDir + QStringLiteral("/ca.crt"));
    if (!ca)
        return ca.error();
    options.caPem = *ca;
    return options;
}

} // namespace tartan
