#include "clusterurl.h"

#include <QTest>

using namespace tartan;

class TestClusterUrl : public QObject
{
    Q_OBJECT
private slots:
    void parsesGoodAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("endpoints");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("canonical");

        const QString def = QStringLiteral("/coreos.com/network");
        QTest::newRow("one endpoint, default prefix")
            << "etcd://127.0.0.1:2379" << QStringList{"http://127.0.0.1:2379"} << def << "etcd://127.0.0.1:2379/coreos.com/network";
        QTest::newRow("a lone slash is the default prefix")
            << "etcd://127.0.0.1:2379/" << QStringList{"http://127.0.0.1:2379"} << def << "etcd://127.0.0.1:2379/coreos.com/network";
        QTest::newRow("port left out is 2379")
            << "etcd://etcd.example" << QStringList{"http://etcd.example:2379"} << def << "etcd://etcd.example:2379/coreos.com/network";
        QTest::newRow("several endpoints and a prefix")
            << "etcd://10.0.0.1:2379,10.0.0.2:22379/example.com/net"
            << QStringList{"http://10.0.0.1:2379", "http://10.0.0.2:22379"} << "/example.com/net"
            << "etcd://10.0.0.1:2379,10.0.0.2:22379/example.com/net";
        QTest::newRow("tls")
            << "etcds://etcd-0.example:2379,etcd-1.example:2379"
            << QStringList{"https://etcd-0.example:2379", "https://etcd-1.example:2379"} << def
            << "etcds://etcd-0.example:2379,etcd-1.example:2379/coreos.com/network";
        QTest::newRow("scheme in capitals, blanks around")
            << "  ETCDS://a:1  " << QStringList{"https://a:1"} << def << "etcds://a:1/coreos.com/network";
        QTest::newRow("trailing slashes of the prefix dropped")
            << "etcd://a:1/x/y//" << QStringList{"http://a:1"} << "/x/y" << "etcd://a:1/x/y";
        QTest::newRow("ipv6 in brackets")
            << "etcd://[fd00::1]:2379,[::1]/p" << QStringList{"http://[fd00::1]:2379", "http://[::1]:2379"} << "/p"
            << "etcd://[fd00::1]:2379,[::1]:2379/p";
        QTest::newRow("blank after a comma")
            << "etcd://a:1, b:2" << QStringList{"http://a:1", "http://b:2"} << def << "etcd://a:1,b:2/coreos.com/network";
    }
    void parsesGoodAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, endpoints);
        QFETCH(QString, prefix);
        QFETCH(QString, canonical);
        const auto url = ClusterUrl::parse(text);
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message()));
        QStringList got;
        for (const QUrl &endpoint : url->endpoints())
            got << endpoint.toString();
        QCOMPARE(got, endpoints);
        QCOMPARE(url->prefix(), prefix);
        QCOMPARE(url->usesTls(), text.trimmed().toLower().startsWith(QLatin1String("etcds")));
        QCOMPARE(url->toString(), canonical);
        // The canonical text reads back as the same address.
        const auto again = ClusterUrl::parse(url->toString());
        QVERIFY(again.ok());
        QVERIFY(*again == *url);
    }

    void rejectsBadAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");

        QTest::newRow("no scheme") << "127.0.0.1:2379"
                                   << "cluster address '127.0.0.1:2379': expected etcd://HOST:PORT[,HOST:PORT...][/prefix], or etcds://... for TLS";
        QTest::newRow("http scheme") << "http://127.0.0.1:2379"
                                     << "cluster address 'http://127.0.0.1:2379': scheme 'http' is not etcd:// (or etcds:// for TLS)";
        QTest::newRow("no host") << "etcd:///coreos.com/network" << "cluster address 'etcd:///coreos.com/network': no HOST:PORT";
        QTest::newRow("empty between commas") << "etcd://a:1,,b:2" << "cluster address 'etcd://a:1,,b:2': an empty endpoint between commas";
        QTest::newRow("port too big") << "etcd://a:99999" << "cluster address 'etcd://a:99999': port '99999' is not a number from 1 to 65535";
        QTest::newRow("port zero") << "etcd://a:0" << "cluster address 'etcd://a:0': port '0' is not a number from 1 to 65535";
        QTest::newRow("port empty") << "etcd://a:" << "cluster address 'etcd://a:': port '' is not a number from 1 to 65535";
        QTest::newRow("port signed") << "etcd://a:+80" << "cluster address 'etcd://a:+80': port '+80' is not a number from 1 to 65535";
        QTest::newRow("port not a number") << "etcd://a:http" << "cluster address 'etcd://a:http': port 'http' is not a number from 1 to 65535";
        QTest::newRow("bare ipv6") << "etcd://fd00::1:2379"
                                   << "cluster address 'etcd://fd00::1:2379': endpoint 'fd00::1:2379': an IPv6 address goes in brackets, as in [fd00::1]:2379";
        QTest::newRow("unclosed bracket") << "etcd://[fd00::1:2379" << "cluster address 'etcd://[fd00::1:2379': endpoint '[fd00::1:2379' has no closing ']'";
        QTest::newRow("no host before port") << "etcd://:2379" << "cluster address 'etcd://:2379': endpoint ':2379' has no host";
        QTest::newRow("bad host") << "etcd://a b:1" << "cluster address 'etcd://a b:1': 'a b' is not a host name or address";
        QTest::newRow("user info") << "etcd://root@a:1" << "cluster address 'etcd://root@a:1': 'root@a' is not a host name or address";
        QTest::newRow("twice") << "etcd://a:1,a:1" << "cluster address 'etcd://a:1,a:1': endpoint 'a:1' is listed twice";
        QTest::newRow("empty segment") << "etcd://a:1/x//y" << "cluster address 'etcd://a:1/x//y': prefix '/x//y' has an empty path segment ('//')";
        QTest::newRow("query") << "etcd://a:1/x?y=1" << "cluster address 'etcd://a:1/x?y=1': prefix '/x?y=1' contains '?'";
        QTest::newRow("blank in prefix") << "etcd://a:1/x y" << "cluster address 'etcd://a:1/x y': prefix '/x y' contains ' '";
    }
    void rejectsBadAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto url = ClusterUrl::parse(text);
        QVERIFY(!url.ok());
        QCOMPARE(url.error().message(), message);
    }

    void fromEndpoints()
    {
        auto url = ClusterUrl::fromEndpoints({QUrl("http://127.0.0.1:2379"), QUrl("http://10.0.0.2:4001/")}, QString());
        QVERIFY(url.ok());
        QCOMPARE(url->toString(), QStringLiteral("etcd://127.0.0.1:2379,10.0.0.2:4001/coreos.com/network"));
        QCOMPARE(url->clusterId(), QStringLiteral("etcd://127.0.0.1:2379/coreos.com/network"));

        url = ClusterUrl::fromEndpoints({QUrl("https://etcd.example")}, QStringLiteral("/example.com/network/"));
        QVERIFY(url.ok());
        QCOMPARE(url->toString(), QStringLiteral("etcds://etcd.example:443/example.com/network"));
        QVERIFY(url->usesTls());

        url = ClusterUrl::fromEndpoints({QUrl("http://a:1"), QUrl("https://b:2")}, QString());
        QVERIFY(!url.ok());
        QCOMPARE(url.error().message(),
                 QStringLiteral("endpoints 'http://a:1' and 'https://b:2': a cluster's endpoints are either all http:// or all https://"));
        url = ClusterUrl::fromEndpoints({QUrl("http://a:1/v3")}, QString());
        QVERIFY(!url.ok());
        QCOMPARE(url.error().message(), QStringLiteral("endpoint 'http://a:1/v3': expected only a scheme, a host and a port"));
        url = ClusterUrl::fromEndpoints({QUrl("unix://a:1")}, QString());
        QVERIFY(!url.ok());
        url = ClusterUrl::fromEndpoints({QUrl("http://a:1")}, QStringLiteral("coreos.com/network"));
        QVERIFY(!url.ok());
        QCOMPARE(url.error().message(), QStringLiteral("prefix 'coreos.com/network' must start with '/'"));
        url = ClusterUrl::fromEndpoints({}, QString());
        QVERIFY(!url.ok());
    }

    void roundTripsThroughEndpoints()
    {
        const auto parsed = ClusterUrl::parse(QStringLiteral("etcds://[fd00::1]:2379,b.example:4001/p/q"));
        QVERIFY(parsed.ok());
        const auto rebuilt = ClusterUrl::fromEndpoints(parsed->endpoints(), parsed->prefix());
        QVERIFY(rebuilt.ok());
        QVERIFY(*rebuilt == *parsed);
        QCOMPARE(rebuilt->clusterId(), QStringLiteral("etcds://[fd00::1]:2379/p/q"));
    }
};

QTEST_GUILESS_MAIN(TestClusterUrl)
#include "tst_clusterurl.moc"
