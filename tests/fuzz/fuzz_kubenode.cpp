// What Kubernetes mode reads from the API server: a Node, a NodeList (items) or a watch body (one
// event per line), decoded the way the node watcher and the lease code decode them. Properties:
//   - a node's lease has a subnet, an IPv4 PublicIP (or none) and an IPv6 one (or none);
//   - the annotations the agent would write for a decoded lease (KubeAnnotations::forSelf) decode
//     to a lease whose annotations re-encode byte for byte the same, on the same subnet: an agent
//     that reads back what it wrote finds nothing to PATCH;
//   - a watch event re-encoded as the API server writes it ({"type":..,"object":..}) decodes to the
//     same event.
#include "fuzzcheck.h"
#include "kubeclient.h"
#include "kubenodelease.h"
#include "kubenodewatcher.h"

#include <cstddef>
#include <cstdint>

using namespace tartan;

namespace {

const KubeAnnotations &names()
{
    static const KubeAnnotations flannel = *KubeAnnotations::withPrefix(QStringLiteral("flannel.alpha.coreos.com"));
    return flannel;
}

void checkNode(const json::Json &node)
{
    (void)kubeName(node);
    (void)kubeResourceVersion(node);
    const auto lease = kubeNodeLease(node, names());
    if (!lease) {
        FUZZ_CHECK(!lease.error().message().isEmpty());
        return;
    }
    if (!lease->has_value())
        return;
    const Lease &first = **lease;
    FUZZ_CHECK(!first.subnet.isNull());
    FUZZ_CHECK(first.attrs.publicIp.isNull() || first.attrs.publicIp.isV4());
    FUZZ_CHECK(first.attrs.publicIpv6.isNull() || first.attrs.publicIpv6.isV6());

    const QMap<QString, QString> written = names().forSelf(first.attrs);
    // The node as the agent's PATCH leaves it, as far as the lease goes: its name, version and
    // spec, and the annotations written (the input's others, overwrites included, dropped).
    json::Json annotations = json::Json::object();
    for (auto it = written.begin(); it != written.end(); ++it)
        annotations[it.key().toStdString()] = it.value().toStdString();
    json::Json again{{"metadata", {{"name", kubeName(node).toStdString()},
                                   {"resourceVersion", kubeResourceVersion(node).toStdString()},
                                   {"annotations", std::move(annotations)}}}};
    if (const auto spec = node.find("spec"); spec != node.end())
        again["spec"] = *spec;
    const auto second = kubeNodeLease(again, names());
    FUZZ_CHECK(second.ok() && second->has_value());
    FUZZ_CHECK((*second)->subnet == first.subnet);
    FUZZ_CHECK(names().forSelf((*second)->attrs) == written);
}

void checkWatchLine(const QByteArray &line)
{
    const auto event = decodeKubeWatchLine(line, QStringLiteral("watch"));
    if (!event) {
        FUZZ_CHECK(!event.error().message.isEmpty());
        return;
    }
    FUZZ_CHECK(event->type != QLatin1String("ERROR"));
    const QByteArray encoded = json::dump(json::Json{{"type", event->type.toStdString()}, {"object", event->object}});
    const auto again = decodeKubeWatchLine(encoded, QStringLiteral("watch"));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->type == event->type);
    FUZZ_CHECK(again->object == event->object);
    checkNode(event->object);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    // A whole answer: a Node, or a NodeList whose items are nodes; or a single event.
    if (const auto document = json::parse(input, QStringLiteral("answer"))) {
        checkNode(*document);
        if (!document->is_object())
            return 0;
        if (const auto items = document->find("items"); items != document->end() && items->is_array())
            for (const json::Json &item : *items)
                checkNode(item);
        if (document->contains("type"))
            checkWatchLine(input.trimmed());
        return 0;
    }
    // A watch body: every non-empty line one event, as the stream cuts them.
    for (const QByteArray &line : input.split('\n'))
        if (const QByteArray trimmed = line.trimmed(); !trimmed.isEmpty())
            checkWatchLine(trimmed);
    return 0;
}
