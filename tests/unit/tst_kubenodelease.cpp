#include "kubenodelease.h"

#include <QTest>

using namespace tartan;

namespace {

json::Json node(const QString &name, const json::Json &annotations, const json::Json &spec)
{
    return json::Json{{"kind", "Node"}, {"apiVersion", "v1"},
                      {"metadata", {{"name", name.toStdString()}, {"resourceVersion", "7"}, {"annotations", annotations}}},
                      {"spec", spec}};
}

KubeAnnotations defaultNames()
{
    return *KubeAnnotations::withPrefix(QStringLiteral("flannel.alpha.coreos.com"));
}

} // namespace

class TestKubeNodeLease : public QObject
{
    Q_OBJECT
private slots:
    void prefixRule_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("backendData"); // empty: refused
        QTest::newRow("flannel's default") << "flannel.alpha.coreos.com" << "flannel.alpha.coreos.com/backend-data";
        QTest::newRow("trailing slash") << "example.com/" << "example.com/backend-data";
        QTest::newRow("path part") << "example.com/net" << "example.com/net-backend-data";
        QTest::newRow("two slashes") << "a/b/c" << "";
        QTest::newRow("empty") << "" << "";
    }
    void prefixRule()
    {
        QFETCH(QString, prefix);
        QFETCH(QString, backendData);
        auto names = KubeAnnotations::withPrefix(prefix);
        QCOMPARE(bool(names), !backendData.isEmpty());
        if (names)
            QCOMPARE(names->backendData(), backendData);
    }

    // The exact strings flanneld v0.2x writes on a vxlan node and on a host-gw node.
    void annotationsAsFlannelWritesThem()
    {
        LeaseAttrs vxlan;
        vxlan.publicIp = *IpAddress::parse(u"192.168.1.10");
        vxlan.backendType = QStringLiteral("vxlan");
        vxlan.backendData = *json::parse(R"({"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:85"})", QStringLiteral("t"));
        const QMap<QString, QString> written = defaultNames().forSelf(vxlan);
        const QMap<QString, QString> expected{
            {"flannel.alpha.coreos.com/backend-data", R"({"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:85"})"},
            {"flannel.alpha.coreos.com/backend-type", "vxlan"},
            {"flannel.alpha.coreos.com/kube-subnet-manager", "true"},
            {"flannel.alpha.coreos.com/public-ip", "192.168.1.10"},
        };
        QCOMPARE(written, expected);

        LeaseAttrs hostGw;
        hostGw.publicIp = *IpAddress::parse(u"10.0.0.2");
        hostGw.publicIpv6 = *IpAddress::parse(u"fd00::2");
        hostGw.backendType = QStringLiteral("host-gw");
        const QMap<QString, QString> dual = defaultNames().forSelf(hostGw);
        QCOMPARE(dual.value("flannel.alpha.coreos.com/backend-data"), QStringLiteral("null"));
        QCOMPARE(dual.value("flannel.alpha.coreos.com/backend-v6-data"), QStringLiteral("null"));
        QCOMPARE(dual.value("flannel.alpha.coreos.com/public-ipv6"), QStringLiteral("fd00::2"));
        QCOMPARE(dual.size(), 6);
    }

    void leaseFromNode()
    {
        const json::Json annotations{{"flannel.alpha.coreos.com/backend-data", R"({"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:85"})"},
                                     {"flannel.alpha.coreos.com/backend-type", "vxlan"},
                                     {"flannel.alpha.coreos.com/kube-subnet-manager", "true"},
                                     {"flannel.alpha.coreos.com/public-ip", "192.168.1.10"},
                                     {"flannel.alpha.coreos.com/public-ip-overwrite", "203.0.113.7"}};
        auto lease = kubeNodeLease(node("n1", annotations, {{"podCIDR", "10.244.3.0/24"}, {"podCIDRs", {"fd00:1::/64", "10.244.3.0/24"}}}),
                                   defaultNames());
        QVERIFY2(lease, lease ? "" : qPrintable(lease.error().message()));
        QVERIFY(lease->has_value());
        const Lease &l = **lease;
        QCOMPARE(l.subnet.toString(), QStringLiteral("10.244.3.0-24&fd00:1::-64"));
        QCOMPARE(l.attrs.publicIp.toString(), QStringLiteral("203.0.113.7")); // the overwrite wins
        QCOMPARE(l.attrs.backendType, QStringLiteral("vxlan"));
        QCOMPARE(l.attrs.vxlanData()->vtepMac.toString(), QStringLiteral("ae:8c:cb:7d:27:85"));
        QCOMPARE(l.modRevision, 7);
        // The etcd value of the same lease is what flanneld would have written there.
        QCOMPARE(l.attrs.encode(),
                 QByteArray(R"({"PublicIP":"203.0.113.7","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"ae:8c:cb:7d:27:85"}})"));
    }

    void nodesWithoutLease_data()
    {
        QTest::addColumn<QString>("annotation");
        QTest::addColumn<QString>("podCIDR");
        QTest::addColumn<QString>("error"); // empty: no lease, no error
        QTest::newRow("not managed") << "false" << "10.244.1.0/24" << "";
        QTest::newRow("no podCIDR yet") << "true" << "" << "";
        QTest::newRow("bad podCIDR") << "true" << "10.244.1.0/33" << "node 'n1': podCIDR: ";
    }
    void nodesWithoutLease()
    {
        QFETCH(QString, annotation);
        QFETCH(QString, podCIDR);
        QFETCH(QString, error);
        const json::Json annotations{{"flannel.alpha.coreos.com/kube-subnet-manager", annotation.toStdString()}};
        auto lease = kubeNodeLease(node("n1", annotations, {{"podCIDR", podCIDR.toStdString()}}), defaultNames());
        if (error.isEmpty()) {
            QVERIFY(lease);
            QVERIFY(!lease->has_value());
        } else {
            QVERIFY(!lease);
            QVERIFY2(lease.error().message().startsWith(error), qPrintable(lease.error().message()));
        }
    }

    void badAnnotationsNamed()
    {
        const json::Json annotations{{"flannel.alpha.coreos.com/kube-subnet-manager", "true"},
                                     {"flannel.alpha.coreos.com/public-ip", "10.0.0.300"}};
        auto lease = kubeNodeLease(node("n2", annotations, {{"podCIDR", "10.244.2.0/24"}}), defaultNames());
        QVERIFY(!lease);
        QVERIFY2(lease.error().message().startsWith(QStringLiteral("node 'n2': flannel.alpha.coreos.com/public-ip: ")),
                 qPrintable(lease.error().message()));
        const json::Json badData{{"flannel.alpha.coreos.com/kube-subnet-manager", "true"}, {"flannel.alpha.coreos.com/backend-data", "{"}};
        auto data = kubeNodeLease(node("n3", badData, {{"podCIDR", "10.244.2.0/24"}}), defaultNames());
        QVERIFY(!data);
        QVERIFY2(data.error().message().startsWith(QStringLiteral("node 'n3': flannel.alpha.coreos.com/backend-data: malformed JSON")),
                 qPrintable(data.error().message()));
    }
};

QTEST_GUILESS_MAIN(TestKubeNodeLease)
#include "tst_kubenodelease.moc"
