#include "kubeconnectiontest.h"

#include "kubeclient.h"

#include <QPointer>
#include <QTimer>

#include <memory>

namespace tartan {

namespace {

bool looksLikeTls(const QString &message)
{
    for (const char *word : {"SSL", "TLS", "certificate", "handshake"})
        if (message.contains(QLatin1String(word), Qt::CaseInsensitive))
            return true;
    return false;
}

Error explain(const KubeError &error, const QString &server, const QString &contextName, const QString &user)
{
    const QString who = QStringLiteral("user '%1' (context '%2')").arg(user, contextName);
    switch (error.httpStatus) {
    case 401:
        return Error(QStringLiteral("the API server %1 does not accept the credentials of %2: %3").arg(server, who, error.message));
    case 403:
        return Error(QStringLiteral("%1 may not list Nodes on %2 (the tartan-viewer ClusterRole of installer/kube/rbac.yaml grants "
                                    "what the app reads): %3")
                         .arg(who, server, error.message));
    case 0:
        if (looksLikeTls(error.message))
            return Error(QStringLiteral("TLS with %1 failed (context '%2'): %3; check the cluster's certificate-authority and the "
                                        "user's client certificate in the kubeconfig")
                             .arg(server, contextName, error.message));
        return Error(QStringLiteral("cannot reach the API server %1 (context '%2'): %3").arg(server, contextName, error.message));
    default:
        return Error(QStringLiteral("listing Nodes on %1 (context '%2'): %3").arg(server, contextName, error.message));
    }
}

} // namespace

void KubeConnectionTest::run(const KubeClientOptions &options, const QString &user, const KubeConfigMapRef &configMap,
                             const KubeAnnotations &names, const QObject *context, Done done)
{
    const QPointer<const QObject> guard(context);
    const bool guarded = context != nullptr;
    auto created = KubeClient::create(options);
    if (!created) {
        QTimer::singleShot(0, [guard, guarded, done, error = created.error()] {
            if (!guarded || guard)
                done(error);
        });
        return;
    }
    // The client lives as long as the test: a child of a test object that deletes itself.
    auto *test = new KubeConnectionTest;
    KubeClient *client = created->release();
    client->setParent(test);
    const auto finish = [test, guard, guarded, done](Result<KubeConnectionReport> result) {
        test->deleteLater();
        if (!guarded || guard)
            done(std::move(result));
    };
    const QString server = options.server.toString();
    client->listNodes(test, [=](Result<json::Json, KubeError> list) {
        if (!list)
            return finish(explain(list.error(), server, options.contextName, user));
        KubeConnectionReport report;
        report.server = server;
        for (const json::Json &node : list->value("items", json::Json::array())) {
            ++report.nodes;
            auto lease = kubeNodeLease(node, names);
            if (!lease)
                ++report.rejected;
            else if (*lease)
                ++report.leases;
        }
        KubeNetConfig::read(client, configMap, test, [finish, report, configMap](Result<KubeNetConfigText> text) mutable {
            if (!text)
                report.config = text.error();
            else if (text->text.isEmpty())
                report.config = Error(QStringLiteral("%1 has no key %2").arg(configMap.describe(), configMap.key));
            else
                report.config = NetworkConfig::parse(text->text);
            finish(report);
        });
    });
}

} // namespace tartan
