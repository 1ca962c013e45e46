#include "agentoptions.h"

#include <QTest>

using namespace tartan;

namespace {

QProcessEnvironment environment(const QStringList &entries)
{
    QProcessEnvironment env;
    for (const QString &entry : entries)
        env.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
    return env;
}

} // namespace

class TestAgentOptions : public QObject
{
    Q_OBJECT
private slots:
    void defaultsAreFlanneldsOwn()
    {
        const auto options = AgentOptions::parse({}, {});
        QVERIFY(options.ok());
        QCOMPARE(options->etcd.endpoints.size(), 2);
        QCOMPARE(options->etcd.endpoints[0].toString(), QStringLiteral("http://127.0.0.1:4001"));
        QCOMPARE(options->etcdPrefix, QStringLiteral("/coreos.com/network"));
        QCOMPARE(options->subnetFile, QStringLiteral("/run/flannel/subnet.env"));
        QCOMPARE(options->subnetLeaseRenewMargin.count(), 60);
        QCOMPARE(options->iptablesResync.count(), 5);
        QVERIFY(!options->ipMasq);
        QVERIFY(options->iptablesForwardRules);
        QVERIFY(options->setNodeNetworkUnavailable);
        QCOMPARE(options->kubeAnnotationPrefix, QStringLiteral("flannel.alpha.coreos.com"));
        QCOMPARE(options->netConfigPath, QStringLiteral("/etc/kube-flannel/net-conf.json"));
        QCOMPARE(options->healthzIp.toString(), QStringLiteral("0.0.0.0"));
        QCOMPARE(options->healthzPort, 0);
        QVERIFY(options->publicIp.isNull());
        QCOMPARE(options->reportIp.toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(options->reportPort, 8476);
        QCOMPARE(options->reportInterval.count(), 2);
        QVERIFY(options->autoRepair);
    }

    void reportFlags()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("TARTAN_REPORT_INTERVAL"), QStringLiteral("5"));
        const auto options = AgentOptions::parse({"--report-ip=10.0.0.2", "--report-port=9000", "--auto-repair=false"},
                                                 environment);
        QVERIFY2(options.ok(), qPrintable(options.ok() ? QString() : options.error().message()));
        QCOMPARE(options->reportIp.toString(), QStringLiteral("10.0.0.2"));
        QCOMPARE(options->reportPort, 9000);
        QCOMPARE(options->reportInterval.count(), 5);
        QVERIFY(!options->autoRepair);
        const auto off = AgentOptions::parse({"--report-port=0", "--report-ip="}, {});
        QVERIFY(off.ok());
        QCOMPARE(off->reportPort, 0);
        const auto bad = AgentOptions::parse({"--report-interval=0"}, {});
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message().contains(QStringLiteral("--report-interval")));
        QVERIFY(AgentOptions::helpText().contains(QStringLiteral("--report-port")));
        QVERIFY(AgentOptions::helpText().contains(QStringLiteral("--auto-repair")));
    }

    void goFlagSyntax_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("ipMasq");
        QTest::addColumn<bool>("forwardRules");
        QTest::newRow("bare double dash") << QStringList{"--ip-masq"} << true << true;
        QTest::newRow("bare single dash") << QStringList{"-ip-masq"} << true << true;
        QTest::newRow("explicit false") << QStringList{"--ip-masq=false", "--iptables-forward-rules=false"} << false << false;
        QTest::newRow("go spellings") << QStringList{"-ip-masq=T", "--iptables-forward-rules=0"} << true << false;
    }
    void goFlagSyntax()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, ipMasq);
        QFETCH(bool, forwardRules);
        const auto options = AgentOptions::parse(arguments, {});
        QVERIFY2(options.ok(), qPrintable(options.ok() ? QString() : options.error().message()));
        QCOMPARE(options->ipMasq, ipMasq);
        QCOMPARE(options->iptablesForwardRules, forwardRules);
    }

    void valuesAndRepeats()
    {
        const auto options = AgentOptions::parse({"--iface=eth1", "-iface", "10.0.0.5", "--public-ip", "192.168.1.7",
                                                  "--etcd-endpoints=http://10.0.0.1:2379", "--etcd-prefix=/x/network/",
                                                  "-subnet-lease-renew-margin=30", "-v=2", "--healthz-port=8471"},
                                                 {});
        QVERIFY2(options.ok(), qPrintable(options.ok() ? QString() : options.error().message()));
        QCOMPARE(options->iface, QStringList({"eth1", "10.0.0.5"}));
        QCOMPARE(options->publicIp.toString(), QStringLiteral("192.168.1.7"));
        QCOMPARE(options->etcd.endpoints.first().toString(), QStringLiteral("http://10.0.0.1:2379"));
        QCOMPARE(options->etcdPrefix, QStringLiteral("/x/network"));
        QCOMPARE(options->subnetLeaseRenewMargin.count(), 30);
        QCOMPARE(options->verbosity, 2);
        QCOMPARE(options->healthzPort, 8471);
    }

    void environmentLikeFlanneld()
    {
        const auto options = AgentOptions::parse(
            {"--iptables-resync=7"},
            environment({"FLANNELD_IP_MASQ=true", "FLANNELD_IFACE=eth0,eth1", "FLANNELD_IPTABLES_RESYNC=9",
                         "FLANNELD_SUBNET_FILE=/tmp/flannel/subnet.env", "TARTAN_SUBNET_FILE=/tmp/tartan/subnet.env",
                         "FLANNELD_ETCD_PREFIX=/env/network"}));
        QVERIFY(options.ok());
        QVERIFY(options->ipMasq);
        QCOMPARE(options->iface, QStringList({"eth0", "eth1"}));
        QCOMPARE(options->iptablesResync.count(), 7); // the flag wins over the environment
        QCOMPARE(options->subnetFile, QStringLiteral("/tmp/tartan/subnet.env"));
        QCOMPARE(options->etcdPrefix, QStringLiteral("/env/network"));
    }

    void helpAndVersion()
    {
        bool help = false, version = false;
        QVERIFY(AgentOptions::parse({"--help"}, {}, &help, &version).ok());
        QVERIFY(help && !version);
        QVERIFY(AgentOptions::parse({"-version"}, {}, &help, &version).ok());
        QVERIFY(version && !help);
        const QString text = AgentOptions::helpText();
        for (const char *flag : {"--etcd-endpoints", "--kube-subnet-mgr", "--iface-can-reach", "--ip-masq",
                                 "--subnet-lease-renew-margin", "--healthz-port", "--net-config-path", "FLANNELD_"})
            QVERIFY2(text.contains(QLatin1String(flag)), flag);
    }

    void rejects_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown flag") << QStringList{"--no-such-flag"} << QStringList{} << "no-such-flag";
        QTest::newRow("renew margin 0") << QStringList{"--subnet-lease-renew-margin=0"} << QStringList{}
                                        << "--subnet-lease-renew-margin: must be a whole number of minutes from 1 to 1439, got '0'";
        QTest::newRow("renew margin 1440") << QStringList{"--subnet-lease-renew-margin=1440"} << QStringList{} << "1439";
        QTest::newRow("bad bool") << QStringList{"--ip-masq=yes"} << QStringList{} << "--ip-masq: must be true or false";
        QTest::newRow("bad env bool") << QStringList{} << QStringList{"FLANNELD_IP_MASQ=maybe"}
                                      << "FLANNELD_IP_MASQ: must be true or false, got 'maybe'";
        QTest::newRow("bad public ip") << QStringList{"--public-ip=300.1.1.1"} << QStringList{}
                                       << "--public-ip: '300.1.1.1' is not an IPv4 address";
        QTest::newRow("v6 as public ip") << QStringList{"--public-ip=fc00::1"} << QStringList{} << "--public-ip";
        QTest::newRow("bad public ipv6") << QStringList{"--public-ipv6=10.0.0.1"} << QStringList{} << "--public-ipv6";
        QTest::newRow("bad resync") << QStringList{"--iptables-resync=abc"} << QStringList{} << "--iptables-resync";
        QTest::newRow("bad port") << QStringList{"--healthz-port=70000"} << QStringList{} << "--healthz-port";
        QTest::newRow("bad regex") << QStringList{"--iface-regex=eth[0"} << QStringList{} << "--iface-regex: 'eth[0'";
        QTest::newRow("bad endpoint") << QStringList{"--etcd-endpoints=ftp://x"} << QStringList{} << "--etcd-endpoints";
        QTest::newRow("cert without key") << QStringList{"--etcd-certfile=/etc/hostname"} << QStringList{} << "go together";
        QTest::newRow("unreadable ca") << QStringList{"--etcd-cafile=/nonexistent/ca.pem"} << QStringList{} << "cannot read";
        QTest::newRow("positional") << QStringList{"extra"} << QStringList{} << "unexpected argument 'extra'";
        QTest::newRow("empty subnet file") << QStringList{"--subnet-file="} << QStringList{} << "--subnet-file: must not be empty";
        QTest::newRow("bad can-reach") << QStringList{"--iface-can-reach=nowhere"} << QStringList{} << "--iface-can-reach";
    }
    void rejects()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        QFETCH(QString, message);
        const auto options = AgentOptions::parse(arguments, ::environment(environment));
        QVERIFY(!options.ok());
        QVERIFY2(options.error().message().contains(message), qPrintable(options.error().message()));
    }
};

QTEST_APPLESS_MAIN(TestAgentOptions)
#include "tst_agentoptions.moc"
