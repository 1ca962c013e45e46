// CniDelegate: the config the flannel plugin hands to bridge/host-local. Each directory under
// tests/data/cni/delegate holds a netconf, a subnet.env and the delegate JSON upstream's plugin
// saves for them (Go's json.Marshal of its map: sorted keys, compact, HTML characters escaped);
// the v4 case is byte for byte a /var/lib/cni/flannel file from a stock kube-flannel node.
#include "cnidelegate.h"
#include "cninetconf.h"
#include "subnetenv.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace tartan;

namespace {

const QString kCases = QStringLiteral(TARTAN_TEST_DATA "/cni/delegate");

QByteArray readFixture(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(path));
    QByteArray bytes = file.readAll();
    if (bytes.endsWith('\n')) // tolerate an editor's final newline; Go's Marshal writes none
        bytes.chop(1);
    return bytes;
}

CniNetConf netconfFrom(const QByteArray &text)
{
    auto parsed = json::parse(text, QStringLiteral("netconf"));
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().message()));
    auto netconf = CniNetConf::fromJson(*parsed);
    if (!netconf)
        qFatal("%s", qPrintable(netconf.error().message()));
    return *netconf;
}

SubnetEnv v4Env()
{
    return SubnetEnv::parse("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\n"
                            "FLANNEL_IPMASQ=true\n")
        .value();
}

} // namespace

class TestCniDelegate : public QObject
{
    Q_OBJECT
private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("directory");
        const QStringList cases = QDir(kCases).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY(cases.size() >= 9);
        for (const QString &name : cases)
            QTest::newRow(qPrintable(name)) << kCases + u'/' + name;
    }
    void golden()
    {
        QFETCH(QString, directory);
        const CniNetConf netconf = netconfFrom(readFixture(directory + QStringLiteral("/netconf.json")));
        auto env = SubnetEnv::readFile(directory + QStringLiteral("/subnet.env"));
        QVERIFY2(env.ok(), qPrintable(env.ok() ? QString() : env.error().message()));
        auto delegate = CniDelegate::build(netconf, *env);
        QVERIFY2(delegate.ok(), qPrintable(delegate.ok() ? QString() : delegate.error().message()));
        QCOMPARE(delegate->bytes(), readFixture(directory + QStringLiteral("/delegate.json")));

        // What DEL replays is what ADD saved.
        auto replayed = CniDelegate::fromSaved(delegate->bytes());
        QVERIFY(replayed.ok());
        QCOMPARE(replayed->type(), delegate->type());
        QCOMPARE(replayed->bytes(), delegate->bytes());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("netconf");
        QTest::addColumn<QString>("message");
        QTest::newRow("delegate with name")
            << QByteArray("{\"name\":\"cbr0\",\"delegate\":{\"name\":\"other\"}}")
            << "'delegate' must not have 'name': flannel sets it from the netconf";
        QTest::newRow("delegate with ipam")
            << QByteArray("{\"name\":\"cbr0\",\"delegate\":{\"ipam\":{\"type\":\"host-local\"}}}")
            << "'delegate' must not have 'ipam': flannel builds it from subnet.env and the netconf's 'ipam'";
        QTest::newRow("delegate type not a string")
            << QByteArray("{\"name\":\"cbr0\",\"delegate\":{\"type\":7}}")
            << "'delegate' must have a string 'type', got a number";
        QTest::newRow("delegate type is a path")
            << QByteArray("{\"name\":\"cbr0\",\"delegate\":{\"type\":\"../../bin/sh\"}}")
            << "delegate type '../../bin/sh' is not a plugin name";
        QTest::newRow("delegate type empty") << QByteArray("{\"name\":\"cbr0\",\"delegate\":{\"type\":\"\"}}")
                                             << "delegate type '' is not a plugin name";
        QTest::newRow("ipam routes not an array")
            << QByteArray("{\"name\":\"cbr0\",\"ipam\":{\"routes\":{\"dst\":\"10.0.0.0/8\"}}}")
            << "ipam.routes: must be an array, got an object";
        QTest::newRow("ipam route without dst")
            << QByteArray("{\"name\":\"cbr0\",\"ipam\":{\"routes\":[{\"gw\":\"10.0.0.1\"}]}}")
            << "ipam.routes[0]: 'dst' must be a network such as 10.96.0.0/12";
        QTest::newRow("ipam route with a bad dst")
            << QByteArray("{\"name\":\"cbr0\",\"ipam\":{\"routes\":[{\"dst\":\"10.0.0.0/"
                          "8\"},{\"dst\":\"10.0.0.0/40\"}]}}")
            << "ipam.routes[1].dst: '10.0.0.0/40': prefix length must be 0 to 32 for IPv4";
        QTest::newRow("ipam route with a bad gw")
            << QByteArray(
                   "{\"name\":\"cbr0\",\"ipam\":{\"routes\":[{\"dst\":\"10.0.0.0/8\",\"gw\":\"10.0.0\"}]}}")
            << "ipam.routes[0].gw: '10.0.0' is not an IPv4 or IPv6 address";
    }
    void errors()
    {
        QFETCH(QByteArray, netconf);
        QFETCH(QString, message);
        auto delegate = CniDelegate::build(netconfFrom(netconf), v4Env());
        QVERIFY(!delegate.ok());
        QCOMPARE(delegate.error().message(), message);
    }

    void incompleteSubnetEnvIsRefused()
    {
        auto partial = SubnetEnv::parse("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\n");
        QVERIFY(partial.ok());
        auto delegate = CniDelegate::build(netconfFrom("{\"name\":\"cbr0\"}"), *partial);
        QVERIFY(!delegate.ok());
        QCOMPARE(delegate.error().message(),
                 QStringLiteral("subnet.env is missing FLANNEL_MTU, FLANNEL_IPMASQ"));
    }

    void savedConfigs_data()
    {
        QTest::addColumn<QByteArray>("saved");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("message");
        QTest::newRow("bridge") << QByteArray("{\"type\":\"bridge\",\"name\":\"cbr0\"}") << "bridge"
                                << QString();
        QTest::newRow("field case as Go matches it")
            << QByteArray("{\"Type\":\"ipvlan\"}") << "ipvlan" << QString();
        QTest::newRow("truncated") << QByteArray("{\"type\":\"bri") << QString()
                                   << "saved delegate config: malformed JSON: ";
        QTest::newRow("no type") << QByteArray("{\"name\":\"cbr0\"}") << QString()
                                 << "saved delegate config: 'type' is missing or not a string";
        QTest::newRow("type is a path")
            << QByteArray("{\"type\":\"/bin/sh\"}") << QString()
            << "saved delegate config: delegate type '/bin/sh' is not a plugin name";
    }
    void savedConfigs()
    {
        QFETCH(QByteArray, saved);
        QFETCH(QString, type);
        QFETCH(QString, message);
        auto delegate = CniDelegate::fromSaved(saved);
        if (message.isEmpty()) {
            QVERIFY(delegate.ok());
            QCOMPARE(delegate->type(), type);
            QCOMPARE(delegate->bytes(), saved); // replayed verbatim, not re-encoded
        } else {
            QVERIFY(!delegate.ok());
            QVERIFY2(delegate.error().message().startsWith(message), qPrintable(delegate.error().message()));
        }
    }
};

QTEST_APPLESS_MAIN(TestCniDelegate)
#include "tst_cnidelegate.moc"
