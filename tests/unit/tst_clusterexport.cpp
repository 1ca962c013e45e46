// ClusterExport: the document parses, and every field of the config, the leases and the rejected
// values can be read back to the values the state held.
#include "clusterexport.h"
#include "testvalues.h"

#include <QTest>

using namespace tartan;
using tartan::test::ip;
using tartan::test::net;

namespace {

const QDateTime kExportedAt = QDateTime(QDate(2024, 5, 17), QTime(10, 11, 12, 345), Qt::UTC);

Lease vxlanLease()
{
    Lease lease;
    lease.subnet.ipv4 = net("10.244.1.0/24");
    lease.subnet.ipv6 = net("2001:cafe:42:1::/64");
    const auto attrs = LeaseAttrs::decode(R"({"PublicIP":"192.168.77.11","PublicIPv6":"2001:db8::11","BackendType":"vxlan",)"
                                          R"("BackendData":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:44"},)"
                                          R"("BackendV6Data":{"VNI":1,"VtepMAC":"c6:d2:32:6f:8f:45"}})");
    Q_ASSERT(attrs.ok());
    lease.attrs = *attrs;
    lease.storeLeaseId = 7587868594812345678; // past 2^53: must survive as an exact integer
    lease.modRevision = 42;
    lease.expiration = QDateTime(QDate(2024, 5, 17), QTime(10, 15, 0, 250), Qt::UTC);
    return lease;
}

Lease reservation()
{
    Lease lease;
    lease.subnet.ipv4 = net("10.244.9.0/24");
    lease.attrs.publicIp = ip("192.168.77.19");
    lease.modRevision = 7;
    return lease;
}

json::Json exportOf(const ClusterState &state)
{
    const QByteArray text = ClusterExport::toText(state, kExportedAt);
    auto parsed = json::parse(text, QStringLiteral("export"));
    if (!parsed)
        qFatal("export does not parse: %s", qPrintable(parsed.error().message()));
    return *parsed;
}

QString str(const json::Json &value)
{
    return QString::fromStdString(value.get<std::string>());
}

} // namespace

class TestClusterExport : public QObject
{
    Q_OBJECT
private slots:
    void roundTripsEveryField()
    {
        ClusterState state;
        state.setClusterId(QStringLiteral("etcd://127.0.0.1:2379/coreos.com/network"));
        state.setConnection(ClusterState::Connection::Connected);
        const QByteArray configText =
            R"({"EnableIPv6":true,"Network":"10.244.0.0/16","IPv6Network":"2001:cafe:42::/56","Backend":{"Type":"vxlan","VNI":4096,"Port":4789}})";
        state.setConfigText(configText);
        const Lease first = vxlanLease();
        const Lease second = reservation();
        state.resetLeases({{first.subnet, first}, {second.subnet, second}});
        state.rejectValue("/coreos.com/network/subnets/10.244.3.1-24", QStringLiteral("not the network address"));

        const json::Json out = exportOf(state);
        QCOMPARE(str(out["format"]), QStringLiteral("tartan-cluster-export"));
        QCOMPARE(out["version"].get<int>(), ClusterExport::kVersion);
        QCOMPARE(str(out["clusterId"]), state.clusterId());
        QCOMPARE(QDateTime::fromString(str(out["exportedAt"]), Qt::ISODateWithMs), kExportedAt);
        QCOMPARE(str(out["connection"]["state"]), QStringLiteral("connected"));

        const json::Json &config = out["config"];
        QCOMPARE(str(config["text"]).toUtf8(), configText);
        QVERIFY(config["valid"].get<bool>());
        QVERIFY(!config.contains("error"));
        const json::Json &summary = config["summary"];
        QCOMPARE(str(summary["ipv4"]["network"]), QStringLiteral("10.244.0.0/16"));
        QCOMPARE(summary["ipv4"]["subnetLen"].get<int>(), 24);
        QCOMPARE(str(summary["ipv4"]["subnetMin"]), QStringLiteral("10.244.1.0"));
        QCOMPARE(str(summary["ipv4"]["subnetMax"]), QStringLiteral("10.244.255.0"));
        QCOMPARE(str(summary["ipv6"]["network"]), QStringLiteral("2001:cafe:42::/56"));
        QCOMPARE(summary["ipv6"]["subnetLen"].get<int>(), 64);
        QCOMPARE(str(summary["backend"]["type"]), QStringLiteral("vxlan"));
        QCOMPARE(summary["backend"]["vni"].get<int>(), 4096);
        QCOMPARE(summary["backend"]["port"].get<int>(), 4789);

        const json::Json &leases = out["leases"];
        QCOMPARE(leases.size(), size_t(2));
        const json::Json &a = leases[0];
        const auto key = SubnetKey::parse(str(a["key"]));
        QVERIFY(key.ok());
        QCOMPARE(*key, first.subnet);
        QCOMPARE(str(a["subnet"]), QStringLiteral("10.244.1.0/24,2001:cafe:42:1::/64"));
        QCOMPARE(str(a["publicIP"]), first.attrs.publicIp.toString());
        QCOMPARE(str(a["publicIPv6"]), QStringLiteral("2001:db8::11"));
        QCOMPARE(str(a["backendType"]), QStringLiteral("vxlan"));
        QVERIFY(a["backendData"] == first.attrs.backendData);
        QVERIFY(a["backendV6Data"] == first.attrs.backendV6Data);
        QCOMPARE(str(a["vtepMAC"]), QStringLiteral("c6:d2:32:6f:8f:44"));
        QCOMPARE(a["leaseId"].get<std::int64_t>(), first.storeLeaseId);
        QVERIFY(!a["reservation"].get<bool>());
        QCOMPARE(QDateTime::fromString(str(a["expiration"]), Qt::ISODateWithMs), first.expiration);
        QCOMPARE(a["modRevision"].get<std::int64_t>(), first.modRevision);

        const json::Json &b = leases[1];
        QCOMPARE(str(b["key"]), QStringLiteral("10.244.9.0-24"));
        QVERIFY(b["reservation"].get<bool>());
        QCOMPARE(b["leaseId"].get<std::int64_t>(), std::int64_t(0));
        QVERIFY(b["expiration"].is_null());
        QVERIFY(b["publicIPv6"].is_null());
        QVERIFY(b["vtepMAC"].is_null());
        QVERIFY(b["backendData"].is_null());
        QCOMPARE(str(b["backendType"]), QString());

        QCOMPARE(out["rejected"].size(), size_t(1));
        QCOMPARE(str(out["rejected"][0]["key"]), QStringLiteral("/coreos.com/network/subnets/10.244.3.1-24"));
        QCOMPARE(str(out["rejected"][0]["reason"]), QStringLiteral("not the network address"));
    }

    void carriesTheConfigErrorInsteadOfASummary()
    {
        ClusterState state;
        state.setConfigText(R"({"Network":"10.244.0.0/16","SubnetLen":17})");
        const json::Json out = exportOf(state);
        QVERIFY(!out["config"]["valid"].get<bool>());
        QVERIFY(!out["config"].contains("summary"));
        QVERIFY2(str(out["config"]["error"]).contains(QStringLiteral("SubnetLen")), out["config"].dump().c_str());
        QCOMPARE(out["leases"].size(), size_t(0));
        QVERIFY(out["leases"].is_array());
        QVERIFY(out["rejected"].is_array());
        QCOMPARE(str(out["connection"]["state"]), QStringLiteral("disconnected"));
    }

    void summarisesBackendsCoreDoesNotModelByTheirOptions()
    {
        const auto config = NetworkConfig::parse(R"({"Network":"10.244.0.0/16","Backend":{"Type":"wireguard","PersistentKeepaliveInterval":25}})");
        QVERIFY(config.ok());
        const json::Json summary = ClusterExport::configSummary(*config);
        QCOMPARE(str(summary["backend"]["type"]), QStringLiteral("wireguard"));
        QCOMPARE(summary["backend"]["options"]["PersistentKeepaliveInterval"].get<int>(), 25);
        QVERIFY(!summary.contains("ipv6"));
    }

    void survivesKeysThatAreNotUtf8()
    {
        ClusterState state;
        state.rejectValue(QByteArray("/coreos.com/network/subnets/\xff\xfe"), QStringLiteral("bad key"));
        const json::Json out = exportOf(state);
        QVERIFY(str(out["rejected"][0]["key"]).startsWith(QStringLiteral("/coreos.com/network/subnets/")));
    }
};

QTEST_GUILESS_MAIN(TestClusterExport)
#include "tst_clusterexport.moc"
