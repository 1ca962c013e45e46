// SubnetEnv: flanneld's subnet.env text byte for byte (golden files in tests/data/cni/subnetenv,
// written as flanneld's WriteSubnetFile writes them), the tolerant reader, its errors, and the
// atomic write helper's observable results (bytes, modes, no temporary files left behind).
#include "subnetenv.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace tartan;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(TARTAN_TEST_DATA "/cni/subnetenv/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

IpNetwork net(const char *text)
{
    return IpNetwork::parse(QString::fromLatin1(text)).value();
}

SubnetEnv v4Env()
{
    SubnetEnv env;
    env.setNetworks({net("10.244.0.0/16")});
    env.setSubnet(net("10.244.1.0/24"));
    env.setMtu(1450);
    env.setIpMasq(true);
    return env;
}

SubnetEnv v6Env()
{
    SubnetEnv env;
    env.setIpv6Networks({net("fd00:10:244::/56")});
    env.setIpv6Subnet(net("fd00:10:244:1::/64"));
    env.setMtu(1430);
    env.setIpMasq(false);
    return env;
}

SubnetEnv dualStackEnv()
{
    SubnetEnv env = v4Env();
    env.setIpv6Networks({net("fd00:10:244::/56")});
    env.setIpv6Subnet(net("fd00:10:244:1::/64"));
    return env;
}

SubnetEnv twoNetworksEnv()
{
    SubnetEnv env;
    env.setNetworks({net("10.42.0.0/16"), net("10.43.0.0/16")});
    env.setSubnet(net("10.42.3.0/24"));
    env.setMtu(1450);
    env.setIpMasq(false);
    return env;
}

int modeOf(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

} // namespace

Q_DECLARE_METATYPE(tartan::SubnetEnv)

class TestSubnetEnv : public QObject
{
    Q_OBJECT
private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<SubnetEnv>("env");
        QTest::newRow("IPv4 only") << "v4.env" << v4Env();
        QTest::newRow("IPv6 only") << "v6.env" << v6Env();
        QTest::newRow("dual stack") << "dual-stack.env" << dualStackEnv();
        QTest::newRow("two IPv4 networks") << "two-networks.env" << twoNetworksEnv();
    }
    void golden()
    {
        QFETCH(QString, file);
        QFETCH(SubnetEnv, env);
        const QByteArray text = fixture(file);
        QCOMPARE(env.format(), text);
        auto parsed = SubnetEnv::parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
        QVERIFY(*parsed == env);
        QVERIFY(parsed->missingVariables().isEmpty());
    }

    void subnetIsWrittenAsFirstHost()
    {
        // Host bits in the file are masked off: the value is the network, the text its first host.
        auto parsed = SubnetEnv::parse("FLANNEL_SUBNET=10.244.7.1/24\n");
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->subnet(), net("10.244.7.0/24"));
        QCOMPARE(parsed->format(), QByteArray("FLANNEL_SUBNET=10.244.7.1/24\n"));
    }

    void tolerant_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("hand-edited file") << fixture(QStringLiteral("hand-edited.env"));
        QTest::newRow("CRLF line ends")
            << QByteArray("FLANNEL_NETWORK=10.244.0.0/16\r\nFLANNEL_SUBNET=10.244.1.1/24\r\n"
                          "FLANNEL_MTU=1450\r\nFLANNEL_IPMASQ=true\r\n");
        QTest::newRow("no final newline")
            << QByteArray("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\n"
                          "FLANNEL_MTU=1450\nFLANNEL_IPMASQ=true");
        QTest::newRow("export, tabs and double quotes") << QByteArray(
            "export\tFLANNEL_NETWORK=\"10.244.0.0/16\"\n\t\n#\nFLANNEL_SUBNET=\"10.244.1.1/24\" # c\n"
            "export FLANNEL_MTU='1450'\nFLANNEL_IPMASQ=true\n");
        QTest::newRow("other order, blank lines")
            << QByteArray("\n\nFLANNEL_IPMASQ=true\nFLANNEL_MTU=1450\n\nFLANNEL_SUBNET=10.244.1.1/24\n"
                          "FLANNEL_NETWORK=10.244.0.0/16\n\n");
    }
    void tolerant()
    {
        QFETCH(QByteArray, text);
        auto parsed = SubnetEnv::parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
        QVERIFY(*parsed == v4Env());
        QCOMPARE(parsed->format(), fixture(QStringLiteral("v4.env")));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("no equals sign") << QByteArray("FLANNEL_MTU=1450\nFLANNEL_IPMASQ\n")
                                        << "subnet.env line 2: expected NAME=value, got 'FLANNEL_IPMASQ'";
        QTest::newRow("bad name") << QByteArray("\nFLANNEL MTU=1450\n")
                                  << "subnet.env line 2: 'FLANNEL MTU' is not a variable name";
        QTest::newRow("subnet prefix too long")
            << QByteArray("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/33\n")
            << "subnet.env line 2: FLANNEL_SUBNET: '10.244.1.1/33': prefix length must be 0 to 32 for IPv4";
        QTest::newRow("subnet without length") << QByteArray("FLANNEL_SUBNET=10.244.1.1\n")
                                               << "subnet.env line 1: FLANNEL_SUBNET: '10.244.1.1' has no "
                                                  "prefix length (expected a network like 10.244.0.0/16)";
        QTest::newRow("empty network") << QByteArray("FLANNEL_NETWORK=\n")
                                       << "subnet.env line 1: FLANNEL_NETWORK: '' has no prefix length "
                                          "(expected a network like 10.244.0.0/16)";
        QTest::newRow("bad entry in a network list")
            << QByteArray("FLANNEL_NETWORK=10.42.0.0/16,10.43.0.300/16\n")
            << "subnet.env line 1: FLANNEL_NETWORK: '10.43.0.300/16' is not an IPv4 or IPv6 network";
        QTest::newRow("IPv6 in FLANNEL_NETWORK")
            << QByteArray("FLANNEL_NETWORK=fd00::/56\n")
            << "subnet.env line 1: FLANNEL_NETWORK: 'fd00::/56' is an IPv6 network, expected IPv4";
        QTest::newRow("IPv4 in FLANNEL_IPV6_SUBNET")
            << QByteArray("# x\nFLANNEL_IPV6_SUBNET=10.0.0.1/24\n")
            << "subnet.env line 2: FLANNEL_IPV6_SUBNET: '10.0.0.1/24' is an IPv4 network, expected IPv6";
        QTest::newRow("MTU not a number")
            << QByteArray("FLANNEL_MTU=14x0\n")
            << "subnet.env line 1: FLANNEL_MTU: '14x0' is not an MTU (expected 68 to 65535)";
        QTest::newRow("MTU too large")
            << QByteArray("FLANNEL_MTU=65536\n")
            << "subnet.env line 1: FLANNEL_MTU: '65536' is not an MTU (expected 68 to 65535)";
        QTest::newRow("MTU negative")
            << QByteArray("FLANNEL_MTU=-1\n")
            << "subnet.env line 1: FLANNEL_MTU: '-1' is not an MTU (expected 68 to 65535)";
        QTest::newRow("IPMASQ not a boolean")
            << QByteArray("FLANNEL_IPMASQ=yes\n")
            << "subnet.env line 1: FLANNEL_IPMASQ: 'yes' is not true or false";
        QTest::newRow("unterminated quote")
            << QByteArray("FLANNEL_MTU=\"1450\n") << "subnet.env line 1: FLANNEL_MTU: unterminated \" quote";
        QTest::newRow("text after the quote")
            << QByteArray("FLANNEL_MTU='1450'0\n")
            << "subnet.env line 1: FLANNEL_MTU: unexpected text after the closing quote: '0'";
    }
    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        auto parsed = SubnetEnv::parse(text);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().message(), message);
    }

    void missingVariables_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty file") << QByteArray("")
                                    << "f is missing FLANNEL_NETWORK, FLANNEL_IPV6_NETWORK, FLANNEL_SUBNET, "
                                       "FLANNEL_IPV6_SUBNET, FLANNEL_MTU, FLANNEL_IPMASQ";
        QTest::newRow("no MTU, no IPMASQ")
            << QByteArray("FLANNEL_NETWORK=10.0.0.0/8\nFLANNEL_SUBNET=10.0.1.1/24\n")
            << "f is missing FLANNEL_MTU, FLANNEL_IPMASQ";
        QTest::newRow("network without subnet")
            << QByteArray("FLANNEL_NETWORK=10.0.0.0/8\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n")
            << "f is missing FLANNEL_SUBNET, FLANNEL_IPV6_SUBNET";
        QTest::newRow("IPv6 network, IPv4 subnet is enough")
            << QByteArray("FLANNEL_IPV6_NETWORK=fd00::/56\nFLANNEL_SUBNET=10.0.1.1/"
                          "24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n")
            << QString();
    }
    void missingVariables()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        auto parsed = SubnetEnv::parse(text);
        QVERIFY(parsed.ok());
        const Status complete = parsed->requireComplete(QStringLiteral("f"));
        QCOMPARE(complete.ok() ? QString() : complete.error().message(), error);
        QCOMPARE(parsed->missingVariables().isEmpty(), error.isEmpty());
    }

    void writeFileCreatesDirectoriesAndReplacesAtomically()
    {
        QTemporaryDir temp;
        QVERIFY(temp.isValid());
        const QString path = temp.filePath(QStringLiteral("run/flannel/subnet.env"));
        QVERIFY(v4Env().writeFile(path).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), fixture(QStringLiteral("v4.env")));
        file.close();
        QCOMPARE(modeOf(path), 0644);

        // A second write replaces the file; no temporary file is left next to it.
        QVERIFY(dualStackEnv().writeFile(path).ok());
        auto reread = SubnetEnv::readFile(path);
        QVERIFY(reread.ok());
        QVERIFY(*reread == dualStackEnv());
        const QStringList entries = QDir(temp.filePath(QStringLiteral("run/flannel")))
                                        .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QCOMPARE(entries, QStringList{QStringLiteral("subnet.env")});
    }

    void writeFileAtomicallySetsExactModes()
    {
        QTemporaryDir temp;
        QVERIFY(temp.isValid());
        const QString directory = temp.filePath(QStringLiteral("data/flannel"));
        const QString path = directory + QStringLiteral("/abc123");
        const mode_t previous = ::umask(0077); // even a strict umask leaves the requested file mode
        const Status written = writeFileAtomically(path, "{}", 0600, 0700);
        ::umask(previous);
        QVERIFY(written.ok());
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(modeOf(directory), 0700);
        QCOMPARE(modeOf(temp.filePath(QStringLiteral("data"))), 0700);
    }

    void writeFileErrorsNameThePath()
    {
        QTemporaryDir temp;
        QVERIFY(temp.isValid());
        const QString blocker = temp.filePath(QStringLiteral("blocker"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString path = blocker + QStringLiteral("/subnet.env");
        const Status written = v4Env().writeFile(path);
        QVERIFY(!written.ok());
        QCOMPARE(written.error().message(),
                 QStringLiteral("writing %1: %2 exists and is not a directory").arg(path, blocker));

        auto missing = SubnetEnv::readFile(temp.filePath(QStringLiteral("absent.env")));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message().startsWith(
                     QStringLiteral("reading %1: ").arg(temp.filePath(QStringLiteral("absent.env")))),
                 qPrintable(missing.error().message()));
    }

    void readFileErrorsNameThePathAndLine()
    {
        QTemporaryDir temp;
        QVERIFY(temp.isValid());
        const QString path = temp.filePath(QStringLiteral("subnet.env"));
        QVERIFY(writeFileAtomically(path, "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_MTU=big\n").ok());
        auto parsed = SubnetEnv::readFile(path);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().message(),
                 path + QStringLiteral(" line 2: FLANNEL_MTU: 'big' is not an MTU (expected 68 to 65535)"));
    }
};

QTEST_APPLESS_MAIN(TestSubnetEnv)
#include "tst_subnetenv.moc"
