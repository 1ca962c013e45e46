// A kubeconfig, as tartand --kubeconfig-file and tartanctl read it: YAML through libyaml
// (core/yamldocument), then the clusters, users and contexts (core/kubeconfig). Properties:
//   - the YAML reader gives a value no deeper than json::kMaxDepth whose strings are valid UTF-8,
//     and the same value again when given back as YAML written here in flow style (a JSON
//     kubeconfig is YAML too: the reader must not depend on the block style);
//   - the kubeconfig parses from that rewritten text to the same contexts, or fails the same way;
//   - every context of a parsed kubeconfig names a cluster, and resolving it gives an http(s)
//     server and a client certificate only together with its key.
// Files the kubeconfig names are resolved relative to a folder that does not exist, and contexts
// that name a file by an absolute or parent path are not resolved: no input reads the machine's
// files.
#include "fuzzcheck.h"
#include "kubeconfig.h"
#include "yamldocument.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

using namespace tartan;

namespace {

const QString kPath = QStringLiteral("/nonexistent-tartan-fuzz/config");

/// Appends `text` as a YAML double-quoted scalar: printable ASCII as it is, everything else as an
/// escape of its code point. False when `text` is not valid UTF-8.
bool quote(const std::string &text, std::string &out)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            if (byte == '"' || byte == '\\')
                out += '\\';
            out += char(byte);
            ++i;
            continue;
        }
        const int length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : (byte >> 3) == 30 ? 4 : 0;
        if (length == 0 || i + std::size_t(length) > text.size())
            return false;
        char32_t point = length == 1 ? byte : byte & (0x7f >> length);
        for (int k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + std::size_t(k)]);
            if ((next >> 6) != 2)
                return false;
            point = point << 6 | (next & 0x3f);
        }
        static const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (point < least[length] || point > 0x10ffff || (point >= 0xd800 && point < 0xe000))
            return false;
        out += "\\U";
        for (int shift = 28; shift >= 0; shift -= 4)
            out += hex[(point >> shift) & 0xf];
        i += std::size_t(length);
    }
    out += '"';
    return true;
}

/// `value` as YAML flow text, every mapping key explicit ("? key: value"), so that no key length
/// or character limits what the reader accepts. False when a string is not valid UTF-8.
bool toFlowYaml(const json::Json &value, std::string &out, int depth = 0)
{
    FUZZ_CHECK(depth <= json::kMaxDepth);
    if (value.is_null()) {
        out += "null";
        return true;
    }
    if (value.is_boolean()) {
        out += value.get<bool>() ? "true" : "false";
        return true;
    }
    if (value.is_string())
        return quote(value.get<std::string>(), out);
    FUZZ_CHECK(value.is_array() || value.is_object()); // every YAML scalar reads as a string
    out += value.is_array() ? "[" : "{";
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
        out += first ? "" : ", ";
        first = false;
        if (value.is_object()) {
            out += "? ";
            if (!quote(it.key(), out))
                return false;
            out += " : ";
        }
        if (!toFlowYaml(*it, out, depth + 1))
            return false;
    }
    out += value.is_array() ? "]" : "}";
    return true;
}

/// Whether `value` names a file outside the (nonexistent) kubeconfig folder anywhere.
bool namesOutsideFile(const json::Json &value)
{
    if (value.is_array())
        return std::any_of(value.begin(), value.end(), namesOutsideFile);
    if (!value.is_object())
        return false;
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (it->is_string()) {
            const std::string &text = it->get_ref<const std::string &>();
            if (text.find('/') != std::string::npos || text.find("..") != std::string::npos)
                if (it.key() == "certificate-authority" || it.key() == "tokenFile" || it.key() == "client-certificate"
                    || it.key() == "client-key")
                    return true;
        }
        if (namesOutsideFile(*it))
            return true;
    }
    return false;
}

bool sameContexts(const KubeConfig &a, const KubeConfig &b)
{
    if (a.currentContext() != b.currentContext() || a.contexts().size() != b.contexts().size())
        return false;
    for (qsizetype i = 0; i < a.contexts().size(); ++i) {
        const KubeConfig::Context &x = a.contexts()[i];
        const KubeConfig::Context &y = b.contexts()[i];
        if (x.name != y.name || x.cluster != y.cluster || x.user != y.user || x.nameSpace != y.nameSpace)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto document = parseYaml(input, QStringLiteral("kubeconfig"));
    if (!document) {
        FUZZ_CHECK(document.error().message().startsWith(QLatin1String("kubeconfig: YAML line ")));
        return 0;
    }
    std::string flow;
    FUZZ_CHECK(toFlowYaml(*document, flow));
    const QByteArray rewritten = QByteArray::fromStdString(flow);
    const auto again = parseYaml(rewritten, QStringLiteral("kubeconfig"));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == *document);

    const auto config = KubeConfig::parse(input, kPath);
    const auto fromFlow = KubeConfig::parse(rewritten, kPath);
    FUZZ_CHECK(config.ok() == fromFlow.ok());
    if (!config) {
        FUZZ_CHECK(config.error().message() == fromFlow.error().message());
        return 0;
    }
    FUZZ_CHECK(sameContexts(*config, *fromFlow));
    if (namesOutsideFile(*document))
        return 0;
    for (const KubeConfig::Context &context : config->contexts()) {
        FUZZ_CHECK(!context.name.isEmpty() && !context.cluster.isEmpty());
        const auto options = config->resolve(context.name);
        if (!options) {
            FUZZ_CHECK(options.error().message().startsWith(QLatin1String("kubeconfig '") + kPath + QLatin1String("'")));
            continue;
        }
        FUZZ_CHECK(options->server.scheme() == QLatin1String("https") || options->server.scheme() == QLatin1String("http"));
        FUZZ_CHECK(options->clientCertPem.isEmpty() == options->clientKeyPem.isEmpty());
    }
    return 0;
}
