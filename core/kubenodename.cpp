#include "kubenodename.h"

#include <QTimer>

namespace tartan {

void findKubeNodeName(KubeClient *client, const QProcessEnvironment &env, const QObject *context,
                      std::function<void(Result<QString>)> done)
{
    const QString nodeName = env.value(QStringLiteral("NODE_NAME"));
    if (!nodeName.isEmpty()) {
        QTimer::singleShot(0, context ? context : client, [done, nodeName] { done(nodeName); });
        return;
    }
    const QString pod = env.value(QStringLiteral("POD_NAME"));
    const QString nameSpace = env.value(QStringLiteral("POD_NAMESPACE"));
    if (pod.isEmpty() || nameSpace.isEmpty()) {
        QTimer::singleShot(0, context ? context : client, [done] {
            done(Error(QStringLiteral("kube node name: neither NODE_NAME nor POD_NAME and POD_NAMESPACE are set")));
        });
        return;
    }
    client->getPod(nameSpace, pod, context, [done, pod, nameSpace](Result<json::Json, KubeError> answer) {
        const QString where = QStringLiteral("kube node name from pod %1/%2").arg(nameSpace, pod);
        if (!answer)
            return done(Error(answer.error().message).context(where));
        const json::Json &object = *answer;
        if (object.is_object() && object.contains("spec") && object["spec"].is_object() && object["spec"].contains("nodeName")
            && object["spec"]["nodeName"].is_string() && !object["spec"]["nodeName"].get<std::string>().empty())
            return done(json::toQString(object["spec"]["nodeName"].get<std::string>()));
        done(Error(where + QStringLiteral(": the pod has no spec.nodeName")));
    });
}

} // namespace tartan
