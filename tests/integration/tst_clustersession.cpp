// ClusterSession against a real etcd: the state follows scripted writes in order, rejects bad
// values, follows the config, goes Reconnecting while etcd is stopped and Connected when it is back,
// fills in expirations with bounded concurrency, writes the config only over the value the editor
// opened, and the connection test says precisely what is wrong (endpoint, authentication, TLS, config).
#include "clustersession.h"
#include "etcdtestutil.h"
#include "tcprelay.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

const QString kPrefix = QStringLiteral("/test.example/network");
const StoreLayout kLayout(kPrefix);
const QByteArray kConfig = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

QByteArray vxlanValue(const QString &publicIp, const QString &mac)
{
    return QStringLiteral(R"({"PublicIP":"%1","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"%2"}})")
        .arg(publicIp, mac)
        .toUtf8();
}

QByteArray keyOf(int third)
{
    return kLayout.subnetsPrefix() + QByteArrayLiteral("10.244.") + QByteArray::number(third) + QByteArrayLiteral(".0-24");
}

SubnetKey subnetOf(int third)
{
    return *kLayout.parseSubnetKey(keyOf(third));
}

QString macOf(int n)
{
    return QStringLiteral("02:00:00:00:00:%1").arg(n & 0xff, 2, 16, QLatin1Char('0'));
}

QString ipOf(int n)
{
    return QStringLiteral("192.168.0.%1").arg(n);
}

/// The state's events as "kind subject", for comparing sequences.
struct EventLog
{
    explicit EventLog(ClusterState &state)
    {
        QObject::connect(&state, &ClusterState::event, &context, [this](const ClusterEvent &event) {
            static const char *const kinds[] = {"listed", "added", "changed", "removed", "rejected", "config", "connection"};
            lines << QString::fromLatin1(kinds[int(event.kind)]) + (event.subject.isEmpty() ? QString() : u' ' + event.subject);
            details << event.detail;
        });
    }
    QStringList of(const QString &kind) const { return lines.filter(QRegularExpression(QStringLiteral("^") + kind + QStringLiteral("( |$)"))); }
    QObject context;
    QStringList lines;
    QStringList details;
};

} // namespace

class TestClusterSession : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        TARTAN_VERIFY_OK(startEtcdWithClient(mEtcd, mClient));
    }
    void cleanup()
    {
        mClient.reset();
        mEtcd.reset();
    }

    void followsTheStoreInOrder()
    {
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), kConfig));
        for (int i = 1; i <= 3; ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(ipOf(i), macOf(i))));

        ClusterState state;
        auto session = startSession(state);
        QVERIFY(session);
        QCOMPARE(state.clusterId(), QStringLiteral("etcd://%1%2").arg(mEtcd->clientUrl(0).authority(), kPrefix));
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        QVERIFY(state.isSynced());
        QCOMPARE(state.leases().size(), 3);
        QVERIFY(state.config().ok());
        QCOMPARE(state.configText(), kConfig);

        EventLog log(state);
        QSignalSpy resets(&state, &ClusterState::leasesReset);
        TARTAN_VERIFY_OK(etcd.put(keyOf(4), vxlanValue(ipOf(4), macOf(4))));
        TARTAN_VERIFY_OK(etcd.put(keyOf(2), vxlanValue(ipOf(2), macOf(22))));      // new VTEP MAC
        TARTAN_VERIFY_OK(etcd.put(keyOf(2), vxlanValue(ipOf(2), macOf(22))));      // same value: no change
        etcd::DeleteRangeRequest del;
        del.key = keyOf(1);
        TARTAN_VERIFY_OK(etcd.deleteRange(del));
        TARTAN_VERIFY_OK(etcd.put(keyOf(3), "{\"PublicIP\":\"not an address\"}")); // turns bad: removed, rejected
        TARTAN_VERIFY_OK(etcd.put(kLayout.subnetsPrefix() + "garbage", vxlanValue(ipOf(9), macOf(9))));
        TARTAN_VERIFY_OK(etcd.put(keyOf(5), vxlanValue(ipOf(5), macOf(5))));

        const QStringList expected = {
            QStringLiteral("added 10.244.4.0-24"),
            QStringLiteral("changed 10.244.2.0-24"),
            QStringLiteral("removed 10.244.1.0-24"),
            QStringLiteral("removed 10.244.3.0-24"),
            QStringLiteral("rejected ") + QString::fromUtf8(keyOf(3)),
            QStringLiteral("rejected ") + QString::fromUtf8(kLayout.subnetsPrefix()) + QStringLiteral("garbage"),
            QStringLiteral("added 10.244.5.0-24"),
        };
        QTRY_COMPARE_WITH_TIMEOUT(log.lines.size(), expected.size(), 10000);
        QCOMPARE(log.lines, expected);
        QVERIFY2(log.details.at(1).contains(macOf(22)), qPrintable(log.details.at(1)));
        QVERIFY2(state.rejected().value(keyOf(3)).contains(QLatin1String("PublicIP")), qPrintable(state.rejected().value(keyOf(3))));
        QCOMPARE(resets.size(), 0); // incremental, not re-listed

        // The state is exactly the store.
        QCOMPARE(state.leases().keys(), (QList<SubnetKey>{subnetOf(2), subnetOf(4), subnetOf(5)}));
        QCOMPARE(state.leases().value(subnetOf(2)).attrs.vxlanData()->vtepMac.toString(), macOf(22));
        QCOMPARE(state.rejected().size(), 2);

        // A rejected key that is repaired or deleted is rejected no more.
        TARTAN_VERIFY_OK(etcd.put(keyOf(3), vxlanValue(ipOf(3), macOf(3))));
        etcd::DeleteRangeRequest garbage;
        garbage.key = kLayout.subnetsPrefix() + "garbage";
        TARTAN_VERIFY_OK(etcd.deleteRange(garbage));
        QTRY_COMPARE_WITH_TIMEOUT(state.rejected().size(), 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(state.leases().contains(subnetOf(3)), 10000);
    }

    void followsTheConfig()
    {
        SyncEtcd etcd(*mClient);
        ClusterState state;
        auto session = startSession(state);
        QVERIFY(session);
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        // No config yet: known to be absent, not an error of the connection.
        QVERIFY(!state.config().ok());
        QCOMPARE(state.config().error().message(), QStringLiteral("network config: not in the store"));

        QSignalSpy changed(&state, &ClusterState::configChanged);
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), kConfig));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
        QVERIFY(state.config().ok());
        QCOMPARE(state.config()->ipv4.network.toString(), QStringLiteral("10.244.0.0/16"));

        const QByteArray hostGw = R"({"Network":"10.50.0.0/16","Backend":{"Type":"host-gw"}})";
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), hostGw));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 10000);
        QCOMPARE(state.configText(), hostGw);
        QCOMPARE(state.config()->backend.type, BackendType::HostGw);

        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), R"({"Network":"10.50.0.0/33"})"));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 3, 10000);
        QVERIFY(!state.config().ok());

        etcd::DeleteRangeRequest del;
        del.key = kLayout.configKey();
        TARTAN_VERIFY_OK(etcd.deleteRange(del));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 4, 10000);
        QVERIFY(state.configText().isEmpty());
        QCOMPARE(state.config().error().message(), QStringLiteral("network config: not in the store"));
        // A key next to the config is not the config.
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey() + "-backup", kConfig));
        QTest::qWait(500);
        QCOMPARE(changed.size(), 4);
    }

    void reconnectsWhenEtcdIsBack()
    {
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), kConfig));
        ClusterState state;
        QList<ClusterState::Connection> states;
        QStringList details;
        connect(&state, &ClusterState::connectionChanged, this, [&](ClusterState::Connection connection, const QString &detail) {
            if (states.isEmpty() || states.constLast() != connection)
                states << connection;
            details << detail;
        });
        auto session = startSession(state);
        QVERIFY(session);
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        QVERIFY(state.connectionDetail().isEmpty());

        TARTAN_VERIFY_OK(mEtcd->stopMember(0));
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Reconnecting, 15000);
        // The detail names the endpoint the session could not reach.
        QVERIFY2(state.connectionDetail().contains(mEtcd->clientUrl(0).toString()), qPrintable(state.connectionDetail()));
        QTest::qWait(3000);
        QCOMPARE(state.connection(), ClusterState::Connection::Reconnecting);

        TARTAN_VERIFY_OK(mEtcd->restartMember(0));
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 30000);
        QVERIFY(state.connectionDetail().isEmpty());
        QCOMPARE(states, (QList<ClusterState::Connection>{ClusterState::Connection::Connecting, ClusterState::Connection::Connected,
                                                          ClusterState::Connection::Reconnecting, ClusterState::Connection::Connected}));

        // And it still follows the store.
        TARTAN_VERIFY_OK(etcd.put(keyOf(7), vxlanValue(ipOf(7), macOf(7))));
        QTRY_VERIFY_WITH_TIMEOUT(state.leases().contains(subnetOf(7)), 10000);
        session->stop();
        QCOMPARE(state.connection(), ClusterState::Connection::Disconnected);
        QCOMPARE(state.leases().size(), 1); // stop keeps what was known

        // Started again: the state is the store's, listed at once, not replayed as changes.
        TARTAN_VERIFY_OK(etcd.put(keyOf(8), vxlanValue(ipOf(8), macOf(8))));
        etcd::DeleteRangeRequest del;
        del.key = keyOf(7);
        TARTAN_VERIFY_OK(etcd.deleteRange(del));
        EventLog log(state);
        session->start();
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        QCOMPARE(state.leases().keys(), QList<SubnetKey>{subnetOf(8)});
        QVERIFY2(log.of(QStringLiteral("added")).isEmpty() && log.of(QStringLiteral("removed")).isEmpty(), qPrintable(log.lines.join(u',')));
        QCOMPARE(log.of(QStringLiteral("listed")).size(), 1);
    }

    void convergesAfterCompactionWhileCutOff()
    {
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), kConfig));
        for (int i = 1; i <= 4; ++i)
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(ipOf(i), macOf(i))));

        // The session reaches etcd through a relay the test can cut.
        TcpRelay relay(mEtcd->clientUrl(0).port());
        QVERIFY(relay.listen());
        EtcdClientOptions options;
        options.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(relay.port()))};
        options.maxAttempts = 2;
        ClusterState state;
        auto session = ClusterSession::create(options, kPrefix, &state);
        TARTAN_VERIFY_OK(session);
        (*session)->start();
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        QCOMPARE(state.leases().size(), 4);

        relay.setBlocked(true);
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Reconnecting, 15000);
        // While it is cut off: the config changes twice, a lease goes, one changes, one comes, and
        // the history of all that is compacted away.
        const QByteArray hostGw = R"({"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}})";
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), R"({"Network":"10.99.0.0/16"})"));
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), hostGw));
        etcd::DeleteRangeRequest del;
        del.key = keyOf(1);
        TARTAN_VERIFY_OK(etcd.deleteRange(del));
        TARTAN_VERIFY_OK(etcd.put(keyOf(2), vxlanValue(ipOf(2), macOf(22))));
        auto last = etcd.put(keyOf(5), vxlanValue(ipOf(5), macOf(5)));
        TARTAN_VERIFY_OK(last);
        TARTAN_VERIFY_OK(etcd.compact(last->header.revision));
        relay.setBlocked(false);

        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(state.configText(), hostGw, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(state.leases().keys(), (QList<SubnetKey>{subnetOf(2), subnetOf(3), subnetOf(4), subnetOf(5)}), 10000);
        QCOMPARE(state.leases().value(subnetOf(2)).attrs.vxlanData()->vtepMac.toString(), macOf(22));
        // And it keeps following.
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), kConfig));
        TARTAN_VERIFY_OK(etcd.put(keyOf(6), vxlanValue(ipOf(6), macOf(6))));
        QTRY_COMPARE_WITH_TIMEOUT(state.configText(), kConfig, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(state.leases().contains(subnetOf(6)), 10000);
    }

    void staysConnectingWhenNothingAnswers()
    {
        ClusterState state;
        EtcdClientOptions options;
        options.endpoints = {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(unusedPort()))};
        options.maxAttempts = 1;
        auto session = ClusterSession::create(options, kPrefix, &state);
        TARTAN_VERIFY_OK(session);
        (*session)->start();
        QTRY_VERIFY_WITH_TIMEOUT(!state.connectionDetail().isEmpty(), 10000);
        QCOMPARE(state.connection(), ClusterState::Connection::Connecting);
        QVERIFY2(state.connectionDetail().contains(QLatin1String("connection refused")), qPrintable(state.connectionDetail()));
        QVERIFY2(state.connectionDetail().contains(options.endpoints.first().toString()), qPrintable(state.connectionDetail()));
    }

    void fillsInExpirations()
    {
        SyncEtcd etcd(*mClient);
        auto longLease = etcd.leaseGrant(600);
        auto shortLease = etcd.leaseGrant(120);
        TARTAN_VERIFY_OK(longLease);
        TARTAN_VERIFY_OK(shortLease);
        TARTAN_VERIFY_OK(etcd.put(keyOf(1), vxlanValue(ipOf(1), macOf(1)), longLease->id));
        TARTAN_VERIFY_OK(etcd.put(keyOf(2), vxlanValue(ipOf(2), macOf(2)), longLease->id)); // two subnets, one etcd lease
        TARTAN_VERIFY_OK(etcd.put(keyOf(3), vxlanValue(ipOf(3), macOf(3)), shortLease->id));
        TARTAN_VERIFY_OK(etcd.put(keyOf(4), vxlanValue(ipOf(4), macOf(4))));                 // a reservation

        ClusterState state;
        const QDateTime before = QDateTime::currentDateTimeUtc();
        auto session = startSession(state);
        QVERIFY(session);
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(state.leases().value(subnetOf(1)).expiration.isValid() && state.leases().value(subnetOf(2)).expiration.isValid()
                                     && state.leases().value(subnetOf(3)).expiration.isValid(),
                                 10000);
        auto near = [&](const SubnetKey &subnet, qint64 ttl) {
            const qint64 seconds = before.secsTo(state.leases().value(subnet).expiration);
            return seconds >= ttl - 5 && seconds <= ttl + 5;
        };
        QVERIFY(near(subnetOf(1), 600));
        QVERIFY(near(subnetOf(2), 600));
        QVERIFY(near(subnetOf(3), 120));
        QTest::qWait(300);
        QVERIFY(!state.leases().value(subnetOf(4)).expiration.isValid()); // reservations never expire

        // A lease added while connected gets its expiry too.
        QList<SubnetKey> expiring;
        connect(&state, &ClusterState::expirationChanged, this, [&](const SubnetKey &subnet, const QDateTime &) { expiring << subnet; });
        TARTAN_VERIFY_OK(etcd.put(keyOf(5), vxlanValue(ipOf(5), macOf(5)), shortLease->id));
        QTRY_VERIFY_WITH_TIMEOUT(state.leases().value(subnetOf(5)).expiration.isValid(), 10000);
        QVERIFY(near(subnetOf(5), 120));
        QCOMPARE(expiring.last(), subnetOf(5));
    }

    void followsTheAgentsSummaries()
    {
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), kConfig));
        TARTAN_VERIFY_OK(etcd.put(keyOf(1), vxlanValue(ipOf(1), macOf(1))));
        NodeSummary summary;
        summary.lease = subnetOf(1);
        summary.health = QStringLiteral("ok");
        summary.endpoint = QStringLiteral("http://127.0.0.1:8476");
        TARTAN_VERIFY_OK(etcd.put(kLayout.reportKey(summary.lease), encodeNodeSummary(summary)));
        TARTAN_VERIFY_OK(etcd.put(kLayout.reportsPrefix() + "garbage", "{"));  // skipped, the others kept

        ClusterState state;
        QSignalSpy changed(&state, &ClusterState::summaryChanged);
        QSignalSpy removed(&state, &ClusterState::summaryRemoved);
        auto session = startSession(state, [](ClusterSession &s) { s.setSummaryInterval(std::chrono::milliseconds(100)); });
        QVERIFY(session);
        QTRY_VERIFY_WITH_TIMEOUT(state.summariesKnown(), 10000);
        QCOMPARE(state.summaries().size(), 1);
        QCOMPARE(state.summary(subnetOf(1))->endpoint, summary.endpoint);

        // The agent finds drift: one change, not one per poll.
        summary.health = QStringLiteral("degraded");
        summary.driftCount = 2;
        TARTAN_VERIFY_OK(etcd.put(kLayout.reportKey(summary.lease), encodeNodeSummary(summary)));
        QTRY_COMPARE_WITH_TIMEOUT(state.summary(subnetOf(1))->driftCount, 2, 10000);
        QTest::qWait(400);
        QCOMPARE(changed.size(), 2);

        // Its lease expires and the summary with it.
        TARTAN_VERIFY_OK(etcd.deleteRange(etcd::DeleteRangeRequest{kLayout.reportKey(summary.lease), {}}));
        QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 10000);
        QVERIFY(!state.summary(subnetOf(1)));
    }

    void refreshesExpirationsWithBoundedLookups()
    {
        SyncEtcd etcd(*mClient);
        constexpr int kLeases = 40;
        for (int i = 1; i <= kLeases; ++i) {
            auto lease = etcd.leaseGrant(30);
            TARTAN_VERIFY_OK(lease);
            TARTAN_VERIFY_OK(etcd.put(keyOf(i), vxlanValue(ipOf(i), macOf(i)), lease->id));
        }
        ClusterState state;
        auto session = startSession(state, [](ClusterSession &s) {
            s.setMaxExpirationLookups(3);
            s.setExpirationRefreshInterval(std::chrono::milliseconds(1000));
        });
        QVERIFY(session);
        auto allKnown = [&] {
            for (const Lease &lease : state.leases())
                if (!lease.expiration.isValid())
                    return false;
            return state.leases().size() == kLeases;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allKnown(), 20000);
        QCOMPARE(session->peakExpirationLookups(), 3);

        // A keep-alive moves the expiry without writing the key: the periodic refresh sees it.
        const QDateTime first = state.leases().value(subnetOf(1)).expiration;
        QTest::qWait(4000);
        TARTAN_VERIFY_OK(etcd.leaseKeepAliveOnce(state.leases().value(subnetOf(1)).storeLeaseId));
        QTRY_VERIFY_WITH_TIMEOUT(first.secsTo(state.leases().value(subnetOf(1)).expiration) >= 3, 10000);
        QVERIFY(session->peakExpirationLookups() <= 3);
    }

    void writesTheConfigOnlyOverWhatWasOpened()
    {
        SyncEtcd etcd(*mClient);
        ClusterState state;
        auto session = startSession(state);
        QVERIFY(session);
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);

        // No config yet: "expected empty" creates it.
        TARTAN_VERIFY_OK(writeConfig(*session, kConfig, {}));
        QTRY_COMPARE_WITH_TIMEOUT(state.configText(), kConfig, 10000);

        // Creating again, as if it were still absent, is refused.
        const QByteArray second = R"({"Network":"10.245.0.0/16","Backend":{"Type":"vxlan"}})";
        Status refused = writeConfig(*session, second, {});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message(), QStringLiteral("writing %1: the config changed in the store since you opened it "
                                                          "(there was none, and now there is one); open it again and redo your edit")
                                                .arg(QString::fromUtf8(kLayout.configKey())));

        // Over the current value: written.
        TARTAN_VERIFY_OK(writeConfig(*session, second, kConfig));
        QTRY_COMPARE_WITH_TIMEOUT(state.configText(), second, 10000);

        // Someone else edits meanwhile: the stale edit is refused and the store keeps their value.
        const QByteArray theirs = R"({"Network":"10.246.0.0/16","Backend":{"Type":"host-gw"}})";
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), theirs));
        refused = writeConfig(*session, R"({"Network":"10.247.0.0/16"})", second);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message().contains(QLatin1String("the config changed in the store since you opened it")),
                 qPrintable(refused.error().message()));
        auto stored = etcd.get(kLayout.configKey());
        TARTAN_VERIFY_OK(stored);
        QCOMPARE(stored->kvs.value(0).value, theirs);

        // Deleted meanwhile.
        etcd::DeleteRangeRequest del;
        del.key = kLayout.configKey();
        TARTAN_VERIFY_OK(etcd.deleteRange(del));
        refused = writeConfig(*session, second, theirs);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message().contains(QLatin1String("(it has been deleted)")), qPrintable(refused.error().message()));
    }

    void connectionTestReportsWhatItFound()
    {
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), kConfig));
        TARTAN_VERIFY_OK(etcd.put(keyOf(1), vxlanValue(ipOf(1), macOf(1))));
        TARTAN_VERIFY_OK(etcd.put(keyOf(2), vxlanValue(ipOf(2), macOf(2))));
        EtcdClientOptions options;
        options.endpoints = mEtcd->clientUrls();
        auto report = testConnection(options, kPrefix);
        TARTAN_VERIFY_OK(report);
        QCOMPARE(report->reached, mEtcd->clientUrls());
        QVERIFY(report->unreachable.isEmpty());
        QCOMPARE(report->configKey, kLayout.configKey());
        QCOMPARE(report->config.ipv4.network.toString(), QStringLiteral("10.244.0.0/16"));
        QCOMPARE(report->leaseCount, 2);

        // One good endpoint and one dead one: usable, and the dead one is named.
        const QUrl dead(QStringLiteral("http://127.0.0.1:%1").arg(unusedPort()));
        options.endpoints = {dead, mEtcd->clientUrl(0)};
        report = testConnection(options, kPrefix);
        TARTAN_VERIFY_OK(report);
        QCOMPARE(report->reached, QList<QUrl>{mEtcd->clientUrl(0)});
        QCOMPARE(report->unreachable.size(), 1);
        QCOMPARE(report->unreachable.first().message(), QStringLiteral("etcd %1 /v3/kv/range: connection refused").arg(dead.toString()));
    }

    void connectionTestSaysWhatFailed()
    {
        SyncEtcd etcd(*mClient);
        EtcdClientOptions options;
        const QUrl dead(QStringLiteral("http://127.0.0.1:%1").arg(unusedPort()));
        options.endpoints = {dead};
        auto report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().message(), QStringLiteral("etcd %1 /v3/kv/range: connection refused").arg(dead.toString()));

        const QUrl dead2(QStringLiteral("http://127.0.0.1:%1").arg(unusedPort()));
        options.endpoints = {dead, dead2};
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().message(), QStringLiteral("none of the 2 endpoints could be used: etcd %1 /v3/kv/range: connection refused; "
                                                          "etcd %2 /v3/kv/range: connection refused")
                                               .arg(dead.toString(), dead2.toString()));

        options.endpoints = mEtcd->clientUrls();
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QStringLiteral("no network config at %1:").arg(QString::fromUtf8(kLayout.configKey()))),
                 qPrintable(report.error().message()));

        TARTAN_VERIFY_OK(etcd.put(kLayout.configKey(), R"({"Network":"10.0.0.0/8","SubnetLen":7})"));
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QStringLiteral("network config at %1: SubnetLen").arg(QString::fromUtf8(kLayout.configKey()))),
                 qPrintable(report.error().message()));

        options.caFile = QStringLiteral("/nonexistent/ca.pem");
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QStringLiteral("etcd CA file '/nonexistent/ca.pem'")), qPrintable(report.error().message()));

        // An https endpoint at a plain HTTP etcd.
        options = {};
        QUrl https = mEtcd->clientUrl(0);
        https.setScheme(QStringLiteral("https"));
        options.endpoints = {https};
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QStringLiteral("etcd %1 /v3/kv/range: ").arg(https.toString())), qPrintable(report.error().message()));
        QVERIFY2(report.error().message().contains(QLatin1String("if this endpoint does not speak TLS, use http://")), qPrintable(report.error().message()));
    }

    void connectionTestNamesAuthenticationFailures()
    {
        TARTAN_VERIFY_OK(mEtcd->post(0, QStringLiteral("/v3/auth/user/add"), {{"name", "root"}, {"password", "s3cret"}}));
        TARTAN_VERIFY_OK(mEtcd->post(0, QStringLiteral("/v3/auth/role/add"), {{"name", "root"}}));
        TARTAN_VERIFY_OK(mEtcd->post(0, QStringLiteral("/v3/auth/user/grant"), {{"user", "root"}, {"role", "root"}}));
        TARTAN_VERIFY_OK(mEtcd->post(0, QStringLiteral("/v3/auth/user/add"), {{"name", "reader"}, {"password", "r"}}));
        TARTAN_VERIFY_OK(mEtcd->post(0, QStringLiteral("/v3/auth/enable"), json::Json::object()));

        EtcdClientOptions options;
        options.endpoints = mEtcd->clientUrls();
        options.username = QStringLiteral("root");
        options.password = QStringLiteral("wrong");
        auto report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QStringLiteral("etcd %1 /v3/kv/range: cannot authenticate as 'root': ").arg(mEtcd->clientUrl(0).toString())),
                 qPrintable(report.error().message()));
        QVERIFY2(report.error().message().contains(QLatin1String("authentication failed")), qPrintable(report.error().message()));

        options.username.clear();
        options.password.clear();
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().contains(QLatin1String("requires authentication")), qPrintable(report.error().message()));

        // A user without a role may log in but not read.
        options.username = QStringLiteral("reader");
        options.password = QStringLiteral("r");
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().contains(QStringLiteral("permission denied (user 'reader' may not read %1)").arg(QString::fromUtf8(kLayout.configKey()))),
                 qPrintable(report.error().message()));

        // The right password gets as far as the config.
        options.username = QStringLiteral("root");
        options.password = QStringLiteral("s3cret");
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QLatin1String("no network config at")), qPrintable(report.error().message()));

        // And a session with it follows the store.
        auto rootClient = makeClient(mEtcd->clientUrls(), options);
        TARTAN_VERIFY_OK(rootClient);
        SyncEtcd root(**rootClient);
        TARTAN_VERIFY_OK(root.put(kLayout.configKey(), kConfig));
        ClusterState state;
        auto session = ClusterSession::create(options, kPrefix, &state);
        TARTAN_VERIFY_OK(session);
        (*session)->start();
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        QCOMPARE(state.configText(), kConfig);
    }

    void connectionTestNamesTlsFailures()
    {
        QTemporaryDir certs;
        QVERIFY(certs.isValid());
        auto files = EtcdFixture::makeTlsFiles(certs.path());
        if (!files)
            QSKIP(qPrintable(files.error().message()));
        EtcdFixture tlsEtcd;
        TARTAN_VERIFY_OK(tlsEtcd.start(1, {}, *files));

        EtcdClientOptions options;
        options.endpoints = tlsEtcd.clientUrls();
        options.certFile = files->clientCertFile;
        options.keyFile = files->clientKeyFile;
        auto report = testConnection(options, kPrefix); // no CA: the test CA is unknown
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QStringLiteral("etcd %1 /v3/kv/range: TLS handshake failed").arg(tlsEtcd.clientUrl(0).toString())),
                 qPrintable(report.error().message()));
        QVERIFY2(report.error().message().endsWith(QLatin1String("(no CA file given: only the system's certificate authorities are trusted)")),
                 qPrintable(report.error().message()));

        options.caFile = files->caFile;
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QLatin1String("no network config at")), qPrintable(report.error().message()));

        // Plain http at a TLS endpoint.
        QUrl http = tlsEtcd.clientUrl(0);
        http.setScheme(QStringLiteral("http"));
        options.endpoints = {http};
        report = testConnection(options, kPrefix);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message().startsWith(QStringLiteral("etcd %1 /v3/kv/range: ").arg(http.toString())), qPrintable(report.error().message()));
        QVERIFY2(report.error().message().contains(QLatin1String("if this endpoint speaks TLS, use https://")), qPrintable(report.error().message()));
    }

    void testConnectionDropsTheAnswerWithItsContext()
    {
        EtcdClientOptions options;
        options.endpoints = mEtcd->clientUrls();
        bool called = false;
        {
            QObject context;
            ClusterSession::testConnection(options, kPrefix, &context, [&](Result<ConnectionReport>) { called = true; });
        }
        QTest::qWait(1000);
        QVERIFY(!called);
    }

private:
    std::unique_ptr<ClusterSession> startSession(ClusterState &state, const std::function<void(ClusterSession &)> &tune = {})
    {
        EtcdClientOptions options;
        options.endpoints = mEtcd->clientUrls();
        auto session = ClusterSession::create(options, kPrefix, &state);
        if (!session) {
            qWarning("%s", qPrintable(session.error().message()));
            return nullptr;
        }
        if (tune)
            tune(**session);
        (*session)->start();
        return std::move(session).value();
    }

    static Status writeConfig(ClusterSession &session, const QByteArray &text, const QByteArray &expected)
    {
        auto written = blockingCall<bool>(
            [&](const QObject *context, auto done) {
                session.writeConfig(text, expected, context, [done](Status status) {
                    done(status ? Result<bool>(true) : Result<bool>(status.error()));
                });
            },
            std::chrono::milliseconds(30000));
        return written ? Status() : Status(written.error());
    }

    static Result<ConnectionReport> testConnection(const EtcdClientOptions &options, const QString &prefix)
    {
        return blockingCall<ConnectionReport>(
            [&](const QObject *context, auto done) { ClusterSession::testConnection(options, prefix, context, done); },
            std::chrono::milliseconds(30000));
    }

    static quint16 unusedPort()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        return server.serverPort();
    }

    std::unique_ptr<EtcdFixture> mEtcd;
    std::unique_ptr<EtcdClient> mClient;
};

TARTAN_ETCD_TEST_MAIN(TestClusterSession)
#include "tst_clustersession.moc"
