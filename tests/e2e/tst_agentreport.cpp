// tartand's report in a lab of network namespaces (Lab): the summary in the store, the full tables
// on the report endpoint compared with what iproute2 shows, the metrics, drift seen before repair
// (--auto-repair=false), repair on request, and the report key going with the lease.
#include "lab.h"
#include "labchecks.h"
#include "nodereport.h"
#include "storelayout.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kVxlan = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";
constexpr const char *kEndpoint = "http://127.0.0.1:8476";

/// An HTTP request to node n's report endpoint, from inside the node; empty on any failure.
QByteArray http(const Lab &lab, int n, const QString &path, bool post = false)
{
    QStringList command{"curl", "-sf", "--max-time", "5"};
    if (post)
        command << "-X" << "POST";
    command << QString::fromLatin1(kEndpoint) + path;
    return show(lab, n, command).toUtf8();
}

Result<NodeReport> report(const Lab &lab, int n)
{
    return decodeNodeReport(http(lab, n, QStringLiteral("/v1/report")));
}

/// node n's summary as the store has it, and the key's etcd metadata (lease, create_revision).
struct StoredSummary
{
    NodeSummary summary;
    qint64 lease = 0;
    qint64 createRevision = 0;
    qint64 modRevision = 0;
};

std::optional<StoredSummary> stored(Lab &lab, const QString &key)
{
    const auto output = lab.etcdctl({"get", key, "-w", "json"});
    if (!output)
        return std::nullopt;
    const QJsonArray kvs = QJsonDocument::fromJson(output->toUtf8()).object().value("kvs").toArray();
    if (kvs.isEmpty())
        return std::nullopt;
    const QJsonObject kv = kvs.first().toObject();
    const auto summary = decodeNodeSummary(QByteArray::fromBase64(kv.value("value").toString().toLatin1()));
    if (!summary)
        return std::nullopt;
    // Lease ids use all 63 bits, more than a JSON number read as a double keeps: taken from the text.
    static const QRegularExpression leaseId(QStringLiteral("\"lease\":([0-9]+)"));
    return StoredSummary{*summary, leaseId.match(*output).captured(1).toLongLong(), kv.value("create_revision").toInteger(),
                         kv.value("mod_revision").toInteger()};
}

qint64 storeRevision(Lab &lab)
{
    const auto output = lab.etcdctl({"get", "/no/such/key", "-w", "json"});
    return output ? QJsonDocument::fromJson(output->toUtf8()).object().value("header").toObject().value("revision").toInteger() : 0;
}

/// What iproute2 shows in node n, in KernelTables::toStrings() wording, limited as the report is:
/// main-table routes (not proto kernel) on `links`, neighbours and FDB entries on `overlay`.
QStringList iproute2Tables(const Lab &lab, int n, const QStringList &links, const QString &overlay)
{
    QStringList lines;
    for (const char *family : {"-4", "-6"}) {
        const QJsonArray routes = QJsonDocument::fromJson(show(lab, n, {"ip", "-j", family, "route", "show", "table", "main"}).toUtf8()).array();
        for (const QJsonValue &value : routes) {
            const QJsonObject route = value.toObject();
            const QString device = route.value("dev").toString();
            if (route.value("protocol").toString() == QLatin1String("kernel") || !links.contains(device)
                || route.contains("type"))
                continue;
            QString destination = route.value("dst").toString();
            if (destination == QLatin1String("default"))
                destination = QLatin1String(family) == QLatin1String("-4") ? "0.0.0.0/0" : "::/0";
            else if (!destination.contains(u'/'))
                destination += QLatin1String(family) == QLatin1String("-4") ? "/32" : "/128";
            QString text = QStringLiteral("route ") + destination;
            if (route.contains("gateway"))
                text += QStringLiteral(" via ") + route.value("gateway").toString();
            text += QStringLiteral(" dev ") + device;
            if (route.value("flags").toArray().contains(QJsonValue("onlink")))
                text += QStringLiteral(" onlink");
            lines << text;
        }
    }
    const QJsonArray neighbours = QJsonDocument::fromJson(show(lab, n, {"ip", "-j", "neigh", "show", "nud", "all", "dev", overlay}).toUtf8()).array();
    for (const QJsonValue &value : neighbours) {
        const QJsonObject neighbour = value.toObject();
        QString text = QStringLiteral("neigh ") + neighbour.value("dst").toString();
        if (neighbour.contains("lladdr"))
            text += QStringLiteral(" lladdr ") + neighbour.value("lladdr").toString();
        text += QStringLiteral(" dev ") + overlay;
        if (neighbour.value("state").toArray().contains(QJsonValue("PERMANENT")))
            text += QStringLiteral(" PERMANENT");
        lines << text;
    }
    const QJsonArray fdb = QJsonDocument::fromJson(show(lab, n, {"bridge", "-j", "fdb", "show", "dev", overlay}).toUtf8()).array();
    for (const QJsonValue &value : fdb) {
        const QJsonObject entry = value.toObject();
        if (!entry.value("flags").toArray().contains(QJsonValue("self")))
            continue;
        QString text = QStringLiteral("fdb ") + entry.value("mac").toString();
        if (entry.contains("dst"))
            text += QStringLiteral(" dst ") + entry.value("dst").toString();
        text += QStringLiteral(" dev ") + overlay + QStringLiteral(" self");
        if (entry.value("state").toString() == QLatin1String("permanent"))
            text += QStringLiteral(" permanent");
        lines << text;
    }
    lines.sort();
    return lines;
}

/// The value of one sample in Prometheus text; -1 when absent.
double metric(const QByteArray &text, const QString &name)
{
    const QRegularExpression line(QStringLiteral("^%1 ([0-9.e+-]+)$").arg(QRegularExpression::escape(name)),
                                  QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromUtf8(text));
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

QString subnetKeyText(const QString &network)
{
    return network + QStringLiteral("-24");
}

} // namespace

class TestAgentReport : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<Lab> startLab(const QStringList &node1Arguments)
    {
        auto lab = std::make_unique<Lab>();
        if (auto started = lab->start(2, kVxlan); !started) {
            qWarning("%s", qPrintable(started.error().message()));
            return nullptr;
        }
        if (!lab->startAgent(1, node1Arguments) || !lab->startAgent(2))
            return nullptr;
        if (!lab->waitForSubnet(1) || !lab->waitForSubnet(2))
            return nullptr;
        return lab;
    }

private slots:
    void summaryReportAndMetrics()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        const QString subnet1 = *lab->waitForSubnet(1);
        const QString subnet2 = *lab->waitForSubnet(2);
        const QString key = QString::fromUtf8(StoreLayout().reportKey(*SubnetKey::parse(subnetKeyText(subnet1))));

        // The summary appears under <prefix>/tartan/reports/<key> once the peer is programmed.
        std::optional<StoredSummary> summary;
        QVERIFY2(eventually([&] {
            summary = stored(*lab, key);
            return summary && summary->summary.health == QLatin1String("ok") && summary->summary.leasesSeen == 2;
        }, 15000), qPrintable(lab->agentLog(1)));
        const NodeSummary &s = summary->summary;
        QCOMPARE(s.lease.toString(), subnetKeyText(subnet1));
        QCOMPARE(s.publicIp.toString(), lab->nodeAddress(1));
        QCOMPARE(s.backend, QStringLiteral("vxlan"));
        QCOMPARE(s.driftCount, 0);
        QVERIFY(s.lastReconcile.isValid());
        QVERIFY(s.entriesProgrammed >= 3); // neighbour, FDB and route of node2
        QCOMPARE(s.endpoint, QString::fromLatin1(kEndpoint));
        QVERIFY(!s.agentVersion.isEmpty());
        QVERIFY(summary->lease != 0); // attached to an etcd lease

        // The full report's tables are what iproute2 shows in the node.
        const auto full = report(*lab, 1);
        QVERIFY2(full.ok(), full.ok() ? "" : qPrintable(full.error().message()));
        QStringList links;
        for (const LinkState &link : full->links)
            links << link.name;
        QVERIFY2(links.contains("flannel.1") && links.contains("eth0"), qPrintable(links.join(u' ')));
        const LinkState vxlan = full->links.at(int(links.indexOf("flannel.1")));
        QCOMPARE(vxlan.kind, QStringLiteral("vxlan"));
        QVERIFY(vxlan.vxlan && vxlan.vxlan->vni == 1 && vxlan.vxlan->port == 8472);
        QCOMPARE(vxlan.mtu, 1450);
        QVERIFY(vxlan.hostAddresses.contains(*IpAddress::parse(subnet1)));
        QVERIFY(vxlan.addresses.contains(IpNetwork(*IpAddress::parse(subnet1), 32)));
        QStringList fromReport = full->tables.toStrings();
        fromReport.sort();
        const QStringList fromIproute2 = iproute2Tables(*lab, 1, links, "flannel.1");
        QVERIFY2(fromReport == fromIproute2, qPrintable(fromReport.join(u'\n') + QStringLiteral("\n---\n") + fromIproute2.join(u'\n')));
        QVERIFY2(fromReport.join(u'\n').contains(QStringLiteral("route %1/24 via %1 dev flannel.1 onlink").arg(subnet2)),
                 qPrintable(fromReport.join(u'\n')));
        QCOMPARE(full->summary.tableDigest, tableDigest(full->tables));

        // GET /v1/summary is the summary in the store's encoding.
        const auto served = decodeNodeSummary(http(*lab, 1, "/v1/summary"));
        QVERIFY(served.ok());
        QCOMPARE(served->lease, s.lease);

        // /metrics parses, and its counters move: a hand-deleted route is repaired and counted.
        const QByteArray before = http(*lab, 1, "/metrics");
        QCOMPARE(metric(before, "tartan_leases_seen"), 2.0);
        QVERIFY(metric(before, "tartan_entries_programmed_total") >= 3);
        QVERIFY(metric(before, "tartan_event_lag_seconds_count") >= 0);
        QCOMPARE(metric(before, "tartan_drift_entries"), 0.0);
        QVERIFY(before.contains("# TYPE tartan_event_lag_seconds histogram"));
        const double repairs = metric(before, "tartan_reconcile_repairs_total");
        QVERIFY(repairs >= 0);
        QVERIFY(lab->node(1).exec({"ip", "route", "del", subnet2 + QStringLiteral("/24")}).ok());
        QVERIFY(eventually([&] { return metric(http(*lab, 1, "/metrics"), "tartan_reconcile_repairs_total") >= repairs + 1; }, 10000));
        QVERIFY(show(*lab, 1, {"ip", "route"}).contains(subnet2 + QStringLiteral("/24 via")));

        // A new peer lease is programmed and its lag measured.
        const double lags = metric(http(*lab, 1, "/metrics"), "tartan_event_lag_seconds_count");
        const QString peerKey = QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/subnets/10.244.200.0-24");
        QVERIFY(lab->etcdctl({"put", peerKey, R"({"PublicIP":"192.168.77.99","BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"02:00:00:00:00:99"}})"}));
        QVERIFY2(eventually([&] { return show(*lab, 1, {"ip", "route"}).contains(QStringLiteral("10.244.200.0/24 via 10.244.200.0")); }, 10000),
                 qPrintable(lab->agentLog(1)));
        QVERIFY(eventually([&] { return metric(http(*lab, 1, "/metrics"), "tartan_event_lag_seconds_count") > lags; }, 5000));
        const QByteArray after = http(*lab, 1, "/metrics");
        QCOMPARE(metric(after, "tartan_leases_seen"), 3.0);
        QVERIFY(metric(after, "tartan_event_lag_last_seconds") > 0);
        QVERIFY(metric(after, "tartan_event_lag_last_seconds") < 5);
    }

    void driftIsReportedBeforeRepair()
    {
        auto lab = startLab({"--auto-repair=false"});
        QVERIFY(lab);
        const QString subnet1 = *lab->waitForSubnet(1);
        const QString key = QString::fromUtf8(StoreLayout().reportKey(*SubnetKey::parse(subnetKeyText(subnet1))));
        QVERIFY(eventually([&] {
            const auto s = stored(*lab, key);
            return s && s->summary.health == QLatin1String("ok") && s->summary.leasesSeen == 2;
        }, 15000));
        const QString fdb = show(*lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).section(u'\n', 0, 0);
        const QString mac = fdb.section(u' ', 0, 0);
        QVERIFY2(fdb.contains(QStringLiteral("dst 192.168.77.12")), qPrintable(fdb));

        // One FDB entry deleted by hand: the summary shows it within seconds, and it stays broken.
        QVERIFY(lab->node(1).exec({"bridge", "fdb", "del", mac, "dev", "flannel.1", "dst", "192.168.77.12"}).ok());
        QVERIFY2(eventually([&] {
            const auto s = stored(*lab, key);
            return s && s->summary.driftCount == 1 && s->summary.health == QLatin1String("degraded");
        }, 6000), qPrintable(lab->agentLog(1)));
        QVERIFY(!show(*lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).contains(mac));
        const auto broken = report(*lab, 1);
        QVERIFY(broken.ok());
        QVERIFY(std::none_of(broken->tables.fdb.begin(), broken->tables.fdb.end(),
                             [&](const FdbEntry &entry) { return entry.mac.toString() == mac; }));
        QCOMPARE(broken->summary.driftCount, 1);
        QCOMPARE(metric(http(*lab, 1, "/metrics"), "tartan_drift_entries"), 1.0);
        QThread::msleep(6000); // longer than the lab's --reconcile-interval: the periodic check leaves it too
        QVERIFY(!show(*lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).contains(mac));

        // POST /v1/reconcile restores it and says so; the next summary is clean.
        const QJsonObject answer = QJsonDocument::fromJson(http(*lab, 1, "/v1/reconcile", true)).object();
        QVERIFY2(answer.value("changes").toArray().first().toString().contains(mac), qPrintable(QJsonDocument(answer).toJson()));
        QCOMPARE(answer.value("driftCount").toInt(), 0);
        QVERIFY(show(*lab, 1, {"bridge", "fdb", "show", "dev", "flannel.1"}).contains(mac));
        QVERIFY(eventually([&] {
            const auto s = stored(*lab, key);
            return s && s->summary.driftCount == 0 && s->summary.health == QLatin1String("ok");
        }, 6000));
    }

    void reportKeyGoesWithTheLeaseAndStaysOutOfSubnets()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        const QString subnet1 = *lab->waitForSubnet(1);
        const QString key = QString::fromUtf8(StoreLayout().reportKey(*SubnetKey::parse(subnetKeyText(subnet1))));
        std::optional<StoredSummary> first;
        QVERIFY(eventually([&] { return (first = stored(*lab, key)) && first->summary.leasesSeen == 2; }, 15000));

        // Report writes (one at least every --reconcile-interval, as lastReconcile moves) cause no
        // event under subnets/, which is all flanneld watches.
        const qint64 from = storeRevision(*lab);
        QVERIFY(eventually([&] { const auto s = stored(*lab, key); return s && s->modRevision > from + 1; }, 15000));
        QProcess watch;
        watch.start("timeout", {"2", "etcdctl", "--endpoints", lab->etcdEndpoint(), "watch", "--prefix",
                                QString::fromLatin1(Lab::kPrefix) + QStringLiteral("/subnets/"), "--rev", QString::number(from + 1)});
        QVERIFY(watch.waitForFinished(10000));
        QCOMPARE(watch.readAllStandardOutput(), QByteArray());

        // Revoking the node's etcd lease deletes its report key with it (the agent then acquires a
        // lease again and publishes anew: a new key, created later, on another etcd lease).
        QVERIFY(lab->etcdctl({"lease", "revoke", QString::number(first->lease, 16)}));
        QVERIFY(eventually([&] {
            const auto s = stored(*lab, key);
            return !s || (s->createRevision > first->createRevision && s->lease != first->lease);
        }, 10000));
        QVERIFY(eventually([&] { const auto s = stored(*lab, key); return s && s->lease != first->lease; }, 15000));
    }
};

TARTAN_E2E_TEST_MAIN(TestAgentReport, "etcd", "etcdctl", "bridge", "curl", "timeout")
#include "tst_agentreport.moc"
