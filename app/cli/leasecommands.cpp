#include "leasecommands.h"

#include "etcdclusterreader.h"
#include "commandcontext.h"
#include "leasewatcher.h"
#include "networkconfig.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QSet>

#include "kubeleases.h"
#include "texttable.h"

namespace tartan::cli {

namespace {

QString subnetText(const SubnetKey &subnet)
{
    QStringList parts;
    if (!subnet.ipv4.isNull())
        parts << subnet.ipv4.toString();
    if (!subnet.ipv6.isNull())
        parts << subnet.ipv6.toString();
    return parts.join(u',');
}

QString vtepMac(const Lease &lease)
{
    const auto data = lease.attrs.vxlanData();
    return data ? data->vtepMac.toString() : QString();
}

/// Seconds left on each etcd lease: -1 when it has run out; absent for a reservation.
using Ttls = QHash<qint64, qint64>;

QString expiresText(const Lease &lease, const Ttls &ttls)
{
    if (lease.isReservation())
        return QStringLiteral("reserved");
    const qint64 left = ttls.value(lease.storeLeaseId, -1);
    if (left < 0)
        return QStringLiteral("expired");
    return QStringLiteral("%1h%2m%3s").arg(left / 3600).arg(left / 60 % 60, 2, 10, QLatin1Char('0')).arg(left % 60, 2, 10, QLatin1Char('0'));
}

json::Json leaseJson(const Lease &lease, const Ttls *ttls)
{
    json::Json out = {{"subnet", subnetText(lease.subnet).toStdString()},
                      {"key", lease.subnet.toString().toStdString()},
                      {"publicIP", lease.attrs.publicIp.toString().toStdString()},
                      {"backendType", lease.attrs.backendType.toStdString()},
                      {"reservation", lease.isReservation()},
                      {"leaseId", lease.storeLeaseId},
                      {"modRevision", lease.modRevision}};
    out["publicIPv6"] = lease.attrs.publicIpv6.isNull() ? json::Json() : json::Json(lease.attrs.publicIpv6.toString().toStdString());
    const QString mac = vtepMac(lease);
    out["vtepMAC"] = mac.isEmpty() ? json::Json() : json::Json(mac.toStdString());
    if (ttls)
        out["expiresIn"] = lease.isReservation() ? json::Json() : json::Json(ttls->value(lease.storeLeaseId, -1));
    return out;
}

/// The time left on every etcd lease the keys use, asked for all at once (one request per lease:
/// flannel gives each key its own).
Result<Ttls> fetchTtls(EtcdClient *client, const QList<Lease> &leases)
{
    QSet<qint64> ids;
    for (const Lease &lease : leases)
        if (!lease.isReservation())
            ids.insert(lease.storeLeaseId);
    Ttls ttls;
    std::optional<Error> failure;
    int pending = int(ids.size());
    QObject requests; // the callbacks' context: they cannot outlive this function
    for (qint64 id : std::as_const(ids)) {
        client->leaseTimeToLive(id, false, &requests, [&, id](Result<etcd::LeaseTimeToLiveResponse> answer) {
            --pending;
            if (!answer)
                failure = answer.error();
            else
                ttls.insert(id, answer->ttl);
        });
    }
    while (pending > 0)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    if (failure)
        return *failure;
    return ttls;
}

int list(CommandContext &context)
{
    auto client = context.client();
    if (!client)
        return context.fail(kBadInput, client.error().message());
    const StoreLayout layout = context.layout();
    EtcdClient *etcd = *client;
    const auto read = EtcdClusterReader(context).leases();
    if (!read)
        return context.storeFailed(read.error());
    const QList<Lease> &leases = *read;
    const auto ttls = fetchTtls(etcd, leases);
    if (!ttls)
        return context.storeFailed(ttls.error());

    if (context.json()) {
        json::Json out = json::Json::array();
        for (const Lease &lease : leases)
            out.push_back(leaseJson(lease, &*ttls));
        context.out(QString::fromStdString(out.dump(2)));
        return kOk;
    }
    TextTable table({QStringLiteral("SUBNET"), QStringLiteral("PUBLIC IP"), QStringLiteral("BACKEND"),
                     QStringLiteral("VTEP MAC"), QStringLiteral("EXPIRES IN")});
    for (const Lease &lease : leases) {
        QString publicIps = lease.attrs.publicIp.toString();
        if (!lease.attrs.publicIpv6.isNull())
            publicIps += u',' + lease.attrs.publicIpv6.toString();
        const QString mac = vtepMac(lease);
        table.addRow({subnetText(lease.subnet), publicIps,
                      lease.attrs.backendType.isEmpty() ? QStringLiteral("-") : lease.attrs.backendType,
                      mac.isEmpty() ? QStringLiteral("-") : mac, expiresText(lease, *ttls)});
    }
    context.out(table.toString());
    context.out(QStringLiteral("%1 lease(s) under %2").arg(leases.size()).arg(QString::fromUtf8(layout.subnetsPrefix())));
    return kOk;
}

} // namespace

void printLeaseEvent(const CommandContext &context, const char *event, const Lease &lease)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    if (context.json()) {
        json::Json line = {{"time", time.toStdString()}, {"event", event}, {"lease", leaseJson(lease, nullptr)}};
        context.out(QString::fromStdString(line.dump()));
        return;
    }
    const QString mac = vtepMac(lease);
    context.out(QStringLiteral("%1 %2 %3 %4 %5 %6")
                    .arg(time, QString::fromLatin1(event).toUpper().leftJustified(8), subnetText(lease.subnet),
                         lease.attrs.publicIp.toString(),
                         lease.attrs.backendType.isEmpty() ? QStringLiteral("-") : lease.attrs.backendType,
                         mac.isEmpty() ? QStringLiteral("-") : mac));
}

namespace {

int watch(CommandContext &context)
{
    auto client = context.client();
    if (!client)
        return context.fail(kBadInput, client.error().message());
    LeaseWatcher watcher(*client, context.layout());
    const auto print = [&context](const char *event, const Lease &lease) { printLeaseEvent(context, event, lease); };
    QObject::connect(&watcher, &LeaseWatcher::leaseAdded, [&](const Lease &lease) { print("added", lease); });
    QObject::connect(&watcher, &LeaseWatcher::leaseChanged, [&](const Lease &, const Lease &after) { print("changed", after); });
    QObject::connect(&watcher, &LeaseWatcher::leaseRemoved, [&](const Lease &lease) { print("removed", lease); });
    QObject::connect(&watcher, &LeaseWatcher::leaseRejected, [&](const QByteArray &key, const Error &error) {
        context.warn(QStringLiteral("rejected %1: %2").arg(QString::fromUtf8(key), error.message()));
    });
    QObject::connect(&watcher, &LeaseWatcher::problem, [&](const Error &error) { context.warn(error.message()); });
    watcher.start();
    return QCoreApplication::exec(); // until interrupted
}

Result<SubnetKey> parseSubnet(const QString &text)
{
    // Either the key form (10.244.5.0-24) or CIDR (10.244.5.0/24), which must be a network address.
    if (text.contains(u'/')) {
        auto network = IpNetwork::parse(text);
        if (!network)
            return network.error();
        if (network->toString() != text)
            return Error(QStringLiteral("'%1' is not a network address (did you mean %2?)").arg(text, network->toString()));
        SubnetKey key;
        (network->family() == IpAddress::Family::V4 ? key.ipv4 : key.ipv6) = *network;
        return key;
    }
    return SubnetKey::parse(text);
}

int reserve(CommandContext &context, const QString &subnetText_, const QString &publicIpText)
{
    const auto subnet = parseSubnet(subnetText_);
    if (!subnet)
        return context.fail(kBadInput, subnet.error().message());
    const auto publicIp = IpAddress::parseV4(publicIpText);
    if (!publicIp)
        return context.fail(kBadInput, publicIp.error().message());
    auto client = context.client();
    if (!client)
        return context.fail(kBadInput, client.error().message());
    EtcdClient *etcd = *client;
    const StoreLayout layout = context.layout();

    // A reservation must be a subnet the network would lease; without a config, say so and go on.
    etcd::RangeRequest configRequest;
    configRequest.key = layout.configKey();
    const auto configValue = context.call<etcd::RangeResponse>([&](const QObject *c, auto done) { etcd->range(configRequest, c, done); });
    if (!configValue)
        return context.storeFailed(configValue.error());
    if (configValue->kvs.isEmpty()) {
        context.warn(QStringLiteral("no network config at %1: cannot check the subnet against it").arg(QString::fromUtf8(layout.configKey())));
    } else if (const auto config = NetworkConfig::parse(configValue->kvs.first().value); config) {
        const AddressPool *pool = config->pool(IpAddress::Family::V4);
        if (!subnet->ipv4.isNull() && (!pool || !pool->fits(subnet->ipv4)))
            return context.fail(kBadInput, QStringLiteral("%1 is not a subnet this network leases (%2)")
                                               .arg(subnet->ipv4.toString(), pool ? QStringLiteral("Network %1, SubnetLen %2, %3 to %4")
                                                                                        .arg(pool->network.toString()).arg(pool->subnetLength)
                                                                                        .arg(pool->subnetMin.toString(), pool->subnetMax.toString())
                                                                                  : QStringLiteral("IPv4 is disabled")));
    }

    LeaseAttrs attrs;
    attrs.publicIp = *publicIp;
    const QByteArray key = layout.subnetKey(*subnet);
    etcd::TxnRequest txn;
    txn.compare.append(etcd::Compare::version(key, etcd::Compare::Op::Equal, 0));
    etcd::PutRequest put;
    put.key = key;
    put.value = attrs.encode();
    txn.success.append(put);
    etcd::RangeRequest current;
    current.key = key;
    txn.failure.append(current);
    const auto answer = context.call<etcd::TxnResponse>([&](const QObject *c, auto done) { etcd->txn(txn, c, done); });
    if (!answer)
        return context.storeFailed(answer.error());
    if (answer->succeeded) {
        context.out(QStringLiteral("reserved %1 for %2").arg(subnet->toString(), publicIp->toString()));
        return kOk;
    }
    // Taken: by this very node it becomes its reservation; by another node it is refused.
    const auto &held = std::get<etcd::RangeResponse>(answer->responses.first());
    if (held.kvs.isEmpty())
        return context.fail(kBadInput, QStringLiteral("%1 changed while reserving it; run again").arg(subnet->toString()));
    const etcd::KeyValue kv = held.kvs.first();
    const auto holder = LeaseAttrs::decode(kv.value);
    if (!holder || holder->publicIp != *publicIp)
        return context.fail(kBadInput, QStringLiteral("%1 is leased by %2; release it first")
                                           .arg(subnet->toString(), holder ? holder->publicIp.toString() : QStringLiteral("an unreadable lease")));
    if (kv.lease == 0) {
        context.out(QStringLiteral("%1 is already reserved for %2").arg(subnet->toString(), publicIp->toString()));
        return kOk;
    }
    etcd::TxnRequest convert;
    convert.compare.append(etcd::Compare::modRevision(key, etcd::Compare::Op::Equal, kv.modRevision));
    etcd::PutRequest keep;
    keep.key = key;
    keep.value = kv.value;
    convert.success.append(keep);
    const auto converted = context.call<etcd::TxnResponse>([&](const QObject *c, auto done) { etcd->txn(convert, c, done); });
    if (!converted)
        return context.storeFailed(converted.error());
    if (!converted->succeeded)
        return context.fail(kBadInput, QStringLiteral("%1 changed while reserving it; run again").arg(subnet->toString()));
    context.out(QStringLiteral("reserved %1 for %2 (its lease no longer expires)").arg(subnet->toString(), publicIp->toString()));
    return kOk;
}

int release(CommandContext &context, const QString &subnetText_)
{
    const auto subnet = parseSubnet(subnetText_);
    if (!subnet)
        return context.fail(kBadInput, subnet.error().message());
    auto client = context.client();
    if (!client)
        return context.fail(kBadInput, client.error().message());
    EtcdClient *etcd = *client;
    etcd::DeleteRangeRequest request;
    request.key = context.layout().subnetKey(*subnet);
    request.prevKv = true;
    const auto answer = context.call<etcd::DeleteRangeResponse>([&](const QObject *c, auto done) { etcd->deleteRange(request, c, done); });
    if (!answer)
        return context.storeFailed(answer.error());
    if (answer->deleted == 0)
        return context.fail(kBadInput, QStringLiteral("no lease or reservation for %1").arg(subnet->toString()));
    const auto was = answer->prevKvs.isEmpty() ? Result<LeaseAttrs>(Error(QString())) : LeaseAttrs::decode(answer->prevKvs.first().value);
    context.out(QStringLiteral("released %1%2").arg(subnet->toString(), was ? QStringLiteral(" (was %1)").arg(was->publicIp.toString()) : QString()));
    return kOk;
}

} // namespace

int runLeasesCommand(CommandContext &context, const QStringList &arguments)
{
    const QString verb = arguments.value(0);
    if (!context.options().value(QStringLiteral("kubeconfig")).isEmpty())
        return runKubeLeases(context, arguments);
    if (arguments.isEmpty())
        return context.options().isSet(QStringLiteral("watch")) ? watch(context) : list(context);
    if (verb == u"reserve" && arguments.size() == 3)
        return reserve(context, arguments[1], arguments[2]);
    if (verb == u"release" && arguments.size() == 2)
        return release(context, arguments[1]);
    return context.fail(kBadInput, QStringLiteral("usage: tartanctl leases [--watch] | reserve SUBNET PUBLICIP | release SUBNET"));
}

} // namespace tartan::cli
