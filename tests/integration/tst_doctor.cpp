// `tartanctl doctor` and `tartanctl trace`, run as the real binary against a real etcd holding
// crafted leases and agent summaries. The agents' report endpoints are stood in for by a small HTTP
// server in this test that serves crafted NodeReports (craftedcluster.h) and records repair
// requests: the real endpoint belongs to tartand, whose e2e suite covers it in a lab.
#include "../unit/craftedcluster.h"
#include "agentclient.h"
#include "blockingcall.h"
#include "etcdtestutil.h"
#include "storelayout.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

const QByteArray kPrefix = "/doctor.example/network";

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString tartanctl()
{
    return QStringLiteral(TARTAN_BIN_DIR "/tartanctl");
}

/// Serves GET /<node>/v1/report and POST /<node>/v1/reconcile from a table the test fills.
class FakeAgents : public QObject
{
public:
    FakeAgents()
    {
        mServer.listen(QHostAddress::LocalHost, 0);
        connect(&mServer, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = mServer.nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
            }
        });
    }

    QString endpoint(int node) const { return QStringLiteral("http://127.0.0.1:%1/node%2").arg(mServer.serverPort()).arg(node); }

    QHash<int, QByteArray> reports;           ///< node -> report body
    QList<int> repairs;                        ///< nodes asked to reconcile, in order
    std::function<void(int)> onRepair;         ///< what a repair does to the table

private:
    void answer(QTcpSocket *socket)
    {
        QByteArray &buffer = mBuffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
        mBuffers.remove(socket);
        const QByteArray method = requestLine.value(0);
        const QList<QByteArray> path = requestLine.value(1).split('/'); // "", "node1", "v1", "report"
        const int node = path.value(1).mid(4).toInt();
        QByteArray status = "404 Not Found";
        QByteArray body = "no such node\n";
        if (path.size() == 4 && path[2] == "v1" && reports.contains(node)) {
            if (method == "GET" && path[3] == "report") {
                status = "200 OK";
                body = reports.value(node);
            } else if (method == "POST" && path[3] == "reconcile") {
                repairs << node;
                if (onRepair)
                    onRepair(node);
                status = "202 Accepted";
                body = "{}";
            }
        }
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QTcpServer mServer;
    QHash<QTcpSocket *, QByteArray> mBuffers;
};

} // namespace

class TestDoctor : public QObject
{
    Q_OBJECT
private:
    /// Runs tartanctl while this process's event loop keeps serving the fake agents.
    Run run(const QStringList &arguments, const QString &endpoints = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TARTAN_ETCD_ENDPOINTS"), endpoints.isEmpty() ? mEtcd->clientUrl(0).toString() : endpoints);
        environment.insert(QStringLiteral("TARTAN_ETCD_PREFIX"), QString::fromLatin1(kPrefix));
        process.setProcessEnvironment(environment);
        process.start(tartanctl(), arguments);
        QDeadlineTimer deadline(60000);
        while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(20);
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
    }

    void publish(int node, int driftCount, const QString &endpoint)
    {
        NodeSummary summary = mCluster->report(node).summary;
        summary.endpoint = endpoint;
        summary.driftCount = driftCount;
        summary.health = driftCount ? QStringLiteral("degraded") : QStringLiteral("ok");
        TARTAN_VERIFY_OK(SyncEtcd(*mClient).put(mLayout.reportKey(summary.lease), encodeNodeSummary(summary)));
    }

    void serve(int node) { mAgents.reports[node] = encodeNodeReport(mCluster->report(node)); }

    static json::Json parse(const Run &run)
    {
        const auto parsed = json::parse(run.out.toUtf8(), QStringLiteral("output"));
        return parsed ? *parsed : json::Json();
    }

private slots:
    void initTestCase()
    {
        if (!QFile::exists(tartanctl()))
            QSKIP("tartanctl is not built (TARTAN_BUILD_PROGRAMS=OFF)");
        TARTAN_VERIFY_OK(startEtcdWithClient(mEtcd, mClient));
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(mLayout.configKey(), R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})"));
        mCluster = std::make_unique<CraftedCluster>(QStringLiteral("vxlan"));
        for (const Lease &lease : std::as_const(mCluster->leases))
            TARTAN_VERIFY_OK(etcd.put(mLayout.subnetKey(lease.subnet), lease.attrs.encode()));
        // Node 1 lost its FDB entry for node 2; node 2 is clean; node 3's agent cannot be reached.
        QVERIFY(mCluster->apply(QStringLiteral("remove-fdb")));
        serve(1);
        serve(2);
        publish(1, 1, mAgents.endpoint(1));
        publish(2, 0, mAgents.endpoint(2));
        publish(3, 0, QStringLiteral("http://127.0.0.1:1"));
        mAgents.onRepair = [this](int node) {
            *mCluster = CraftedCluster(QStringLiteral("vxlan"));
            serve(node);
        };
    }

    void cleanupTestCase()
    {
        mCluster.reset();
        mClient.reset();
        mEtcd.reset();
    }

    void doctorNamesTheDrift()
    {
        const Run doctor = run({QStringLiteral("doctor")});
        QCOMPARE(doctor.exitCode, 1);
        QVERIFY2(doctor.out.contains(QStringLiteral("lease 10.244.1.0-24 (192.168.1.1): 1 drift entry\n"
                                                    "  missing fdb c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent -- lease 10.244.2.0-24 (192.168.1.2)\n")),
                 qPrintable(doctor.out));
        QVERIFY(doctor.out.contains(QStringLiteral("lease 10.244.3.0-24 (192.168.1.3): unreachable: agent http://127.0.0.1:1/v1/report:")));
        QVERIFY(doctor.out.contains(QStringLiteral("its summary in the store: health ok, 0 drift entries")));
        QVERIFY(doctor.out.contains(QStringLiteral("3 node(s): 1 drifting, 1 unreachable, 0 without report")));
        // Node 2 is clean, so it has no paragraph of its own.
        QVERIFY(!doctor.out.contains(QStringLiteral("lease 10.244.2.0-24 (192.168.1.2):")));
    }

    void doctorJson()
    {
        const Run doctor = run({QStringLiteral("doctor"), QStringLiteral("--json")});
        QCOMPARE(doctor.exitCode, 1);
        const json::Json out = parse(doctor);
        QVERIFY2(out.is_object(), qPrintable(doctor.out));
        QCOMPARE(out["clean"].get<bool>(), false);
        QCOMPARE(out["nodes"].size(), size_t(3));
        const json::Json &first = out["nodes"][0];
        QCOMPARE(first["node"].get<std::string>(), std::string("10.244.1.0-24"));
        QCOMPARE(first["state"].get<std::string>(), std::string("drifts"));
        QCOMPARE(first["drift"].size(), size_t(1));
        QCOMPARE(first["drift"][0]["table"].get<std::string>(), std::string("fdb"));
        QCOMPARE(first["drift"][0]["kind"].get<std::string>(), std::string("missing"));
        QCOMPARE(first["drift"][0]["lease"].get<std::string>(), std::string("10.244.2.0-24"));
        QCOMPARE(out["nodes"][1]["state"].get<std::string>(), std::string("clean"));
        QCOMPARE(out["nodes"][2]["state"].get<std::string>(), std::string("unreachable"));
        QCOMPARE(out["nodes"][2]["reachable"].get<bool>(), false);
        QVERIFY(QString::fromStdString(out["nodes"][2]["error"].get<std::string>()).startsWith(QStringLiteral("agent http://127.0.0.1:1/v1/report")));
        QCOMPARE(out["nodes"][2]["summary"]["driftCount"].get<int>(), 0);
    }

    void traceStopsAtTheMissingEntry()
    {
        const Run trace = run({QStringLiteral("trace"), QStringLiteral("10.244.1.5"), QStringLiteral("10.244.2.7")});
        QCOMPARE(trace.exitCode, 1);
        QVERIFY2(trace.out.contains(QStringLiteral("STOPPED at fdb on lease 10.244.1.0-24 (192.168.1.1): no FDB entry for c6:00:00:00:00:02 on flannel.1\n"
                                                   "     expected: c6:00:00:00:00:02 dst 192.168.1.2 dev flannel.1 self permanent\n"
                                                   "     from:     lease 10.244.2.0-24 (192.168.1.2)")),
                 qPrintable(trace.out));
        const Run json = run({QStringLiteral("trace"), QStringLiteral("10.244.1.5"), QStringLiteral("10.244.2.7"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 1);
        const json::Json out = parse(json);
        QCOMPARE(out["arrived"].get<bool>(), false);
        QCOMPARE(out["stop"]["stage"].get<std::string>(), std::string("fdb"));
        QCOMPARE(out["stop"]["node"].get<std::string>(), std::string("10.244.1.0-24"));
        QCOMPARE(out["hops"].size(), size_t(4)); // source, bridge, route lookup, neighbour
    }

    void traceToAnUnreachableNode()
    {
        const Run trace = run({QStringLiteral("trace"), QStringLiteral("10.244.2.5"), QStringLiteral("10.244.3.7")});
        QCOMPARE(trace.exitCode, 1);
        QVERIFY2(trace.err.contains(QStringLiteral("node 10.244.3.0-24: agent http://127.0.0.1:1/v1/report:")), qPrintable(trace.err));
        QVERIFY(trace.out.contains(QStringLiteral("STOPPED at decapsulation on lease 10.244.3.0-24 (192.168.1.3): no report from the destination node")));
    }

    void badInputAndStoreDown()
    {
        QCOMPARE(run({QStringLiteral("trace"), QStringLiteral("10.244.1.5")}).exitCode, 1);
        QCOMPARE(run({QStringLiteral("trace"), QStringLiteral("10.244.1.5"), QStringLiteral("not-an-ip")}).exitCode, 1);
        QCOMPARE(run({QStringLiteral("doctor"), QStringLiteral("extra")}).exitCode, 1);
        const Run down = run({QStringLiteral("doctor")}, QStringLiteral("http://127.0.0.1:1"));
        QCOMPARE(down.exitCode, 2);
        QVERIFY2(down.err.contains(QStringLiteral("127.0.0.1:1")), qPrintable(down.err));
    }

    void repairMakesBothClean()
    {
        const Run doctor = run({QStringLiteral("doctor"), QStringLiteral("--repair")});
        QCOMPARE(mAgents.repairs, QList<int>{1});
        QVERIFY2(doctor.exitCode == 0, qPrintable(doctor.out + doctor.err));
        QVERIFY(doctor.out.contains(QStringLiteral("asked 10.244.1.0-24 to reconcile")));
        QVERIFY(doctor.out.contains(QStringLiteral("3 node(s): 0 drifting, 1 unreachable, 0 without report")));
        const Run trace = run({QStringLiteral("trace"), QStringLiteral("10.244.1.5"), QStringLiteral("10.244.2.7")});
        QVERIFY2(trace.exitCode == 0, qPrintable(trace.out));
        QVERIFY(trace.out.endsWith(QStringLiteral("arrived\n")));
        // A clean doctor asks nobody.
        QCOMPARE(run({QStringLiteral("doctor"), QStringLiteral("--repair")}).exitCode, 0);
        QCOMPARE(mAgents.repairs, QList<int>{1});
    }

    void agentClientErrorsNameTheUrl()
    {
        AgentClient agents(std::chrono::milliseconds(300));
        const auto fetch = [&](const QString &endpoint) {
            return blockingCall<NodeReport>([&](const QObject *c, auto done) { agents.fetchReport(endpoint, c, done); },
                                            std::chrono::milliseconds(10000));
        };
        // A server that accepts and never answers: the timeout.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        const QString silentUrl = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
        const auto timedOut = fetch(silentUrl);
        QVERIFY(!timedOut.ok());
        QCOMPARE(timedOut.error().message(), QStringLiteral("agent %1/v1/report: no answer within 300 ms").arg(silentUrl));
        // Not found, and a body that is no report.
        const auto missing = fetch(mAgents.endpoint(9));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message(), QStringLiteral("agent %1/v1/report: HTTP 404 no such node").arg(mAgents.endpoint(9)));
        mAgents.reports[8] = "{\"summary\": 5}";
        const auto malformed = fetch(mAgents.endpoint(8));
        QVERIFY(!malformed.ok());
        QVERIFY2(malformed.error().message().startsWith(QStringLiteral("agent %1/v1/report: ").arg(mAgents.endpoint(8))), qPrintable(malformed.error().message()));
        mAgents.reports.remove(8);
        QCOMPARE(fetch(QString()).error().message(), QStringLiteral("the agent publishes no report endpoint"));
        QVERIFY(fetch(QStringLiteral("ftp://x/")).error().message().endsWith(QStringLiteral(": not an http(s) URL")));
        // A mapped endpoint is reached through its mapping and named with both.
        agents.setEndpointMap({{QStringLiteral("http://192.0.2.1:8476"), mAgents.endpoint(2) + u'/'}});
        const auto mapped = fetch(QStringLiteral("http://192.0.2.1:8476/"));
        TARTAN_VERIFY_OK(mapped);
        QCOMPARE(mapped->summary.lease.toString(), QStringLiteral("10.244.2.0-24"));
        agents.setEndpointMap({{QStringLiteral("http://192.0.2.1:8476"), silentUrl}});
        QCOMPARE(fetch(QStringLiteral("http://192.0.2.1:8476")).error().message(),
                 QStringLiteral("agent %1/v1/report (for http://192.0.2.1:8476): no answer within 300 ms").arg(silentUrl));
    }

    void aLeaseWithoutReportFails()
    {
        Lease lease = craftedLease(mCluster->config, 4);
        TARTAN_VERIFY_OK(SyncEtcd(*mClient).put(mLayout.subnetKey(lease.subnet), lease.attrs.encode()));
        const Run doctor = run({QStringLiteral("doctor")});
        QCOMPARE(doctor.exitCode, 1);
        QVERIFY2(doctor.out.contains(QStringLiteral("lease 10.244.4.0-24 (192.168.1.4): no agent report in the store")), qPrintable(doctor.out));
        // The reporting nodes do not hold the new node's entries yet: drift too.
        QVERIFY2(doctor.out.contains(QStringLiteral("  missing route 10.244.4.0/24 via 10.244.4.0 dev flannel.1 onlink -- lease 10.244.4.0-24 (192.168.1.4)")),
                 qPrintable(doctor.out));
        QVERIFY(doctor.out.contains(QStringLiteral("4 node(s): 2 drifting, 1 unreachable, 1 without report")));
    }

private:
    std::unique_ptr<EtcdFixture> mEtcd;
    std::unique_ptr<EtcdClient> mClient;
    std::unique_ptr<CraftedCluster> mCluster;
    StoreLayout mLayout{QString::fromLatin1(kPrefix)};
    FakeAgents mAgents;
};

QTEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
