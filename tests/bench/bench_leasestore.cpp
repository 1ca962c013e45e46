// The lease store's read path at scale, against a real etcd on loopback:
//   yardstick  a raw range request of every lease key (EtcdClient, no decoding)
//   list       LeaseWatcher's initial list: range + decode + index, until synced()
//   burst      10,000 lease updates (a new VTEP MAC each) written while the watcher is cut off, then
//              replayed to it from etcd's history: from the watch's reconnection until the watcher
//              has applied every one (its own speed, not etcd's write rate)
//   live       10,000 updates written by a second client in another thread as fast as etcd takes
//              them: how far behind the last write the watcher converges
// Usage: bench_leasestore [--leases N] [--repetitions R]
#include "blockingcall.h"
#include "etcdclient.h"
#include "etcdfixture.h"
#include "leasewatcher.h"
#include "tcprelay.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace tartan;

namespace {

const StoreLayout kLayout(QStringLiteral("/bench.example/network"));

QByteArray keyOf(int n)
{
    return kLayout.subnetsPrefix() + QStringLiteral("10.%1.%2.0-24").arg(n / 256).arg(n % 256).toUtf8();
}

QByteArray valueOf(int n, int generation)
{
    return QStringLiteral(R"({"PublicIP":"172.16.%1.%2","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"02:%3:00:00:%4:%5"}})")
        .arg(n / 250)
        .arg(n % 250 + 1)
        .arg(generation % 256, 2, 16, QLatin1Char('0'))
        .arg((n >> 8) & 0xff, 2, 16, QLatin1Char('0'))
        .arg(n & 0xff, 2, 16, QLatin1Char('0'))
        .toUtf8();
}

/// Writes `count` leases (generation `generation`) in transactions of 100 puts.
Status writeAll(EtcdClient &client, int count, int generation)
{
    for (int first = 0; first < count; first += 100) {
        etcd::TxnRequest txn;
        for (int n = first; n < std::min(count, first + 100); ++n) {
            etcd::PutRequest put;
            put.key = keyOf(n);
            put.value = valueOf(n, generation);
            txn.success.append(put);
        }
        auto done = blockingCall<etcd::TxnResponse>([&](const QObject *c, auto cb) { client.txn(txn, c, cb); });
        if (!done)
            return done.error();
    }
    return {};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

int fail(const QString &what)
{
    std::fprintf(stderr, "bench_leasestore: %s\n", qPrintable(what));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("leases"), QStringLiteral("Leases in the store."), QStringLiteral("n"), QStringLiteral("10000")));
    parser.addOption(QCommandLineOption(QStringLiteral("repetitions"), QStringLiteral("Runs per measurement."), QStringLiteral("n"), QStringLiteral("5")));
    parser.addHelpOption();
    parser.process(app);
    const int leases = parser.value(QStringLiteral("leases")).toInt();
    const int repetitions = std::max(1, parser.value(QStringLiteral("repetitions")).toInt());

    QString why;
    if (!test::EtcdFixture::available(&why))
        return fail(why);
    test::EtcdFixture etcd;
    if (auto started = etcd.start(1, {QStringLiteral("--quota-backend-bytes=4294967296")}); !started)
        return fail(started.error().message());
    EtcdClientOptions options;
    options.endpoints = etcd.clientUrls();
    options.requestTimeout = std::chrono::milliseconds(30000);
    auto client = EtcdClient::create(options);
    if (!client)
        return fail(client.error().message());
    if (auto written = writeAll(**client, leases, 0); !written)
        return fail(written.error().message());

    QProcess version;
    version.start(test::EtcdFixture::etcdBinary(), {QStringLiteral("--version")});
    version.waitForFinished();
    const QString etcdVersion = QString::fromUtf8(version.readAllStandardOutput()).section(u'\n', 0, 0).trimmed();
    std::printf("lease store benchmark: %s on loopback, %d vxlan leases in flanneld's JSON, %d repetitions, median\n",
                qPrintable(etcdVersion), leases, repetitions);

    // Yardstick: the raw range of the same keys.
    std::vector<double> rawMs, listMs, burstMs, liveMs, lagMs;
    for (int r = 0; r < repetitions; ++r) {
        QElapsedTimer timer;
        timer.start();
        auto raw = blockingCall<etcd::RangeResponse>([&](const QObject *c, auto cb) {
            (*client)->range(etcd::RangeRequest::withPrefix(kLayout.subnetsPrefix()), c, cb);
        });
        if (!raw || raw->kvs.size() != leases)
            return fail(QStringLiteral("raw range failed"));
        rawMs.push_back(timer.nsecsElapsed() / 1e6);
    }

    // The watcher reaches etcd through a relay that the burst measurement cuts.
    test::TcpRelay relay(etcd.clientUrl(0).port());
    if (!relay.listen())
        return fail(QStringLiteral("cannot listen on loopback"));
    EtcdClientOptions relayed = options;
    relayed.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(relay.port()))};
    auto watcherClient = EtcdClient::create(relayed);
    if (!watcherClient)
        return fail(watcherClient.error().message());
    int generation = 0;
    const auto waitFor = [](const auto &done) {
        while (!done())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    };

    for (int r = 0; r < repetitions; ++r) {
        LeaseWatcher watcher(watcherClient->get(), kLayout);
        bool synced = false;
        QObject::connect(&watcher, &LeaseWatcher::synced, [&] { synced = true; });
        QElapsedTimer timer;
        timer.start();
        watcher.start();
        waitFor([&] { return synced; });
        listMs.push_back(timer.nsecsElapsed() / 1e6);
        if (watcher.leases().size() != leases)
            return fail(QStringLiteral("listed %1 leases, expected %2").arg(watcher.leases().size()).arg(leases));
        int changed = 0;
        QObject::connect(&watcher, &LeaseWatcher::leaseChanged, [&] { ++changed; });

        // Burst: cut off, write, reconnect; time from the stream's return to the last change applied.
        relay.setBlocked(true);
        if (auto written = writeAll(**client, leases, ++generation); !written)
            return fail(written.error().message());
        QElapsedTimer burst;
        QObject::connect(&watcher, &LeaseWatcher::connected, [&] { burst.start(); });
        relay.setBlocked(false);
        waitFor([&] { return changed >= leases; });
        burstMs.push_back(burst.nsecsElapsed() / 1e6);
        if (changed != leases || !watcher.isSynced())
            return fail(QStringLiteral("burst applied %1 changes, expected %2").arg(changed).arg(leases));

        // Live: a second client writes from another thread while the watcher follows.
        changed = 0;
        QElapsedTimer live;
        qint64 writtenAtNs = 0;
        QString writeError;
        QThread writer;
        const int liveGeneration = ++generation;
        QObject::connect(&writer, &QThread::started, [&] {
            auto second = EtcdClient::create(options);
            live.start();
            const Status written = second ? writeAll(**second, leases, liveGeneration) : Status(second.error());
            writtenAtNs = live.nsecsElapsed();
            if (!written)
                writeError = written.error().message();
            writer.quit();
        });
        writer.start();
        waitFor([&] { return changed >= leases || !writeError.isEmpty(); });
        const qint64 convergedNs = live.nsecsElapsed();
        writer.wait();
        if (!writeError.isEmpty())
            return fail(writeError);
        liveMs.push_back(writtenAtNs / 1e6);
        lagMs.push_back(std::max<qint64>(0, convergedNs - writtenAtNs) / 1e6);
    }

    const double raw = median(rawMs), list = median(listMs), burstApplied = median(burstMs);
    std::printf("  raw range of %d keys (yardstick)            %9.1f ms\n", leases, raw);
    std::printf("  LeaseWatcher list + decode + index           %9.1f ms  %6.2fx the raw range\n", list, list / raw);
    std::printf("  %d watch events replayed and applied     %9.1f ms  %6.2fx the raw range, %.1f us per event\n",
                leases, burstApplied, burstApplied / raw, burstApplied * 1000.0 / leases);
    std::printf("  live: %d updates written by another client in %.1f ms; watcher converged %.1f ms after the last write\n",
                leases, median(liveMs), median(lagMs));
    return 0;
}
