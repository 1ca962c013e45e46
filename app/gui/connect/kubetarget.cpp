#include "kubetarget.h"

#include "kubeconfig.h"

#include <QDir>
#include <QProcessEnvironment>

namespace tartan::gui {

QString KubeTarget::defaultKubeconfig()
{
    const QString fromEnv = QProcessEnvironment::systemEnvironment().value(QStringLiteral("KUBECONFIG"));
    const QStringList files = fromEnv.split(QDir::listSeparator(), Qt::SkipEmptyParts);
    if (!files.isEmpty())
        return files.constFirst();
    return QDir::home().filePath(QStringLiteral(".kube/config"));
}

Result<KubeSessionOptions> KubeTarget::resolve() const
{
    if (kubeconfig.trimmed().isEmpty())
        return Error(QStringLiteral("no kubeconfig file given"));
    auto config = KubeConfig::load(kubeconfig.trimmed());
    if (!config)
        return config.error();
    auto client = config->resolve(context);
    if (!client)
        return client.error();
    auto ref = KubeConfigMapRef::parse(configMap.trimmed().isEmpty() ? KubeConfigMapRef().toString() : configMap.trimmed());
    if (!ref)
        return ref.error();
    KubeSessionOptions options;
    options.client = std::move(client).value();
    options.configMap = *ref;
    options.agentPort = agentPort;
    return options;
}

QString KubeTarget::user() const
{
    auto config = KubeConfig::load(kubeconfig.trimmed());
    if (!config)
        return {};
    const QString name = context.isEmpty() ? config->currentContext() : context;
    for (const KubeConfig::Context &entry : config->contexts())
        if (entry.name == name)
            return entry.user;
    return {};
}

QString KubeTarget::key() const
{
    return QStringLiteral("kubeconfig:%1#%2").arg(QDir::cleanPath(kubeconfig.trimmed()), context);
}

} // namespace tartan::gui
