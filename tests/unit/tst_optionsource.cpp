#include "optionsource.h"

#include <QTest>

using namespace tartan;

class TestOptionSource : public QObject
{
    Q_OBJECT
private:
    static QCommandLineParser *parser(const QStringList &arguments)
    {
        auto *p = new QCommandLineParser;
        p->addOption(QCommandLineOption(QStringLiteral("etcd-endpoints"), QString(), QStringLiteral("urls"),
                                        QStringLiteral("http://127.0.0.1:4001,http://127.0.0.1:2379")));
        p->addOption(QCommandLineOption(QStringLiteral("iface"), QString(), QStringLiteral("name")));
        p->addOption(QCommandLineOption(QStringLiteral("ip-masq")));
        p->parse(QStringList{QStringLiteral("prog")} + arguments);
        return p;
    }

private slots:
    void precedence_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("origin");
        const QString defaults = QStringLiteral("http://127.0.0.1:4001,http://127.0.0.1:2379");
        QTest::newRow("default") << QStringList{} << QStringList{} << defaults << "--etcd-endpoints (default)";
        QTest::newRow("flannel env") << QStringList{} << QStringList{"FLANNELD_ETCD_ENDPOINTS=http://a:1"}
                                     << "http://a:1" << "FLANNELD_ETCD_ENDPOINTS";
        QTest::newRow("tartan env wins over flannel env")
            << QStringList{} << QStringList{"FLANNELD_ETCD_ENDPOINTS=http://a:1", "TARTAN_ETCD_ENDPOINTS=http://b:2"}
            << "http://b:2" << "TARTAN_ETCD_ENDPOINTS";
        QTest::newRow("flag wins") << QStringList{"--etcd-endpoints=http://c:3"}
                                   << QStringList{"TARTAN_ETCD_ENDPOINTS=http://b:2"} << "http://c:3" << "--etcd-endpoints";
        QTest::newRow("empty env counts") << QStringList{} << QStringList{"FLANNELD_ETCD_ENDPOINTS="} << QString()
                                          << "FLANNELD_ETCD_ENDPOINTS";
    }
    void precedence()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        QFETCH(QString, expected);
        QFETCH(QString, origin);
        QProcessEnvironment env;
        for (const QString &entry : environment)
            env.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
        std::unique_ptr<QCommandLineParser> p(parser(arguments));
        const OptionSource source(*p, env);
        QCOMPARE(source.value(QStringLiteral("etcd-endpoints")), expected);
        QCOMPARE(source.origin(QStringLiteral("etcd-endpoints")), origin);
    }

    void repeatableAndBooleans()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("FLANNELD_IFACE"), QStringLiteral("eth0,eth1"));
        env.insert(QStringLiteral("FLANNELD_IP_MASQ"), QStringLiteral("true"));
        std::unique_ptr<QCommandLineParser> none(parser({}));
        const OptionSource fromEnv(*none, env);
        QCOMPARE(fromEnv.values(QStringLiteral("iface")), QStringList({"eth0", "eth1"}));
        QVERIFY(fromEnv.isSet(QStringLiteral("ip-masq")));

        std::unique_ptr<QCommandLineParser> flags(parser({"--iface=a", "--iface=b"}));
        const OptionSource fromFlags(*flags, QProcessEnvironment());
        QCOMPARE(fromFlags.values(QStringLiteral("iface")), QStringList({"a", "b"}));
        QVERIFY(!fromFlags.isSet(QStringLiteral("ip-masq")));
        QCOMPARE(OptionSource::environmentName(QStringLiteral("FLANNELD"), QStringLiteral("subnet-lease-renew-margin")),
                 QStringLiteral("FLANNELD_SUBNET_LEASE_RENEW_MARGIN"));
    }
};

QTEST_APPLESS_MAIN(TestOptionSource)
#include "tst_optionsource.moc"
