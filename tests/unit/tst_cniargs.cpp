// CniArgs: the CNI_* variables each command needs, and the container ID and interface name rules
// (the container ID names a file in the plugin's data dir, so a traversal must be refused).
#include "cniargs.h"

#include <QTest>

using namespace tartan;

namespace {

QProcessEnvironment environment(const QStringList &assignments)
{
    QProcessEnvironment env;
    for (const QString &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(u'=');
        env.insert(assignment.left(equals), assignment.mid(equals + 1));
    }
    return env;
}

const QStringList kAdd{QStringLiteral("CNI_COMMAND=ADD"), QStringLiteral("CNI_CONTAINERID=abc123"),
                       QStringLiteral("CNI_NETNS=/run/netns/pod"), QStringLiteral("CNI_IFNAME=eth0"),
                       QStringLiteral("CNI_PATH=/opt/cni/bin::/usr/lib/cni")};

QStringList with(QStringList base, const QString &assignment)
{
    const QString name = assignment.left(assignment.indexOf(u'=') + 1);
    base.removeIf([&](const QString &entry) { return entry.startsWith(name); });
    if (!assignment.endsWith(u'='))
        base.append(assignment);
    return base;
}

} // namespace

class TestCniArgs : public QObject
{
    Q_OBJECT
private slots:
    void valid()
    {
        auto args = CniArgs::fromEnvironment(
            environment(kAdd + QStringList{QStringLiteral("CNI_ARGS=K8S_POD_NAME=a;IgnoreUnknown=1")}));
        QVERIFY(args.ok());
        QCOMPARE(args->command(), CniArgs::Command::Add);
        QCOMPARE(args->commandName(), QStringLiteral("ADD"));
        QCOMPARE(args->containerId(), QStringLiteral("abc123"));
        QCOMPARE(args->netns(), QStringLiteral("/run/netns/pod"));
        QCOMPARE(args->ifName(), QStringLiteral("eth0"));
        QCOMPARE(args->path(), (QStringList{QStringLiteral("/opt/cni/bin"), QStringLiteral("/usr/lib/cni")}));
        QCOMPARE(args->args(), QStringLiteral("K8S_POD_NAME=a;IgnoreUnknown=1"));
    }

    void delWithoutNetns()
    {
        auto args = CniArgs::fromEnvironment(
            environment(with(with(kAdd, QStringLiteral("CNI_COMMAND=DEL")), QStringLiteral("CNI_NETNS="))));
        QVERIFY(args.ok());
        QCOMPARE(args->command(), CniArgs::Command::Del);
        QVERIFY(args->netns().isEmpty());
    }

    void versionNeedsNothingElse()
    {
        auto args = CniArgs::fromEnvironment(environment({QStringLiteral("CNI_COMMAND=VERSION")}));
        QVERIFY(args.ok());
        QCOMPARE(args->command(), CniArgs::Command::Version);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << "CNI_COMMAND="
                                    << "CNI_COMMAND is not set (expected ADD, DEL, CHECK or VERSION)";
        QTest::newRow("unknown command")
            << "CNI_COMMAND=GC"
            << "CNI_COMMAND 'GC' is not supported (expected ADD, DEL, CHECK or VERSION)";
        QTest::newRow("lower-case command")
            << "CNI_COMMAND=add"
            << "CNI_COMMAND 'add' is not supported (expected ADD, DEL, CHECK or VERSION)";
        QTest::newRow("no container ID") << "CNI_CONTAINERID="
                                         << "CNI_CONTAINERID is not set (required for ADD)";
        QTest::newRow("container ID traversal") << "CNI_CONTAINERID=../../etc/passwd"
                                                << "CNI_CONTAINERID '../../etc/passwd': must be letters, "
                                                   "digits, '_', '.' or '-', starting with a letter or digit";
        QTest::newRow("container ID starting with a dot")
            << "CNI_CONTAINERID=.hidden"
            << "CNI_CONTAINERID '.hidden': must be letters, digits, '_', '.' or '-', starting with a letter "
               "or digit";
        QTest::newRow("no ifname") << "CNI_IFNAME="
                                   << "CNI_IFNAME is not set (required for ADD)";
        QTest::newRow("ifname too long") << "CNI_IFNAME=abcdefghijklmnop"
                                         << "CNI_IFNAME 'abcdefghijklmnop': longer than 15 characters";
        QTest::newRow("ifname dot-dot") << "CNI_IFNAME=.."
                                        << "CNI_IFNAME '..': not an interface name";
        QTest::newRow("ifname with a colon") << "CNI_IFNAME=eth0:1"
                                             << "CNI_IFNAME 'eth0:1': contains '/', ':' or whitespace";
        QTest::newRow("ifname with a space") << "CNI_IFNAME=eth 0"
                                             << "CNI_IFNAME 'eth 0': contains '/', ':' or whitespace";
        QTest::newRow("no path") << "CNI_PATH="
                                 << "CNI_PATH is not set (required for ADD)";
        QTest::newRow("no netns for ADD") << "CNI_NETNS="
                                          << "CNI_NETNS is not set (required for ADD)";
    }
    void errors()
    {
        QFETCH(QString, change);
        QFETCH(QString, message);
        auto args = CniArgs::fromEnvironment(environment(with(kAdd, change)));
        QVERIFY(!args.ok());
        QCOMPARE(args.error().message(), message);
    }

    void checkNeedsNetns()
    {
        auto args = CniArgs::fromEnvironment(
            environment(with(with(kAdd, QStringLiteral("CNI_COMMAND=CHECK")), QStringLiteral("CNI_NETNS="))));
        QVERIFY(!args.ok());
        QCOMPARE(args.error().message(), QStringLiteral("CNI_NETNS is not set (required for CHECK)"));
    }
};

QTEST_APPLESS_MAIN(TestCniArgs)
#include "tst_cniargs.moc"
