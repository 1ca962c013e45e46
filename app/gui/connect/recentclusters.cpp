#include "recentclusters.h"

#include "clusterurl.h"

#include <QSettings>

namespace tartan::gui {

namespace {

const QString kGroup = QStringLiteral("recentClusters");

} // namespace

Result<RecentCluster> RecentCluster::from(const EtcdClientOptions &options, const QString &prefix)
{
    auto url = ClusterUrl::fromEndpoints(options.endpoints, prefix);
    if (!url)
        return url.error();
    RecentCluster entry;
    entry.url = url->toString();
    entry.caFile = options.caFile;
    entry.certFile = options.certFile;
    entry.keyFile = options.keyFile;
    entry.username = options.username;
    return entry;
}

RecentCluster RecentCluster::from(const KubeTarget &target)
{
    RecentCluster entry;
    entry.url = target.key();
    entry.kubeconfig = target.kubeconfig;
    entry.context = target.context;
    entry.configMap = target.configMap;
    entry.agentPort = target.agentPort;
    return entry;
}

KubeTarget RecentCluster::kubeTarget() const
{
    KubeTarget target;
    target.kubeconfig = kubeconfig;
    target.context = context;
    if (!configMap.isEmpty())
        target.configMap = configMap;
    if (agentPort > 0)
        target.agentPort = agentPort;
    return target;
}

Result<EtcdClientOptions> RecentCluster::options() const
{
    auto parsed = ClusterUrl::parse(url);
    if (!parsed)
        return parsed.error();
    EtcdClientOptions options;
    options.endpoints = parsed->endpoints();
    options.caFile = caFile;
    options.certFile = certFile;
    options.keyFile = keyFile;
    options.username = username;
    return options;
}

QString RecentCluster::prefix() const
{
    auto parsed = ClusterUrl::parse(url);
    return parsed ? parsed->prefix() : QString();
}

std::unique_ptr<QSettings> RecentClusters::settings() const
{
    if (mIniFile.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(mIniFile, QSettings::IniFormat);
}

QString RecentClusters::fileName() const
{
    return settings()->fileName();
}

QList<RecentCluster> RecentClusters::entries() const
{
    auto store = settings();
    QList<RecentCluster> entries;
    const int count = store->beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        store->setArrayIndex(i);
        RecentCluster entry;
        entry.url = store->value(QStringLiteral("url")).toString();
        entry.caFile = store->value(QStringLiteral("caFile")).toString();
        entry.certFile = store->value(QStringLiteral("certFile")).toString();
        entry.keyFile = store->value(QStringLiteral("keyFile")).toString();
        entry.username = store->value(QStringLiteral("username")).toString();
        entry.kubeconfig = store->value(QStringLiteral("kubeconfig")).toString();
        entry.context = store->value(QStringLiteral("context")).toString();
        entry.configMap = store->value(QStringLiteral("configMap")).toString();
        entry.agentPort = store->value(QStringLiteral("agentPort"), 0).toInt();
        entry.lastUsed = store->value(QStringLiteral("lastUsed")).toDateTime();
        // A hand-edited file may hold anything; an entry without an address is no entry.
        if (!entry.url.isEmpty() && entries.size() < kMaxEntries)
            entries.append(entry);
    }
    store->endArray();
    return entries;
}

void RecentClusters::write(const QList<RecentCluster> &entries)
{
    auto store = settings();
    store->remove(kGroup);
    store->beginWriteArray(kGroup, int(entries.size()));
    for (int i = 0; i < entries.size(); ++i) {
        const RecentCluster &entry = entries[i];
        store->setArrayIndex(i);
        store->setValue(QStringLiteral("url"), entry.url);
        store->setValue(QStringLiteral("caFile"), entry.caFile);
        store->setValue(QStringLiteral("certFile"), entry.certFile);
        store->setValue(QStringLiteral("keyFile"), entry.keyFile);
        store->setValue(QStringLiteral("username"), entry.username);
        if (entry.isKube()) {
            store->setValue(QStringLiteral("kubeconfig"), entry.kubeconfig);
            store->setValue(QStringLiteral("context"), entry.context);
            store->setValue(QStringLiteral("configMap"), entry.configMap);
            store->setValue(QStringLiteral("agentPort"), entry.agentPort);
        }
        store->setValue(QStringLiteral("lastUsed"), entry.lastUsed);
    }
    store->endArray();
    store->sync();
}

void RecentClusters::remember(RecentCluster entry)
{
    if (entry.url.isEmpty())
        return;
    if (!entry.lastUsed.isValid())
        entry.lastUsed = QDateTime::currentDateTimeUtc();
    QList<RecentCluster> list = entries();
    list.removeIf([&entry](const RecentCluster &known) { return known.url == entry.url; });
    list.prepend(entry);
    write(list.mid(0, kMaxEntries));
}

void RecentClusters::forget(const QString &url)
{
    QList<RecentCluster> list = entries();
    if (list.removeIf([&url](const RecentCluster &known) { return known.url == url; }) > 0)
        write(list);
}

void RecentClusters::clear()
{
    write({});
}

} // namespace tartan::gui
