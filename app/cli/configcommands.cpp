#include "configcommands.h"

#include "commandcontext.h"
#include "json.h"
#include "kubeclusterreader.h"
#include "linediff.h"
#include "networkconfig.h"

#include <QFile>

#include <cstdio>

namespace tartan::cli {

namespace {

Result<QByteArray> readInput(const QString &path)
{
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return Error(QStringLiteral("cannot read '%1': %2").arg(path, file.errorString()));
    return file.readAll();
}

/// The text split into lines for a diff, re-indented when it is JSON so that formatting alone
/// never shows up as a change.
QStringList diffLines(const QByteArray &text)
{
    if (text.isEmpty())
        return {};
    auto parsed = json::parse(text, QStringLiteral("config"));
    const QString pretty = parsed ? QString::fromStdString(parsed->dump(2)) : QString::fromUtf8(text);
    return pretty.split(u'\n');
}

QString poolSummary(const AddressPool &pool)
{
    return QStringLiteral("%1, /%2 per node, %3 to %4")
        .arg(pool.network.toString())
        .arg(pool.subnetLength)
        .arg(pool.subnetMin.toString(), pool.subnetMax.toString());
}

QString backendSummary(const BackendConfig &backend)
{
    QString text = backendTypeName(backend.type);
    switch (backend.type) {
    case BackendType::Vxlan:
        text += QStringLiteral(" (VNI %1, port %2%3%4%5)")
                    .arg(backend.vxlan.vni)
                    .arg(backend.vxlan.port ? backend.vxlan.port : 8472)
                    .arg(backend.vxlan.directRouting ? QStringLiteral(", DirectRouting") : QString())
                    .arg(backend.vxlan.gbp ? QStringLiteral(", GBP") : QString())
                    .arg(backend.vxlan.learning ? QStringLiteral(", Learning") : QString());
        break;
    case BackendType::IpIp:
        if (backend.ipip.directRouting)
            text += QStringLiteral(" (DirectRouting)");
        break;
    case BackendType::Udp:
        text += QStringLiteral(" (port %1)").arg(backend.udp.port);
        break;
    default:
        break;
    }
    return text;
}

json::Json poolJson(const AddressPool &pool)
{
    return {{"network", pool.network.toString().toStdString()},
            {"subnetLen", pool.subnetLength},
            {"subnetMin", pool.subnetMin.toString().toStdString()},
            {"subnetMax", pool.subnetMax.toString().toStdString()}};
}

int validate(CommandContext &context, const QString &path)
{
    const auto text = readInput(path);
    if (!text)
        return context.fail(kBadInput, text.error().message());
    const auto config = NetworkConfig::parse(*text);
    if (context.json()) {
        json::Json out = {{"file", path.toStdString()}, {"valid", config.ok()}};
        if (!config) {
            out["error"] = config.error().message().toStdString();
        } else {
            if (config->enableIPv4)
                out["ipv4"] = poolJson(config->ipv4);
            if (config->enableIPv6)
                out["ipv6"] = poolJson(config->ipv6);
            out["backend"] = backendTypeName(config->backend.type).toStdString();
        }
        context.out(QString::fromStdString(out.dump(2)));
        return config ? kOk : kBadInput;
    }
    if (!config)
        return context.fail(kBadInput, QStringLiteral("%1: %2").arg(path, config.error().message()));
    context.out(QStringLiteral("%1: valid").arg(path));
    if (config->enableIPv4)
        context.out(QStringLiteral("  IPv4     %1").arg(poolSummary(config->ipv4)));
    if (config->enableIPv6)
        context.out(QStringLiteral("  IPv6     %1").arg(poolSummary(config->ipv6)));
    context.out(QStringLiteral("  backend  %1").arg(backendSummary(config->backend)));
    return kOk;
}

Result<std::optional<etcd::KeyValue>> readCurrent(CommandContext &context, EtcdClient *client)
{
    etcd::RangeRequest request;
    request.key = context.layout().configKey();
    auto answer = context.call<etcd::RangeResponse>(
        [&](const QObject *c, auto done) { client->range(request, c, done); });
    if (!answer)
        return answer.error();
    if (answer->kvs.isEmpty())
        return std::optional<etcd::KeyValue>();
    return std::optional<etcd::KeyValue>(answer->kvs.first());
}

void printConfig(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    if (!text.endsWith('\n'))
        std::fputc('\n', stdout);
}

/// config get --kubeconfig: the key of the ConfigMap (--configmap) the agents mount.
int kubeGet(CommandContext &context)
{
    const auto ref = context.configMapRef();
    if (!ref)
        return context.fail(kBadInput, ref.error().message());
    if (auto client = context.kubeClient(); !client)
        return context.fail(kBadInput, client.error().message());
    bool absent = false;
    const auto read = readNetConfig(context, *ref, &absent);
    if (!read)
        return context.fail(absent ? kBadInput : kStoreUnreachable, read.error().message());
    if (read->text.isEmpty())
        return context.fail(kBadInput, QStringLiteral("no network config in %1: it has no key %2").arg(ref->describe(), ref->key));
    printConfig(read->text);
    return kOk;
}

int get(CommandContext &context)
{
    if (context.kube())
        return kubeGet(context);
    auto client = context.client();
    if (!client)
        return context.fail(kBadInput, client.error().message());
    const auto current = readCurrent(context, *client);
    if (!current)
        return context.storeFailed(current.error());
    if (!current->has_value())
        return context.fail(kBadInput, QStringLiteral("no network config at %1").arg(QString::fromUtf8(context.layout().configKey())));
    printConfig((*current)->value);
    return kOk;
}

int set(CommandContext &context, const QString &path)
{
    const auto text = readInput(path);
    if (!text)
        return context.fail(kBadInput, text.error().message());
    const auto config = NetworkConfig::parse(*text);
    if (!config)
        return context.fail(kBadInput, QStringLiteral("%1: %2; nothing written").arg(path, config.error().message()));
    auto client = context.client();
    if (!client)
        return context.fail(kBadInput, client.error().message());
    const auto current = readCurrent(context, *client);
    if (!current)
        return context.storeFailed(current.error());

    const QByteArray key = context.layout().configKey();
    const QByteArray before = current->has_value() ? (*current)->value : QByteArray();
    const LineDiff diff = LineDiff::compute(diffLines(before), diffLines(*text));
    if (diff.isEmpty()) {
        context.out(QStringLiteral("%1: no change").arg(QString::fromUtf8(key)));
        return kOk;
    }
    context.out(QStringLiteral("--- %1 (current)\n+++ %2").arg(QString::fromUtf8(key), path));
    std::fputs(diff.unified().toUtf8().constData(), stdout);
    if (context.options().isSet(QStringLiteral("dry-run"))) {
        context.out(QStringLiteral("dry run: nothing written"));
        return kOk;
    }
    // Write over exactly the version shown in the diff, or not at all.
    etcd::TxnRequest txn;
    txn.compare.append(etcd::Compare::modRevision(key, etcd::Compare::Op::Equal,
                                                  current->has_value() ? (*current)->modRevision : 0));
    etcd::PutRequest put;
    put.key = key;
    put.value = *text;
    txn.success.append(put);
    EtcdClient *etcd = *client;
    const auto written = context.call<etcd::TxnResponse>([&](const QObject *c, auto done) { etcd->txn(txn, c, done); });
    if (!written)
        return context.storeFailed(written.error());
    if (!written->succeeded)
        return context.fail(kBadInput, QStringLiteral("%1 changed while this was being written; nothing written, run again")
                                           .arg(QString::fromUtf8(key)));
    context.out(QStringLiteral("written to %1 at revision %2").arg(QString::fromUtf8(key)).arg(written->header.revision));
    return kOk;
}

} // namespace

int runConfigCommand(CommandContext &context, const QStringList &arguments)
{
    const QString verb = arguments.value(0);
    if (verb == u"get" && arguments.size() == 1)
        return get(context);
    if (verb == u"set" && arguments.size() == 2) {
        if (context.kube())
            return context.fail(kBadInput, QStringLiteral("config set does not write to a Kubernetes cluster: edit the ConfigMap "
                                                          "(kubectl edit, or the tartan app), then restart the agents"));
        return set(context, arguments[1]);
    }
    if (verb == u"validate" && arguments.size() == 2)
        return validate(context, arguments[1]);
    return context.fail(kBadInput, QStringLiteral("usage: tartanctl config get | set FILE [--dry-run] | validate FILE"));
}

} // namespace tartan::cli
