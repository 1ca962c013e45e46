#include "clusterreader.h"

#include "etcdclusterreader.h"
#include "kubeclusterreader.h"

namespace tartan::cli {

Result<std::unique_ptr<ClusterReader>> ClusterReader::create(CommandContext &context)
{
    if (!context.kube())
        return std::unique_ptr<ClusterReader>(std::make_unique<EtcdClusterReader>(context));
    auto reader = KubeClusterReader::create(context);
    if (!reader)
        return reader.error();
    return std::unique_ptr<ClusterReader>(std::move(reader).value());
}

} // namespace tartan::cli
