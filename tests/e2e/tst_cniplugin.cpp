// The built `flannel` CNI plugin driving Debian's real `bridge` and `host-local` plugins
// (containernetworking-plugins, /usr/lib/cni), as a container runtime would: CNI_* variables and
// a conflist entry on stdin. Pods are named network namespaces; cni0 and the host ends of the
// veths live in the test process's own namespace (TARTAN_E2E_TEST_MAIN), and every file (subnet.env,
// flannel's dataDir, host-local's dataDir) lives in a temporary directory, so nothing touches the
// machine. Results are read back from the kernel with `ip -j` and from the files on disk.
#include "json.h"
#include "netns.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cstdlib>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tartan;
using namespace tartan::test;

namespace {

const QString kPluginDir = QStringLiteral("/usr/lib/cni");
const QString kFlannel = QStringLiteral(TARTAN_BIN_DIR "/flannel");

struct PluginRun
{
    int exitCode = -1;
    QByteArray output;
    QByteArray errorOutput;
    json::Json result; // stdout parsed; null if it is not JSON
};

QString errorOf(const Status &status)
{
    return status.ok() ? QString() : status.error().message();
}

/// The string or integer at a JSON pointer such as "/0/addr_info/0/local"; empty or 0 if absent.
std::string text(const json::Json &value, const char *pointer)
{
    const json::Json::json_pointer at(pointer);
    return value.contains(at) && value.at(at).is_string() ? value.at(at).get<std::string>() : std::string();
}

int number(const json::Json &value, const char *pointer)
{
    const json::Json::json_pointer at(pointer);
    return value.contains(at) && value.at(at).is_number_integer() ? value.at(at).get<int>() : 0;
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

quint16 checksum(const unsigned char *data, size_t length)
{
    quint32 sum = 0;
    for (size_t i = 0; i + 1 < length; i += 2)
        sum += (data[i] << 8) | data[i + 1];
    if (length % 2)
        sum += data[length - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<quint16>(~sum);
}

/// One ICMP echo from inside the namespace at `netnsPath` to `destination`, answered within a
/// bounded time (three tries, one second each). There is no `ping` binary on this machine, so the
/// echo is sent from a raw socket opened by a thread that has joined the pod's namespace: the
/// packet really leaves the pod's eth0, crosses cni0 and comes back.
Status ping(const QString &netnsPath, const QString &destination)
{
    Status result;
    std::thread worker([&] {
        const auto fail = [&](const char *step) {
            result = Error(QStringLiteral("ping %1 from %2: %3: %4")
                               .arg(destination, netnsPath, QLatin1String(step),
                                    QString::fromLocal8Bit(std::strerror(errno))));
        };
        const int ns = ::open(QFile::encodeName(netnsPath).constData(), O_RDONLY | O_CLOEXEC);
        if (ns < 0)
            return fail("open");
        const int joined = ::setns(ns, CLONE_NEWNET); // this thread only; it ends right after
        ::close(ns);
        if (joined != 0)
            return fail("setns");
        const int sock = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
        if (sock < 0)
            return fail("socket");
        sockaddr_in to{};
        to.sin_family = AF_INET;
        ::inet_pton(AF_INET, destination.toLatin1().constData(), &to.sin_addr);
        const quint16 id = static_cast<quint16>(::getpid());
        for (quint16 sequence = 1; sequence <= 3; ++sequence) {
            unsigned char packet[64] = {};
            auto *icmp = reinterpret_cast<icmphdr *>(packet);
            icmp->type = ICMP_ECHO;
            icmp->un.echo.id = htons(id);
            icmp->un.echo.sequence = htons(sequence);
            const quint16 sum = checksum(packet, sizeof packet);
            icmp->checksum = htons(sum);
            if (::sendto(sock, packet, sizeof packet, 0, reinterpret_cast<sockaddr *>(&to), sizeof to) < 0) {
                fail("sendto");
                break;
            }
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
            while (std::chrono::steady_clock::now() < deadline) {
                pollfd waiting{sock, POLLIN, 0};
                if (::poll(&waiting, 1, 200) <= 0)
                    continue;
                unsigned char reply[1500];
                sockaddr_in from{};
                socklen_t fromLength = sizeof from;
                const ssize_t n = ::recvfrom(sock, reply, sizeof reply, 0,
                                             reinterpret_cast<sockaddr *>(&from), &fromLength);
                if (n < static_cast<ssize_t>(sizeof(iphdr)))
                    continue;
                const size_t headerLength = (reply[0] & 0x0f) * 4u; // raw IPv4 sockets see the IP header
                if (static_cast<size_t>(n) < headerLength + sizeof(icmphdr))
                    continue;
                const auto *answer = reinterpret_cast<const icmphdr *>(reply + headerLength);
                if (answer->type == ICMP_ECHOREPLY && ntohs(answer->un.echo.id) == id &&
                    ntohs(answer->un.echo.sequence) == sequence &&
                    from.sin_addr.s_addr == to.sin_addr.s_addr) {
                    ::close(sock);
                    return;
                }
            }
        }
        ::close(sock);
        if (result.ok())
            result = Error(
                QStringLiteral("ping %1 from %2: no echo reply in 3 tries").arg(destination, netnsPath));
    });
    worker.join();
    return result;
}

} // namespace

class TestCniPlugin : public QObject
{
    Q_OBJECT

    QTemporaryDir mTemp;
    QString mBinDir;     // CNI_PATH: flannel, bridge and host-local
    QString mSubnetFile; // the netconf's subnetFile
    QString mDataDir;    // flannel's saved delegate configs
    QString mIpamDir;    // host-local's leases
    const QString mPrefix = QStringLiteral("tt-cni%1-").arg(::getpid());

    /// The conflist entry a runtime would pass (name and cniVersion injected), with the stock
    /// kube-flannel delegate and host-local's state kept in the temporary directory.
    QByteArray netconf(
        const QString &delegate = QStringLiteral("{\"hairpinMode\":true,\"isDefaultGateway\":true}")) const
    {
        return QStringLiteral(
                   "{\"cniVersion\":\"1.0.0\",\"name\":\"cbr0\",\"type\":\"flannel\",\"subnetFile\":\"%1\","
                   "\"dataDir\":\"%2\",\"delegate\":%3,\"ipam\":{\"dataDir\":\"%4\"}}")
            .arg(mSubnetFile, mDataDir, delegate, mIpamDir)
            .toUtf8();
    }

    PluginRun plugin(const QString &command, const QString &containerId, const QString &netns,
                     const QByteArray &config) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CNI_COMMAND"), command);
        env.insert(QStringLiteral("CNI_CONTAINERID"), containerId);
        env.insert(QStringLiteral("CNI_NETNS"), netns);
        env.insert(QStringLiteral("CNI_IFNAME"), QStringLiteral("eth0"));
        env.insert(QStringLiteral("CNI_PATH"), mBinDir);
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(kFlannel, {});
        PluginRun run;
        if (!process.waitForStarted(10000))
            return run;
        process.write(config);
        process.closeWriteChannel();
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.output = process.readAllStandardOutput();
        run.errorOutput = process.readAllStandardError();
        if (auto parsed = json::parse(run.output, QStringLiteral("plugin output")))
            run.result = *parsed;
        return run;
    }

    Status writeSubnetEnv(const QByteArray &text) const
    {
        QFile file(mSubnetFile);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size())
            return Error(QStringLiteral("writing %1: %2").arg(mSubnetFile, file.errorString()));
        return {};
    }

    static json::Json ipJson(const QStringList &command, const NamedNetns *netns = nullptr)
    {
        auto out = netns ? netns->exec(command) : run(command);
        if (!out)
            return json::Json();
        auto parsed = json::parse(out->toUtf8(), QStringLiteral("ip -j"));
        return parsed ? *parsed : json::Json();
    }

    /// "10.244.1.2" from the ADD result's first IP.
    static QString resultAddress(const json::Json &result)
    {
        return json::toQString(text(result, "/ips/0/address")).section(u'/', 0, 0);
    }

    static QString hostVeth(const json::Json &result)
    {
        if (!result.is_object() || !result.contains("interfaces") || !result.at("interfaces").is_array())
            return {};
        for (const auto &interface : result.at("interfaces")) {
            if (!interface.is_object())
                continue;
            const std::string name = interface.value("name", std::string());
            if (!interface.contains("sandbox") && name != "cni0")
                return json::toQString(name);
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        QString why;
        for (const QString &name : {QStringLiteral("bridge"), QStringLiteral("host-local")}) {
            if (!QFileInfo(kPluginDir + u'/' + name).isExecutable())
                why = QStringLiteral("%1/%2 is missing (Debian package containernetworking-plugins)")
                          .arg(kPluginDir, name);
        }
        if (why.isEmpty() && !QFileInfo(kFlannel).isExecutable())
            why = QStringLiteral("%1 is not built").arg(kFlannel);
        if (!why.isEmpty()) {
            // QSKIP here would end the suite with exit code 0, which ctest counts as passed.
            std::printf("SKIP: %s\n", qPrintable(why));
            std::fflush(stdout);
            std::exit(77);
        }
        QVERIFY(mTemp.isValid());
        mBinDir = mTemp.filePath(QStringLiteral("bin"));
        mSubnetFile = mTemp.filePath(QStringLiteral("subnet.env"));
        mDataDir = mTemp.filePath(QStringLiteral("flannel"));
        mIpamDir = mTemp.filePath(QStringLiteral("ipam"));
        QVERIFY(QDir().mkpath(mBinDir));
        QVERIFY(QFile::link(kFlannel, mBinDir + QStringLiteral("/flannel")));
        QVERIFY(QFile::link(kPluginDir + QStringLiteral("/bridge"), mBinDir + QStringLiteral("/bridge")));
        QVERIFY(
            QFile::link(kPluginDir + QStringLiteral("/host-local"), mBinDir + QStringLiteral("/host-local")));
    }

    void version()
    {
        const PluginRun version = plugin(QStringLiteral("VERSION"), {}, {}, {});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.result.is_object(), version.output.constData());
        QCOMPARE(text(version.result, "/cniVersion"), std::string("1.0.0"));
        QCOMPARE(text(version.result, "/supportedVersions/5"), std::string("1.0.0"));
    }

    void addWiresPodsAndDelReplaysTheSavedConfig()
    {
        QVERIFY(
            writeSubnetEnv("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1400\n"
                           "FLANNEL_IPMASQ=true\n")
                .ok());
        NamedNetns podA(mPrefix + QStringLiteral("a"));
        NamedNetns podB(mPrefix + QStringLiteral("b"));
        QVERIFY(podA.ok() && podB.ok());
        const QString netnsA = QStringLiteral("/run/netns/") + podA.name();
        const QString netnsB = QStringLiteral("/run/netns/") + podB.name();

        // ADD pod A.
        const PluginRun addA = plugin(QStringLiteral("ADD"), QStringLiteral("pod-a"), netnsA, netconf());
        QVERIFY2(addA.exitCode == 0, (addA.output + addA.errorOutput).constData());
        const QString ipA = resultAddress(addA.result);
        QVERIFY2(ipA.startsWith(QStringLiteral("10.244.1.")) && ipA != QStringLiteral("10.244.1.1"),
                 addA.output.constData());
        QCOMPARE(text(addA.result, "/cniVersion"), std::string("1.0.0"));

        // The pod's eth0 has that address, and reaches the flannel network through the gateway.
        const json::Json addresses = ipJson({"ip", "-j", "-4", "addr", "show", "dev", "eth0"}, &podA);
        QVERIFY2(addresses.is_array() && addresses.size() == 1, addresses.dump().c_str());
        QCOMPARE(text(addresses, "/0/addr_info/0/local"), ipA.toStdString());
        QCOMPARE(number(addresses, "/0/addr_info/0/prefixlen"), 24);
        QCOMPARE(number(addresses, "/0/mtu"), 1400);
        const json::Json routes = ipJson({"ip", "-j", "-4", "route", "show", "10.244.0.0/16"}, &podA);
        QVERIFY2(routes.is_array() && routes.size() == 1, routes.dump().c_str());
        QCOMPARE(text(routes, "/0/gateway"), std::string("10.244.1.1"));
        QCOMPARE(text(routes, "/0/dev"), std::string("eth0"));

        // cni0 in the test's namespace: the gateway address and FLANNEL_MTU.
        const json::Json bridge = ipJson({"ip", "-j", "-4", "addr", "show", "dev", "cni0"});
        QVERIFY2(bridge.is_array() && bridge.size() == 1, bridge.dump().c_str());
        QCOMPARE(text(bridge, "/0/addr_info/0/local"), std::string("10.244.1.1"));
        QCOMPARE(number(bridge, "/0/addr_info/0/prefixlen"), 24);
        QCOMPARE(number(bridge, "/0/mtu"), 1400);

        // The rendered delegate config was saved, private to root.
        const QString savedA = mDataDir + QStringLiteral("/pod-a");
        QCOMPARE(modeOf(savedA), 0600);
        QCOMPARE(modeOf(mDataDir), 0700);
        QFile savedFile(savedA);
        QVERIFY(savedFile.open(QIODevice::ReadOnly));
        const QByteArray savedBytes = savedFile.readAll();
        QVERIFY2(savedBytes.contains("\"ranges\":[[{\"subnet\":\"10.244.1.0/24\"}]]") &&
                     savedBytes.contains("\"mtu\":1400"),
                 savedBytes.constData());
        // host-local recorded the lease in the test's directory.
        const QString leaseA = mIpamDir + QStringLiteral("/cbr0/") + ipA;
        QVERIFY2(QFileInfo::exists(leaseA), qPrintable(leaseA));

        // ADD pod B: another address on the same bridge, and the two pods reach each other.
        const PluginRun addB = plugin(QStringLiteral("ADD"), QStringLiteral("pod-b"), netnsB, netconf());
        QVERIFY2(addB.exitCode == 0, (addB.output + addB.errorOutput).constData());
        const QString ipB = resultAddress(addB.result);
        QVERIFY2(ipB.startsWith(QStringLiteral("10.244.1.")) && ipB != ipA, addB.output.constData());
        QVERIFY2(ping(netnsA, ipB).ok(), qPrintable(errorOf(ping(netnsA, ipB))));
        QVERIFY2(ping(netnsB, ipA).ok(), qPrintable(errorOf(ping(netnsB, ipA))));

        // flanneld moved to another subnet: DEL must still undo what ADD did, from the saved file.
        QVERIFY(writeSubnetEnv("FLANNEL_NETWORK=10.99.0.0/16\nFLANNEL_SUBNET=10.99.5.1/24\nFLANNEL_MTU=1450\n"
                               "FLANNEL_IPMASQ=false\n")
                    .ok());
        const QString vethA = hostVeth(addA.result);
        QVERIFY2(!vethA.isEmpty(), addA.output.constData());
        QVERIFY(run({"ip", "link", "show", vethA}).ok());
        const PluginRun delA = plugin(QStringLiteral("DEL"), QStringLiteral("pod-a"), netnsA, netconf());
        QVERIFY2(delA.exitCode == 0, (delA.output + delA.errorOutput).constData());
        QVERIFY(!run({"ip", "link", "show", vethA}).ok());
        QVERIFY(!podA.exec({"ip", "link", "show", "eth0"}).ok());
        QVERIFY2(!QFileInfo::exists(leaseA), qPrintable(leaseA));
        QVERIFY(!QFileInfo::exists(savedA));
        // Pod B is untouched.
        QVERIFY(podB.exec({"ip", "link", "show", "eth0"}).ok());
        QVERIFY(QFileInfo::exists(mIpamDir + QStringLiteral("/cbr0/") + ipB));

        // DEL again: nothing saved, nothing to do, success.
        const PluginRun again = plugin(QStringLiteral("DEL"), QStringLiteral("pod-a"), netnsA, netconf());
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.output.isEmpty());

        // Even with no subnet.env at all, DEL of pod B works from its saved config.
        QVERIFY(QFile::remove(mSubnetFile));
        const PluginRun delB = plugin(QStringLiteral("DEL"), QStringLiteral("pod-b"), netnsB, netconf());
        QVERIFY2(delB.exitCode == 0, (delB.output + delB.errorOutput).constData());
        QVERIFY(!podB.exec({"ip", "link", "show", "eth0"}).ok());
        QVERIFY(!QFileInfo::exists(mIpamDir + QStringLiteral("/cbr0/") + ipB));
        QVERIFY(!QFileInfo::exists(mDataDir + QStringLiteral("/pod-b")));
    }

    void errorsAreCniErrorResults()
    {
        NamedNetns pod(mPrefix + QStringLiteral("err"));
        QVERIFY(pod.ok());
        const QString netns = QStringLiteral("/run/netns/") + pod.name();

        // No subnet.env yet (flanneld not up): try again later, nothing saved, nothing wired.
        QFile::remove(mSubnetFile);
        PluginRun noEnv = plugin(QStringLiteral("ADD"), QStringLiteral("pod-err"), netns, netconf());
        QVERIFY(noEnv.exitCode != 0);
        QVERIFY2(noEnv.result.is_object(), noEnv.output.constData());
        QCOMPARE(number(noEnv.result, "/code"), 11);
        QCOMPARE(text(noEnv.result, "/cniVersion"), std::string("1.0.0"));
        QVERIFY(QString::fromStdString(text(noEnv.result, "/msg")).contains(mSubnetFile));
        QVERIFY(!QFileInfo::exists(mDataDir + QStringLiteral("/pod-err")));

        // A delegate that sets `name` is an invalid config.
        QVERIFY(
            writeSubnetEnv("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1400\n"
                           "FLANNEL_IPMASQ=true\n")
                .ok());
        PluginRun named = plugin(QStringLiteral("ADD"), QStringLiteral("pod-err"), netns,
                                 netconf(QStringLiteral("{\"name\":\"x\"}")));
        QVERIFY(named.exitCode != 0);
        QCOMPARE(number(named.result, "/code"), 7);
        QVERIFY(!QFileInfo::exists(mDataDir + QStringLiteral("/pod-err")));
        QVERIFY(!pod.exec({"ip", "link", "show", "eth0"}).ok());

        // A container ID that would escape the data dir is refused before anything is written.
        PluginRun escape = plugin(QStringLiteral("ADD"), QStringLiteral("../escape"), netns, netconf());
        QCOMPARE(number(escape.result, "/code"), 4);
        QVERIFY(!QFileInfo::exists(mTemp.filePath(QStringLiteral("escape"))));

        // A failing delegate's own error result is relayed; the config was saved first, so the
        // runtime's DEL can clean up whatever the delegate left.
        PluginRun badNetns = plugin(QStringLiteral("ADD"), QStringLiteral("pod-gone"),
                                    netns + QStringLiteral("-missing"), netconf());
        QVERIFY(badNetns.exitCode != 0);
        QVERIFY2(badNetns.result.is_object() && badNetns.result.contains("code"),
                 badNetns.output.constData());
        QVERIFY2(QString::fromStdString(text(badNetns.result, "/msg")).contains(QStringLiteral("netns")),
                 badNetns.output.constData());
        QVERIFY(QFileInfo::exists(mDataDir + QStringLiteral("/pod-gone")));
        PluginRun cleanup = plugin(QStringLiteral("DEL"), QStringLiteral("pod-gone"),
                                   netns + QStringLiteral("-missing"), netconf());
        QVERIFY2(cleanup.exitCode == 0, (cleanup.output + cleanup.errorOutput).constData());
        QVERIFY(!QFileInfo::exists(mDataDir + QStringLiteral("/pod-gone")));
    }

    void checkSucceedsWithoutOutput()
    {
        NamedNetns pod(mPrefix + QStringLiteral("chk"));
        QVERIFY(pod.ok());
        const PluginRun check = plugin(QStringLiteral("CHECK"), QStringLiteral("pod-chk"),
                                       QStringLiteral("/run/netns/") + pod.name(), netconf());
        QCOMPARE(check.exitCode, 0);
        QVERIFY(check.output.isEmpty());
    }
};

TARTAN_E2E_TEST_MAIN(TestCniPlugin)
#include "tst_cniplugin.moc"
