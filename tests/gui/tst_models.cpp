// The app's item models under QAbstractItemModelTester while a ClusterState adds, changes, removes
// and resets leases: LeaseTableModel (incremental rows, countdown, sort roles), LeaseFilterProxy,
// EventLogModel (batching, cap, clear) and the events-over-time buckets.
#include "clusterstate.h"
#include "models/eventlogmodel.h"
#include "models/eventratehistory.h"
#include "models/leasefilterproxy.h"
#include "models/leasetablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace tartan;
using namespace tartan::gui;

namespace {

IpNetwork net(const QString &text)
{
    return *IpNetwork::parse(text);
}

IpAddress ip(const QString &text)
{
    return *IpAddress::parse(text);
}

Lease vxlanLease(const QString &subnet, const QString &publicIp, const QString &mac, qint64 storeLease = 0x694d7a5c3a4e3f12)
{
    Lease lease;
    lease.subnet.ipv4 = net(subnet);
    const auto attrs = LeaseAttrs::decode(
        QStringLiteral(R"({"PublicIP":"%1","BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"%2"}})").arg(publicIp, mac).toUtf8());
    Q_ASSERT(attrs.ok());
    lease.attrs = *attrs;
    lease.storeLeaseId = storeLease;
    lease.modRevision = 10;
    return lease;
}

Lease udpLease(const QString &subnet, const QString &publicIp, qint64 storeLease = 5)
{
    Lease lease;
    lease.subnet.ipv4 = net(subnet);
    lease.attrs.publicIp = ip(publicIp);
    lease.storeLeaseId = storeLease;
    return lease;
}

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

QStringList column(const QAbstractItemModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << cell(model, row, column);
    return values;
}

ClusterEvent eventAt(const QDateTime &time, ClusterEvent::Kind kind = ClusterEvent::Kind::Added, const QString &subject = {})
{
    return ClusterEvent{time, kind, subject, QStringLiteral("detail")};
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private slots:
    void leaseTableFollowsEveryChangeIncrementally()
    {
        ClusterState state;
        LeaseTableModel model(&state);
        LeaseFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(LeaseTableModel::PublicIpColumn);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        const Lease a = vxlanLease(QStringLiteral("10.244.9.0/24"), QStringLiteral("192.168.1.9"), QStringLiteral("c6:d2:32:6f:8f:44"));
        const Lease b = udpLease(QStringLiteral("10.244.10.0/24"), QStringLiteral("192.168.1.10"), 0);
        const Lease c = vxlanLease(QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2"), QStringLiteral("02:00:00:00:00:02"));
        state.resetLeases({{a.subnet, a}});
        QCOMPARE(resets.size(), 1);
        state.addLease(b);
        state.addLease(c);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(inserted.size(), 2);
        // Rows in subnet order (numeric, not text: 10.244.10 after 10.244.9).
        QCOMPARE(column(model, LeaseTableModel::SubnetColumn),
                 QStringList({"10.244.2.0/24", "10.244.9.0/24", "10.244.10.0/24"}));
        QCOMPARE(cell(model, 1, LeaseTableModel::PublicIpColumn), QStringLiteral("192.168.1.9"));
        QCOMPARE(cell(model, 1, LeaseTableModel::BackendColumn), QStringLiteral("vxlan"));
        QCOMPARE(cell(model, 2, LeaseTableModel::BackendColumn), QStringLiteral("udp"));
        QCOMPARE(cell(model, 1, LeaseTableModel::VtepMacColumn), QStringLiteral("c6:d2:32:6f:8f:44"));
        QCOMPARE(cell(model, 2, LeaseTableModel::VtepMacColumn), QString());
        QCOMPARE(cell(model, 1, LeaseTableModel::StoreLeaseColumn), QStringLiteral("694d7a5c3a4e3f12"));
        QCOMPARE(cell(model, 2, LeaseTableModel::StoreLeaseColumn), QString());
        QCOMPARE(cell(model, 2, LeaseTableModel::ExpiresColumn), QStringLiteral("reservation"));
        QCOMPARE(cell(model, 1, LeaseTableModel::ExpiresColumn), QStringLiteral("unknown"));
        QCOMPARE(cell(model, 1, LeaseTableModel::RevisionColumn), QStringLiteral("10"));
        QCOMPARE(model.index(1, 0).data(LeaseTableModel::SubnetRole).value<SubnetKey>(), a.subnet);
        QCOMPARE(model.rowOf(b.subnet), 2);
        // The proxy sorts public IPs by number.
        QCOMPARE(column(proxy, LeaseTableModel::PublicIpColumn),
                 QStringList({"192.168.1.2", "192.168.1.9", "192.168.1.10"}));

        // A change touches its row only.
        changed.clear();
        Lease moved = a;
        moved.attrs.publicIp = ip(QStringLiteral("192.168.1.99"));
        state.changeLease(a, moved);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
        QCOMPARE(cell(model, 1, LeaseTableModel::PublicIpColumn), QStringLiteral("192.168.1.99"));
        QCOMPARE(column(proxy, LeaseTableModel::PublicIpColumn),
                 QStringList({"192.168.1.2", "192.168.1.10", "192.168.1.99"}));

        // An expiry touches one cell.
        changed.clear();
        state.setExpiration(a.subnet, QDateTime::currentDateTimeUtc().addSecs(600));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1, LeaseTableModel::ExpiresColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1, LeaseTableModel::ExpiresColumn));

        state.removeLease(c);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(column(model, LeaseTableModel::SubnetColumn), QStringList({"10.244.9.0/24", "10.244.10.0/24"}));
        // Unknown leases removed, and a lease added twice, do not break the rows.
        state.removeLease(c);
        state.addLease(b);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(resets.size(), 1);

        state.resetLeases({{c.subnet, c}});
        QCOMPARE(resets.size(), 2);
        QCOMPARE(column(model, LeaseTableModel::SubnetColumn), QStringList({"10.244.2.0/24"}));
        state.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void showsDualStackAndIpv6OnlyLeases()
    {
        ClusterState state;
        LeaseTableModel model(&state);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Lease dual = udpLease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"));
        dual.subnet.ipv6 = net(QStringLiteral("fd00:1::/64"));
        dual.attrs.publicIpv6 = ip(QStringLiteral("2001:db8::1"));
        Lease v6only;
        v6only.subnet.ipv6 = net(QStringLiteral("fd00:2::/64"));
        v6only.attrs.publicIp = ip(QStringLiteral("0.0.0.0"));
        v6only.attrs.publicIpv6 = ip(QStringLiteral("2001:db8::2"));
        state.addLease(dual);
        state.addLease(v6only);
        QCOMPARE(column(model, LeaseTableModel::SubnetColumn), QStringList({"fd00:2::/64", "10.244.1.0/24, fd00:1::/64"}));
        QCOMPARE(column(model, LeaseTableModel::PublicIpColumn), QStringList({"2001:db8::2", "192.168.1.1, 2001:db8::1"}));
    }

    void countsDown()
    {
        const QDateTime now = QDateTime(QDate(2024, 5, 17), QTime(10, 0, 0), Qt::UTC);
        Lease lease = udpLease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"));
        const auto text = [&](qint64 secondsLeft) {
            lease.expiration = now.addSecs(secondsLeft);
            return LeaseTableModel::countdownText(lease, now);
        };
        QCOMPARE(text(250), QStringLiteral("4m 10s"));
        QCOMPARE(text(42), QStringLiteral("42s"));
        QCOMPARE(text(3 * 3600 + 5 * 60 + 9), QStringLiteral("3h 5m"));
        QCOMPARE(text(2 * 86400 + 4 * 3600), QStringLiteral("2d 4h"));
        QCOMPARE(text(0), QStringLiteral("expired"));
        QCOMPARE(text(-30), QStringLiteral("expired"));
        lease.storeLeaseId = 0;
        QCOMPARE(LeaseTableModel::countdownText(lease, now), QStringLiteral("reservation"));

        // In the model, with a pinned clock, then once a second by the timer, Expires column only.
        ClusterState state;
        LeaseTableModel model(&state);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QDateTime clock = now;
        model.setClock([&clock] { return clock; });
        Lease first = udpLease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"));
        Lease second = udpLease(QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2"));
        state.addLease(first);
        state.addLease(second);
        state.setExpiration(first.subnet, now.addSecs(250));
        state.setExpiration(second.subnet, now.addSecs(5));
        QCOMPARE(cell(model, 0, LeaseTableModel::ExpiresColumn), QStringLiteral("4m 10s"));
        QCOMPARE(cell(model, 1, LeaseTableModel::ExpiresColumn), QStringLiteral("5s"));
        clock = now.addSecs(10);
        QCOMPARE(cell(model, 0, LeaseTableModel::ExpiresColumn), QStringLiteral("4m 0s"));
        QCOMPARE(cell(model, 1, LeaseTableModel::ExpiresColumn), QStringLiteral("expired"));
        QVERIFY(model.index(1, LeaseTableModel::ExpiresColumn).data(Qt::ForegroundRole).isValid());

        QSignalSpy ticks(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(ticks.wait(2500));
        const QModelIndex top = ticks.at(0).at(0).toModelIndex();
        const QModelIndex bottom = ticks.at(0).at(1).toModelIndex();
        QCOMPARE(top, model.index(0, LeaseTableModel::ExpiresColumn));
        QCOMPARE(bottom, model.index(1, LeaseTableModel::ExpiresColumn));
        const auto roles = ticks.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(Qt::DisplayRole));
        QVERIFY(!roles.contains(LeaseTableModel::SortRole)); // so sorted proxies need not re-sort
    }

    void sortsExpiryByTimeWithReservationsLast()
    {
        ClusterState state;
        LeaseTableModel model(&state);
        LeaseFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const Lease reserved = udpLease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"), 0);
        const Lease late = udpLease(QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2"));
        const Lease soon = udpLease(QStringLiteral("10.244.3.0/24"), QStringLiteral("192.168.1.3"));
        const Lease unknown = udpLease(QStringLiteral("10.244.4.0/24"), QStringLiteral("192.168.1.4"));
        for (const Lease &lease : {reserved, late, soon, unknown})
            state.addLease(lease);
        // 2 hours sorts after 5 minutes although its text "2h 0m" would sort before "5m 0s".
        state.setExpiration(late.subnet, now.addSecs(7200));
        state.setExpiration(soon.subnet, now.addSecs(300));
        proxy.sort(LeaseTableModel::ExpiresColumn, Qt::AscendingOrder);
        QCOMPARE(column(proxy, LeaseTableModel::SubnetColumn),
                 QStringList({"10.244.3.0/24", "10.244.2.0/24", "10.244.4.0/24", "10.244.1.0/24"}));
        // The lease id and revision sort as numbers.
        proxy.sort(LeaseTableModel::StoreLeaseColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(3, 0).data().toString(), QStringLiteral("10.244.1.0/24"));
    }

    void filterMatchesSubnetsCidrsAddressesBackendsAndMacs_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("subnets");
        QTest::newRow("empty") << "" << QStringList({"10.244.1.0/24", "10.244.2.0/24", "10.245.1.0/24"});
        QTest::newRow("subnet text") << "10.244.2" << QStringList({"10.244.2.0/24"});
        QTest::newRow("CIDR containing subnets") << "10.244.0.0/16" << QStringList({"10.244.1.0/24", "10.244.2.0/24"});
        QTest::newRow("CIDR of public IPs") << "192.168.7.0/24" << QStringList({"10.245.1.0/24"});
        QTest::newRow("address inside a subnet") << "10.244.1.77" << QStringList({"10.244.1.0/24"});
        QTest::newRow("public IP") << "192.168.1.2" << QStringList({"10.244.2.0/24"});
        QTest::newRow("backend") << "UDP" << QStringList({"10.245.1.0/24"});
        QTest::newRow("partial MAC") << "8f:44" << QStringList({"10.244.1.0/24"});
        QTest::newRow("MAC with dashes") << "C6-D2-32-6F-8F-45" << QStringList({"10.244.2.0/24"});
        QTest::newRow("every term must match") << "vxlan 10.244.2.0/24" << QStringList({"10.244.2.0/24"});
        QTest::newRow("no match") << "10.9.0.0/16" << QStringList();
    }
    void filterMatchesSubnetsCidrsAddressesBackendsAndMacs()
    {
        QFETCH(QString, filter);
        QFETCH(QStringList, subnets);
        ClusterState state;
        LeaseTableModel model(&state);
        LeaseFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(LeaseTableModel::SubnetColumn);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        state.addLease(vxlanLease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"), QStringLiteral("c6:d2:32:6f:8f:44")));
        state.addLease(vxlanLease(QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2"), QStringLiteral("c6:d2:32:6f:8f:45")));
        state.addLease(udpLease(QStringLiteral("10.245.1.0/24"), QStringLiteral("192.168.7.3")));
        proxy.setFilterText(filter);
        QCOMPARE(column(proxy, LeaseTableModel::SubnetColumn), subnets);
        // Leases arriving later are filtered too.
        proxy.setFilterText(QStringLiteral("10.246.0.0/16"));
        state.addLease(udpLease(QStringLiteral("10.246.3.0/24"), QStringLiteral("192.168.9.3")));
        state.addLease(udpLease(QStringLiteral("10.247.3.0/24"), QStringLiteral("192.168.9.4")));
        QCOMPARE(column(proxy, LeaseTableModel::SubnetColumn), QStringList({"10.246.3.0/24"}));
    }

    void tenThousandLeasesAndABurstOfEventsNeverReset()
    {
        ClusterState state;
        LeaseTableModel model(&state);
        LeaseFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(LeaseTableModel::SubnetColumn);
        QMap<SubnetKey, Lease> leases;
        for (int i = 0; i < 10'000; ++i) {
            const Lease lease = udpLease(QStringLiteral("10.%1.%2.0/24").arg(100 + i / 256).arg(i % 256),
                                         QStringLiteral("192.168.%1.%2").arg(i / 256).arg(i % 256));
            leases.insert(lease.subnet, lease);
        }
        state.resetLeases(leases);
        QCOMPARE(model.rowCount(), 10'000);
        QCOMPARE(proxy.rowCount(), 10'000);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy proxyLayouts(&proxy, &QAbstractItemModel::layoutChanged);
        // 1,000 events: removals, re-adds and changes scattered over the table.
        const QList<Lease> all = leases.values();
        for (int i = 0; i < 1'000; ++i) {
            const Lease &lease = all.at((i * 7919) % all.size());
            switch (i % 3) {
            case 0: state.removeLease(lease); break;
            case 1: state.addLease(lease); break;
            default: {
                Lease changed = lease;
                changed.modRevision = i;
                state.changeLease(lease, changed);
            }
            }
        }
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), int(state.leases().size()));
        QCOMPARE(proxy.rowCount(), model.rowCount());
        // The countdown does not make a proxy sorted by expiry re-sort: the sort key is the time.
        proxy.sort(LeaseTableModel::ExpiresColumn);
        proxyLayouts.clear();
        model.refreshCountdown();
        QCOMPARE(proxyLayouts.size(), 0);
        // Every row still matches the state, in order.
        int row = 0;
        for (const Lease &lease : state.leases())
            QCOMPARE(model.leaseAt(row++), lease);
    }

    void eventLogBatchesCapsAndClears()
    {
        EventLogModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setCapacity(100);
        const QDateTime start = QDateTime(QDate(2024, 5, 17), QTime(10, 0, 0), Qt::UTC);
        for (int i = 0; i < 60; ++i)
            model.append(eventAt(start.addMSecs(i), ClusterEvent::Kind::Added, QString::number(i)));
        QCOMPARE(model.rowCount(), 0); // queued until the flush
        model.flush();
        QCOMPARE(model.rowCount(), 60);
        QCOMPARE(inserted.size(), 1);
        // 90 more: the 50 oldest go, in one removal.
        for (int i = 60; i < 150; ++i)
            model.append(eventAt(start.addMSecs(i), ClusterEvent::Kind::Changed, QString::number(i)));
        model.flush();
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(cell(model, 0, EventLogModel::SubjectColumn), QStringLiteral("50"));
        QCOMPARE(cell(model, 99, EventLogModel::SubjectColumn), QStringLiteral("149"));
        QCOMPARE(cell(model, 99, EventLogModel::KindColumn), QStringLiteral("changed"));
        QCOMPARE(model.index(99, 0).data(EventLogModel::KindRole).toInt(), int(ClusterEvent::Kind::Changed));
        QCOMPARE(cell(model, 0, EventLogModel::TimeColumn), start.addMSecs(50).toLocalTime().toString(QStringLiteral("hh:mm:ss.zzz")));
        // A burst larger than the cap keeps the newest.
        for (int i = 0; i < 1'000; ++i)
            model.append(eventAt(start.addSecs(1).addMSecs(i), ClusterEvent::Kind::Removed, QStringLiteral("burst %1").arg(i)));
        model.flush();
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(cell(model, 0, EventLogModel::SubjectColumn), QStringLiteral("burst 900"));
        QCOMPARE(cell(model, 99, EventLogModel::SubjectColumn), QStringLiteral("burst 999"));
        model.setCapacity(10);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(cell(model, 0, EventLogModel::SubjectColumn), QStringLiteral("burst 990"));
        model.append(eventAt(start));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.flush(); // the queued event went with the clear
        QCOMPARE(model.rowCount(), 0);
    }

    void eventLogFollowsTheClusterState()
    {
        ClusterState state;
        EventLogModel model(&state);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        state.setConnection(ClusterState::Connection::Connected);
        const Lease lease = udpLease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"));
        state.addLease(lease);
        state.removeLease(lease);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 2000);
        QCOMPARE(column(model, EventLogModel::KindColumn), QStringList({"connection", "added", "removed"}));
        QCOMPARE(cell(model, 1, EventLogModel::SubjectColumn), lease.subnet.toString());
        QCOMPARE(cell(model, 0, EventLogModel::DetailColumn), QStringLiteral("connected"));
    }

    void eventRateBucketsCountTheLastTenMinutes()
    {
        EventRateHistory history;
        const QDateTime now = QDateTime(QDate(2024, 5, 17), QTime(10, 30, 5), Qt::UTC);
        history.count(ClusterEvent::Kind::Added, now);
        history.count(ClusterEvent::Kind::Added, now.addSecs(-3));
        history.count(ClusterEvent::Kind::Removed, now.addSecs(-12));
        history.count(ClusterEvent::Kind::Changed, now.addSecs(-595));
        history.count(ClusterEvent::Kind::Changed, now.addSecs(-700)); // before the window
        history.count(ClusterEvent::Kind::Listed, now);                 // not a lease event
        const auto buckets = history.buckets(now);
        QCOMPARE(buckets.size(), EventRateHistory::kBucketCount);
        QCOMPARE(buckets.last().start, QDateTime(QDate(2024, 5, 17), QTime(10, 30, 0), Qt::UTC));
        QCOMPARE(buckets.last().added, 2);
        QCOMPARE(buckets.at(58).removed, 1);
        QCOMPARE(buckets.first().start, QDateTime(QDate(2024, 5, 17), QTime(10, 20, 10), Qt::UTC));
        QCOMPARE(buckets.first().changed, 1);
        int total = 0;
        for (const auto &bucket : buckets)
            total += bucket.added + bucket.changed + bucket.removed;
        QCOMPARE(total, 4);
        // Ten minutes later every bucket has been reused or left the window.
        history.count(ClusterEvent::Kind::Added, now.addSecs(600));
        total = 0;
        for (const auto &bucket : history.buckets(now.addSecs(600)))
            total += bucket.added + bucket.changed + bucket.removed;
        QCOMPARE(total, 1);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
