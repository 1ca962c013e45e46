#include "clusterstate.h"
#include "testvalues.h"

#include <QSignalSpy>
#include <QTest>

using namespace tartan;

namespace {

Lease lease(const char *subnet, const char *publicIp, qint64 storeLease = 7)
{
    Lease lease;
    lease.subnet.ipv4 = tartan::test::net(subnet);
    lease.attrs.publicIp = tartan::test::ip(publicIp);
    lease.attrs.backendType = QStringLiteral("host-gw");
    lease.storeLeaseId = storeLease;
    return lease;
}

} // namespace

class TestClusterState : public QObject
{
    Q_OBJECT
private slots:
    void reportsEveryMutationAsAnEvent()
    {
        ClusterState state;
        QSignalSpy events(&state, &ClusterState::event);
        QSignalSpy added(&state, &ClusterState::leaseAdded);
        state.setConnection(ClusterState::Connection::Connected);
        state.resetLeases({});
        const Lease first = lease("10.244.1.0/24", "192.168.1.1");
        state.addLease(first);
        Lease moved = first;
        moved.attrs.publicIp = tartan::test::ip("192.168.1.9");
        state.changeLease(first, moved);
        state.rejectValue("/coreos.com/network/subnets/x", QStringLiteral("bad key"));
        state.removeLease(*state.leases().cbegin()); // a reference into the state itself
        QCOMPARE(added.size(), 1);
        QCOMPARE(events.size(), 6);
        const auto change = events.at(3).at(0).value<ClusterEvent>();
        QCOMPARE(change.kind, ClusterEvent::Kind::Changed);
        QCOMPARE(change.detail, QStringLiteral("PublicIP 192.168.1.1 -> 192.168.1.9"));
        QVERIFY(state.leases().isEmpty());
        QCOMPARE(state.rejected().size(), 1);
    }

    void keepsExpirationsAcrossAReList()
    {
        ClusterState state;
        const Lease first = lease("10.244.1.0/24", "192.168.1.1");
        state.resetLeases({{first.subnet, first}});
        const QDateTime when = QDateTime::currentDateTimeUtc().addSecs(60);
        QSignalSpy expiry(&state, &ClusterState::expirationChanged);
        state.setExpiration(first.subnet, when);
        state.setExpiration(first.subnet, when);
        QCOMPARE(expiry.size(), 1);
        state.resetLeases({{first.subnet, first}});
        QCOMPARE(state.leases().value(first.subnet).expiration, when);
        // A new etcd lease is a new expiry: not carried over.
        const Lease renewed = lease("10.244.1.0/24", "192.168.1.1", 8);
        state.resetLeases({{renewed.subnet, renewed}});
        QVERIFY(!state.leases().value(first.subnet).expiration.isValid());
    }

    void parsesTheConfig()
    {
        ClusterState state;
        QVERIFY(!state.config());
        QSignalSpy changed(&state, &ClusterState::configChanged);
        state.setConfigText(R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})");
        QVERIFY(state.config());
        QCOMPARE(state.config()->ipv4.network.toString(), QStringLiteral("10.244.0.0/16"));
        state.setConfigText(R"({"Network":"10.244.0.0/33"})");
        QVERIFY(!state.config());
        QVERIFY(state.config().error().message().contains(QStringLiteral("Network")));
        QCOMPARE(changed.size(), 2);
        state.clear();
        QVERIFY(state.leases().isEmpty());
        QCOMPARE(state.connection(), ClusterState::Connection::Disconnected);
    }

    void signalsOnlyTheSummariesThatChanged()
    {
        ClusterState state;
        QVERIFY(!state.summariesKnown());
        NodeSummary one;
        one.lease.ipv4 = tartan::test::net("10.244.1.0/24");
        one.health = QStringLiteral("ok");
        NodeSummary two = one;
        two.lease.ipv4 = tartan::test::net("10.244.2.0/24");
        QSignalSpy changed(&state, &ClusterState::summaryChanged);
        QSignalSpy removed(&state, &ClusterState::summaryRemoved);
        state.setSummaries({{one.lease, one}, {two.lease, two}});
        QVERIFY(state.summariesKnown());
        QCOMPARE(changed.size(), 2);
        // The same set again: nothing. One drifts, the other is gone.
        state.setSummaries({{one.lease, one}, {two.lease, two}});
        QCOMPARE(changed.size(), 2);
        NodeSummary drifting = one;
        drifting.health = QStringLiteral("degraded");
        drifting.driftCount = 3;
        state.setSummaries({{one.lease, drifting}});
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed.last().at(0).value<NodeSummary>().driftCount, 3);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.last().at(0).value<SubnetKey>(), two.lease);
        QCOMPARE(state.summary(one.lease)->driftCount, 3);
        QVERIFY(!state.summary(two.lease));
        state.clear();
        QCOMPARE(removed.size(), 2);
        QVERIFY(!state.summariesKnown());
    }
};

QTEST_GUILESS_MAIN(TestClusterState)
#include "tst_clusterstate.moc"
