// TCP throughput through the udp backend against the kernel's vxlan backend and the bare underlay,
// all in one run, inside a private network and mount namespace (isolateProcess()):
//   underlay  node1 -> node2 of the vxlan Lab over eth0 (veth into the lab bridge and out again):
//             the path both tunnels ride on
//   vxlan     a 2-node Lab with tartand (vxlan): node1's flannel.1 address -> node2's
//   udp       a 2-node Lab with tartand (udp): node1's flannel0 address -> node2's
// Each is iperf3 (-J) with 1 and then 4 parallel streams, client in node1, server in node2.
// CPU seconds per GB: user + system time of the iperf3 client (getrusage of reaped children),
// the iperf3 server and both tartand processes (/proc/PID/stat), over the run, divided by the
// gigabytes received. Kernel work done in softirq context on behalf of no process is not counted,
// for any of the three.
// Usage (root): bench_udp [--seconds 5] [--repetitions 1]
#include "lab.h"
#include "netns.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <vector>

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

using namespace tartan;
using namespace tartan::test;

namespace {

int fail(const QString &why)
{
    std::fprintf(stderr, "bench_udp: %s\n", qPrintable(why));
    return 1;
}

/// user + system seconds of a process so far; 0 if it is gone.
double processCpu(qint64 pid)
{
    if (pid <= 0)
        return 0;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(::sysconf(_SC_CLK_TCK));
}

double childrenCpu()
{
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Figure
{
    double gbits = 0;
    double cpuPerGb = 0;
    QString error;
};

/// One iperf3 run from node1 to `server` (an address in node2), with `streams` streams.
Figure iperf(Lab &lab, const QString &server, int streams, int seconds)
{
    Figure figure;
    QProcess listener;
    listener.setProcessChannelMode(QProcess::MergedChannels);
    listener.start(QStringLiteral("ip"), {"netns", "exec", lab.node(2).name(), "iperf3", "-s", "-1", "-B", server});
    if (!listener.waitForStarted()) {
        figure.error = QStringLiteral("iperf3 -s did not start");
        return figure;
    }
    QThread::msleep(300);
    const qint64 agents[2] = {lab.agentPid(1), lab.agentPid(2)};
    const double before = childrenCpu() + processCpu(listener.processId()) + processCpu(agents[0]) + processCpu(agents[1]);
    QProcess client;
    client.start(QStringLiteral("ip"), {"netns", "exec", lab.node(1).name(), "iperf3", "-J", "-c", server, "-t",
                                         QString::number(seconds), "-P", QString::number(streams)});
    client.waitForFinished((seconds + 20) * 1000);
    const double serverCpu = processCpu(listener.processId());
    listener.waitForFinished(5000);
    const double after = childrenCpu() + serverCpu + processCpu(agents[0]) + processCpu(agents[1]);
    if (listener.state() != QProcess::NotRunning)
        listener.kill();
    const QJsonObject end = QJsonDocument::fromJson(client.readAllStandardOutput()).object().value("end").toObject();
    const QJsonObject received = end.value("sum_received").toObject();
    if (received.isEmpty()) {
        figure.error = QStringLiteral("iperf3 gave no result: %1").arg(QString::fromUtf8(client.readAllStandardError()));
        return figure;
    }
    figure.gbits = received.value("bits_per_second").toDouble() / 1e9;
    const double gigabytes = received.value("bytes").toDouble() / 1e9;
    figure.cpuPerGb = gigabytes > 0 ? (after - before) / gigabytes : 0;
    return figure;
}

Figure median(std::vector<Figure> runs)
{
    std::sort(runs.begin(), runs.end(), [](const Figure &a, const Figure &b) { return a.gbits < b.gbits; });
    return runs[runs.size() / 2];
}

/// A 2-node Lab running tartand with `backend`; empty, or why not. `addresses` gets each node's
/// overlay address (its subnet's network address, on the backend's device).
QString startLab(std::unique_ptr<Lab> &lab, const QString &backend, QString addresses[2])
{
    lab.reset();
    for (int n = 1; n <= 2; ++n)
        (void)run({QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("veth-n%1").arg(n)});
    lab = std::make_unique<Lab>();
    const QByteArray config = QStringLiteral(R"({"Network":"10.244.0.0/16","Backend":{"Type":"%1"}})").arg(backend).toUtf8();
    if (auto started = lab->start(2, config); !started)
        return started.error().message();
    for (int n = 1; n <= 2; ++n)
        if (auto agent = lab->startAgent(n); !agent)
            return agent.error().message();
    for (int n = 1; n <= 2; ++n) {
        auto subnet = lab->waitForSubnet(n);
        if (!subnet)
            return subnet.error().message() + lab->agentLog(n);
        addresses[n - 1] = *subnet;
    }
    // Until node1 reaches node2's overlay address (the peer is programmed).
    for (int i = 0; i < 100; ++i) {
        if (lab->node(1).exec({"ping", "-c", "1", "-W", "1", addresses[1]}))
            return {};
        QThread::msleep(100);
    }
    return QStringLiteral("node1 never reached %1 over %2:\n%3").arg(addresses[1], backend, lab->agentLog(1));
}

} // namespace

int main(int argc, char *argv[])
{
    if (const QString why = e2eUnavailableReason({QStringLiteral("iperf3"), QStringLiteral("etcd"), QStringLiteral("etcdctl")}); !why.isEmpty())
        return fail(why);
    if (auto isolated = isolateProcess(); !isolated)
        return fail(QStringLiteral("cannot isolate the benchmark: ") + isolated.error().message());
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("seconds"), QStringLiteral("Length of each iperf3 run."), QStringLiteral("s"), QStringLiteral("5")));
    parser.addOption(QCommandLineOption(QStringLiteral("repetitions"), QStringLiteral("Runs per figure (the median is shown)."), QStringLiteral("n"),
                                        QStringLiteral("1")));
    parser.addHelpOption();
    parser.process(app);
    const int seconds = std::clamp(parser.value(QStringLiteral("seconds")).toInt(), 1, 120);
    const int repetitions = std::clamp(parser.value(QStringLiteral("repetitions")).toInt(), 1, 15);

    utsname system{};
    ::uname(&system);
    std::printf("bench_udp: kernel %s, %ld CPUs, iperf3 -t %d, median of %d run(s)\n", system.release, ::sysconf(_SC_NPROCESSORS_ONLN),
                seconds, repetitions);
    std::printf("CPU: user+system seconds of tartand (both nodes) + iperf3 client and server, per GB received\n\n");

    std::map<QString, std::map<int, Figure>> figures; // path -> streams -> figure
    const QString paths[3] = {QStringLiteral("underlay"), QStringLiteral("vxlan"), QStringLiteral("udp")};
    std::unique_ptr<Lab> lab;
    QString overlay[2];
    for (const QString &path : paths) {
        // The underlay is measured in the vxlan lab, before the vxlan figures.
        if (path != QStringLiteral("vxlan")) {
            const QString backend = path == QStringLiteral("udp") ? path : QStringLiteral("vxlan");
            if (const QString why = startLab(lab, backend, overlay); !why.isEmpty())
                return fail(why);
        }
        const QString server = path == QStringLiteral("underlay") ? lab->nodeAddress(2) : overlay[1];
        for (int streams : {1, 4}) {
            std::vector<Figure> runs;
            for (int r = 0; r < repetitions; ++r) {
                Figure figure = iperf(*lab, server, streams, seconds);
                if (!figure.error.isEmpty())
                    return fail(path + QStringLiteral(": ") + figure.error);
                runs.push_back(figure);
            }
            figures[path][streams] = median(runs);
            std::printf("  %-8s %d stream%s: %6.2f Gbit/s  %5.2f CPU s/GB\n", qPrintable(path), streams, streams == 1 ? " " : "s",
                        figures[path][streams].gbits, figures[path][streams].cpuPerGb);
            std::fflush(stdout);
        }
        if (path == QStringLiteral("udp")) {
            const QString log = lab->agentLog(1);
            const qsizetype at = log.indexOf(QStringLiteral("udp: flannel0"));
            if (at >= 0)
                std::printf("  (%s)\n", qPrintable(log.mid(at, log.indexOf(u'\n', at) - at)));
        }
    }
    lab.reset();

    std::printf("\n| path | streams | Gbit/s | vs vxlan | vs underlay | CPU s/GB |\n|---|---|---|---|---|---|\n");
    for (const QString &path : paths) {
        for (int streams : {1, 4}) {
            const Figure &f = figures[path][streams];
            std::printf("| %s | %d | %.2f | %.2f× | %.2f× | %.2f |\n", qPrintable(path), streams, f.gbits,
                        f.gbits / figures[QStringLiteral("vxlan")][streams].gbits,
                        f.gbits / figures[QStringLiteral("underlay")][streams].gbits, f.cpuPerGb);
        }
    }
    return 0;
}
