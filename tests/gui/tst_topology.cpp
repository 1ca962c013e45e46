// The topology view against a real etcd: a ClusterSession follows scripted puts, changes and deletes,
// and the scene shows the right cards (texts, groups by underlay segment, tunnels), flashes what
// changed, keeps everything else where it was; the filter highlights and frames its matches; the
// selection is signalled and can be set from outside; dragged cards keep their place per cluster;
// PNG and SVG exports are valid files; the cards switch their level of detail with the zoom; the
// node panel follows its lease live.
#include "clustersession.h"
#include "etcdtestutil.h"
#include "topology/flashtracker.h"
#include "topology/nodecard.h"
#include "topology/leasefilter.h"
#include "topology/nodedetailpanel.h"
#include "topology/segmentgroupitem.h"
#include "topology/stablegridlayout.h"
#include "topology/topologyscene.h"
#include "topology/topologyview.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using namespace tartan::gui;
using namespace tartan::test;

namespace {

const QByteArray kConfig = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

QByteArray vxlanValue(const QString &publicIp, const QString &mac)
{
    return QStringLiteral(R"({"PublicIP":"%1","PublicIPv6":null,"BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"%2"}})")
        .arg(publicIp, mac)
        .toUtf8();
}

QByteArray hostGwValue(const QString &publicIp)
{
    return QStringLiteral(R"({"PublicIP":"%1","PublicIPv6":null,"BackendType":"host-gw"})").arg(publicIp).toUtf8();
}

QString macOf(int n)
{
    return QStringLiteral("02:00:00:00:00:%1").arg(n & 0xff, 2, 16, QLatin1Char('0'));
}

/// One cluster in the shared etcd, under its own prefix, followed by a ClusterSession.
class LiveCluster
{
public:
    LiveCluster(EtcdFixture &etcd, EtcdClient &client, const QString &name)
        : mEtcd(etcd), mPrefix(QStringLiteral("/%1.example/network").arg(name)), mLayout(mPrefix), mStore(client)
    {
    }

    Status start(ClusterState *state)
    {
        if (auto put = mStore.put(mLayout.configKey(), kConfig); !put)
            return put.error();
        EtcdClientOptions options;
        options.endpoints = mEtcd.clientUrls();
        auto session = ClusterSession::create(options, mPrefix, state);
        if (!session)
            return session.error();
        mSession = std::move(session).value();
        mSession->start();
        return {};
    }
    void stop() { mSession.reset(); }

    static SubnetKey subnet(int third) { return *SubnetKey::parse(QStringLiteral("10.244.%1.0-24").arg(third)); }
    QByteArray key(int third) const { return mLayout.subnetKey(subnet(third)); }

    /// Writes a lease, with an etcd lease of `ttl` seconds (0: a reservation, kept forever).
    Status put(int third, const QByteArray &value, qint64 ttl = 0)
    {
        qint64 lease = 0;
        if (ttl > 0) {
            auto granted = mStore.leaseGrant(ttl);
            if (!granted)
                return granted.error();
            lease = granted->id;
        }
        if (auto put = mStore.put(key(third), value, lease); !put)
            return put.error();
        return {};
    }
    Status remove(int third)
    {
        etcd::DeleteRangeRequest request;
        request.key = key(third);
        if (auto deleted = mStore.deleteRange(request); !deleted)
            return deleted.error();
        return {};
    }

private:
    EtcdFixture &mEtcd;
    QString mPrefix;
    StoreLayout mLayout;
    SyncEtcd mStore;
    std::unique_ptr<ClusterSession> mSession;
};

QPointF positionOf(TopologyScene &scene, int third)
{
    NodeCard *card = scene.card(LiveCluster::subnet(third));
    return card ? card->pos() : QPointF(-1e9, -1e9);
}

/// The part of the scene a view shows.
QRectF visibleRect(const QGraphicsView &view)
{
    return view.mapToScene(view.viewport()->rect()).boundingRect();
}

void render(QGraphicsView &view)
{
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    view.render(&painter);
}

} // namespace

#define REQUIRE_ETCD()                                                                                                 \
    do {                                                                                                               \
        if (!mEtcd)                                                                                                    \
            QSKIP(qPrintable(mNoEtcd));                                                                                \
    } while (false)

class TestTopology : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("tartan-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_topology"));
        QSettings().clear();
        if (!EtcdFixture::available(&mNoEtcd))
            return; // the suites that need a store say so, the others run
        TARTAN_VERIFY_OK(startEtcdWithClient(mEtcd, mClient));
    }
    void cleanupTestCase()
    {
        QSettings().clear();
        mClient.reset();
        mEtcd.reset();
    }

    void followsTheStoreCardByCard()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("follow"));
        TARTAN_VERIFY_OK(cluster.put(1, vxlanValue(QStringLiteral("192.168.77.11"), macOf(1)), 300));
        TARTAN_VERIFY_OK(cluster.put(2, vxlanValue(QStringLiteral("192.168.77.12"), macOf(2)), 300));
        TARTAN_VERIFY_OK(cluster.put(3, vxlanValue(QStringLiteral("192.168.78.13"), macOf(3)))); // reservation
        ClusterState state;
        TopologyScene scene(&state);
        TARTAN_VERIFY_OK(cluster.start(&state));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 3, 10000);
        scene.flushPending();

        // Cards: the public IP as title (no agent named the node), subnet, backend with VTEP MAC, expiry.
        NodeCard *one = scene.card(LiveCluster::subnet(1));
        QVERIFY(one);
        QCOMPARE(one->title(), QStringLiteral("192.168.77.11"));
        QCOMPARE(one->subnetText(), QStringLiteral("10.244.1.0/24"));
        QCOMPARE(one->backendText(), QStringLiteral("vxlan · ") + macOf(1));
        QCOMPARE(scene.card(LiveCluster::subnet(3))->expiryText(QDateTime::currentDateTimeUtc()), QStringLiteral("reservation"));
        QTRY_VERIFY_WITH_TIMEOUT(one->lease().expiration.isValid(), 10000);
        const QString expiry = one->expiryText(QDateTime::currentDateTimeUtc());
        QVERIFY2(QRegularExpression(QStringLiteral("^expires in [45]m \\d+s$")).match(expiry).hasMatch(), qPrintable(expiry));
        QCOMPARE(one->healthText(), QStringLiteral("agent: no report"));

        // Groups by underlay /24, tunnels between every pair (few nodes): solid within a segment,
        // dashed across.
        QCOMPARE(scene.groups().size(), 2);
        SegmentGroupItem *segment77 = scene.group(*IpNetwork::parse(QStringLiteral("192.168.77.0/24")));
        QVERIFY(segment77);
        QCOMPARE(segment77->label(), QStringLiteral("192.168.77.0/24 · 2 node(s)"));
        QVERIFY(segment77->frame().contains(one->sceneBoundingRect().adjusted(2, 2, -2, -2)));
        QCOMPARE(scene.edges().size(), 3);
        const auto sameSegment = scene.edge(LiveCluster::subnet(1), LiveCluster::subnet(2));
        QVERIFY(sameSegment);
        QVERIFY(sameSegment->isSameSegment());
        QCOMPARE(sameSegment->label(scene.networkConfig()), QStringLiteral("vxlan VNI 1"));
        const auto across = scene.edge(LiveCluster::subnet(1), LiveCluster::subnet(3));
        QVERIFY(across);
        QVERIFY(!across->isSameSegment());
        QVERIFY(!across->isBroken());

        // A new VTEP MAC touches card 2 alone: it flashes, nothing moves.
        const QPointF before1 = positionOf(scene, 1), before2 = positionOf(scene, 2), before3 = positionOf(scene, 3);
        QTRY_COMPARE_WITH_TIMEOUT(scene.flashTracker()->activeCount(), 0, 5000);
        TARTAN_VERIFY_OK(cluster.put(2, vxlanValue(QStringLiteral("192.168.77.12"), macOf(99)), 300));
        QTRY_COMPARE_WITH_TIMEOUT(scene.card(LiveCluster::subnet(2))->backendText(), QStringLiteral("vxlan · ") + macOf(99), 10000);
        QVERIFY(scene.flashTracker()->intensity(scene.card(LiveCluster::subnet(2))) > 0);
        QCOMPARE(scene.flashTracker()->intensity(one), 0.0);
        QCOMPARE(positionOf(scene, 1), before1);
        QCOMPARE(positionOf(scene, 2), before2);

        // A host-gw node joins segment 77: next free slot, nobody else moves; its tunnels to the
        // vxlan nodes are broken (the backends differ).
        TARTAN_VERIFY_OK(cluster.put(4, hostGwValue(QStringLiteral("192.168.77.14")), 300));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 4, 10000);
        scene.flushPending();
        QCOMPARE(positionOf(scene, 1), before1);
        QCOMPARE(positionOf(scene, 2), before2);
        QCOMPARE(positionOf(scene, 3), before3);
        QCOMPARE(scene.edges().size(), 6);
        QCOMPARE(scene.card(LiveCluster::subnet(4))->backendText(), QStringLiteral("host-gw"));
        const auto mixed = scene.edge(LiveCluster::subnet(4), LiveCluster::subnet(1));
        QVERIFY(mixed);
        QVERIFY(mixed->isBroken());
        QVERIFY(mixed->label(scene.networkConfig()).contains(QStringLiteral("host-gw")));
        QCOMPARE(segment77->label(), QStringLiteral("192.168.77.0/24 · 3 node(s)"));

        // A deletion removes the card and its tunnels; the freed slot goes to the next newcomer.
        const QPointF slotOf1 = before1;
        TARTAN_VERIFY_OK(cluster.remove(1));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 3, 10000);
        scene.flushPending();
        QVERIFY(!scene.card(LiveCluster::subnet(1)));
        QCOMPARE(scene.edges().size(), 3);
        TARTAN_VERIFY_OK(cluster.put(5, vxlanValue(QStringLiteral("192.168.77.15"), macOf(5)), 300));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 4, 10000);
        QCOMPARE(positionOf(scene, 5), slotOf1);

        // Node 3 moves to segment 77: its old group disappears, its card joins the other frame.
        TARTAN_VERIFY_OK(cluster.put(3, vxlanValue(QStringLiteral("192.168.77.13"), macOf(3))));
        QTRY_VERIFY_WITH_TIMEOUT(scene.card(LiveCluster::subnet(3))->segment() == segment77->segment(), 10000);
        scene.flushPending();
        QCOMPARE(scene.groups().size(), 1);
        QCOMPARE(scene.groups().first()->label(), QStringLiteral("192.168.77.0/24 · 4 node(s)"));
        QVERIFY(scene.edge(LiveCluster::subnet(3), LiveCluster::subnet(2))->isSameSegment());

        // Agent reports: a name replaces the IP as title, health shows on the card.
        scene.setNodeName(LiveCluster::subnet(2), QStringLiteral("worker-2"));
        scene.setNodeHealth(LiveCluster::subnet(2), QStringLiteral("healthy, 0 drift"), true);
        QCOMPARE(scene.card(LiveCluster::subnet(2))->title(), QStringLiteral("worker-2"));
        QCOMPARE(scene.card(LiveCluster::subnet(2))->healthText(), QStringLiteral("healthy, 0 drift"));
        QVERIFY(scene.card(LiveCluster::subnet(2))->healthOk());
    }

    void detailPanelFollowsItsLease()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("panel"));
        TARTAN_VERIFY_OK(cluster.put(7, vxlanValue(QStringLiteral("192.168.70.7"), macOf(7)), 300));
        ClusterState state;
        NodeDetailPanel panel(&state);
        QCOMPARE(panel.text(NodeDetailPanel::Field::Status), QStringLiteral("No node selected."));
        TARTAN_VERIFY_OK(cluster.start(&state));
        QTRY_COMPARE_WITH_TIMEOUT(state.leases().size(), 1, 10000);
        panel.showNode(LiveCluster::subnet(7));
        QCOMPARE(panel.text(NodeDetailPanel::Field::Subnet), QStringLiteral("10.244.7.0/24"));
        QCOMPARE(panel.text(NodeDetailPanel::Field::PublicIp), QStringLiteral("192.168.70.7"));
        QCOMPARE(panel.text(NodeDetailPanel::Field::PublicIpv6), QStringLiteral("none"));
        QCOMPARE(panel.text(NodeDetailPanel::Field::Backend), QStringLiteral("vxlan"));
        QCOMPARE(panel.text(NodeDetailPanel::Field::VtepMac), macOf(7));
        QCOMPARE(panel.text(NodeDetailPanel::Field::BackendData),
                 QStringLiteral("{\n  \"VNI\": 1,\n  \"VtepMAC\": \"%1\"\n}").arg(macOf(7)));
        const Lease lease = state.leases().value(LiveCluster::subnet(7));
        QVERIFY(lease.storeLeaseId != 0);
        QCOMPARE(panel.text(NodeDetailPanel::Field::StoreLease),
                 QStringLiteral("%1 (0x%2)").arg(lease.storeLeaseId).arg(quint64(lease.storeLeaseId), 0, 16));
        QCOMPARE(panel.text(NodeDetailPanel::Field::ModRevision), QString::number(lease.modRevision));
        QTRY_VERIFY_WITH_TIMEOUT(panel.text(NodeDetailPanel::Field::Expiry).startsWith(QStringLiteral("expires in ")), 10000);

        // A change shows at once; a removal keeps the last values under a notice.
        TARTAN_VERIFY_OK(cluster.put(7, vxlanValue(QStringLiteral("192.168.70.77"), macOf(77)), 300));
        QTRY_COMPARE_WITH_TIMEOUT(panel.text(NodeDetailPanel::Field::PublicIp), QStringLiteral("192.168.70.77"), 10000);
        QCOMPARE(panel.text(NodeDetailPanel::Field::VtepMac), macOf(77));
        QVERIFY(panel.text(NodeDetailPanel::Field::ModRevision) != QString::number(lease.modRevision));
        TARTAN_VERIFY_OK(cluster.remove(7));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isPresent(), 10000);
        QVERIFY(panel.text(NodeDetailPanel::Field::Status).contains(QStringLiteral("no longer in the store")));
        QCOMPARE(panel.text(NodeDetailPanel::Field::PublicIp), QStringLiteral("192.168.70.77"));
        QCOMPARE(panel.text(NodeDetailPanel::Field::Expiry), QStringLiteral("removed"));
        // It comes back: shown again.
        TARTAN_VERIFY_OK(cluster.put(7, hostGwValue(QStringLiteral("192.168.70.8"))));
        QTRY_VERIFY_WITH_TIMEOUT(panel.isPresent(), 10000);
        QCOMPARE(panel.text(NodeDetailPanel::Field::Backend), QStringLiteral("host-gw"));
        QCOMPARE(panel.text(NodeDetailPanel::Field::StoreLease), QStringLiteral("none (reservation)"));
        QCOMPARE(panel.text(NodeDetailPanel::Field::Expiry), QStringLiteral("reservation"));
    }

    void filterHighlightsAndFramesMatches()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("filter"));
        for (int third : {1, 2, 3, 30, 31})
            TARTAN_VERIFY_OK(cluster.put(third, vxlanValue(QStringLiteral("192.168.77.%1").arg(third), macOf(third))));
        for (int third : {40, 41, 42})
            TARTAN_VERIFY_OK(cluster.put(third, hostGwValue(QStringLiteral("192.168.78.%1").arg(third))));
        ClusterState state;
        TopologyScene scene(&state);
        TopologyView view(&scene);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        TARTAN_VERIFY_OK(cluster.start(&state));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 8, 10000);
        // The first list is framed whole.
        QTRY_VERIFY_WITH_TIMEOUT(visibleRect(view).contains(scene.contentRect()), 5000);

        QSignalSpy applied(&scene, &TopologyScene::filterApplied);
        // Octet boundaries: 10.244.3 is 10.244.3.0/24, not 10.244.30.0/24 or 10.244.31.0/24.
        QCOMPARE(scene.setFilter(QStringLiteral("10.244.3")), 1);
        QCOMPARE(applied.size(), 1);
        QCOMPARE(applied.first().first().toInt(), 1);
        NodeCard *three = scene.card(LiveCluster::subnet(3));
        QVERIFY(three->isMatched());
        QVERIFY(!three->isDimmed());
        QVERIFY(scene.card(LiveCluster::subnet(30))->isDimmed());
        QVERIFY(scene.group(*IpNetwork::parse(QStringLiteral("192.168.78.0/24")))->isDimmed());
        // Framed: the match in view, at no more than natural size, in the middle.
        QVERIFY(visibleRect(view).contains(three->sceneBoundingRect()));
        QVERIFY(view.zoom() <= TopologyView::kMaxFrameZoom + 1e-9);
        QVERIFY(QLineF(visibleRect(view).center(), three->sceneBoundingRect().center()).length() < 5);

        // A CIDR: the subnets inside it, or the public IPs inside it.
        QCOMPARE(scene.setFilter(QStringLiteral("10.244.0.0/16")), 8);
        QCOMPARE(scene.setFilter(QStringLiteral("10.244.30.0/23")), 2);
        QCOMPARE(scene.setFilter(QStringLiteral("192.168.78.0/24")), 3);
        QVERIFY(visibleRect(view).contains(scene.matchesRect()));
        // Backend, several terms (all must match), node name, VTEP MAC.
        QCOMPARE(scene.setFilter(QStringLiteral("host-gw")), 3);
        QCOMPARE(scene.setFilter(QStringLiteral("vxlan 192.168.77.3")), 1); // not .30 or .31: octet boundaries
        QCOMPARE(scene.setFilter(QStringLiteral("vxlan 192.168.77")), 5);
        scene.setNodeName(LiveCluster::subnet(41), QStringLiteral("edge-router"));
        QCOMPARE(scene.setFilter(QStringLiteral("EDGE")), 1);
        QCOMPARE(scene.setFilter(macOf(2)), 1);
        QCOMPARE(scene.setFilter(QStringLiteral("nothing-like-this")), 0);
        QCOMPARE(scene.matchCount(), 0);

        // A node that arrives while a filter is active is matched as it comes.
        QCOMPARE(scene.setFilter(QStringLiteral("192.168.79")), 0);
        TARTAN_VERIFY_OK(cluster.put(50, vxlanValue(QStringLiteral("192.168.79.50"), macOf(50))));
        QTRY_COMPARE_WITH_TIMEOUT(scene.matchCount(), 1, 10000);
        QVERIFY(scene.card(LiveCluster::subnet(50))->isMatched());

        // Cleared: nothing dimmed, everything framed.
        QCOMPARE(scene.setFilter(QString()), 9);
        for (NodeCard *card : scene.cards())
            QVERIFY(!card->isDimmed() && !card->isMatched());
        QVERIFY(visibleRect(view).contains(scene.contentRect()));
    }

    void selectionIsSignalledAndSetFromOutside()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("select"));
        for (int third = 1; third <= 4; ++third)
            TARTAN_VERIFY_OK(cluster.put(third, vxlanValue(QStringLiteral("192.168.%1.%1").arg(third % 2 + 80), macOf(third))));
        ClusterState state;
        TopologyScene scene(&state);
        TopologyView view(&scene);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        TARTAN_VERIFY_OK(cluster.start(&state));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 4, 10000);
        QSignalSpy selected(&scene, &TopologyScene::nodeSelected);

        // From outside (the lease table): selected and centred.
        view.resetZoom();
        scene.selectNode(LiveCluster::subnet(2));
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.last().first().value<SubnetKey>(), LiveCluster::subnet(2));
        QCOMPARE(scene.selectedNode(), LiveCluster::subnet(2));
        QVERIFY(QLineF(visibleRect(view).center(), scene.card(LiveCluster::subnet(2))->center()).length() < 5);

        // A click on another card selects it; a click on empty space (between cards) deselects.
        scene.selectNode(LiveCluster::subnet(3)); // centres card 3, so that it can be clicked
        scene.clearSelection();
        QCOMPARE(selected.last().first().value<SubnetKey>(), SubnetKey());
        NodeCard *three = scene.card(LiveCluster::subnet(3));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(three->center()));
        QCOMPARE(selected.last().first().value<SubnetKey>(), LiveCluster::subnet(3));
        const QPointF between = three->pos() + QPointF(NodeCard::kWidth + 8, NodeCard::kHeight / 2);
        QVERIFY(!scene.itemAt(between, QTransform()) || scene.itemAt(between, QTransform())->type() != NodeCard::Type);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(between));
        QCOMPARE(selected.last().first().value<SubnetKey>(), SubnetKey());

        // The selected node's lease disappears from the store: deselected.
        scene.selectNode(LiveCluster::subnet(4));
        QCOMPARE(selected.last().first().value<SubnetKey>(), LiveCluster::subnet(4));
        TARTAN_VERIFY_OK(cluster.remove(4));
        QTRY_COMPARE_WITH_TIMEOUT(selected.last().first().value<SubnetKey>(), SubnetKey(), 10000);
        QCOMPARE(scene.nodeCount(), 3);
    }

    void aboveTheDenseLimitOnlyTheFocusNodesTunnelsAreDrawn()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("sparse"));
        for (int third = 1; third <= 6; ++third)
            TARTAN_VERIFY_OK(cluster.put(third, vxlanValue(QStringLiteral("192.168.%1.%2").arg(90 + third % 3).arg(third), macOf(third))));
        ClusterState state;
        TopologyScene scene(&state);
        TARTAN_VERIFY_OK(cluster.start(&state));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 6, 10000);
        scene.flushPending();
        QCOMPARE(scene.edges().size(), 15); // 6 nodes: the full mesh
        scene.setDenseEdgeLimit(4);
        QVERIFY(!scene.drawsAllEdges());
        QCOMPARE(scene.edges().size(), 0); // nothing in focus

        // Node 1 (segment 192.168.91.0/24 with node 4): one line to 4, one bundle to each other segment.
        scene.selectNode(LiveCluster::subnet(1));
        QCOMPARE(scene.focusCard(), scene.card(LiveCluster::subnet(1)));
        QCOMPARE(scene.edges().size(), 3);
        QVERIFY(scene.edge(LiveCluster::subnet(1), LiveCluster::subnet(4)));
        int bundles = 0;
        for (const TunnelEdge &edge : scene.edges()) {
            if (edge.isBundle()) {
                ++bundles;
                QCOMPARE(edge.count(), 2);
                QCOMPARE(edge.label(scene.networkConfig()), QStringLiteral("vxlan VNI 1 · 2 tunnel(s)"));
                QVERIFY(!edge.isSameSegment());
            }
        }
        QCOMPARE(bundles, 2);

        // A node joining the focus node's segment gets its line at once.
        TARTAN_VERIFY_OK(cluster.put(7, vxlanValue(QStringLiteral("192.168.91.7"), macOf(7))));
        QTRY_VERIFY_WITH_TIMEOUT(scene.edge(LiveCluster::subnet(1), LiveCluster::subnet(7)).has_value(), 10000);
        scene.clearSelection();
        QCOMPARE(scene.edges().size(), 0);
    }

    void draggedCardsKeepTheirPlacePerCluster()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("drag"));
        for (int third = 1; third <= 5; ++third)
            TARTAN_VERIFY_OK(cluster.put(third, vxlanValue(QStringLiteral("192.168.60.%1").arg(third), macOf(third))));
        QPointF layoutPlace2;
        QPointF dropped;
        QPointF place1;
        {
            ClusterState state;
            TopologyScene scene(&state);
            TopologyView view(&scene);
            view.resize(900, 700);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            TARTAN_VERIFY_OK(cluster.start(&state));
            QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 5, 10000);
            view.resetZoom();
            NodeCard *card = scene.card(LiveCluster::subnet(2));
            view.centerOn(card);
            layoutPlace2 = card->pos();
            place1 = positionOf(scene, 1);

            // Drag card 2 by (150, 90) pixels at natural size.
            const QPoint from = view.mapFromScene(card->center());
            QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
            for (int step = 1; step <= 3; ++step)
                QTest::mouseMove(view.viewport(), from + QPoint(50, 30) * step);
            QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, from + QPoint(150, 90));
            dropped = card->pos();
            QVERIFY2(QLineF(dropped, layoutPlace2 + QPointF(150, 90)).length() < 2,
                     qPrintable(QStringLiteral("card at %1,%2").arg(dropped.x()).arg(dropped.y())));
            QVERIFY(card->isUserPlaced());
            QCOMPARE(positionOf(scene, 1), place1);
            scene.flushPending();
            QVERIFY(scene.groups().first()->frame().contains(card->sceneBoundingRect().adjusted(2, 2, -2, -2)));
            cluster.stop();
        }

        // The same cluster again: the dragged card is where it was dropped, the others in the layout.
        {
            ClusterState state;
            TopologyScene scene(&state);
            TARTAN_VERIFY_OK(cluster.start(&state));
            QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 5, 10000);
            QCOMPARE(positionOf(scene, 2), dropped);
            QCOMPARE(positionOf(scene, 1), place1);
            QVERIFY(scene.card(LiveCluster::subnet(2))->isUserPlaced());

            // Another cluster id does not see it.
            {
                LiveCluster other(*mEtcd, *mClient, QStringLiteral("drag-other"));
                for (int third = 1; third <= 5; ++third)
                    TARTAN_VERIFY_OK(other.put(third, vxlanValue(QStringLiteral("192.168.60.%1").arg(third), macOf(third))));
                ClusterState otherState;
                TopologyScene otherScene(&otherState);
                TARTAN_VERIFY_OK(other.start(&otherState));
                QTRY_COMPARE_WITH_TIMEOUT(otherScene.nodeCount(), 5, 10000);
                QVERIFY(otherState.clusterId() != state.clusterId());
                QCOMPARE(positionOf(otherScene, 2), layoutPlace2);
            }

            // Reset: back in the layout, and forgotten.
            QSignalSpy framed(&scene, &TopologyScene::frameRequested);
            scene.resetLayout();
            QCOMPARE(framed.size(), 1);
            QCOMPARE(positionOf(scene, 2), layoutPlace2);
            QVERIFY(!scene.card(LiveCluster::subnet(2))->isUserPlaced());
            cluster.stop();
        }
        {
            ClusterState state;
            TopologyScene scene(&state);
            TARTAN_VERIFY_OK(cluster.start(&state));
            QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 5, 10000);
            QCOMPARE(positionOf(scene, 2), layoutPlace2);
        }
    }

    void exportsValidPngAndSvg()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("export"));
        for (int third = 1; third <= 3; ++third)
            TARTAN_VERIFY_OK(cluster.put(third, vxlanValue(QStringLiteral("192.168.50.%1").arg(third), macOf(third))));
        ClusterState state;
        TopologyScene scene(&state);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Nothing to draw yet: a clear error, no file.
        const auto empty = scene.exportPng(dir.filePath(QStringLiteral("empty.png")));
        QVERIFY(!empty.ok());
        QVERIFY2(empty.error().message().contains(QStringLiteral("empty")), qPrintable(empty.error().message()));

        TARTAN_VERIFY_OK(cluster.start(&state));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 3, 10000);
        const QString png = dir.filePath(QStringLiteral("topology.png"));
        TARTAN_VERIFY_OK(scene.exportPng(png));
        QImage image;
        QVERIFY(image.load(png, "PNG"));
        QVERIFY(image.width() >= scene.contentRect().width() && image.height() >= scene.contentRect().height());
        // Something was drawn: the image is not one flat colour.
        const QRgb corner = image.pixel(0, 0);
        bool drawn = false;
        for (int y = 0; y < image.height() && !drawn; y += 3) {
            for (int x = 0; x < image.width() && !drawn; x += 3)
                drawn = image.pixel(x, y) != corner;
        }
        QVERIFY(drawn);

        const QString svg = dir.filePath(QStringLiteral("topology.svg"));
        TARTAN_VERIFY_OK(scene.exportSvg(svg));
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("192.168.50.2")); // vector export: every card in full detail
        QVERIFY(text.contains("192.168.50.0/24"));

        // A path that cannot be written: the reason, with the path.
        const QString bad = dir.filePath(QStringLiteral("no-such-dir/topology.png"));
        const auto failed = scene.exportPng(bad);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message().startsWith(QStringLiteral("export PNG to ") + bad + QStringLiteral(": ")),
                 qPrintable(failed.error().message()));
        QVERIFY(failed.error().message().contains(QStringLiteral("No such file or directory")));
        const auto failedSvg = scene.exportSvg(dir.filePath(QStringLiteral("no-such-dir/topology.svg")));
        QVERIFY(!failedSvg.ok());
        QVERIFY(failedSvg.error().message().startsWith(QStringLiteral("export SVG to ")));
    }

    void cardsDropTheirTextWhenZoomedOut()
    {
        REQUIRE_ETCD();
        LiveCluster cluster(*mEtcd, *mClient, QStringLiteral("lod"));
        TARTAN_VERIFY_OK(cluster.put(1, vxlanValue(QStringLiteral("192.168.40.1"), macOf(1))));
        TARTAN_VERIFY_OK(cluster.put(2, vxlanValue(QStringLiteral("192.168.40.2"), macOf(2))));
        ClusterState state;
        TopologyScene scene(&state);
        TopologyView view(&scene);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        TARTAN_VERIFY_OK(cluster.start(&state));
        QTRY_COMPARE_WITH_TIMEOUT(scene.nodeCount(), 2, 10000);
        NodeCard *card = scene.card(LiveCluster::subnet(1));

        const struct
        {
            qreal zoom;
            NodeCard::Detail detail;
        } levels[] = {{1.0, NodeCard::Detail::Full}, {0.6, NodeCard::Detail::Title}, {0.2, NodeCard::Detail::Box},
                      {0.05, NodeCard::Detail::Box}, {2.0, NodeCard::Detail::Full}};
        for (const auto &level : levels) {
            view.setTransform(QTransform::fromScale(level.zoom, level.zoom));
            view.centerOn(card);
            render(view);
            QCOMPARE(card->lastPaintedDetail(), level.detail);
        }
        // The view's own zoom steps stay within their bounds.
        for (int i = 0; i < 100; ++i)
            view.zoomOut();
        QCOMPARE(view.zoom(), TopologyView::kMinZoom);
        view.resetZoom();
        QCOMPARE(view.zoom(), 1.0);
    }

    void layoutIsStable()
    {
        using Slots = QList<SubnetKey>;
        const IpNetwork first = *IpNetwork::parse(QStringLiteral("192.168.1.0/24"));
        const IpNetwork second = *IpNetwork::parse(QStringLiteral("192.168.2.0/24"));
        const auto key = [](int n) { return LiveCluster::subnet(n); };
        StableGridLayout layout;
        // Two groups of 4 (3 columns and a spare row: 9 slots each), in two blocks that do not overlap.
        layout.layoutAll({{first, Slots{key(1), key(2), key(3), key(4)}}, {second, Slots{key(11), key(12), key(13), key(14)}}});
        QMap<SubnetKey, QPointF> before;
        QRectF firstBlock, secondBlock;
        for (int n : {1, 2, 3, 4, 11, 12, 13, 14}) {
            before.insert(key(n), *layout.position(key(n)));
            (n < 10 ? firstBlock : secondBlock) |= QRectF(before[key(n)], layout.metrics().card);
        }
        QVERIFY(!firstBlock.intersects(secondBlock));
        // Row by row: 1 2 3 / 4.
        QCOMPARE(before[key(2)].y(), before[key(1)].y());
        QVERIFY(before[key(4)].y() > before[key(1)].y());
        QCOMPARE(before[key(4)].x(), before[key(1)].x());

        // The same input gives the same picture.
        StableGridLayout again;
        again.layoutAll({{first, Slots{key(1), key(2), key(3), key(4)}}, {second, Slots{key(11), key(12), key(13), key(14)}}});
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QCOMPARE(*again.position(it.key()), it.value());

        // A freed slot is the next one taken; nothing else moves.
        layout.release(key(2));
        QCOMPARE(layout.place(first, key(5)), before[key(2)]);
        // Filling the last group beyond its block: it grows downwards in place (nothing is below the
        // last shelf), and the other group never moves.
        for (int n = 15; n <= 40; ++n) {
            layout.place(second, key(n));
            QVERIFY(layout.movedByLastPlace().isEmpty());
        }
        for (int n : {1, 3, 4, 11, 12, 13, 14})
            QCOMPARE(*layout.position(key(n)), before[key(n)]);

        // A group on an upper shelf that outgrows its shelf moves as a whole, alone.
        StableGridLayout shelves;
        QList<QPair<IpNetwork, Slots>> groups;
        for (int g = 0; g < 6; ++g) {
            Slots members;
            for (int m = 0; m < 4; ++m)
                members.append(key(g * 10 + m + 100));
            groups.append({*IpNetwork::parse(QStringLiteral("192.168.%1.0/24").arg(10 + g)), members});
        }
        shelves.layoutAll(groups);
        QMap<SubnetKey, QPointF> placed;
        for (const auto &group : groups) {
            for (const SubnetKey &member : group.second)
                placed.insert(member, *shelves.position(member));
        }
        QVERIFY2(placed[key(150)].y() > placed[key(100)].y(), "the groups span more than one shelf");
        int moved = 0;
        for (int n = 0; n < 20 && moved == 0; ++n) {
            shelves.place(groups[0].first, key(200 + n));
            moved = int(shelves.movedByLastPlace().size());
        }
        QVERIFY(moved > 0);
        QVERIFY(shelves.movedByLastPlace().contains(key(100)));
        for (const auto &group : groups.mid(1)) {
            for (const SubnetKey &member : group.second)
                QCOMPARE(*shelves.position(member), placed[member]);
        }
    }

    void filterTerms_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("matches");
        // The lease: 10.244.3.0/24 at 192.168.77.12, vxlan, VTEP 02:00:00:00:00:03, named worker-3.
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("subnet prefix") << QStringLiteral("10.244.3") << true;
        QTest::newRow("subnet prefix, trailing dot") << QStringLiteral("10.244.") << true;
        QTest::newRow("not 10.244.30") << QStringLiteral("10.244.30") << false;
        QTest::newRow("middle octets") << QStringLiteral("244.3") << true;
        QTest::newRow("public IP") << QStringLiteral("192.168.77.12") << true;
        QTest::newRow("public IP, other host") << QStringLiteral("192.168.77.1") << false;
        QTest::newRow("CIDR around the subnet") << QStringLiteral("10.244.0.0/16") << true;
        QTest::newRow("CIDR inside the subnet") << QStringLiteral("10.244.3.128/25") << false;
        QTest::newRow("CIDR around the public IP") << QStringLiteral("192.168.76.0/23") << true;
        QTest::newRow("CIDR elsewhere") << QStringLiteral("10.245.0.0/16") << false;
        QTest::newRow("backend") << QStringLiteral("VXLAN") << true;
        QTest::newRow("other backend") << QStringLiteral("host-gw") << false;
        QTest::newRow("node name") << QStringLiteral("worker") << true;
        QTest::newRow("VTEP MAC") << QStringLiteral("00:00:03") << true;
        QTest::newRow("all terms") << QStringLiteral("worker vxlan 10.244.3") << true;
        QTest::newRow("one term fails") << QStringLiteral("worker host-gw") << false;
    }
    void filterTerms()
    {
        QFETCH(QString, filter);
        QFETCH(bool, matches);
        const auto attrs = LeaseAttrs::decode(vxlanValue(QStringLiteral("192.168.77.12"), macOf(3)));
        TARTAN_VERIFY_OK(attrs);
        Lease lease;
        lease.subnet = LiveCluster::subnet(3);
        lease.attrs = *attrs;
        QCOMPARE(LeaseFilter(filter).matches(lease, QStringLiteral("worker-3")), matches);
    }

private:
    QString mNoEtcd;
    std::unique_ptr<EtcdFixture> mEtcd;
    std::unique_ptr<EtcdClient> mClient;
};

QTEST_MAIN(TestTopology)
#include "tst_topology.moc"
