#pragma once

#include "kubeclient.h"
#include "result.h"

#include <QProcessEnvironment>

#include <functional>

namespace tartan {

/// The name of the node the agent runs on, as flanneld finds it: NODE_NAME, or else the
/// spec.nodeName of the pod POD_NAME in POD_NAMESPACE (one GET). `done` runs once, on the client's
/// thread, later than the call. "kube node name: neither NODE_NAME nor POD_NAME and POD_NAMESPACE
/// are set".
void findKubeNodeName(KubeClient *client, const QProcessEnvironment &env, const QObject *context,
                      std::function<void(Result<QString>)> done);

} // namespace tartan
