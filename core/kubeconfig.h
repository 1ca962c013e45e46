#pragma once

#include "kubeclientoptions.h"
#include "result.h"

#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>

namespace tartan {

/// A kubeconfig file (clusters, users, contexts, current-context), as kubectl reads it, for the
/// subset Tartan uses: a cluster's server, certificate-authority(-data) and
/// insecure-skip-tls-verify; a user's token, tokenFile, client-certificate(-data) and
/// client-key(-data). Exec and auth-provider plugins are refused by name when a context needs them.
/// Relative file paths are taken relative to the kubeconfig's folder, as kubectl does.
class KubeConfig
{
public:
    struct Context
    {
        QString name;
        QString cluster;
        QString user;
        QString nameSpace;
    };

    /// Parses the text of a kubeconfig; `path` names it in messages and anchors relative paths.
    /// Errors name the file and the entry: "kubeconfig '/x/config': contexts[1]: missing name".
    static Result<KubeConfig> parse(const QByteArray &text, const QString &path);
    static Result<KubeConfig> load(const QString &path);

    const QList<Context> &contexts() const { return mContexts; }
    QString currentContext() const { return mCurrentContext; }

    /// The client options of context `name`, or of current-context when `name` is empty; files it
    /// names are read now. "kubeconfig '/x/config': context 'prod': user 'admin' not found".
    Result<KubeClientOptions> resolve(const QString &name = {}) const;

    /// The service account of a pod: KUBERNETES_SERVICE_HOST/_PORT from `env`, the token and CA
    /// under `accountDir` (/var/run/secrets/kubernetes.io/serviceaccount).
    static Result<KubeClientOptions> inCluster(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                                               const QString &accountDir = QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount"));

private:
    struct Cluster
    {
        QString server;
        QString caFile;
        QByteArray caData;
        bool insecure = false;
    };
    struct User
    {
        QByteArray token;
        QString tokenFile;
        QString certFile;
        QByteArray certData;
        QString keyFile;
        QByteArray keyData;
        QString plugin; ///< "exec" or "auth-provider" when the user needs one
    };

    QString mPath;
    QString mCurrentContext;
    QList<Context> mContexts;
    QMap<QString, Cluster> mClusters;
    QMap<QString, User> mUsers;
};

} // namespace tartan
